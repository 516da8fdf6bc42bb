// Paying and refunding by card through the provider (deposits and settlements
// alike), and reconciling a payment whose answer was lost.
import { fenFromDb } from '~/domain/money.ts'
import { confirmKey, refundKey, isCardExpired } from '~/domain/payments.ts'
import type { Payment } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { PaymentProviderError, type Card, type PaymentIntent, type PaymentProvider } from '~/utils/payment-provider.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { audit } from './audit.server.ts'
import { PaymentOutcome, applyFact, factOfIntent, outcomeOf } from './payment-state.server.ts'
import { applyPayout, sendPayout } from './payouts.server.ts'
import { sendVoucherPayout } from './voucher-payouts.server.ts'

export async function payWithCard(db: Db, provider: PaymentProvider, paymentId: string, card: Card, actorId: string | null, now: Date): Promise<PaymentOutcome> {
  // An expired card is the form's mistake: nothing is recorded or sent (finding 16 of issue 11: 01/20 was charged).
  const shanghai = new Date(now.getTime() + 8 * 3_600_000)
  if (isCardExpired(card.expMonth, card.expYear, { year: shanghai.getUTCFullYear(), month: shanghai.getUTCMonth() + 1 })) throw new ServiceError('invalid', 'card.expired', { field: 'expiry' })
  // 1. The attempt is recorded before anything is sent, so two clicks cannot both pay.
  const { payment } = await applyFact(db, paymentId, 'attempt', { source: 'staff', actorId }, now)
  const attempt = payment.attempts + 1
  const amount = fenFromDb(payment.amountFen)

  // 2. One payment intent per payment, whatever the attempts: its key is the payment's own.
  let intentId = payment.providerId
  if (!intentId) {
    try {
      const intent = await provider.createPaymentIntent(
        { amount, currency: payment.currency, metadata: { paymentId: payment.id, kind: payment.kind } },
        payment.idempotencyKey,
      )
      await db.payment.updateMany({ where: { id: payment.id, providerId: null }, data: { providerId: intent.id } })
      intentId = intent.id
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error
      // Nothing was confirmed, so nothing can have been charged: the attempt failed.
      const { payment: failed } = await applyFact(db, payment.id, 'failed', { source: 'provider-response', actorId, failureReason: 'provider_unavailable' }, now)
      return { ...outcomeOf(failed), message: 'serverText.payment.providerUnavailable' }
    }
  }

  // 3. Attempt n always confirms under key n: an HTTP retry of it can never charge twice.
  try {
    const intent = await provider.confirmPaymentIntent(intentId, card, confirmKey(payment.idempotencyKey, attempt))
    return await applyIntent(db, payment.id, intent, actorId, now)
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error
    if (error.isCardError) {
      const { payment: failed } = await applyFact(db, payment.id, 'failed', { source: 'provider-response', actorId, failureReason: error.code }, now)
      return outcomeOf(failed, error.code)
    }
    if (error.isOutcomeUnknown) {
      // The charge may have gone through: the webhook or a reconciliation will say.
      const current = await db.payment.findUniqueOrThrow({ where: { id: payment.id } })
      return outcomeOf(current)
    }
    if (error.details.providerCode === 'payment_intent_unexpected_state') {
      return reconcilePayment(db, provider, payment.id, now)
    }
    const { payment: failed } = await applyFact(db, payment.id, 'failed', { source: 'provider-response', actorId, failureReason: error.code }, now)
    // The provider's own words (its API speaks English), or ours when its answer could not be read.
    return error.code === 'bad_response'
      ? { ...outcomeOf(failed), message: 'serverText.payment.providerUnreadable' }
      : { ...outcomeOf(failed), message: 'serverText.payment.failedWith', params: { detail: error.message } }
  }
}

async function applyIntent(db: Db, paymentId: string, intent: PaymentIntent, actorId: string | null, now: Date): Promise<PaymentOutcome> {
  const f = factOfIntent(intent)
  if (f) await applyFact(db, paymentId, f.fact, { source: 'provider-response', actorId, failureReason: f.reason }, now)
  return outcomeOf(await db.payment.findUniqueOrThrow({ where: { id: paymentId } }))
}

/** Asks the provider where a payment stands and records it (for payments left "processing" by a timeout). */
export async function reconcilePayment(db: Db, provider: PaymentProvider, paymentId: string, now: Date): Promise<PaymentOutcome> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } })
  if (!payment) throw new ServiceError('not-found', 'payment.not-found')
  if (payment.status !== 'PROCESSING') return outcomeOf(payment)
  if (payment.kind === 'REWARD_PAYOUT') {
    if (payment.providerId) await applyPayout(db, paymentId, await provider.retrievePayout(payment.providerId), null, 'reconcile', now)
    // The answer to the create call was lost: the same call under the same key makes it or replays it, never twice.
    else await sendPayout(db, provider, paymentId, payment.attempts, null, 'reconcile', now)
    return outcomeOf(await db.payment.findUniqueOrThrow({ where: { id: paymentId } }))
  }
  if (payment.kind === 'VOUCHER_PAYOUT') {
    if (payment.providerId) await applyPayout(db, paymentId, await provider.retrievePayout(payment.providerId), null, 'reconcile', now)
    else await sendVoucherPayout(db, provider, paymentId, payment.attempts, null, 'reconcile', now)
    return outcomeOf(await db.payment.findUniqueOrThrow({ where: { id: paymentId } }))
  }
  if (payment.kind !== 'DEPOSIT' && payment.kind !== 'SETTLEMENT' && payment.kind !== 'VOUCHER_SHARE') return outcomeOf(payment)
  if (!payment.providerId) {
    const { payment: failed } = await applyFact(db, paymentId, 'failed', { source: 'reconcile', actorId: null, failureReason: 'provider_unavailable' }, now)
    return outcomeOf(failed)
  }
  const intent = await provider.retrievePaymentIntent(payment.providerId)
  const f = factOfIntent(intent) ?? (intent.status === 'requires_payment_method' ? { fact: 'failed' as const, reason: 'not_confirmed' } : null)
  if (f) await applyFact(db, paymentId, f.fact, { source: 'reconcile', actorId: null, failureReason: f.reason }, now)
  return outcomeOf(await db.payment.findUniqueOrThrow({ where: { id: paymentId } }))
}

/**
 * The refund is asked for, with who asked, before the provider is called (a no-op the second time): from then on
 * a deposit counts neither for bidding nor toward a price, however long the provider takes to answer.
 */
export async function requestRefundTx(tx: Tx, paymentId: string, actorId: string | null, now: Date): Promise<void> {
  const { count } = await tx.payment.updateMany({ where: { id: paymentId, refundRequestedAt: null }, data: { refundRequestedAt: now } })
  if (count === 1) await audit(tx, { actorId, action: 'payment.refund-request', entityType: 'Payment', entityId: paymentId, at: now })
}

/** The provider refused the refund: the payment stands again as it was, and the refusal is on record. */
async function refundRefused(db: Db, paymentId: string, actorId: string | null, detail: string, now: Date): Promise<never> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.payment.updateMany({ where: { id: paymentId, status: { not: 'REFUNDED' }, refundRequestedAt: { not: null } }, data: { refundRequestedAt: null } })
    if (count === 1) await audit(tx, { actorId, action: 'payment.refund-refused', entityType: 'Payment', entityId: paymentId, data: { detail }, at: now })
  })
  throw new ServiceError('conflict', 'refund.provider-refused', { params: { detail } })
}

export async function refundPayment(db: Db, provider: PaymentProvider, payment: Payment, actorId: string | null, now: Date): Promise<PaymentOutcome> {
  if (!payment.providerId) throw new ServiceError('conflict', 'payment.no-provider-record')
  await db.$transaction((tx) => requestRefundTx(tx, payment.id, actorId, now))
  try {
    const refund = await provider.createRefund(
      { paymentIntent: payment.providerId, amount: fenFromDb(payment.amountFen), metadata: { paymentId: payment.id } },
      refundKey(payment.id),
    )
    if (refund.status === 'succeeded') {
      await applyFact(db, payment.id, 'refunded', { source: 'provider-response', actorId, providerRefundId: refund.id }, now)
    } else if (refund.status === 'failed' || refund.status === 'canceled') {
      await refundRefused(db, payment.id, actorId, refund.status, now)
    } else {
      await db.payment.updateMany({ where: { id: payment.id, providerRefundId: null }, data: { providerRefundId: refund.id } })
    }
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error
    // Unknown outcome: the refund may have happened; the provider's webhook will say, and a retry reuses the key.
    if (!error.isOutcomeUnknown) await refundRefused(db, payment.id, actorId, error.message, now)
  }
  const current = await db.payment.findUniqueOrThrow({ where: { id: payment.id } })
  return current.status === 'REFUNDED'
    ? { paymentId: current.id, status: current.status, message: 'serverText.payment.refunded' }
    : { paymentId: current.id, status: current.status, message: 'serverText.payment.refundPending' }
}

/**
 * The deposits a session that is over must give back: every held deposit of a
 * CANCELLED session; of a CLOSED one, those of enterprises that won nothing in
 * it (a winner's deposit counts toward its price, or is forfeited).
 */
