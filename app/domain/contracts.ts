// Technology contracts and the dates on them (docs/decisions/006-rewards.md): a
// contract is not signed in the future, and a payment under it is dated
// neither before the contract was signed nor in the future. Dates are compared
// as calendar days in Asia/Shanghai, so a payment made on the signing day
// counts whatever the hour. Pure: `now` is a parameter.
import { formatCalendarDate, shanghaiCalendarDate, daysFromCivil } from './calendar.ts'
import type { RuleKey, RuleParams } from './rule-message.ts'

export type DateRuleProblem = { code: 'before-signing' | 'in-future'; message: RuleKey; params?: RuleParams }

function shanghaiDay(ms: number): number {
  return daysFromCivil(shanghaiCalendarDate(ms))
}

/** Why a contract's signing date cannot be recorded, or null. */
export function contractSignedOnProblem(signedOnMs: number, nowMs: number): DateRuleProblem | null {
  if (shanghaiDay(signedOnMs) > shanghaiDay(nowMs)) return { code: 'in-future', message: 'validation.contract.signedInFuture' }
  return null
}

/** Why a payment under a contract cannot carry this date, or null. */
export function contractPaymentDateProblem(paidOnMs: number, contractSignedOnMs: number, nowMs: number): DateRuleProblem | null {
  if (shanghaiDay(paidOnMs) > shanghaiDay(nowMs)) return { code: 'in-future', message: 'validation.contract.paidInFuture' }
  if (shanghaiDay(paidOnMs) < shanghaiDay(contractSignedOnMs)) {
    return { code: 'before-signing', message: 'validation.contract.paidBeforeSigning', params: { signedOn: formatCalendarDate(shanghaiCalendarDate(contractSignedOnMs)) } }
  }
  return null
}
