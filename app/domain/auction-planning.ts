// Planning a quarterly session and its lots (one session per quarter):
// the checks staff input must pass and the deposit a lot asks for. Pure.
import { formatCalendarDate, shanghaiCalendarDate, shanghaiWallClockToInstant } from './calendar.ts'
import type { RuleKey, RuleParams } from './rule-message.ts'

export type DepositRule = { kind: 'fixed'; fen: number } | { kind: 'share'; basisPoints: number }

/** The deposit of a lot is 5–20 % of its starting price (法释〔2016〕18号 art. 17; docs/decisions). */
export const DEPOSIT_MIN_BP = 500
export const DEPOSIT_MAX_BP = 2000

/** A share is rounded up to whole yuan. */
export function depositFor(rule: DepositRule, startingPriceFen: number): number {
  if (rule.kind === 'fixed') return rule.fen
  const raw = Math.ceil((startingPriceFen * rule.basisPoints) / 10_000)
  return Math.ceil(raw / 100) * 100
}

/** "2026Q4" for a Shanghai calendar date "YYYY-MM-DD". */
export function quarterOf(shanghaiDate: string): string {
  const [year, month] = shanghaiDate.split('-').map(Number) as [number, number]
  return `${year}Q${Math.floor((month - 1) / 3) + 1}`
}

/**
 * The span of a quarter as a half-open interval of instants [startsAt, endsAt):
 * from 00:00 Shanghai time on its first day to 00:00 on the first day of the
 * next quarter. "2026Q4" → [2026-10-01 00:00, 2027-01-01 00:00) Shanghai time.
 * Null when the text names no quarter.
 */
export function quarterSpan(quarter: string): { startsAt: number; endsAt: number } | null {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter)
  if (!m) return null
  const year = Number(m[1])
  const q = Number(m[2])
  const startsAt = shanghaiWallClockToInstant({ year, month: (q - 1) * 3 + 1, day: 1 })
  const endsAt = q === 4 ? shanghaiWallClockToInstant({ year: year + 1, month: 1, day: 1 }) : shanghaiWallClockToInstant({ year, month: q * 3 + 1, day: 1 })
  return { startsAt, endsAt }
}

export type SessionPlan = { quarter: string; startsAt: number; endsAt: number }
export type SessionPlanProblem = { field: keyof SessionPlan; message: RuleKey; params?: RuleParams }

/**
 * The rule tying a session to its quarter ("每季度开展", one session a quarter):
 * the session runs entirely inside the quarter it is named after, in Shanghai
 * time. Its run is the half-open interval [startsAt, endsAt), so
 * - startsAt lies in [quarter start, quarter end): it may begin at 00:00 on
 *   the quarter's first day, not at or after 00:00 of the next quarter;
 * - endsAt lies in (startsAt, quarter end]: ending exactly at 00:00 on the
 *   next quarter's first day means "through the last day" and is allowed,
 *   one minute later is not.
 * Lots must lie inside their session (lotPlanProblems), so they are in the quarter too.
 */
export function sessionPlanProblems(plan: SessionPlan): SessionPlanProblem[] {
  const problems: SessionPlanProblem[] = []
  const span = quarterSpan(plan.quarter)
  if (!span) problems.push({ field: 'quarter', message: 'validation.auction.quarterFormat' })
  if (!Number.isFinite(plan.startsAt)) problems.push({ field: 'startsAt', message: 'validation.auction.startsAtInvalid' })
  if (!Number.isFinite(plan.endsAt)) problems.push({ field: 'endsAt', message: 'validation.auction.endsAtInvalid' })
  if (problems.length > 0) return problems
  if (plan.endsAt <= plan.startsAt) problems.push({ field: 'endsAt', message: 'validation.auction.endsAfterStarts' })
  if (span) {
    const range = { quarter: plan.quarter, ...describeSpan(span) }
    if (plan.startsAt < span.startsAt || plan.startsAt >= span.endsAt) problems.push({ field: 'startsAt', message: 'validation.auction.startsInQuarter', params: range })
    if (plan.endsAt > span.endsAt) problems.push({ field: 'endsAt', message: 'validation.auction.endsInQuarter', params: range })
  }
  return problems
}

function describeSpan(span: { startsAt: number; endsAt: number }): { first: string; last: string } {
  const day = (ms: number) => formatCalendarDate(shanghaiCalendarDate(ms))
  // The last day is the day before the next quarter's first.
  return { first: day(span.startsAt), last: day(span.endsAt - 1) }
}

export type LotPlan = {
  startingPriceFen: number
  incrementFen: number
  reserveFen: number | null
  depositFen: number
  startsAt: number
  endsAt: number
  extensionMinutes: number
}

export type LotPlanProblem = { field: keyof LotPlan; message: RuleKey }

/** Everything wrong with a planned lot, each beside its field. */
export function lotPlanProblems(plan: LotPlan, session: { startsAt: number; endsAt: number }): LotPlanProblem[] {
  const problems: LotPlanProblem[] = []
  // An Invalid Date from a caller that skipped the form schema is refused here, not by the database.
  if (!Number.isFinite(plan.startsAt)) problems.push({ field: 'startsAt', message: 'validation.auction.startsAtInvalid' })
  if (!Number.isFinite(plan.endsAt)) problems.push({ field: 'endsAt', message: 'validation.auction.endsAtInvalid' })
  if (plan.startingPriceFen <= 0) problems.push({ field: 'startingPriceFen', message: 'validation.auction.startingPricePositive' })
  if (plan.incrementFen <= 0) problems.push({ field: 'incrementFen', message: 'validation.auction.incrementPositive' })
  else if (plan.incrementFen > plan.startingPriceFen) problems.push({ field: 'incrementFen', message: 'validation.auction.incrementAboveStart' })
  if (plan.reserveFen !== null && plan.reserveFen < plan.startingPriceFen) {
    problems.push({ field: 'reserveFen', message: 'validation.auction.reserveBelowStart' })
  }
  if (plan.depositFen <= 0) problems.push({ field: 'depositFen', message: 'validation.auction.depositPositive' })
  else if (plan.startingPriceFen > 0) {
    const min = depositFor({ kind: 'share', basisPoints: DEPOSIT_MIN_BP }, plan.startingPriceFen)
    const max = depositFor({ kind: 'share', basisPoints: DEPOSIT_MAX_BP }, plan.startingPriceFen)
    if (plan.depositFen < min || plan.depositFen > max) problems.push({ field: 'depositFen', message: 'validation.auction.depositShare' })
  }
  if (plan.endsAt <= plan.startsAt) problems.push({ field: 'endsAt', message: 'validation.auction.endsAfterStarts' })
  if (plan.startsAt < session.startsAt || plan.endsAt > session.endsAt) {
    problems.push({ field: 'startsAt', message: 'validation.auction.lotInSession' })
  }
  if (!Number.isInteger(plan.extensionMinutes) || plan.extensionMinutes < 1 || plan.extensionMinutes > 30) {
    problems.push({ field: 'extensionMinutes', message: 'validation.auction.extensionRange' })
  }
  return problems
}
