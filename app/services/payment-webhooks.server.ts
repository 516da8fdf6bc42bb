// The provider's webhook, transport-free: verify the signature (timestamp
// tolerance 300 s), parse the event, and apply what it says as a fact: matched
// to the payment, checked against its amount and currency, applied once. The
// Remix route and the tests call receivePaymentWebhook.
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { type PaymentEvent, webhookAmountProblem, type ReportedAmount } from '~/domain/payments.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { type ProviderEvent, ProviderEventSchema, verifyWebhookSignature } from '~/utils/payment-webhook.server.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { queueRewardWork } from './reward-worker.server.ts'
import { applyFactTx } from './payment-state.server.ts'

export type WebhookResponse = { status: 200 | 422; body: WebhookResult } | { status: 400; body: { error: string } }

export async function receivePaymentWebhook(
  db: Db,
  rawBody: string,
  signatureHeader: string | null,
  secret: string,
  now: Date,
): Promise<WebhookResponse> {
  if (!secret) return { status: 400, body: { error: 'webhook secret not configured' } }
  const check = verifyWebhookSignature(rawBody, signatureHeader, secret, now)
  if (!check.ok) return { status: 400, body: { error: `signature ${check.reason}` } }
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  } catch {
    return { status: 400, body: { error: 'body is not JSON' } }
  }
  const event = ProviderEventSchema.safeParse(json)
  if (!event.success) return { status: 400, body: { error: 'not a provider event' } }
  const result = await handleWebhookEvent(db, event.data, now)
  // Refused (amount or currency not the payment's): recorded, and answered as refused; a redelivery is a duplicate.
  return { status: result.outcome === 'refused-mismatch' ? 422 : 200, body: result }
}

export type WebhookResult = {
  outcome: 'applied' | 'ignored-duplicate' | 'ignored-stale' | 'ignored-type' | 'unknown-payment' | 'duplicate-event' | 'refused-mismatch' | 'partial-refund'
  paymentId?: string
}

type EventFact = { providerObjectId: string; fact: PaymentEvent; reported: ReportedAmount; reason?: string; refundId?: string; paymentIdHint?: string; partial?: boolean }

function factOfEvent(event: ProviderEvent): EventFact | null {
  const o = event.data.object
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.processing': {
      if (o.object !== 'payment_intent') return null
      const fact = event.type === 'payment_intent.succeeded' ? 'succeeded' : event.type === 'payment_intent.processing' ? 'processing' : 'failed'
      return { providerObjectId: o.id, fact, reported: { amountFen: o.amount, currency: o.currency }, reason: o.last_payment_error?.decline_code ?? o.last_payment_error?.code, paymentIdHint: o.metadata.paymentId }
    }
    case 'charge.refunded':
      if (o.object !== 'charge') return null
      // A partial refund (refunded: false, some amount refunded) is recorded on the payment; its status stays.
      return {
        providerObjectId: o.payment_intent,
        fact: 'refunded',
        reported: { amountFen: o.amount, refundedFen: o.amount_refunded, fullyRefunded: o.refunded },
        refundId: o.refund ?? undefined,
        partial: !o.refunded,
      }
    case 'payout.paid':
    case 'payout.failed':
      if (o.object !== 'payout') return null
      return { providerObjectId: o.id, fact: event.type === 'payout.paid' ? 'succeeded' : 'failed', reported: { amountFen: o.amount, currency: o.currency }, reason: o.failure_code ?? undefined, paymentIdHint: o.metadata.paymentId }
    default:
      return null
  }
}

/**
 * Records a verified provider event once and applies what it says. The same
 * event again changes nothing; an older event than the recorded state (a
 * success after a refund, a decline after a success) is kept but ignored.
 */

export async function handleWebhookEvent(db: Db, event: ProviderEvent, now: Date): Promise<WebhookResult> {
  // A delivery racing the answer to our own call loses the conditional update; a fresh look decides again.
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await handleWebhookEventOnce(db, event, now)
      if (result.outcome === 'applied' && result.paymentId) await queueRewardWork(db, result.paymentId)
      return result
    } catch (error) {
      if (!(error instanceof ServiceError) || error.code !== 'conflict' || attempt >= 3) throw error
    }
  }
}

async function handleWebhookEventOnce(db: Db, event: ProviderEvent, now: Date): Promise<WebhookResult> {
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.paymentEvent.findUnique({ where: { providerEventId: event.id } })) return { outcome: 'duplicate-event' as const }
      const record = (outcome: string, paymentId: string | null) =>
        tx.paymentEvent.create({
          data: {
            providerEventId: event.id,
            type: event.type,
            paymentId,
            outcome,
            payload: event as unknown as Prisma.InputJsonValue,
            occurredAt: new Date(event.created * 1000),
            receivedAt: now,
          },
        })
      const f = factOfEvent(event)
      if (!f) {
        await record('ignored-type', null)
        return { outcome: 'ignored-type' as const }
      }
      let payment = await tx.payment.findUnique({ where: { providerId: f.providerObjectId } })
      if (!payment && f.paymentIdHint) {
        const hinted = await tx.payment.findUnique({ where: { id: f.paymentIdHint } })
        if (hinted && !hinted.providerId) {
          // The answer to our create call was lost; the event tells us the provider's id.
          await tx.payment.update({ where: { id: hinted.id }, data: { providerId: f.providerObjectId } })
          payment = hinted
        } else if (hinted) {
          // About a provider object this payment has since replaced (an earlier payout attempt).
          await record('ignored-stale', hinted.id)
          return { outcome: 'ignored-stale' as const, paymentId: hinted.id }
        }
      }
      if (!payment) {
        await record('unknown-payment', null)
        return { outcome: 'unknown-payment' as const }
      }
      // Money that does not match the payment changes nothing: kept, audited and listed for staff (finding 2 of issue 11).
      const problem = webhookAmountProblem({ amountFen: fenFromDb(payment.amountFen), currency: payment.currency }, f.reported)
      if (problem) {
        await record('refused-mismatch', payment.id)
        await audit(tx, { actorId: null, action: 'payment.webhook-refused', entityType: 'Payment', entityId: payment.id, reason: problem, data: { eventId: event.id, type: event.type, reported: f.reported }, at: now })
        return { outcome: 'refused-mismatch' as const, paymentId: payment.id }
      }
      if (f.partial) {
        const refundedFen = f.reported.refundedFen!
        if (payment.refundedFen === null || fenFromDb(payment.refundedFen) < refundedFen) {
          await tx.payment.update({ where: { id: payment.id }, data: { refundedFen: fenToDb(refundedFen) } })
          await audit(tx, { actorId: null, action: 'payment.partial-refund', entityType: 'Payment', entityId: payment.id, data: { eventId: event.id, refundedFen }, at: now })
        }
        await record('partial-refund', payment.id)
        return { outcome: 'partial-refund' as const, paymentId: payment.id }
      }
      const { decision } = await applyFactTx(
        tx,
        payment.id,
        f.fact,
        { source: 'webhook', actorId: null, eventId: event.id, failureReason: f.reason ?? null, providerRefundId: f.refundId },
        now,
      )
      const outcome = decision.type === 'move' ? 'applied' : decision.type === 'ignore' ? (`ignored-${decision.reason}` as const) : 'ignored-stale'
      await record(outcome, payment.id)
      return { outcome, paymentId: payment.id }
    })
  } catch (error) {
    // The same event delivered twice at once: the other delivery recorded it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { outcome: 'duplicate-event' }
    throw error
  }
}
