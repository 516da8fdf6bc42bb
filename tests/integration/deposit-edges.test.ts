// Edges of per-lot and session-wide deposits that a review found (decision 021): a refund asked for takes the deposit
// out of bidding and of any price at once; a session-wide deposit from before decision 021 counts toward one deal
// only; a lot deposit refunded before the lot opened can be paid again; deals paid and defaulted are audited.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { hasPaidDeposit, forfeitDeposit, refundDeposit, startDepositPayment } from '~/services/deposits.server.ts'
import { enterprisePaymentTasks } from '~/services/payment-reports.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import type { PaymentProvider } from '~/utils/payment-provider.server.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { TEST_CARDS } from '../../server/mock-provider/provider.ts'
import { createDeal, payDeposit } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, resetProvider, startWiredProvider, testClient } from '../support/payments.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let staff: Principal
const now = new Date('2026-11-23T02:00:00Z')
const { client: provider } = testClient()

beforeAll(async () => {
  const t = await createTestDatabase()
  db = t.prisma as Db
  close = t.close
  mock = startWiredProvider(db, () => now)
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
})
afterAll(async () => {
  mock?.close()
  await close?.()
})
beforeEach(() => resetProvider(mock))

/** The provider answers every refund with `status` (a pending refund completes later, by webhook). */
function refundsAnswer(status: 'pending' | 'failed'): PaymentProvider {
  return {
    ...provider,
    createRefund: async (input) => ({ id: `re_${status}_${input.metadata.paymentId}`, object: 'refund', amount: input.amount, currency: 'cny', payment_intent: input.paymentIntent, status, metadata: input.metadata }),
  }
}

const actions = async (entityId: string) => (await db.auditLog.findMany({ where: { entityId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((a) => a.action)

describe('a refund asked for', () => {
  test('pending at the provider: the deposit no longer counts for bidding, and the request is audited with who asked', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await makePrincipal(db, 'ENTERPRISE', '浙江退款待定有限公司')
    await register(db, session.id, e)
    const { paymentId } = await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    expect(await hasPaidDeposit(db, lots[0]!, e.organizationId)).toBe(true)

    const outcome = await refundDeposit(db, refundsAnswer('pending'), staff, paymentId, now)
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', message: 'serverText.payment.refundPending' })
    expect(await db.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({ status: 'SUCCEEDED', refundRequestedAt: now })
    // The lot may open now: the enterprise cannot bid on a deposit on its way back.
    expect(await hasPaidDeposit(db, lots[0]!, e.organizationId)).toBe(false)
    const request = await db.auditLog.findFirstOrThrow({ where: { entityId: paymentId, action: 'payment.refund-request' } })
    expect(request.actorId).toBe(staff.userId)
    // Asking again sends the same request and writes no second entry.
    await refundDeposit(db, refundsAnswer('pending'), staff, paymentId, now)
    expect((await actions(paymentId)).filter((a) => a === 'payment.refund-request')).toHaveLength(1)
  })

  test('refused by the provider: the deposit stands again, and the refusal is on record', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await makePrincipal(db, 'ENTERPRISE', '浙江退款被拒有限公司')
    await register(db, session.id, e)
    const { paymentId } = await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    await expect(refundDeposit(db, refundsAnswer('failed'), staff, paymentId, now)).rejects.toMatchObject({ code: 'conflict', key: 'refund.provider-refused' })
    expect(await db.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({ status: 'SUCCEEDED', refundRequestedAt: null })
    expect(await hasPaidDeposit(db, lots[0]!, e.organizationId)).toBe(true)
    expect(await actions(paymentId)).toEqual(expect.arrayContaining(['payment.refund-request', 'payment.refund-refused']))
  })

  test('refunded before the lot opened, the lot’s deposit can be paid again', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await makePrincipal(db, 'ENTERPRISE', '浙江再次缴纳有限公司')
    await register(db, session.id, e)
    const first = await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    expect(await refundDeposit(db, provider, staff, first.paymentId, now)).toMatchObject({ status: 'REFUNDED' })
    expect(await hasPaidDeposit(db, lots[0]!, e.organizationId)).toBe(false)
    const second = await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    expect(second).toMatchObject({ status: 'SUCCEEDED' })
    expect(second.paymentId).not.toBe(first.paymentId)
    expect(await hasPaidDeposit(db, lots[0]!, e.organizationId)).toBe(true)
    // Paying once more while it is held is refused, and nothing new is written.
    await expect(startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, now)).rejects.toMatchObject({ key: 'validation.payment.alreadyPaid' })
    expect(await db.payment.count({ where: { kind: 'DEPOSIT', lotId: lots[0]!.id, payerId: e.organizationId } })).toBe(2)
  })
})

describe('a session-wide deposit from before decision 021 counts toward one deal only', () => {
  test('two lots won: the balances add up to the prices to the fen, whatever order the checkouts run in', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now, lotDeposits: [6_000_000, 5_000_000] })
    const e = await makePrincipal(db, 'ENTERPRISE', '浙江两标的有限公司')
    await register(db, session.id, e)
    const legacy = await payDeposit(db, { sessionId: session.id, payerId: e.organizationId, amountFen: 6_000_000n })
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
    const deadline = new Date(now.getTime() + 7 * 86_400_000)
    const deal1 = await createDeal(db, lots[0]!, e, { priceFen: 50_000_000, paymentDeadline: deadline })
    const deal2 = await createDeal(db, lots[1]!, e, { priceFen: 40_000_000, paymentDeadline: deadline })
    const due = async () => Object.fromEntries((await enterprisePaymentTasks(db, e, now)).balances.map((b) => [b.dealId, b.dueFen]))
    // Before any checkout the deposit could count toward either: each page shows it.
    expect(await due()).toEqual({ [deal1.id]: 44_000_000, [deal2.id]: 34_000_000 })

    // Deal 2's checkout counts it (the card is declined): from now on it is deal 2's.
    expect(await startSettlementPayment(db, provider, e, { dealId: deal2.id, card: card(TEST_CARDS.declined) }, now)).toMatchObject({ status: 'FAILED' })
    expect(await db.payment.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({ status: 'SUCCEEDED', dealId: deal2.id })
    expect(await due()).toEqual({ [deal1.id]: 50_000_000, [deal2.id]: 34_000_000 })

    // Deal 1 is paid in full; deal 2 is then paid less the deposit, which is applied to it.
    const pay1 = await startSettlementPayment(db, provider, e, { dealId: deal1.id, card: card() }, now)
    const pay2 = await startSettlementPayment(db, provider, e, { dealId: deal2.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    const charged = await db.payment.findMany({ where: { kind: 'SETTLEMENT', payerId: e.organizationId, status: 'SUCCEEDED' } })
    expect(charged.map((p) => [p.id, Number(p.amountFen)]).sort()).toEqual([[pay1.paymentId, 50_000_000], [pay2.paymentId, 34_000_000]].sort())
    expect(await db.payment.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({ status: 'APPLIED', dealId: deal2.id })
    for (const d of [deal1, deal2]) {
      expect((await db.deal.findUniqueOrThrow({ where: { id: d.id } })).status).toBe('PAID')
      expect(await actions(d.id)).toContain('deal.paid')
    }
    // 50 + 34 paid by card and 6 applied: exactly the 90 万 of the two prices.
    expect(charged.reduce((s, p) => s + Number(p.amountFen), 0) + 6_000_000).toBe(90_000_000)
  })

  test('forfeited on the deal it counted toward, never on another; the default is audited', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now, lotDeposits: [6_000_000, 5_000_000] })
    const e = await makePrincipal(db, 'ENTERPRISE', '浙江一付一违约有限公司')
    await register(db, session.id, e)
    const legacy = await payDeposit(db, { sessionId: session.id, payerId: e.organizationId, amountFen: 6_000_000n })
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
    const deadline = new Date(now.getTime() + 86_400_000)
    const paid = await createDeal(db, lots[0]!, e, { priceFen: 50_000_000, paymentDeadline: deadline })
    const unpaid = await createDeal(db, lots[1]!, e, { priceFen: 40_000_000, paymentDeadline: deadline })
    await startSettlementPayment(db, provider, e, { dealId: paid.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    expect(await db.payment.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({ status: 'APPLIED', dealId: paid.id })
    // The other deal is not paid: its default forfeits nothing (the deposit went toward the first).
    const late = new Date(deadline.getTime() + 60_000)
    expect(await forfeitDeposit(db, staff, unpaid.id, late)).toBeNull()
    expect(await db.payment.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({ status: 'APPLIED' })
    const entry = await db.auditLog.findFirstOrThrow({ where: { entityId: unpaid.id, action: 'deal.default' } })
    expect(entry).toMatchObject({ actorId: staff.userId, fromStatus: 'AWAITING_PAYMENT', toStatus: 'DEFAULTED' })
    // The overdue notice names the balance the deal really had: its whole price.
    const notice = await db.notification.findFirstOrThrow({ where: { eventKey: `balance-overdue:${unpaid.id}` } })
    expect(notice.params).toMatchObject({ amountFen: 40_000_000 })
  })
})
