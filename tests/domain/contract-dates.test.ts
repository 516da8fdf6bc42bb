// The date rules of contracts and their payments (docs/decisions/006-rewards.md),
// and the one calendar parser the contract, payment and export forms and the
// rewards CLI read dates with.
import { describe, expect, test } from 'vitest'
import { parseInstant, parseShanghaiDay, shanghaiToday, shanghaiYear } from '~/domain/calendar.ts'
import { contractPaymentDateProblem, contractSignedOnProblem } from '~/domain/contracts.ts'
import { ContractFormSchema, ContractPaymentFormSchema, ExportQuerySchema } from '~/utils/reward-validation.ts'
import { fixedT, translateMessage } from '~/i18n/catalogue.ts'

/** Form messages are keys (with parameters); the page shows them in Chinese by default. */
const inChinese = (message: string) => translateMessage(fixedT('zh-CN'), message)

const at = (iso: string) => Date.parse(iso)
const NOW = at('2026-11-23T02:00:00Z') // 10:00, 23 November, Shanghai

describe('a contract payment is dated from the signing day to today, in Shanghai days', () => {
  test.each([
    ['on the signing day', '2026-03-05T00:00:00+08:00', '2026-03-05T00:00:00+08:00', null],
    ['the day after signing', '2026-03-06T00:00:00+08:00', '2026-03-05T00:00:00+08:00', null],
    ['today', '2026-11-23T00:00:00+08:00', '2026-03-05T00:00:00+08:00', null],
    ['later today than now (same day)', '2026-11-23T23:00:00+08:00', '2026-03-05T00:00:00+08:00', null],
    ['the day before signing', '2026-03-04T00:00:00+08:00', '2026-03-05T00:00:00+08:00', 'before-signing'],
    ['a year before signing', '2025-03-05T00:00:00+08:00', '2026-03-05T00:00:00+08:00', 'before-signing'],
    ['tomorrow', '2026-11-24T00:00:00+08:00', '2026-03-05T00:00:00+08:00', 'in-future'],
    // an auction contract is "signed" at the instant its deal was paid; a deposit counts from that day
    ['the auction contract signed later the same day', '2026-06-01T00:00:00+08:00', '2026-06-01T15:30:00+08:00', null],
    // 23:30 UTC on 31 May is 07:30 on 1 June in Shanghai
    ['the signing day in Shanghai, the day before in UTC', '2026-05-31T23:30:00Z', '2026-06-01T00:00:00+08:00', null],
  ])('%s → %s', (_what, paidOn, signedOn, code) => {
    expect(contractPaymentDateProblem(at(paidOn), at(signedOn), NOW)?.code ?? null).toBe(code)
  })

  test.each([
    ['today', '2026-11-23T00:00:00+08:00', null],
    ['yesterday', '2026-11-22T00:00:00+08:00', null],
    ['tomorrow', '2026-11-24T00:00:00+08:00', 'in-future'],
  ])('a contract signed %s → %s', (_what, signedOn, code) => {
    expect(contractSignedOnProblem(at(signedOn), NOW)?.code ?? null).toBe(code)
  })
})

describe('the one calendar parser', () => {
  test.each([
    ['2026-02-28', '2026-02-27T16:00:00.000Z'],
    ['2028-02-29', '2028-02-28T16:00:00.000Z'],
    ['2026-02-30', null],
    ['2026-04-31', null],
    ['2026-13-01', null],
    ['2026-2-1', null],
  ])('the Shanghai day %s → its midnight %s', (text, iso) => {
    const parsed = parseShanghaiDay(text)
    expect(parsed.ok ? new Date(parsed.instantMs).toISOString() : null).toBe(iso)
  })

  test.each([
    ['2026-03-01T10:00:00+08:00', '2026-03-01T02:00:00.000Z'],
    ['2026-03-01T02:00:00Z', '2026-03-01T02:00:00.000Z'],
    ['2026-03-01T02:00:00.5Z', '2026-03-01T02:00:00.500Z'],
    ['2026-12-31T23:59:59-05:00', '2027-01-01T04:59:59.000Z'],
    ['2026-03-01T10:00+08:00', '2026-03-01T02:00:00.000Z'],
    ['2026-02-30T10:00:00+08:00', null], // Date.parse reads this as 2 March
    ['2026-02-29T10:00:00Z', null],
    ['2026-03-01T24:00:00Z', null],
    ['2026-03-01T10:00:00', null], // no offset: which zone is meant?
    ['2026-03-01', null],
    ['yesterday', null],
  ])('the instant %s → %s', (text, iso) => {
    const ms = parseInstant(text)
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(iso)
  })

  test.each([
    ['2026-12-31T15:59:59.999Z', 2026, '2026-12-31'],
    ['2026-12-31T16:00:00.000Z', 2027, '2027-01-01'],
  ])('%s is in the Shanghai year %i, day %s', (iso, year, day) => {
    expect(shanghaiYear(at(iso))).toBe(year)
    expect(shanghaiToday(at(iso))).toBe(day)
  })
})

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.success ? {} : Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), inChinese(i.message)]))
}

describe('the contract, payment and export forms refuse dates that do not exist', () => {
  const contract = { registrationNo: '330602-2026-001', kind: 'TRANSFER', buyerId: 'b', sellerId: 's', amount: '100000' }
  test.each([
    ['2026-02-30', '签订日期不存在：2026 年 2 月只有 28 天'],
    ['2026-13-01', '签订日期的月份应为 1–12'],
    ['2026/03/01', '签订日期格式为 YYYY-MM-DD'],
  ])('signedOn=%s → %s', (signedOn, message) => {
    expect(fieldErrors(ContractFormSchema.safeParse({ ...contract, signedOn })).signedOn).toBe(message)
  })
  test('signedOn=2028-02-29 is read as midnight in Shanghai', () => {
    const parsed = ContractFormSchema.parse({ ...contract, signedOn: '2028-02-29' })
    expect(parsed.signedOn.toISOString()).toBe('2028-02-28T16:00:00.000Z')
  })
  test('paidOn=2026-02-30 → a field message', () => {
    expect(fieldErrors(ContractPaymentFormSchema.safeParse({ intent: 'record-payment', amount: '10', paidOn: '2026-02-30', reference: 'R' })).paidOn).toBe('付款日期不存在：2026 年 2 月只有 28 天')
  })
  test('export from=2026-02-30 → a field message', () => {
    expect(fieldErrors(ExportQuerySchema.safeParse({ type: 'rewards', from: '2026-02-30', to: '2026-12-01' })).from).toBe('开始日期不存在：2026 年 2 月只有 28 天')
  })
})
