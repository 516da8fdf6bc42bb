import { describe, expect, test } from 'vitest'
import { messageText } from '~/utils/messages.ts'
import { depositFor, lotPlanProblems, quarterOf, quarterSpan, sessionPlanProblems, type LotPlan } from '~/domain/auction-planning.ts'

/** A Shanghai wall-clock time as an instant (ms). */
const sh = (text: string) => Date.parse(`${text}+08:00`)

describe('the deposit: a fixed amount, or a share of the starting price rounded up to whole yuan', () => {
  test.each([
    [{ kind: 'fixed', fen: 50_000_00 } as const, 1_000_000_00, 50_000_00],
    [{ kind: 'share', basisPoints: 1000 } as const, 1_000_000_00, 100_000_00], // 10 %
    [{ kind: 'share', basisPoints: 500 } as const, 333_333_33, 1_666_700], // 5 % of ¥333,333.33 = ¥16,666.67 → ¥16,667
    [{ kind: 'share', basisPoints: 2000 } as const, 1_00, 100], // 20 % of ¥1 → ¥1
  ])('%o of %i → %i fen', (rule, start, deposit) => expect(depositFor(rule, start)).toBe(deposit))
})

describe('the quarter of a Shanghai date', () => {
  test.each([
    ['2026-01-01', '2026Q1'],
    ['2026-03-31', '2026Q1'],
    ['2026-04-01', '2026Q2'],
    ['2026-12-31', '2026Q4'],
  ])('%s → %s', (d, q) => expect(quarterOf(d)).toBe(q))
})

describe('a quarter spans 00:00 of its first day to 00:00 of the next quarter, Shanghai time', () => {
  test.each([
    ['2026Q1', '2026-01-01T00:00:00', '2026-04-01T00:00:00'],
    ['2026Q2', '2026-04-01T00:00:00', '2026-07-01T00:00:00'],
    ['2026Q3', '2026-07-01T00:00:00', '2026-10-01T00:00:00'],
    ['2026Q4', '2026-10-01T00:00:00', '2027-01-01T00:00:00'],
  ])('%s → [%s, %s)', (q, from, to) => expect(quarterSpan(q)).toEqual({ startsAt: sh(from), endsAt: sh(to) }))
  test.each(['2026Q5', '2026Q0', '2026-Q4', 'Q4'])('%s is no quarter', (q) => expect(quarterSpan(q)).toBeNull())
})

describe('a session runs inside the quarter it is named after (Asia/Shanghai)', () => {
  test.each([
    // quarter, start, end, the fields with a problem
    ['2026Q4', '2026-10-01T00:00:00', '2026-12-31T23:59:00', []], // the whole quarter
    ['2026Q4', '2026-11-10T09:00:00', '2027-01-01T00:00:00', []], // ending at the next quarter's first instant = through 31 Dec
    ['2026Q4', '2026-11-10T09:00:00', '2027-01-01T00:01:00', ['endsAt']],
    ['2026Q4', '2026-09-30T23:59:00', '2026-10-10T17:00:00', ['startsAt']], // one minute early
    ['2026Q4', '2027-01-01T00:00:00', '2027-01-02T00:00:00', ['startsAt', 'endsAt']], // next quarter altogether
    ['2026Q3', '2026-09-30T09:00:00', '2026-09-30T23:00:00', []], // 30 Sep 23:00 Shanghai is 15:00 UTC, still Q3
    ['2026Q4', '2026-09-30T23:00:00', '2026-10-05T17:00:00', ['startsAt']], // 15:00 UTC on 30 Sep: Q3 in Shanghai
    ['2027Q1', '2027-01-01T07:00:00', '2027-01-05T17:00:00', []], // 2026-12-31 23:00 UTC, but 2027 in Shanghai
    ['2026Q4', '2026-11-10T09:00:00', '2026-11-10T09:00:00', ['endsAt']], // ends when it starts
    ['2026Q5', '2026-11-10T09:00:00', '2026-11-20T09:00:00', ['quarter']],
  ] as const)('%s from %s to %s → problems at %j', (quarter, from, to, fields) => {
    expect(sessionPlanProblems({ quarter, startsAt: sh(from), endsAt: sh(to) }).map((p) => p.field)).toEqual(fields)
  })
  test('the message names the quarter and its days', () => {
    const problem = sessionPlanProblems({ quarter: '2026Q4', startsAt: sh('2026-09-01T09:00:00'), endsAt: sh('2026-10-02T09:00:00') })[0]!
    expect(messageText(problem.message, problem.params)).toBe(
      '开始时间须在 2026Q4（2026-10-01 至 2026-12-31，北京时间） 之内',
    )
  })
  test('an invalid instant is a problem, not a crash', () => {
    expect(sessionPlanProblems({ quarter: '2026Q4', startsAt: Number.NaN, endsAt: sh('2026-10-02T09:00:00') }).map((p) => p.field)).toEqual(['startsAt'])
  })
})

describe('a planned lot is checked field by field', () => {
  const session = { startsAt: 0, endsAt: 100 }
  const ok: LotPlan = { startingPriceFen: 100_000_00, incrementFen: 5_000_00, reserveFen: 120_000_00, depositFen: 10_000_00, startsAt: 10, endsAt: 50, extensionMinutes: 5 }
  test('a sound plan has no problems', () => expect(lotPlanProblems(ok, session)).toEqual([]))
  test.each([
    [{ incrementFen: 0 }, 'incrementFen'],
    [{ incrementFen: 200_000_00 }, 'incrementFen'],
    [{ reserveFen: 90_000_00 }, 'reserveFen'],
    [{ depositFen: 0 }, 'depositFen'],
    [{ endsAt: 10 }, 'endsAt'],
    [{ endsAt: 150 }, 'startsAt'],
    [{ extensionMinutes: 0 }, 'extensionMinutes'],
    [{ startingPriceFen: 0 }, 'startingPriceFen'],
  ] as const)('%o → a problem at %s', (change, field) => {
    expect(lotPlanProblems({ ...ok, ...change }, session).map((p) => p.field)).toContain(field)
  })
})

describe('a lot’s deposit is 5–20 % of its starting price', () => {
  const base = { startingPriceFen: 100_0000_00, incrementFen: 1_0000_00, reserveFen: null, startsAt: 1_000, endsAt: 2_000, extensionMinutes: 5 }
  const session = { startsAt: 0, endsAt: 10_000 }
  test.each([
    [4_9999_00, false],
    [5_0000_00, true],
    [10_0000_00, true],
    [20_0000_00, true],
    [20_0001_00, false],
    [50_0000_00, false],
  ])('deposit %i fen of a 100 万元 start: allowed %s', (depositFen, ok) => {
    const problems = lotPlanProblems({ ...base, depositFen }, session).filter((p) => p.field === 'depositFen')
    expect(problems.length === 0).toBe(ok)
    if (!ok) expect(messageText(problems[0]!.message)).toBe('保证金须为起拍价的 5–20 %')
  })
})
