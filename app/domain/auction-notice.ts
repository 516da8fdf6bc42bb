// The 竞价公告 (announcement) of a session: once published, its lots and terms are fixed, and registration closes a
// number of days before bidding opens, that is before its first lot opens (a session setting, 7 by default). Pure; docs/decisions/019-auction-notice.md.

export const DEFAULT_REGISTRATION_DAYS = 7
/** 0: registration runs until the first lot opens (an extra session called at short notice). */
export const MIN_REGISTRATION_DAYS = 0
export const MAX_REGISTRATION_DAYS = 60
const DAY_MS = 86_400_000

/** Registration closes `days` whole days before bidding opens, at the same clock time. */
export function registrationClosesAt(opensAtMs: number, days: number): number {
  return opensAtMs - days * DAY_MS
}

export type PublishProblem = 'already-published' | 'not-planned' | 'no-lots' | 'days-out-of-range' | 'too-late'

/**
 * Why a session cannot be published now, or null. It must still be planned and unpublished, hold at least one lot
 * that is not withdrawn, and leave the whole registration period before its first lot opens: published at `nowMs`, registration
 * must close no earlier than now.
 */
export function publishProblem(s: { status: string; publishedAtMs: number | null; openLots: number; opensAtMs: number | null }, days: number, nowMs: number): PublishProblem | null {
  if (s.publishedAtMs !== null) return 'already-published'
  if (s.status !== 'PLANNED') return 'not-planned'
  if (!Number.isInteger(days) || days < MIN_REGISTRATION_DAYS || days > MAX_REGISTRATION_DAYS) return 'days-out-of-range'
  if (s.openLots < 1 || s.opensAtMs === null) return 'no-lots'
  if (registrationClosesAt(s.opensAtMs, days) < nowMs) return 'too-late'
  return null
}

export type RegistrationWindow = 'not-published' | 'open' | 'closed'

/** Whether an enterprise may register for the session now: after it is published and before the deadline. */
export function registrationWindow(s: { publishedAtMs: number | null; registrationClosesAtMs: number | null; status: string }, nowMs: number): RegistrationWindow {
  if (s.publishedAtMs === null || s.registrationClosesAtMs === null) return 'not-published'
  if (s.status === 'CLOSED' || s.status === 'CANCELLED' || nowMs >= s.registrationClosesAtMs) return 'closed'
  return 'open'
}
