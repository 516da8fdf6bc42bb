import { STATUS_LABELS } from '~/domain/listing-status.ts'

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${status}`}>{STATUS_LABELS[status] ?? status}</span>
}
