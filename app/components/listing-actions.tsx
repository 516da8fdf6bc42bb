import { useActionData, useNavigation } from '@remix-run/react'
import { ConfirmForm } from '~/components/confirm-form.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { type ListingAction } from '~/domain/listing-status.ts'
import { enumText } from '~/components/enum-text.ts'
import type { T } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'

type ActionReply = { form?: string; message?: string; field?: string } | undefined

/** The actions that ask first (a listing goes public, or stops being public, or goes back to its owner). */
const ASKS: ReadonlySet<string> = new Set(['publish', 'return', 'withdraw', 'close', 'mark-met'] satisfies ListingAction[])

/**
 * The lifecycle buttons the domain allows for this viewer; a reason box when one may be needed. Every button but
 * 提交审核 asks first (issue 12: consequential actions confirm), naming the listing.
 */
export function ListingActions({ actions, askReason, title }: { actions: ListingAction[]; askReason: boolean; title: string }) {
  const data = useActionData<ActionReply>()
  // Replies to another form of the page (interest, a reply) are shown there, not here.
  const reply = data && (data.form ?? 'lifecycle') === 'lifecycle' ? data : undefined
  const navigation = useNavigation()
  const t = useT()
  if (actions.length === 0) return null
  return (
    <ConfirmForm
      method="post"
      className="card"
      aria-label={t('listingPages.actions.label')}
      question={(_form, by) => {
        const action = by instanceof HTMLButtonElement ? by.value : ''
        return ASKS.has(action) ? t(`flows.confirmListing.${action as 'publish'}`, { title }) : null
      }}
    >
      <CsrfInput />
      {reply?.message && !(askReason && reply.field === 'reason') && (
        <p className="alert" role="alert">
          {reply.message}
        </p>
      )}
      {askReason && (
        <div className="field">
          <label htmlFor="reason">{t('listingPages.actions.reason')}</label>
          <textarea id="reason" name="reason" rows={3} aria-invalid={reply?.field === 'reason' || undefined} aria-describedby="reason-error" />
          <p className="error" id="reason-error">
            {reply?.field === 'reason' ? reply.message : null}
          </p>
        </div>
      )}
      <div className="row">
        {actions.map((a) => (
          <button
            key={a}
            type="submit"
            name="intent"
            value={a}
            className={a === 'withdraw' || a === 'close' || a === 'return' ? 'secondary' : undefined}
            disabled={navigation.state !== 'idle'}
          >
            {t(`enums.listingAction.${a}`)}
          </button>
        ))}
      </div>
    </ConfirmForm>
  )
}

const label = (t: T, status: string | null) => (status ? enumText(t, 'listingStatus', status) : '—')

type AuditRow = { id: string; at: string; action: string; fromStatus: string | null; toStatus: string | null; reason: string | null; actor: string | null }

export function AuditTrail({ rows }: { rows: AuditRow[] }) {
  const t = useT()
  const f = useFormat()
  if (rows.length === 0) return null
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('listingPages.actions.auditTitle')}</h2>
      <table>
        <TableHead columns={[t('listingPages.actions.time'), t('listingPages.actions.actor'), t('listingPages.actions.action'), t('listingPages.actions.status'), t('listingPages.actions.reasonColumn')]} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{f.dateTime(r.at)}</td>
              <td>{r.actor ?? t('listingPages.actions.system')}</td>
              <td>{r.action.split('.')[1] ? enumText(t, 'auditAction', r.action.split('.')[1]!) : r.action}</td>
              <td>{r.fromStatus || r.toStatus ? `${label(t, r.fromStatus)} → ${label(t, r.toStatus)}` : ''}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
