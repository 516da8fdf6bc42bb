// Closed-loop requests (诉求, the province's 三服务 platform): 受理 → 交办 → 办理 → 答复 → the enterprise rates
// (不满意 reopens it) → 办结. "事事有回音，件件有落实": nothing closes without an answer sent. Pure: the services
// load the row, this decides the next status or returns the refusal's code.
import { shanghaiCalendarDate, shanghaiWallClockToInstant } from './calendar.ts'
import { addWorkingDays, type WorkingDayExceptions } from './working-days.ts'

export const REQUEST_CATEGORIES = ['POLICY', 'FUNDING', 'TALENT', 'TECHNOLOGY', 'FINANCE', 'OTHER'] as const
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number]

export const REQUEST_STATUSES = ['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

export const REQUEST_RATINGS = ['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED'] as const
export type RequestRating = (typeof REQUEST_RATINGS)[number]

/** Staff steps and the enterprise's rating. */
export type RequestAction = 'assign' | 'start' | 'answer' | 'rate' | 'close'

export type RequestRefusal = 'wrong-status' | 'close-without-answer'

/** Statuses in which each action may be taken. Reassigning (another department, a new deadline) is allowed until answered. */
const FROM: Record<RequestAction, readonly RequestStatus[]> = {
  assign: ['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS'],
  start: ['ASSIGNED'],
  answer: ['IN_PROGRESS'],
  rate: ['ANSWERED'],
  close: ['ANSWERED'],
}

export type RequestFacts = { status: RequestStatus; answersSent: number }

/** The status after `action`, or why it is refused. `rating` is needed for 'rate'. */
export function decideRequest(facts: RequestFacts, action: RequestAction, rating?: RequestRating): { ok: true; to: RequestStatus } | { ok: false; code: RequestRefusal } {
  if (action === 'close' && facts.answersSent === 0) return { ok: false, code: 'close-without-answer' }
  if (!FROM[action].includes(facts.status)) return { ok: false, code: action === 'close' && facts.status !== 'CLOSED' ? 'close-without-answer' : 'wrong-status' }
  switch (action) {
    case 'assign':
      return { ok: true, to: facts.status === 'IN_PROGRESS' ? 'IN_PROGRESS' : 'ASSIGNED' }
    case 'start':
      return { ok: true, to: 'IN_PROGRESS' }
    case 'answer':
      return { ok: true, to: 'ANSWERED' }
    case 'rate':
      if (!rating) return { ok: false, code: 'wrong-status' }
      return { ok: true, to: rating === 'UNSATISFIED' ? 'IN_PROGRESS' : 'CLOSED' }
    case 'close':
      return { ok: true, to: 'CLOSED' }
  }
}

/** Which staff actions the page offers (the same table decides, so a button never lies). */
export function staffActions(facts: RequestFacts): RequestAction[] {
  return (['assign', 'start', 'answer', 'close'] as const).filter((a) => decideRequest(facts, a).ok)
}

export const MAX_WORKING_DAYS = 60

/** The deadline of a request assigned at `atMs` with `workingDays`: the end of that working day, Asia/Shanghai. */
export function requestDeadline(atMs: number, workingDays: number, exceptions?: WorkingDayExceptions): number {
  const due = addWorkingDays(shanghaiCalendarDate(atMs), workingDays, exceptions)
  return shanghaiWallClockToInstant(due, 24) - 1
}

/** Overdue: assigned or being handled, and its deadline has passed (an answered request waits for the enterprise). */
export function isOverdue(r: { status: RequestStatus; deadlineMs: number | null }, nowMs: number): boolean {
  return (r.status === 'ASSIGNED' || r.status === 'IN_PROGRESS') && r.deadlineMs !== null && r.deadlineMs < nowMs
}
