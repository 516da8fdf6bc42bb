// Payments end to end on a real database (PGlite, or PostgreSQL with
// DATABASE_URL) against the msw mock provider, its webhooks delivered into
// the app's own handler.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { historyExplains, type PaymentStatus } from '~/domain/payments.ts'
import { errorText, ServiceError } from '~/utils/errors.ts'
import { receivePaymentWebhook } from '~/services/payment-webhooks.server.ts'
import { reconcilePayment } from '~/services/card-payments.server.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { depositRefundProblem, forfeitDeposit, hasPaidDeposit, refundDeposit, refundLosingDeposits, startDepositPayment } from '~/services/deposits.server.ts'
import { depositReport, listPayments } from '~/services/payment-reports.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { fixedT, translateMessage } from '~/i18n/catalogue.ts'
import { signWebhookPayload } from '~/utils/payment-webhook.server.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { TEST_CARDS } from '../../server/mock-provider/provider.ts'
import { createDeal } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, TEST_WEBHOOK_SECRET, testClient, resetProvider, startWiredProvider } from '../support/payments.ts'
import { largestDepositLot } from '../support/payments.ts'
import { makeApprovedReward } from '../support/rewards.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let staff: Principal
let now = new Date('2026-11-23T02:00:00Z')
const clock = () => now
const { client: provider } = testClient()

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db, clock)
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
})
afterAll(async () => {
  mock?.close()
  await close?.()
})
beforeEach(() => resetProvider(mock))

async function enterpriseIn(sessionId: string, name = '浙江越隆缝制设备有限公司', status: 'APPROVED' | 'PENDING' | 'REFUSED' = 'APPROVED') {
  const e = await makePrincipal(db, 'ENTERPRISE', name)
  await register(db, sessionId, e, status)
  return e
}

async function trail(paymentId: string) {
  const rows = await db.auditLog.findMany({ where: { entityType: 'Payment', entityId: paymentId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
  return rows.filter((r) => r.toStatus !== null)
}

async function explained(paymentId: string): Promise<boolean> {
  const p = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { ledgerEntries: true } })
  const steps = (await trail(paymentId)).map((a) => ({ from: a.fromStatus as PaymentStatus | null, to: a.toStatus as PaymentStatus }))
  return historyExplains(p.kind, steps, p.status)
}

async function ledgerOf(paymentId: string) {
  return (await db.ledgerEntry.findMany({ where: { paymentId }, orderBy: { kind: 'asc' } })).map((e) => [e.kind, Number(e.amountFen)])
}

describe('paying the deposit', () => {
  test('an approved enterprise pays by card: succeeded, posted once, every step audited', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now, lotDeposits: [3_000_000, 5_000_000] })
    const e = await enterpriseIn(session.id)
    // The webhook is held until the answer is in (on PostgreSQL an automatic one may overtake it; both orders end the same).
    mock.provider.webhookMode = 'manual'
    const outcome = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    await mock.provider.deliverPending()
    await mock.provider.webhooksSettled()
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', message: 'serverText.payment.succeeded' })
    const payment = await db.payment.findUniqueOrThrow({ where: { id: outcome.paymentId } })
    expect(payment).toMatchObject({ kind: 'DEPOSIT', amountFen: 5_000_000n, currency: 'CNY', attempts: 1, idempotencyKey: `deposit-lot:${payment.lotId}:${e.organizationId}`, sessionId: session.id })
    expect(payment.providerId).toMatch(/^pi_/)
    expect(await ledgerOf(payment.id)).toEqual([['deposit_received', 5_000_000]])
    expect((await trail(payment.id)).map((a) => [a.action, a.fromStatus, a.toStatus])).toEqual([
      ['payment.create', null, 'REQUIRES_PAYMENT'],
      ['payment.attempt', 'REQUIRES_PAYMENT', 'PROCESSING'],
      ['payment.succeeded', 'PROCESSING', 'SUCCEEDED'],
    ])
    // the webhook came after the answer and changed nothing
    expect(await db.paymentEvent.findMany({ where: { paymentId: payment.id } })).toMatchObject([{ type: 'payment_intent.succeeded', outcome: 'ignored-duplicate' }])
    expect(await hasPaidDeposit(db, { id: payment.lotId!, sessionId: session.id }, e.organizationId)).toBe(true)
    await expect(startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)).rejects.toMatchObject({ code: 'wrong-status', key: 'validation.payment.alreadyPaid', message: '已付款，无需重复支付' })
  })

  test('a declined card says why; another card then pays; one charge in all', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id)
    const before = mock.provider.totals()
    const declined = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card(TEST_CARDS.insufficientFunds) }, now)
    expect(declined).toMatchObject({ status: 'FAILED', declineCode: 'insufficient_funds', message: 'validation.decline.insufficient_funds' })
    expect(translateMessage(fixedT('zh-CN'), declined.message)).toBe('卡内余额不足，请换一张卡或充值后重试。')
    const generic = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card(TEST_CARDS.declined) }, now)
    expect(generic).toMatchObject({ status: 'FAILED', declineCode: 'card_declined' })
    const paid = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    await mock.provider.webhooksSettled()
    expect(paid.status).toBe('SUCCEEDED')
    expect(paid.paymentId).toBe(declined.paymentId)
    expect(mock.provider.totals().charges - before.charges).toBe(1)
    expect(await ledgerOf(paid.paymentId)).toEqual([['deposit_received', 5_000_000]])
    expect(await explained(paid.paymentId)).toBe(true)
  })

  test.each([
    ['PENDING' as const, 'deposit.not-approved'],
    ['REFUSED' as const, 'deposit.not-approved'],
  ])('a registration %s is refused and nothing is written', async (status, key) => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id, '绍兴某企业', status)
    const [payments, audits] = [await db.payment.count(), await db.auditLog.count()]
    await expect(startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)).rejects.toMatchObject({ code: 'not-allowed', key })
    expect([await db.payment.count(), await db.auditLog.count()]).toEqual([payments, audits])
  })

  test('an enterprise not registered at all, staff, or a closed session: refused', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const outsider = await makePrincipal(db, 'ENTERPRISE', '未报名企业')
    await expect(startDepositPayment(db, provider, outsider, { lotId: await largestDepositLot(db, session.id), card: card() }, now)).rejects.toMatchObject({ code: 'not-allowed' })
    await expect(startDepositPayment(db, provider, staff, { lotId: await largestDepositLot(db, session.id), card: card() }, now)).rejects.toMatchObject({ code: 'forbidden' })
    const closed = await makeSession(db, { bureauId: staff.organizationId, now, status: 'CLOSED' })
    const e = await enterpriseIn(closed.session.id)
    await expect(startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, closed.session.id), card: card() }, now)).rejects.toMatchObject({ code: 'wrong-status' })
  })
})

describe('a provider timeout after a successful charge', () => {
  test('then a retry with the same key: one charge, one posting, SUCCEEDED', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id)
    const before = mock.provider.totals()
    // create intent answers; the confirm charges, then its answer never arrives; the client retries
    mock.provider.webhookMode = 'manual'
    mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
    const outcome = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    // the answer the retry got is the first call's: the payment succeeded without a webhook
    expect(outcome.status).toBe('SUCCEEDED')
    expect(mock.provider.totals().charges - before.charges).toBe(1)
    await mock.provider.deliverPending({ times: 2 })
    expect(await ledgerOf(outcome.paymentId)).toEqual([['deposit_received', 5_000_000]])
  })

  test('when every retry times out the payment waits in PROCESSING; the late webhook settles it, once', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id)
    mock.provider.webhookMode = 'manual'
    const { client: impatient } = testClient({ maxAttempts: 2 })
    const before = mock.provider.totals()
    // the intent is created; the confirm charges, then neither it nor its retry answer
    mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
    mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
    const outcome = await startDepositPayment(db, impatient, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    expect(outcome).toMatchObject({ status: 'PROCESSING', message: 'serverText.payment.processing' })
    expect(mock.provider.totals().charges - before.charges).toBe(1)
    // paying again meanwhile is refused, so no second charge can start
    await expect(startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)).rejects.toMatchObject({ code: 'wrong-status' })
    await mock.provider.deliverPending({ times: 3 })
    const payment = await db.payment.findUniqueOrThrow({ where: { id: outcome.paymentId } })
    expect(payment.status).toBe('SUCCEEDED')
    expect(await ledgerOf(payment.id)).toEqual([['deposit_received', 5_000_000]])
    expect(mock.provider.totals().charges - before.charges).toBe(1)
    expect(await explained(payment.id)).toBe(true)
  })

  test('or a reconciliation asks the provider and records what it says', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id)
    mock.provider.webhookMode = 'manual'
    const { client: impatient } = testClient({ maxAttempts: 1 })
    mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
    const outcome = await startDepositPayment(db, impatient, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    expect(outcome.status).toBe('PROCESSING')
    expect(await reconcilePayment(db, provider, outcome.paymentId, now)).toMatchObject({ status: 'SUCCEEDED' })
    mock.provider.pending = []
  })
})

describe('webhooks', () => {
  async function paidDeposit() {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now, status: 'CLOSED' })
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'PLANNED' } })
    const e = await enterpriseIn(session.id)
    mock.provider.webhookMode = 'manual'
    const outcome = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
    return { session, e, paymentId: outcome.paymentId }
  }

  test('the same event replayed ten times: one state change, one ledger entry', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id)
    mock.provider.webhookMode = 'manual'
    // the answer is lost (500 after the effect, no retries): only the webhook can tell
    const { client: once } = testClient({ maxAttempts: 1 })
    mock.provider.failNextAfterEffect(500, { path: /confirm$/ })
    const { paymentId } = await startDepositPayment(db, once, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    expect((await db.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe('PROCESSING')
    await mock.provider.deliverPending({ times: 10 })
    expect((await db.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe('SUCCEEDED')
    expect(await ledgerOf(paymentId)).toEqual([['deposit_received', 5_000_000]])
    expect((await trail(paymentId)).filter((a) => a.action === 'payment.succeeded')).toHaveLength(1)
    expect(await db.paymentEvent.count({ where: { paymentId } })).toBe(1)
  })

  test('refund then a late, duplicated success: the refund stands', async () => {
    const { paymentId } = await paidDeposit()
    const succeeded = mock.provider.pending.splice(0)
    expect(await refundDeposit(db, provider, staff, paymentId, now)).toMatchObject({ status: 'REFUNDED' })
    // charge.refunded first, then the old succeeded twice
    await mock.provider.deliverPending()
    mock.provider.pending.push(...succeeded, ...succeeded)
    await mock.provider.deliverPending()
    const p = await db.payment.findUniqueOrThrow({ where: { id: paymentId } })
    expect(p.status).toBe('REFUNDED')
    expect(p.providerRefundId).toMatch(/^re_/)
    expect(await ledgerOf(paymentId)).toEqual([['deposit_received', 5_000_000], ['deposit_refunded', 5_000_000]])
    expect(await explained(paymentId)).toBe(true)
  })

  test('events in reverse order (refund before success, neither answer seen): the right end state', async () => {
    const { paymentId } = await paidDeposit()
    // forget what the answer told us, as if it had been lost
    await db.payment.update({ where: { id: paymentId }, data: { status: 'PROCESSING', paidAt: null } })
    await db.ledgerEntry.deleteMany({ where: { paymentId } })
    const p0 = await db.payment.findUniqueOrThrow({ where: { id: paymentId } })
    await provider.createRefund({ paymentIntent: p0.providerId!, amount: 5_000_000, metadata: {} }, `refund:${paymentId}`)
    await mock.provider.deliverPending({ order: 'reverse', times: 2 })
    const p = await db.payment.findUniqueOrThrow({ where: { id: paymentId } })
    expect(p.status).toBe('REFUNDED')
    expect(await ledgerOf(paymentId)).toEqual([['deposit_received', 5_000_000], ['deposit_refunded', 5_000_000]])
  })

  test('a decline delivered after the success does not undo it', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id)
    mock.provider.webhookMode = 'manual'
    await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card(TEST_CARDS.declined) }, now)
    const { paymentId } = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    await mock.provider.deliverPending({ order: 'reverse' })
    expect((await db.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe('SUCCEEDED')
    expect(await explained(paymentId)).toBe(true)
  })

  describe('signatures', () => {
    const body = JSON.stringify({ id: 'evt_sig', object: 'event', type: 'payment_intent.succeeded', created: 0, data: { object: {} } })
    const t = () => Math.floor(now.getTime() / 1000)
    test.each([
      ['unsigned', null, 'signature missing'],
      ['malformed', 'v1=abc', 'signature malformed'],
      ['signed with another secret', signWebhookPayload(body, 'whsec_other_secret', Math.floor(Date.parse('2026-11-23T02:00:00Z') / 1000)), 'signature mismatch'],
      ['301 s old', signWebhookPayload(body, TEST_WEBHOOK_SECRET, Math.floor(Date.parse('2026-11-23T02:00:00Z') / 1000) - 301), 'signature timestamp'],
      ['301 s in the future', signWebhookPayload(body, TEST_WEBHOOK_SECRET, Math.floor(Date.parse('2026-11-23T02:00:00Z') / 1000) + 301), 'signature timestamp'],
    ])('%s: refused with 400, nothing recorded', async (_name, header, error) => {
      now = new Date('2026-11-23T02:00:00Z')
      const events = await db.paymentEvent.count()
      expect(await receivePaymentWebhook(db, body, header, TEST_WEBHOOK_SECRET, now)).toEqual({ status: 400, body: { error } })
      expect(await db.paymentEvent.count()).toBe(events)
    })

    test('a body changed after signing is refused', async () => {
      const header = signWebhookPayload(body, TEST_WEBHOOK_SECRET, t())
      expect((await receivePaymentWebhook(db, body.replace('evt_sig', 'evt_sig2'), header, TEST_WEBHOOK_SECRET, now)).status).toBe(400)
    })

    test('300 s off is still accepted', async () => {
      const ok = JSON.stringify({ id: 'evt_300', object: 'event', type: 'ping', created: t(), data: { object: { object: 'payout', id: 'po_x', status: 'paid', amount: 1, currency: 'cny', metadata: {} } } })
      const r = await receivePaymentWebhook(db, ok, signWebhookPayload(ok, TEST_WEBHOOK_SECRET, t() - 300), TEST_WEBHOOK_SECRET, now)
      expect(r).toEqual({ status: 200, body: { outcome: 'ignored-type' } })
    })
  })
})

describe('deposits of a session: held = paid − refunded − applied − forfeited', () => {
  test('deposits through every outcome, and the report agrees with itself', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now, lotDeposits: [2_000_000, 2_000_000, 2_000_000] })
    const [loser, payer, defaulter, stillHeld] = [
      await enterpriseIn(session.id, '失败者'),
      await enterpriseIn(session.id, '按时付款者'),
      await enterpriseIn(session.id, '违约者'),
      await enterpriseIn(session.id, '仍持有者'),
    ]
    const declined = await enterpriseIn(session.id, '拒付者')
    // One deposit per lot (decision 021): the payer and the loser for lot 1, the defaulter for lot 2, the last for lot 3.
    for (const [e, lot] of [[loser, lots[0]!], [payer, lots[0]!], [defaulter, lots[1]!], [stillHeld, lots[2]!]] as const) {
      expect((await startDepositPayment(db, provider, e, { lotId: lot.id, card: card() }, now)).status).toBe('SUCCEEDED')
    }
    await startDepositPayment(db, provider, declined, { lotId: lots[0]!.id, card: card(TEST_CARDS.declined) }, now)
    await mock.provider.webhooksSettled()
    expect(await depositReport(db, session.id)).toMatchObject({ paid: 8_000_000, held: 8_000_000, heldByStatus: 8_000_000, balanced: true })

    // the auction ends: two deals; deadline in a week
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
    const deadline = new Date(now.getTime() + 7 * 86_400_000)
    const paidDeal = await createDeal(db, lots[0]!, payer, { priceFen: 12_000_000, paymentDeadline: deadline })
    const defaultedDeal = await createDeal(db, lots[1]!, defaulter, { priceFen: 9_000_000, paymentDeadline: deadline })

    // losers are refunded; winners' deposits stay (the still-held one is refunded separately below)
    const refunded = await refundLosingDeposits(db, provider, staff, session.id, now)
    expect(refunded.map((r) => r.status)).toEqual(['REFUNDED', 'REFUNDED'])
    // the winner's deposit cannot be refunded while its deal awaits payment
    const payerDeposit = await db.payment.findFirstOrThrow({ where: { sessionId: session.id, payerId: payer.organizationId, kind: 'DEPOSIT' } })
    await expect(refundDeposit(db, provider, staff, payerDeposit.id, now)).rejects.toMatchObject({ code: 'not-allowed', key: 'deposit.held-for-deal' })
    // the staff payments page asks the same rule and does not offer 退还 for it
    expect(await depositRefundProblem(db, { sessionStatus: 'CLOSED', sessionId: session.id, payerId: payer.organizationId, lotId: lots[0]!.id })).toBe('deposit.held-for-deal')

    // the winner pays the price less its deposit; the deposit is applied to the price
    const settlement = await startSettlementPayment(db, provider, payer, { dealId: paidDeal.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    expect(settlement.status).toBe('SUCCEEDED')
    expect(await db.payment.findUniqueOrThrow({ where: { id: settlement.paymentId } })).toMatchObject({ amountFen: 10_000_000n })
    expect(await db.deal.findUniqueOrThrow({ where: { id: paidDeal.id } })).toMatchObject({ status: 'PAID' })
    expect(await db.payment.findUniqueOrThrow({ where: { id: payerDeposit.id } })).toMatchObject({ status: 'APPLIED' })

    // the other winner does not pay: forfeiting before the deadline is refused, after it done
    await expect(forfeitDeposit(db, staff, defaultedDeal.id, now)).rejects.toMatchObject({ code: 'not-allowed' })
    const late = new Date(deadline.getTime() + 1000)
    await expect(startSettlementPayment(db, provider, defaulter, { dealId: defaultedDeal.id, card: card() }, late)).rejects.toMatchObject({ code: 'not-allowed' })
    expect(await forfeitDeposit(db, staff, defaultedDeal.id, late)).toMatchObject({ status: 'FORFEITED' })
    expect(await db.deal.findUniqueOrThrow({ where: { id: defaultedDeal.id } })).toMatchObject({ status: 'DEFAULTED' })

    const report = await depositReport(db, session.id)
    expect(report).toMatchObject({ paid: 8_000_000, refunded: 4_000_000, applied: 2_000_000, forfeited: 2_000_000, held: 0, heldByStatus: 0, balanced: true })
    expect(report.deposits.map((d) => d.status).sort()).toEqual(['APPLIED', 'FAILED', 'FORFEITED', 'REFUNDED', 'REFUNDED'])
    for (const d of report.deposits) expect(await explained(d.paymentId)).toBe(true)
    expect(await explained(settlement.paymentId)).toBe(true)

    // the ledger of the whole session balances: every debit has its credit
    const entries = await db.ledgerEntry.findMany({ where: { sessionId: session.id } })
    const balance = new Map<string, bigint>()
    for (const en of entries) {
      balance.set(en.debit, (balance.get(en.debit) ?? 0n) + en.amountFen)
      balance.set(en.credit, (balance.get(en.credit) ?? 0n) - en.amountFen)
    }
    expect([...balance.values()].reduce((a, b) => a + b, 0n)).toBe(0n)
    expect(balance.get('deposits_held')).toBe(0n)
    // the seller is owed the full price of the deal that was paid
    expect(balance.get('seller_payable')).toBe(-12_000_000n)
    expect(balance.get('forfeited_deposits')).toBe(-2_000_000n)
  })

  test('a deposit that covers the whole price is applied without a card payment', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now, lotDeposits: [2_000_000] })
    const e = await enterpriseIn(session.id)
    await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, now)
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
    const d = await createDeal(db, lots[0]!, e, { priceFen: 2_000_000, paymentDeadline: new Date(now.getTime() + 86_400_000) })
    const charges = mock.provider.totals().charges
    expect(await startSettlementPayment(db, provider, e, { dealId: d.id, card: card() }, now)).toMatchObject({ status: 'APPLIED' })
    expect(mock.provider.totals().charges).toBe(charges)
    expect(await db.deal.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: 'PAID' })
    expect(await depositReport(db, session.id)).toMatchObject({ paid: 2_000_000, applied: 2_000_000, held: 0, balanced: true })
  })
})

describe('contract payments reported outside auctions, and reward payouts', () => {
  async function contract(viaAuction = false) {
    const buyer = await makePrincipal(db, 'ENTERPRISE', '浙江精工集成科技股份有限公司')
    const seller = await makePrincipal(db, 'UNIVERSITY', '浙江工业大学')
    const c = await db.contract.create({
      data: {
        bureauId: staff.organizationId,
        registrationNo: `2026330600${Math.random().toString().slice(2, 10)}`,
        kind: 'TRANSFER',
        buyerId: buyer.organizationId,
        sellerId: seller.organizationId,
        amountFen: 100_000_000n,
        signedOn: new Date('2026-06-01T00:00:00Z'),
        viaAuction,
        registeredById: staff.userId,
      },
    })
    return { c, buyer }
  }

  test.each([
    [{ amountFen: -100 }, 'invalid', '金额必须大于零'],
    [{ amountFen: 0 }, 'invalid', '金额必须大于零'],
    [{ amountFen: 100.5 }, 'invalid', '金额必须是整数（单位：分）'],
    [{ currency: 'USD' }, 'invalid', '不支持的币种：USD（仅支持人民币 CNY）'],
    [{ amountFen: 100_000_001 }, 'invalid', '累计付款超过合同金额'],
    [{ reference: '  ' }, 'invalid', '请填写付款凭证号'],
    [{ paidOn: new Date('2027-01-01T00:00:00Z') }, 'invalid', '付款日期不能晚于今天'],
  ])('bad input %o: %s "%s", nothing written', async (over, code, message) => {
    const { c } = await contract()
    const [payments, audits] = [await db.payment.count(), await db.auditLog.count()]
    const error = await recordContractPayment(
      db,
      staff,
      { contractId: c.id, amountFen: 30_000_000, currency: 'CNY', paidOn: new Date('2026-07-01T00:00:00Z'), reference: 'HK-1', ...over },
      now,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ code })
    expect(errorText(error as ServiceError)).toBe(message)
    expect([await db.payment.count(), await db.auditLog.count()]).toEqual([payments, audits])
  })

  test('instalments are recorded once per reference; an auction contract is paid through the platform instead', async () => {
    const { c, buyer } = await contract()
    const input = { contractId: c.id, amountFen: 30_000_000, currency: 'CNY', paidOn: new Date('2026-07-01T00:00:00Z'), reference: 'HK-1' }
    const first = await recordContractPayment(db, staff, input, now)
    expect(await recordContractPayment(db, staff, input, now)).toEqual({ ...first, duplicate: true })
    await expect(recordContractPayment(db, staff, { ...input, amountFen: 1 }, now)).rejects.toMatchObject({ code: 'conflict' })
    await expect(recordContractPayment(db, buyer, input, now)).rejects.toMatchObject({ code: 'forbidden' })
    expect(await explained(first.id)).toBe(true)
    expect(await db.ledgerEntry.count({ where: { paymentId: first.id } })).toBe(0)
    // A contract of our own auction (it has a deal) is paid through the platform...
    const ours = await contract(true)
    const result = await db.researchResult.create({ data: { ownerId: ours.c.sellerId, title: '竞价成果', summary: '', field: 'equipment', ipKind: 'KNOW_HOW', maturity: 'PROTOTYPE', askingPriceFen: 1n, contactName: 'x', contactPhone: 'x' } })
    const deal = await db.deal.create({ data: { resultId: result.id, buyerId: ours.c.buyerId, sellerId: ours.c.sellerId, priceFen: 100_000_000n, paymentDeadline: now } })
    await db.contract.update({ where: { id: ours.c.id }, data: { dealId: deal.id } })
    await expect(recordContractPayment(db, staff, { ...input, contractId: ours.c.id }, now)).rejects.toMatchObject({ code: 'not-allowed' })
    // ...one made through another technology market's auction reports its instalments like any other.
    const other = await contract(true)
    await expect(recordContractPayment(db, staff, { ...input, contractId: other.c.id }, now)).resolves.toMatchObject({ status: 'SUCCEEDED' })
  })

  const approvedReward = async (creditCode?: string) =>
    makeApprovedReward(db, staff, await makePrincipal(db, 'ENTERPRISE', '获奖企业', creditCode), { amountFen: 5_000_000, paidFen: 50_000_000, now })

  test('an approved reward is paid out once; the reward becomes PAID', async () => {
    const reward = await approvedReward()
    const outcome = await payoutReward(db, provider, staff, reward.id, now)
    await mock.provider.webhooksSettled()
    expect(outcome.status).toBe('SUCCEEDED')
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ status: 'PAID' })
    expect(await ledgerOf(outcome.paymentId)).toEqual([['reward_paid_out', 5_000_000]])
    await expect(payoutReward(db, provider, staff, reward.id, now)).rejects.toMatchObject({ code: 'wrong-status' })
    expect(await explained(outcome.paymentId)).toBe(true)
  })

  test('a payout to a closed account fails, says what to do, and may be tried again under a new key', async () => {
    const reward = await approvedReward(`ACCTFAIL${Math.random().toString(36).slice(2, 8).toUpperCase()}`)
    await db.organization.update({ where: { id: reward.enterpriseId }, data: { creditCode: `FAIL${reward.id}` } })
    const failed = await payoutReward(db, provider, staff, reward.id, now)
    await mock.provider.webhooksSettled()
    expect(failed).toMatchObject({ status: 'FAILED', declineCode: 'account_closed' })
    expect(failed).toMatchObject({ message: 'serverText.payment.payoutFailed', params: { reason: 'account_closed' } })
    expect(translateMessage(fixedT('zh-CN'), failed.message, failed.params)).toContain('请核对企业收款账户后重试')
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ status: 'APPROVED' })
    // the enterprise gives a working account; the second attempt is a new payout with its own key
    await db.organization.update({ where: { id: reward.enterpriseId }, data: { creditCode: `OK${reward.id}` } })
    const paid = await payoutReward(db, provider, staff, reward.id, now)
    await mock.provider.webhooksSettled()
    expect(paid).toMatchObject({ status: 'SUCCEEDED', paymentId: failed.paymentId })
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ status: 'PAID' })
    expect(await ledgerOf(paid.paymentId)).toEqual([['reward_paid_out', 5_000_000]])
    expect(mock.provider.calls.filter((c) => c.path === '/v1/payouts' && c.idempotencyKey?.startsWith(`payout:${reward.id}`)).map((c) => c.idempotencyKey)).toEqual([
      `payout:${reward.id}`,
      `payout:${reward.id}:2`,
    ])
    expect(await explained(paid.paymentId)).toBe(true)
  })

  test("staff see every payment of their bureau's business, none of another's; an enterprise only its own", async () => {
    const ours = await makeSession(db, { bureauId: staff.organizationId, now })
    const theirs = await makeSession(db, { now })
    const e = await enterpriseIn(ours.session.id)
    const other = await enterpriseIn(theirs.session.id)
    const a = await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, ours.session.id), card: card() }, now)
    const b = await startDepositPayment(db, provider, other, { lotId: await largestDepositLot(db, theirs.session.id), card: card() }, now)
    const mine = await listPayments(db, e)
    expect(mine.payments.every((p) => p.payer === e.name)).toBe(true)
    expect(mine.total).toBe(1)
    const seen = (await listPayments(db, staff, { kind: 'DEPOSIT' })).payments.map((p) => p.id)
    expect(seen).toContain(a.paymentId)
    expect(seen).not.toContain(b.paymentId)
  })
})

describe('the staff payments page offers 退还 by the rule refundDeposit applies', () => {
  test('a lot whose bidding runs: refused with lot-live, and the rule says so before anyone presses the button', async () => {
    const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id, '浙江退还规则测试有限公司')
    const { paymentId } = await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, now)
    await mock.provider.webhooksSettled()
    const row = async () => (await listPayments(db, staff, { sessionId: session.id })).payments.find((p) => p.id === paymentId)!
    expect(await depositRefundProblem(db, (await row())!)).toBeNull()

    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'LIVE' } })
    await db.lot.update({ where: { id: lots[0]!.id }, data: { status: 'LIVE' } })
    expect(await depositRefundProblem(db, await row())).toBe('lotDeposits.errors.lot-live')
    await expect(refundDeposit(db, provider, staff, paymentId, now)).rejects.toMatchObject({ code: 'not-allowed', key: 'lotDeposits.errors.lot-live' })

    // The lot is decided while the session is still live: its deposit can go back now.
    await db.lot.update({ where: { id: lots[0]!.id }, data: { status: 'UNSOLD' } })
    expect(await depositRefundProblem(db, await row())).toBeNull()
    expect(await refundDeposit(db, provider, staff, paymentId, now)).toMatchObject({ status: 'REFUNDED' })
  })

  test('a session-wide deposit from before decision 021 keeps the session rule: not while the session is live', async () => {
    const { session } = await makeSession(db, { bureauId: staff.organizationId, now })
    const e = await enterpriseIn(session.id, '浙江旧保证金有限公司')
    const legacy = { sessionId: session.id, payerId: e.organizationId, lotId: null }
    expect(await depositRefundProblem(db, { ...legacy, sessionStatus: 'PLANNED' })).toBeNull()
    expect(await depositRefundProblem(db, { ...legacy, sessionStatus: 'LIVE' })).toBe('deposit.session-live')
  })
})
