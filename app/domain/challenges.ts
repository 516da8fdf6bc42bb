// 揭榜挂帅 (open challenges; Shaoxing measure 4, Lishui "揭榜解题"): an enterprise, or the bureau on an enterprise's
// behalf, posts a published technical need as a challenge with a reward (榜额), a deadline for applications and
// conditions; institutions apply with a short proposal; the poster selects one. A bureau-funded challenge also needs a
// staff member to confirm the selection, and its subsidy is a payment the bureau owes (counted in the funds figures).
// Pure rules: no I/O, time is a parameter.
import type { Principal } from './access.ts'

export const CHALLENGE_STATUSES = ['OPEN', 'SELECTED', 'AWARDED', 'CLOSED'] as const
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number]

export const APPLICATION_STATUSES = ['SUBMITTED', 'SELECTED', 'NOT_SELECTED', 'WITHDRAWN'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

/** Reward and subsidy bounds in fen: at least 1 万元, at most 1 亿元 (a sane upper bound, not a policy). */
export const MIN_REWARD_FEN = 1_000_000
export const MAX_REWARD_FEN = 10_000_000_000
export const PROPOSAL_MIN_CHARS = 20
export const PROPOSAL_MAX_CHARS = 3000
export const CONDITIONS_MAX_CHARS = 2000
/** Applications close at the end of the deadline day (Asia/Shanghai) at the latest; a deadline is 7 days to 1 year ahead. */
export const MIN_OPEN_DAYS = 7
export const MAX_OPEN_DAYS = 366

export type ChallengeProblem =
  | 'reward-too-small'
  | 'reward-too-large'
  | 'subsidy-invalid'
  | 'deadline-too-soon'
  | 'deadline-too-far'
  | 'conditions-too-long'

export type ChallengeTerms = {
  rewardFen: number
  /** The last instant applications are accepted. */
  deadline: Date
  conditions: string
  fundedByBureau: boolean
  subsidyFen: number | null
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The first broken rule of a challenge's terms, with the field it concerns; null when they hold. */
export function challengeTermsProblem(terms: ChallengeTerms, now: Date): { problem: ChallengeProblem; field: string } | null {
  if (!Number.isSafeInteger(terms.rewardFen) || terms.rewardFen < MIN_REWARD_FEN) return { problem: 'reward-too-small', field: 'reward' }
  if (terms.rewardFen > MAX_REWARD_FEN) return { problem: 'reward-too-large', field: 'reward' }
  if (terms.fundedByBureau) {
    const s = terms.subsidyFen
    if (s === null || !Number.isSafeInteger(s) || s <= 0 || s > terms.rewardFen) return { problem: 'subsidy-invalid', field: 'subsidy' }
  } else if (terms.subsidyFen !== null) {
    return { problem: 'subsidy-invalid', field: 'subsidy' }
  }
  const ahead = terms.deadline.getTime() - now.getTime()
  if (ahead < MIN_OPEN_DAYS * DAY_MS - DAY_MS) return { problem: 'deadline-too-soon', field: 'deadline' }
  if (ahead > MAX_OPEN_DAYS * DAY_MS) return { problem: 'deadline-too-far', field: 'deadline' }
  if (terms.conditions.length > CONDITIONS_MAX_CHARS) return { problem: 'conditions-too-long', field: 'conditions' }
  return null
}

export type ChallengeFacts = {
  status: ChallengeStatus
  deadline: Date
  /** The enterprise whose need it is. */
  posterOrgId: string
  fundedByBureau: boolean
}

export type ApplyRefusal = 'role' | 'not-open' | 'deadline-passed' | 'already-applied'

/** Who may apply: an institution, while the challenge is open and before its deadline, once. */
export function applyRefusal(c: ChallengeFacts, who: Principal, now: Date, alreadyApplied: boolean): ApplyRefusal | null {
  if (who.role !== 'INSTITUTION') return 'role'
  if (c.status !== 'OPEN') return 'not-open'
  if (now.getTime() > c.deadline.getTime()) return 'deadline-passed'
  if (alreadyApplied) return 'already-applied'
  return null
}

export type SelectRefusal = 'forbidden' | 'not-open' | 'not-applicable'

/**
 * The poster's choice: the enterprise that posted it (or staff, for a bureau-funded challenge) picks one submitted
 * application while the challenge is open; before the deadline too (the poster may stop early).
 */
export function selectRefusal(c: ChallengeFacts, who: Principal, application: { status: ApplicationStatus }): SelectRefusal | null {
  const mayChoose = (who.role === 'ENTERPRISE' && who.organizationId === c.posterOrgId) || (who.role === 'STAFF' && c.fundedByBureau)
  if (!mayChoose) return 'forbidden'
  if (c.status !== 'OPEN') return 'not-open'
  if (application.status !== 'SUBMITTED') return 'not-applicable'
  return null
}

/** A selection awards the challenge at once, unless the bureau funds it: then it waits for staff to confirm. */
export function statusAfterSelection(c: Pick<ChallengeFacts, 'fundedByBureau'>): ChallengeStatus {
  return c.fundedByBureau ? 'SELECTED' : 'AWARDED'
}

export type ConfirmRefusal = 'forbidden' | 'not-selected' | 'same-person'

/** Four eyes for a bureau-funded award: a staff member other than the one who selected confirms it. */
export function confirmRefusal(c: ChallengeFacts, who: Principal, selectedByUserId: string | null): ConfirmRefusal | null {
  if (who.role !== 'STAFF') return 'forbidden'
  if (c.status !== 'SELECTED') return 'not-selected'
  if (selectedByUserId === who.userId) return 'same-person'
  return null
}

export type CloseRefusal = 'forbidden' | 'not-open'

/** Withdrawn by its poster or staff, with a reason, while nobody has been awarded. */
export function closeRefusal(c: ChallengeFacts, who: Principal): CloseRefusal | null {
  const may = (who.role === 'ENTERPRISE' && who.organizationId === c.posterOrgId) || who.role === 'STAFF'
  if (!may) return 'forbidden'
  if (c.status !== 'OPEN' && c.status !== 'SELECTED') return 'not-open'
  return null
}

/** What the public sees of an application: only the selected one's applicant after the award, never proposals. */
export function publicApplicant(c: { status: ChallengeStatus }, a: { status: ApplicationStatus }): boolean {
  return c.status === 'AWARDED' && a.status === 'SELECTED'
}
