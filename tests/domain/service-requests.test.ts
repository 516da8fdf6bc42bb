import { describe, expect, test } from 'vitest'
import { shanghaiWallClockToInstant } from '../../app/domain/calendar.ts'
import { decideRequest, isOverdue, requestDeadline, staffActions, type RequestStatus } from '../../app/domain/service-requests.ts'
import { addWorkingDays, isWorkingDay, weekday } from '../../app/domain/working-days.ts'

const d = (year: number, month: number, day: number) => ({ year, month, day })

describe('working days: Monday to Friday, holidays as data', () => {
  test.each([
    // from (weekday), n → due
    [d(2026, 12, 7), 1, d(2026, 12, 8)], // Monday + 1 → Tuesday
    [d(2026, 12, 11), 1, d(2026, 12, 14)], // Friday + 1 → Monday
    [d(2026, 12, 12), 1, d(2026, 12, 14)], // Saturday + 1 → Monday
    [d(2026, 12, 7), 5, d(2026, 12, 14)], // a week
    [d(2026, 12, 9), 10, d(2026, 12, 23)], // two weeks
    [d(2026, 12, 31), 2, d(2027, 1, 4)], // over the year end (Thursday 31st)
  ])('%o plus %i working days is %o', (from, n, due) => {
    expect(addWorkingDays(from, n)).toEqual(due)
  })
  test('weekdays', () => {
    expect(weekday(d(1970, 1, 1))).toBe(4)
    expect(weekday(d(2026, 12, 5))).toBe(6)
    expect(isWorkingDay(d(2026, 12, 5))).toBe(false)
    expect(isWorkingDay(d(2026, 12, 7))).toBe(true)
  })
  test('a holiday is skipped and a worked weekend counts when given as data', () => {
    const exceptions = { holidays: new Set(['2027-01-01']), workedWeekends: new Set(['2027-01-02']) }
    expect(addWorkingDays(d(2026, 12, 31), 1, exceptions)).toEqual(d(2027, 1, 2))
  })
  test('n must be a whole number of at least 1', () => {
    expect(() => addWorkingDays(d(2026, 12, 7), 0)).toThrow(RangeError)
    expect(() => addWorkingDays(d(2026, 12, 7), 1.5)).toThrow(RangeError)
  })
  test('the deadline is the end of the due day in Shanghai', () => {
    // Friday 11 December 2026, 23:30 in Shanghai (15:30 UTC): still Friday, so 1 working day is Monday 14th.
    const at = shanghaiWallClockToInstant(d(2026, 12, 11), 23, 30)
    expect(requestDeadline(at, 1)).toBe(shanghaiWallClockToInstant(d(2026, 12, 15)) - 1)
  })
})

describe('the closed loop: 受理 → 交办 → 办理 → 答复 → rated → 办结', () => {
  const f = (status: RequestStatus, answersSent = 0) => ({ status, answersSent })
  test.each([
    [f('ACCEPTED'), 'assign', undefined, 'ASSIGNED'],
    [f('ASSIGNED'), 'assign', undefined, 'ASSIGNED'],
    [f('IN_PROGRESS', 1), 'assign', undefined, 'IN_PROGRESS'],
    [f('ASSIGNED'), 'start', undefined, 'IN_PROGRESS'],
    [f('IN_PROGRESS'), 'answer', undefined, 'ANSWERED'],
    [f('ANSWERED', 1), 'rate', 'SATISFIED', 'CLOSED'],
    [f('ANSWERED', 1), 'rate', 'BASICALLY_SATISFIED', 'CLOSED'],
    [f('ANSWERED', 1), 'rate', 'UNSATISFIED', 'IN_PROGRESS'],
    [f('ANSWERED', 1), 'close', undefined, 'CLOSED'],
  ] as const)('%o %s %s → %s', (facts, action, rating, to) => {
    expect(decideRequest(facts, action, rating)).toEqual({ ok: true, to })
  })
  test.each([
    [f('ACCEPTED'), 'close', 'close-without-answer'],
    [f('ASSIGNED'), 'close', 'close-without-answer'],
    [f('IN_PROGRESS', 1), 'close', 'close-without-answer'], // reopened: the new answer is not sent yet
    [f('CLOSED', 1), 'close', 'wrong-status'],
    [f('ACCEPTED'), 'start', 'wrong-status'],
    [f('ASSIGNED'), 'answer', 'wrong-status'],
    [f('IN_PROGRESS'), 'rate', 'wrong-status'],
    [f('ANSWERED', 1), 'assign', 'wrong-status'],
    [f('CLOSED', 1), 'assign', 'wrong-status'],
  ] as const)('%o %s is refused: %s', (facts, action, code) => {
    expect(decideRequest(facts, action, 'SATISFIED')).toEqual({ ok: false, code })
  })
  test('the page offers what the table allows', () => {
    expect(staffActions(f('ACCEPTED'))).toEqual(['assign'])
    expect(staffActions(f('ANSWERED', 1))).toEqual(['close'])
    expect(staffActions(f('CLOSED', 1))).toEqual([])
  })
  test('overdue: assigned or in progress past the deadline', () => {
    expect(isOverdue({ status: 'ASSIGNED', deadlineMs: 100 }, 101)).toBe(true)
    expect(isOverdue({ status: 'IN_PROGRESS', deadlineMs: 100 }, 100)).toBe(false)
    expect(isOverdue({ status: 'ANSWERED', deadlineMs: 100 }, 101)).toBe(false)
    expect(isOverdue({ status: 'ACCEPTED', deadlineMs: null }, 101)).toBe(false)
  })
})
