import { describe, expect, test } from 'vitest'
import { publishProblem, registrationClosesAt, registrationWindow } from '../../app/domain/auction-notice.ts'

const DAY = 86_400_000
const start = Date.UTC(2027, 2, 10, 1) // 2027-03-10 09:00 in Shanghai
const planned = { status: 'PLANNED', publishedAtMs: null, openLots: 2, opensAtMs: start }

describe('publishing a session (竞价公告)', () => {
  test('registration closes N whole days before the first lot opens', () => {
    expect(registrationClosesAt(start, 7)).toBe(start - 7 * DAY)
  })
  test('0 days: registration runs until the first lot opens', () => {
    expect(publishProblem(planned, 0, start - 1)).toBeNull()
    expect(publishProblem(planned, 0, start + 1)).toBe('too-late')
  })
  test('publishable while the whole registration period lies ahead', () => {
    expect(publishProblem(planned, 7, start - 7 * DAY)).toBeNull()
    expect(publishProblem(planned, 7, start - 7 * DAY + 1)).toBe('too-late')
    expect(publishProblem(planned, 3, start - 7 * DAY + 1)).toBeNull()
  })
  test('needs a lot, a planned and unpublished session, and a sane number of days', () => {
    expect(publishProblem({ ...planned, openLots: 0, opensAtMs: null }, 7, 0)).toBe('no-lots')
    expect(publishProblem({ ...planned, publishedAtMs: 1 }, 7, 0)).toBe('already-published')
    expect(publishProblem({ ...planned, status: 'LIVE' }, 7, 0)).toBe('not-planned')
    for (const days of [-1, 61, 1.5, Number.NaN]) expect(publishProblem(planned, days, 0)).toBe('days-out-of-range')
  })
})

describe('the registration window', () => {
  const published = { publishedAtMs: 0, registrationClosesAtMs: start - 7 * DAY, status: 'PLANNED' }
  test('not published: no registration', () => {
    expect(registrationWindow({ publishedAtMs: null, registrationClosesAtMs: null, status: 'PLANNED' }, 0)).toBe('not-published')
  })
  test('open until the deadline, closed from it', () => {
    expect(registrationWindow(published, start - 7 * DAY - 1)).toBe('open')
    expect(registrationWindow(published, start - 7 * DAY)).toBe('closed')
    expect(registrationWindow({ ...published, status: 'CANCELLED' }, 0)).toBe('closed')
  })
})
