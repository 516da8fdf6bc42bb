// Deposits per lot (decision 021), as a property over random sequences through the real services, the real
// database and the mock provider: pay a lot's deposit, close a lot (sold to a bidder holding its deposit, or
// unsold) and run its refund job, settle a won lot, default on one, refund one by staff's hand. After every step
// the identity held = paid − refunded − applied − forfeited holds for each lot and for the session, from the
// ledger and from the payments' statuses alike; the lots' figures add up to the session's; and once a lot is
// decided and its job has run, nobody but its winner still holds a deposit for it.
// Meaningful on PostgreSQL (DATABASE_URL); it runs on PGlite too.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { lotDepositKey } from '~/domain/payments.ts'
import { ServiceError } from '~/utils/errors.ts'
import { forfeitDeposit, lotDepositsToRefund, refundDeposit, startDepositPayment } from '~/services/deposits.server.ts'
import { refundLotDeposits } from '~/services/payment-followup.server.ts'
import { depositReport, lotDepositReport } from '~/services/payment-reports.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { createDeal } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, testClient, startWiredProvider } from '../support/payments.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let staff: Principal
const now = new Date('2026-11-23T02:00:00Z')
const HOUR = 3_600_000
const { client } = testClient()
const LOTS = 3
const ENTERPRISES = 3

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db, () => now)
}, 120_000)
afterAll(async () => {
  mock?.close()
  await close?.()
})

type Step =
  | { type: 'pay'; who: number; lot: number }
  | { type: 'close'; lot: number; winner: number | null }
  | { type: 'settle'; lot: number }
  | { type: 'default'; lot: number }
  | { type: 'refund'; who: number; lot: number }

const who = fc.integer({ min: 0, max: ENTERPRISES - 1 })
const lot = fc.integer({ min: 0, max: LOTS - 1 })
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('pay' as const), who, lot }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('close' as const), lot, winner: fc.option(who, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('settle' as const), lot }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('default' as const), lot }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('refund' as const), who, lot }) },
)
// Each lot's deposit (makeSession starts a lot at four times its deposit).
const depositsArb = fc.array(fc.integer({ min: 1, max: 50 }).map((n) => n * 100_000), { minLength: LOTS, maxLength: LOTS })

async function refusalsOnly(work: Promise<unknown>) {
  try {
    await work
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
  }
}

async function run(deposits: number[], steps: Step[]) {
  const { session, lots } = await makeSession(db, { now, lotDeposits: deposits, bureauId: staff.organizationId })
  const enterprises: Principal[] = []
  for (let i = 0; i < ENTERPRISES; i++) {
    const e = await makePrincipal(db, 'ENTERPRISE', `按标的企业${i}`)
    await register(db, session.id, e)
    enterprises.push(e)
  }
  const decided = new Set<number>()
  for (const step of steps) {
    switch (step.type) {
      case 'pay':
        await refusalsOnly(startDepositPayment(db, client, enterprises[step.who]!, { lotId: lots[step.lot]!.id, card: card() }, now))
        break
      case 'close': {
        const l = lots[step.lot]!
        if (decided.has(step.lot)) break
        decided.add(step.lot)
        // Only a bidder holding the lot's deposit can have won it.
        const winner = step.winner === null ? null : enterprises[step.winner]!
        const held = winner && (await db.payment.findUnique({ where: { idempotencyKey: lotDepositKey(l.id, winner.organizationId) } }))?.status === 'SUCCEEDED'
        if (winner && held) {
          await db.lot.update({ where: { id: l.id }, data: { status: 'SOLD', closedAt: now } })
          await createDeal(db, l, winner, { priceFen: l.depositFen * 10n, paymentDeadline: new Date(now.getTime() + HOUR) })
        } else {
          await db.lot.update({ where: { id: l.id }, data: { status: 'UNSOLD', closedAt: now } })
        }
        // What the lot clock's follow-up job does after the close.
        await refundLotDeposits(db, client, l.id, now)
        expect(await lotDepositsToRefund(db, l.id)).toEqual([])
        break
      }
      case 'settle': {
        const deal = await db.deal.findUnique({ where: { lotId: lots[step.lot]!.id } })
        if (deal) await refusalsOnly(startSettlementPayment(db, client, enterprises.find((e) => e.organizationId === deal.buyerId)!, { dealId: deal.id, card: card() }, now))
        break
      }
      case 'default': {
        const deal = await db.deal.findUnique({ where: { lotId: lots[step.lot]!.id } })
        if (deal) await refusalsOnly(forfeitDeposit(db, null, deal.id, new Date(now.getTime() + 2 * HOUR)))
        break
      }
      case 'refund': {
        const d = await db.payment.findUnique({ where: { idempotencyKey: lotDepositKey(lots[step.lot]!.id, enterprises[step.who]!.organizationId) } })
        if (d) await refusalsOnly(refundDeposit(db, client, staff, d.id, now))
        break
      }
    }
    await mock.provider.webhooksSettled()
    await check(session.id, lots.map((l) => l.id))
  }
}

async function check(sessionId: string, lotIds: string[]) {
  const whole = await depositReport(db, sessionId)
  expect(whole.balanced).toBe(true)
  expect(whole.held).toBe(whole.paid - whole.refunded - whole.applied - whole.forfeited)
  const sum = { paid: 0, refunded: 0, applied: 0, forfeited: 0, held: 0 }
  for (const id of lotIds) {
    const r = await lotDepositReport(db, id)
    expect(r.balanced).toBe(true)
    expect(r.held).toBe(r.paid - r.refunded - r.applied - r.forfeited)
    expect(r.held).toBeGreaterThanOrEqual(0)
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k]
  }
  expect(sum).toEqual({ paid: whole.paid, refunded: whole.refunded, applied: whole.applied, forfeited: whole.forfeited, held: whole.held })
}

describe('deposits per lot: held = paid − refunded − applied − forfeited, per lot and per session', () => {
  test('random sequences of pay / close a lot (won or not) / settle / default / refund', async () => {
    staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
    await fc.assert(
      fc.asyncProperty(depositsArb, fc.array(stepArb, { minLength: 4, maxLength: 16 }), async (deposits, steps) => run(deposits, steps)),
      { numRuns: Number(process.env.LOT_DEPOSIT_RUNS ?? 15) },
    )
  }, 600_000)
})
