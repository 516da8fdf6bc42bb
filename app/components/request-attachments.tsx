// A request's attachments: the kept files as download links (for the enterprise and its bureau's staff only, the
// route checks), and the names written before files were kept.
import { useT } from '~/i18n/react.tsx'

type Props = { request: { id: string; attachments: string[]; files: { id: string; name: string; size: number }[] } }

export function RequestAttachments({ request: r }: Props) {
  const t = useT()
  if (r.files.length === 0 && r.attachments.length === 0) return null
  return (
    <div className="attachments">
      <span>{t('requests.attachments')}：</span>
      {r.files.length > 0 && (
        <ul data-testid="request-files">
          {r.files.map((f) => (
            <li key={f.id}>
              <a href={`/requests/${r.id}/attachments/${f.id}`} download={f.name}>
                {f.name}
              </a>{' '}
              <span className="hint">({t('requests.fileSize', { size: Math.max(1, Math.ceil(f.size / 1024)) })})</span>
            </li>
          ))}
        </ul>
      )}
      {r.attachments.length > 0 && <p>{r.attachments.join(t('form.separator'))}</p>}
    </div>
  )
}
