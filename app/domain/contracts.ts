// Technology contracts and the dates on them (docs/decisions/006-rewards.md): a
// contract is not signed in the future, and a payment under it is dated
// neither before the contract was signed nor in the future. Dates are compared
// as calendar days in Asia/Shanghai, so a payment made on the signing day
// counts whatever the hour. Pure: `now` is a parameter.
import { formatCalendarDate, shanghaiCalendarDate, daysFromCivil } from './calendar.ts'

export type DateRuleProblem = { code: 'before-signing' | 'in-future'; message: string }

function shanghaiDay(ms: number): number {
  return daysFromCivil(shanghaiCalendarDate(ms))
}

/** Why a contract's signing date cannot be recorded, or null. */
export function contractSignedOnProblem(signedOnMs: number, nowMs: number): DateRuleProblem | null {
  if (shanghaiDay(signedOnMs) > shanghaiDay(nowMs)) return { code: 'in-future', message: '签订日期不能晚于今天' }
  return null
}

/** Why a payment under a contract cannot carry this date, or null. */
export function contractPaymentDateProblem(paidOnMs: number, contractSignedOnMs: number, nowMs: number): DateRuleProblem | null {
  if (shanghaiDay(paidOnMs) > shanghaiDay(nowMs)) return { code: 'in-future', message: '付款日期不能晚于今天' }
  if (shanghaiDay(paidOnMs) < shanghaiDay(contractSignedOnMs)) {
    return { code: 'before-signing', message: `付款日期不能早于合同签订日期（${formatCalendarDate(shanghaiCalendarDate(contractSignedOnMs))}）` }
  }
  return null
}
