// Request deadlines in working days count China's public holidays and the weekend days worked in their place
// (调休), from the State Council's table as the `chinese-days` package carries it (decision 017).
import { describe, expect, test } from 'vitest'
import { shanghaiWallClockToInstant } from '~/domain/calendar.ts'
import { requestDeadline } from '~/domain/service-requests.ts'
import { publicHolidays } from '~/utils/public-holidays.server.ts'

const at = (month: number, day: number) => shanghaiWallClockToInstant({ year: 2026, month, day }, 10)
/** The end of that day in Shanghai, as requestDeadline gives it. */
const endOf = (month: number, day: number) => new Date(shanghaiWallClockToInstant({ year: 2026, month, day: day + 1 }) - 1).toISOString()

describe('working days with the 2026 notice', () => {
  test.each([
    // assigned (Shanghai, 2026), working days, due (end of day)
    { from: [9, 30], days: 3, due: [10, 10], why: '国庆 1–7 Oct off; Thu 8, Fri 9, and Saturday 10 Oct is worked (调休)' },
    { from: [9, 24], days: 1, due: [9, 28], why: '中秋 Fri 25 Sep off, then the weekend' },
    { from: [9, 18], days: 2, due: [9, 21], why: 'Sunday 20 Sep is worked before 中秋 (调休)' },
    { from: [2, 13], days: 1, due: [2, 14], why: 'Saturday 14 Feb is worked before 春节' },
    { from: [2, 14], days: 1, due: [2, 24], why: '春节 15–23 Feb off' },
    { from: [7, 15], days: 3, due: [7, 20], why: 'no holiday: Thu, Fri, Mon' },
  ])('$why', ({ from, days, due }) => {
    expect(new Date(requestDeadline(at(from[0]!, from[1]!), days, publicHolidays())).toISOString()).toBe(endOf(due[0]!, due[1]!))
  })

  test('the table holds the 2026 notice as published (holidays and worked weekends)', () => {
    const { holidays, workedWeekends } = publicHolidays()
    expect([...workedWeekends].filter((d) => d.startsWith('2026')).sort()).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
    expect([...holidays].filter((d) => d.startsWith('2026-10'))).toHaveLength(7)
  })
})
