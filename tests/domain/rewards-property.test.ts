// Random sequences of payments, refunds and contract cancellations through
// the reward book: no contract and no enterprise-year ever goes past its cap
// or below zero, each payment is rewarded at most once, and every entry is the
// formula applied to the state before it, recomputed here independently.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { RewardBook, type LedgerEvent, type RewardPolicyRule } from '~/domain/rewards.ts'

const POLICY: RewardPolicyRule = {
  id: 'p',
  name: 'test',
  authority: 'test',
  validFromMs: 0,
  validToMs: null,
  rateOutsideAuctionBp: 1000,
  rateViaAuctionBp: 2000,
  capPerContractFen: 50_000_000,
  capPerEnterpriseYearFen: 100_000_000,
  version: 1,
  contractKinds: ['DEVELOPMENT', 'TRANSFER'],
}

const ENTERPRISES = ['E0', 'E1', 'E2']
// Contract i belongs to enterprise i % 3 and is via auction when i is even.
const CONTRACTS = 6
// Around the turn of 2025/2026 in Shanghai (UTC+8), so the year boundary is crossed often.
const NEW_YEAR_MS = Date.parse('2026-01-01T00:00:00+08:00')

type Cmd = { type: 'pay'; contract: number; amountFen: number; offsetMs: number } | { type: 'refund'; pick: number } | { type: 'cancel'; contract: number }

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant('pay' as const), contract: fc.integer({ min: 0, max: CONTRACTS - 1 }), amountFen: fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 400_000_000 })), offsetMs: fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('refund' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const), contract: fc.integer({ min: 0, max: CONTRACTS - 1 }) }) },
)

function shanghaiYearByIntl(ms: number): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date(ms)))
}

test('caps hold, payments are rewarded once, each entry is the formula on the state before it', () => {
  fc.assert(
    fc.property(fc.array(cmdArb, { minLength: 1, maxLength: 60 }), (cmds) => {
      const book = new RewardBook([POLICY])
      const contractUsed = new Map<string, number>()
      const yearUsed = new Map<string, number>()
      const rewarded = new Map<string, { amount: number; contract: string; yk: string }>()
      const reversed = new Set<string>()
      const cancelled = new Set<string>()
      const paid: string[] = []
      let n = 0
      for (const cmd of cmds) {
        let event: LedgerEvent
        if (cmd.type === 'pay') {
          const contractId = `c${cmd.contract}`
          const payment = { paymentId: `p${n++}`, contractId, enterpriseId: ENTERPRISES[cmd.contract % 3]!, viaAuction: cmd.contract % 2 === 0, amountFen: cmd.amountFen, paidAtMs: NEW_YEAR_MS + cmd.offsetMs }
          paid.push(payment.paymentId)
          event = { type: 'paid', payment }
        } else if (cmd.type === 'refund') {
          if (paid.length === 0) continue
          event = { type: 'refunded', paymentId: paid[cmd.pick % paid.length]! }
        } else {
          event = { type: 'contract-cancelled', contractId: `c${cmd.contract}` }
        }
        const entries = book.apply(event)
        // The expected entries, from the test's own state.
        if (event.type === 'paid') {
          const p = event.payment
          const yk = `${p.enterpriseId}@${shanghaiYearByIntl(p.paidAtMs)}`
          if (cancelled.has(p.contractId)) {
            expect(entries).toEqual([])
          } else {
            const rate = BigInt(p.viaAuction ? 2000 : 1000)
            const raw = Number((BigInt(p.amountFen) * rate) / 10_000n)
            const expected = Math.min(raw, 50_000_000 - (contractUsed.get(p.contractId) ?? 0), 100_000_000 - (yearUsed.get(yk) ?? 0))
            expect(entries).toHaveLength(1)
            expect(entries[0]!.amountFen).toBe(expected)
            expect(entries[0]!.year).toBe(shanghaiYearByIntl(p.paidAtMs))
            rewarded.set(p.paymentId, { amount: expected, contract: p.contractId, yk })
            contractUsed.set(p.contractId, (contractUsed.get(p.contractId) ?? 0) + expected)
            yearUsed.set(yk, (yearUsed.get(yk) ?? 0) + expected)
          }
        } else {
          const ids = event.type === 'refunded' ? [event.paymentId] : [...rewarded.entries()].filter(([, r]) => r.contract === event.contractId).map(([id]) => id)
          if (event.type === 'contract-cancelled') cancelled.add(event.contractId)
          const toReverse = ids.filter((id) => rewarded.has(id) && !reversed.has(id))
          expect(entries.map((e) => [e.paymentId, e.isReversal, e.amountFen])).toEqual(toReverse.map((id) => [id, true, -rewarded.get(id)!.amount]))
          for (const id of toReverse) {
            const r = rewarded.get(id)!
            reversed.add(id)
            contractUsed.set(r.contract, contractUsed.get(r.contract)! - r.amount)
            yearUsed.set(r.yk, yearUsed.get(r.yk)! - r.amount)
          }
        }
        // Invariants after every step.
        for (const [c, used] of book.contractUsed) {
          expect(used).toBeGreaterThanOrEqual(0)
          expect(used).toBeLessThanOrEqual(POLICY.capPerContractFen)
          expect(used).toBe(contractUsed.get(c) ?? 0)
        }
        for (const [yk, used] of book.yearUsed) {
          expect(used).toBeGreaterThanOrEqual(0)
          expect(used).toBeLessThanOrEqual(POLICY.capPerEnterpriseYearFen)
          expect(used).toBe(yearUsed.get(yk) ?? 0)
        }
      }
      // At most one reward and one reversal per payment.
      const seen = new Set<string>()
      for (const e of book.entries) {
        const key = `${e.paymentId}:${e.isReversal}`
        expect(seen.has(key)).toBe(false)
        seen.add(key)
      }
    }),
    { numRuns: 1_500 },
  )
})
