// Finding 2 of issue 11: a correctly signed payment_intent.succeeded for a FAILED 1,000-yuan deposit with amount 1 and
// currency "usd" made it SUCCEEDED with 100,000 fen in the ledger; a charge.refunded with amount_refunded 1 marked the
// whole deposit refunded. Now money that does not match is refused (422), recorded, audited and shown to staff, and a
// partial refund records the amount refunded without changing the payment's status.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { webhookAmountProblem } from '~/domain/payments.ts'
import { receivePaymentWebhook } from '~/services/payment-webhooks.server.ts'
import { startDepositPayment } from '~/services/deposits.server.ts'
import { paymentsNeedingAttention } from '~/services/payment-reports.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { sayIt } from '~/utils/said.ts'
import { signWebhookPayload } from '~/utils/payment-webhook.server.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { TEST_CARDS } from '../../server/mock-provider/provider.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, TEST_WEBHOOK_SECRET, testClient, startWiredProvider } from '../support/payments.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
const now = new Date('2026-11-23T02:00:00Z')
const { client: provider } = testClient()
let serial = 0

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db, () => now)
})
afterAll(async () => {
  mock?.close()
  await close?.()
})

async function deposit(cardNumber: string) {
  const { session, lots } = await makeSession(db, { now, lotDeposits: [100_000] })
  const e = await makePrincipal(db, 'ENTERPRISE', '浙江越隆缝制设备有限公司')
  await register(db, session.id, e, 'APPROVED')
  const { paymentId } = await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card(cardNumber) }, now)
  await mock.provider.webhooksSettled()
  return { ...(await db.payment.findUniqueOrThrow({ where: { id: paymentId } })), bureauId: session.bureauId }
}

function send(type: string, object: Record<string, unknown>) {
  const body = JSON.stringify({ id: `evt_probe_${++serial}`, object: 'event', type, created: Math.floor(now.getTime() / 1000), data: { object } })
  return receivePaymentWebhook(db, body, signWebhookPayload(body, TEST_WEBHOOK_SECRET, Math.floor(now.getTime() / 1000)), TEST_WEBHOOK_SECRET, now)
}

const intent = (id: string, amount: number, currency: string) => ({ object: 'payment_intent', id, status: 'succeeded', amount, currency, metadata: {} })
const charge = (intentId: string, amount: number, refunded: number, full: boolean) => ({ object: 'charge', id: `ch_${intentId}`, payment_intent: intentId, amount, amount_refunded: refunded, refunded: full, refund: `re_${serial}` })

describe('a webhook whose money differs from the payment is refused, recorded and shown to staff', () => {
  test.each([
    [{ amountFen: 100_000, currency: 'cny' }, null],
    [{ amountFen: 1, currency: 'usd' }, 'amount'],
    [{ amountFen: 100_000, currency: 'usd' }, 'currency'],
    [{ amountFen: 100_000, refundedFen: 1, fullyRefunded: true }, 'refund-amount'],
    [{ amountFen: 100_000, refundedFen: 100_001 }, 'refund-amount'],
    [{ amountFen: 100_000, refundedFen: 0, fullyRefunded: false }, 'refund-amount'],
    [{ amountFen: 100_000, refundedFen: 100_000, fullyRefunded: true }, null],
    [{ amountFen: 100_000, refundedFen: 1, fullyRefunded: false }, null],
  ])('%o → %s', (reported, problem) => {
    expect(webhookAmountProblem({ amountFen: 100_000, currency: 'CNY' }, reported)).toBe(problem)
  })

  test('a success of 1 fen in USD for a failed 1,000-yuan deposit changes nothing', async () => {
    const p = await deposit(TEST_CARDS.declined)
    expect(p.status).toBe('FAILED')
    expect(await send('payment_intent.succeeded', intent(p.providerId!, 1, 'usd'))).toEqual({ status: 422, body: { outcome: 'refused-mismatch', paymentId: p.id } })
    expect(await send('payment_intent.succeeded', intent(p.providerId!, 100_000, 'usd'))).toMatchObject({ status: 422 })
    expect((await db.payment.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('FAILED')
    expect(await db.ledgerEntry.count({ where: { paymentId: p.id } })).toBe(0)
    expect(await db.paymentEvent.count({ where: { paymentId: p.id, outcome: 'refused-mismatch' } })).toBe(2)
    expect(await db.auditLog.count({ where: { entityId: p.id, action: 'payment.webhook-refused' } })).toBe(2)
    const attention = await paymentsNeedingAttention(db, now, p.bureauId)
    expect(attention.filter((a) => a.paymentId === p.id && sayIt(fixedT('zh-CN'), 'zh-CN', a.problem).includes('不符'))).toHaveLength(2)
  })

  test('"refunded" with 1 fen refunded is refused; a partial refund records the amount and keeps the status', async () => {
    const p = await deposit(TEST_CARDS.success)
    expect(p.status).toBe('SUCCEEDED')
    expect((await send('charge.refunded', charge(p.providerId!, 100_000, 1, true))).status).toBe(422)
    expect((await db.payment.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('SUCCEEDED')
    expect(await send('charge.refunded', charge(p.providerId!, 100_000, 2_500, false))).toEqual({ status: 200, body: { outcome: 'partial-refund', paymentId: p.id } })
    expect(await db.payment.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ status: 'SUCCEEDED', refundedFen: 2_500n })
    expect(await db.auditLog.count({ where: { entityId: p.id, action: 'payment.partial-refund' } })).toBe(1)
    expect((await paymentsNeedingAttention(db, now, p.bureauId)).some((a) => a.key === `partial-refund:${p.id}`)).toBe(true)
    // The whole amount refunded is a refund, as before.
    expect(await send('charge.refunded', charge(p.providerId!, 100_000, 100_000, true))).toEqual({ status: 200, body: { outcome: 'applied', paymentId: p.id } })
    expect((await db.payment.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('REFUNDED')
  })
})
