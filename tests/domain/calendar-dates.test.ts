// One date parser for every form: a date that does not exist is refused beside
// its field (need wantedBy, session and lot times), never saved as next month.
import { describe, expect, test } from 'vitest'
import { civilFromDays, daysFromCivil, parseCalendarDate, parseShanghaiDateTime, shanghaiCalendarDate } from '~/domain/calendar.ts'
import { LotFormSchema, SessionFormSchema } from '~/utils/auction-validation.ts'
import { NeedFormSchema } from '~/utils/listing-validation.ts'
import { fixedT, translateMessage } from '~/i18n/catalogue.ts'

/** Form messages are keys (with parameters); the page shows them in Chinese by default. */
const inChinese = (message: string) => translateMessage(fixedT('zh-CN'), message)

describe('a calendar date exists or is refused with the reason', () => {
  test.each([
    ['2027-01-31', true],
    ['2027-02-28', true],
    ['2027-02-29', false], // 2027 is no leap year
    ['2028-02-29', true],
    ['2100-02-29', false], // outside the years accepted at all
    ['2000-02-29', true], // divisible by 400
    ['2027-02-30', false],
    ['2027-04-31', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-01-00', false],
    ['1999-12-31', false],
    ['27-1-1', false],
    ['2027-1-01', false],
  ])('%s exists: %s', (text, ok) => expect(parseCalendarDate(text).ok).toBe(ok))
})

describe('a Shanghai wall-clock time is read to its UTC instant', () => {
  test.each([
    ['2026-10-01T09:00', '2026-10-01T01:00:00.000Z'],
    ['2026-10-01T00:30', '2026-09-30T16:30:00.000Z'],
    ['2026-12-31T23:59:59', '2026-12-31T15:59:59.000Z'],
  ])('%s → %s', (text, iso) => {
    const parsed = parseShanghaiDateTime(text)
    expect(parsed.ok && new Date(parsed.instantMs).toISOString()).toBe(iso)
  })
  test.each(['2027-13-01T10:00', '2027-02-30T10:00', '2027-01-01T24:00', '2027-01-01T10:60', '2027-01-01 10:00', ''])('%s is refused', (text) =>
    expect(parseShanghaiDateTime(text).ok).toBe(false),
  )
  test('civil-day arithmetic agrees with the platform calendar over a century', () => {
    for (let days = daysFromCivil({ year: 2000, month: 1, day: 1 }); days < 47_500; days += 37) {
      const d = new Date(days * 86_400_000)
      expect(civilFromDays(days)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() })
      expect(daysFromCivil(civilFromDays(days))).toBe(days)
    }
  })
  test('the Shanghai date of an instant', () => {
    expect(shanghaiCalendarDate(Date.parse('2026-12-31T16:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1 })
    expect(shanghaiCalendarDate(Date.parse('2026-12-31T15:59:59Z'))).toEqual({ year: 2026, month: 12, day: 31 })
  })
})

function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.success ? {} : Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), inChinese(i.message)]))
}

const need = {
  title: '超低温球阀密封泄漏攻关',
  description: 'LNG 接收站用超低温球阀在 -196℃ 下密封泄漏超标，需要新的密封结构或材料。',
  field: 'equipment',
  keywords: '超低温,球阀,密封',
  acceptedModes: ['JOINT_DEVELOPMENT'],
  contactName: '李经理',
  contactPhone: '13857812345',
}
const session = { quarter: '2027Q1', title: '2027年第一季度竞价会', startsAt: '2027-01-10T09:00', endsAt: '2027-01-20T17:00' }
const lot = {
  resultId: 'r1',
  startingPrice: '100000',
  increment: '5000',
  depositKind: 'share',
  depositPercent: '10',
  startsAt: '2027-01-12T09:00',
  endsAt: '2027-01-12T10:00',
  extensionMinutes: '5',
}

describe('every form refuses a date that does not exist, beside the field', () => {
  test.each([
    ['2027-13-01', '期望完成日期的月份应为 1–12'],
    ['2027-02-30', '期望完成日期不存在：2027 年 2 月只有 28 天'],
    ['2027/06/30', '请按 年-月-日 填写期望完成日期'],
  ])('need wantedBy %s → %s', (wantedBy, message) => {
    expect(errorsOf(NeedFormSchema.safeParse({ ...need, wantedBy })).wantedBy).toBe(message)
  })
  test('a real need deadline is kept as typed', () => {
    expect(NeedFormSchema.parse({ ...need, wantedBy: '2028-02-29' }).wantedBy).toBe('2028-02-29')
  })

  test.each([
    ['startsAt', '2027-13-01T09:00', '开始时间的月份应为 1–12'],
    ['startsAt', '2027-02-30T09:00', '开始时间不存在：2027 年 2 月只有 28 天'],
    ['endsAt', '2027-04-31T17:00', '结束时间不存在：2027 年 4 月只有 30 天'],
  ])('session %s %s → %s', (field, value, message) => {
    expect(errorsOf(SessionFormSchema.safeParse({ ...session, [field]: value }))[field]).toBe(message)
  })

  test.each([
    ['startsAt', '2027-13-01T09:00', '开始时间的月份应为 1–12'],
    ['endsAt', '2027-02-30T10:00', '结束时间不存在：2027 年 2 月只有 28 天'],
  ])('lot %s %s → %s', (field, value, message) => {
    expect(errorsOf(LotFormSchema.safeParse({ ...lot, [field]: value }))[field]).toBe(message)
  })

  test('valid times read as Shanghai instants', () => {
    const s = SessionFormSchema.parse(session)
    expect(s.startsAt.toISOString()).toBe('2027-01-10T01:00:00.000Z')
  })
})
