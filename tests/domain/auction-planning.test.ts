import { describe, expect, test } from 'vitest'
import { depositFor, lotPlanProblems, quarterOf, type LotPlan } from '~/domain/auction-planning.ts'

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
