import { enumText } from '~/components/enum-text.ts'
import { useT } from '~/i18n/react.tsx'

export function StatusBadge({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge ${status}`}>{enumText(t, 'listingStatus', status)}</span>
}
