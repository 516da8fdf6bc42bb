// The reward rules as a table: both rates, both caps, instalments crossing a
// cap, the year boundary (Asia/Shanghai), reversal, the policy in force.
import { describe, expect, test } from 'vitest'
import {
  applyRate,
  countsAsPaid,
  countsTowardReward,
  computeReward,
  policyInForce,
  RewardBook,
  type LedgerEvent,
  type RewardPolicyRule,
} from '~/domain/rewards.ts'
import { shanghaiYear } from '~/domain/calendar.ts'

const YUAN = 100
const SHAOXING: RewardPolicyRule = {
  id: 'sx',
  name: '绍市科〔2022〕24号 措施七',
  authority: '绍兴市科学技术局',
  validFromMs: Date.parse('2022-01-01T00:00:00+08:00'),
  validToMs: null,
  rateOutsideAuctionBp: 1000,
  rateViaAuctionBp: 2000,
  capPerContractFen: 500_000 * YUAN,
  capPerEnterpriseYearFen: 1_000_000 * YUAN,
  version: 1,
  contractKinds: ['DEVELOPMENT', 'TRANSFER'],
}

describe('one reward: min(rate × paid, contract room, enterprise-year room)', () => {
  test.each([
    // [what, via auction, paid (yuan), contract used, year used, reward (yuan), limited by]
    ['outside an auction: 10 %', false, 1_000_000, 0, 0, 100_000, 'rate'],
    ['through an auction: 20 % (DOMAIN example 1)', true, 1_000_000, 0, 0, 200_000, 'rate'],
    ['3,000,000 through an auction: the contract cap (DOMAIN example 2)', true, 3_000_000, 0, 0, 500_000, 'contract-cap'],
    ['the contract cap counts what earlier instalments took', true, 1_000_000, 400_000, 0, 100_000, 'contract-cap'],
    ['a contract at its cap gets nothing more', false, 1_000_000, 500_000, 0, 0, 'contract-cap'],
    ['the enterprise-year cap counts the other contracts', true, 3_000_000, 0, 700_000, 300_000, 'enterprise-year-cap'],
    ['an enterprise at its yearly cap gets nothing', true, 1_000_000, 0, 1_000_000, 0, 'enterprise-year-cap'],
    ['the smaller room wins when both bind', true, 3_000_000, 450_000, 980_000, 20_000, 'enterprise-year-cap'],
    ['exactly the room: limited by the rate', false, 1_000_000, 400_000, 900_000, 100_000, 'rate'],
  ] as const)('%s', (_what, viaAuction, paid, contractUsed, yearUsed, reward, limitedBy) => {
    const r = computeReward({ policy: SHAOXING, viaAuction, contractKind: 'TRANSFER', paidFen: paid * YUAN, contractUsedFen: contractUsed * YUAN, enterpriseYearUsedFen: yearUsed * YUAN, year: 2026 })
    expect(r.amountFen).toBe(reward * YUAN)
    expect(r.limitedBy).toBe(limitedBy)
    expect(r.contractCap).toEqual({ capFen: 500_000 * YUAN, usedBeforeFen: contractUsed * YUAN, leftBeforeFen: Math.max(0, 500_000 - contractUsed) * YUAN, leftAfterFen: Math.max(0, 500_000 - contractUsed - reward) * YUAN })
    expect(r.enterpriseYearCap.leftAfterFen).toBe(Math.max(0, 1_000_000 - yearUsed - reward) * YUAN)
  })

  test('the explanation names the policy, the base, the rate and the raw amount', () => {
    const r = computeReward({ policy: SHAOXING, viaAuction: true, contractKind: 'DEVELOPMENT', paidFen: 12_345, contractUsedFen: 0, enterpriseYearUsedFen: 0, year: 2026 })
    expect(r).toMatchObject({ kind: 'reward', policy: { id: 'sx', name: SHAOXING.name, version: 1, authority: '绍兴市科学技术局' }, contractKind: 'DEVELOPMENT', covered: true, baseFen: 12_345, rateBp: 2000, rawFen: 2_469, amountFen: 2_469 })
  })

  test.each([
    [1, 1000, 0],
    [9, 1000, 0],
    [10, 1000, 1],
    [19, 1000, 1],
    [12_345, 2000, 2_469],
    [Number.MAX_SAFE_INTEGER, 2000, 1_801_439_850_948_198],
  ])('rounded down to the fen: %i fen × %i bp = %i fen', (amount, bp, expected) => {
    expect(applyRate(amount, bp)).toBe(expected)
  })

  test('a payment must be a positive whole number of fen', () => {
    for (const paidFen of [0, -1, 1.5, Number.NaN]) {
      expect(() => computeReward({ policy: SHAOXING, viaAuction: false, contractKind: 'TRANSFER', paidFen, contractUsedFen: 0, enterpriseYearUsedFen: 0, year: 2026 })).toThrow(RangeError)
    }
  })
})

describe('the year a payment counts in is its calendar year in Asia/Shanghai', () => {
  test.each([
    ['2025-12-31T15:59:59.999Z', 2025],
    ['2025-12-31T16:00:00.000Z', 2026], // 2026-01-01 00:00 in Shanghai
    ['2026-12-31T23:59:59+08:00', 2026],
    ['2027-01-01T00:00:00+08:00', 2027],
    ['2024-02-29T12:00:00Z', 2024],
    ['2000-03-01T00:00:00+08:00', 2000],
    ['1999-12-31T16:00:00Z', 2000],
  ])('%s → %i', (iso, year) => {
    expect(shanghaiYear(Date.parse(iso))).toBe(year)
  })
})

describe('the policy in force at the moment of payment', () => {
  const old = { ...SHAOXING, id: 'old', validFromMs: Date.parse('2020-01-01T00:00:00+08:00'), validToMs: Date.parse('2022-01-01T00:00:00+08:00') }
  const newer = { ...SHAOXING, id: 'new', validFromMs: Date.parse('2027-01-01T00:00:00+08:00') }
  test.each([
    ['2019-06-01T00:00:00+08:00', null],
    ['2021-12-31T23:59:59+08:00', 'old'],
    ['2022-01-01T00:00:00+08:00', 'sx'], // validTo is exclusive
    ['2026-06-01T00:00:00+08:00', 'sx'],
    ['2027-03-01T00:00:00+08:00', 'new'], // both valid: the most recently started
  ])('%s → %s', (iso, id) => {
    expect(policyInForce([old, SHAOXING, newer], Date.parse(iso))?.id ?? null).toBe(id)
  })
})

describe('sequences: instalments, several contracts, the year boundary, reversal', () => {
  function run(events: LedgerEvent[]) {
    const book = new RewardBook([SHAOXING])
    const amounts = events.flatMap((e) => book.apply(e).map((r) => r.amountFen / YUAN))
    return { book, amounts }
  }
  const pay = (paymentId: string, contractId: string, yuan: number, iso = '2026-06-01T10:00:00+08:00', viaAuction = true, enterpriseId = 'E'): LedgerEvent => ({
    type: 'paid',
    payment: { paymentId, contractId, enterpriseId, viaAuction, amountFen: yuan * YUAN, paidAtMs: Date.parse(iso) },
  })

  test('three 3,000,000 auction deals in a year → 500,000 + 500,000 + 0 (DOMAIN example 3)', () => {
    expect(run([pay('p1', 'c1', 3_000_000), pay('p2', 'c2', 3_000_000), pay('p3', 'c3', 3_000_000)]).amounts).toEqual([500_000, 500_000, 0])
  })

  test('instalments crossing the contract cap: the instalment that crosses gets the rest, later ones nothing', () => {
    expect(run([pay('p1', 'c1', 1_000_000), pay('p2', 'c1', 1_000_000), pay('p3', 'c1', 1_000_000), pay('p4', 'c1', 1_000_000)]).amounts).toEqual([200_000, 200_000, 100_000, 0])
  })

  test('instalments crossing the yearly cap across contracts', () => {
    expect(run([pay('a1', 'A', 2_000_000), pay('b1', 'B', 2_000_000), pay('c1', 'C', 2_000_000, undefined, false), pay('a2', 'A', 1_000_000)]).amounts).toEqual([400_000, 400_000, 200_000, 0])
  })

  test('the yearly cap starts again on 1 January in Shanghai; the contract cap does not', () => {
    const { amounts, book } = run([
      pay('a1', 'A', 2_500_000, '2025-12-31T23:59:59+08:00'),
      pay('b1', 'B', 2_500_000, '2025-12-31T23:59:59+08:00'),
      pay('a2', 'A', 2_500_000, '2026-01-01T00:00:00+08:00'), // contract A already at its cap
      pay('c1', 'C', 2_500_000, '2026-01-01T00:00:00+08:00'),
    ])
    expect(amounts).toEqual([500_000, 500_000, 0, 500_000])
    expect(book.yearUsed.get('E@2025')).toBe(1_000_000 * YUAN)
    expect(book.yearUsed.get('E@2026')).toBe(500_000 * YUAN)
  })

  test('another enterprise has its own yearly cap', () => {
    expect(run([pay('p1', 'c1', 5_000_000), pay('p2', 'c2', 5_000_000), pay('q1', 'd1', 5_000_000, undefined, true, 'F')]).amounts).toEqual([500_000, 500_000, 500_000])
  })

  test('a refund reverses the reward with an opposite entry and frees the room for later payments', () => {
    const { amounts, book } = run([pay('p1', 'c1', 3_000_000), pay('p2', 'c2', 3_000_000), pay('p3', 'c3', 3_000_000), { type: 'refunded', paymentId: 'p1' }, pay('p4', 'c3', 1_000_000)])
    expect(amounts).toEqual([500_000, 500_000, 0, -500_000, 200_000])
    expect(book.entries.map((e) => e.isReversal)).toEqual([false, false, false, true, false])
    expect(book.yearUsed.get('E@2026')).toBe(700_000 * YUAN)
  })

  test('a refund is reversed once; a refund of a payment never rewarded gives nothing', () => {
    expect(run([pay('p1', 'c1', 1_000_000), { type: 'refunded', paymentId: 'p1' }, { type: 'refunded', paymentId: 'p1' }, { type: 'refunded', paymentId: 'zz' }]).amounts).toEqual([200_000, -200_000])
  })

  test('a cancelled contract reverses every reward of it, and its later payments earn nothing', () => {
    const { amounts, book } = run([pay('p1', 'c1', 1_000_000), pay('p2', 'c1', 500_000), pay('q1', 'c2', 100_000), { type: 'contract-cancelled', contractId: 'c1' }, pay('p3', 'c1', 1_000_000)])
    expect(amounts).toEqual([200_000, 100_000, 20_000, -200_000, -100_000])
    expect(book.contractUsed.get('c1')).toBe(0)
    expect(book.yearUsed.get('E@2026')).toBe(20_000 * YUAN)
  })

  test('the same payment delivered twice is rewarded once', () => {
    expect(run([pay('p1', 'c1', 1_000_000), pay('p1', 'c1', 1_000_000)]).amounts).toEqual([200_000])
  })

  test('a payment before any policy was in force earns nothing', () => {
    expect(run([pay('p1', 'c1', 1_000_000, '2021-12-31T23:00:00+08:00')]).amounts).toEqual([])
  })
})

describe('which payments count toward a reward (one rule for the worker, the sweep and the contract page)', () => {
  test.each([
    ['CONTRACT_INSTALMENT', 'SUCCEEDED', 'ACTIVE', true],
    ['SETTLEMENT', 'SUCCEEDED', 'ACTIVE', true],
    ['DEPOSIT', 'SUCCEEDED', 'ACTIVE', false], // a deposit counts once applied to the price
    ['DEPOSIT', 'APPLIED', 'ACTIVE', true],
    ['SETTLEMENT', 'REFUNDED', 'ACTIVE', false],
    ['CONTRACT_INSTALMENT', 'SUCCEEDED', 'CANCELLED', false],
    ['REWARD_PAYOUT', 'SUCCEEDED', 'ACTIVE', false],
  ])('%s %s on a %s contract: %s', (kind, status, contractStatus, counts) => {
    expect(countsTowardReward({ kind, status }, contractStatus)).toBe(counts)
    expect(countsAsPaid({ kind, status })).toBe(counts || contractStatus === 'CANCELLED')
  })
})
