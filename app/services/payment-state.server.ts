// The one place a payment changes status. A payment moves on provider *facts*
// (the synchronous answer, a webhook, a reconciliation) and on *commands*
// (attempt, apply, forfeit). Facts go through `applyFact`, which is idempotent
// and order-safe: a fact already applied, or older than what is recorded,
// changes nothing. Every move is one transaction with its ledger postings and
// its audit entry; the rules are in app/domain/payments.ts. The use-cases that
// move money are beside this one: card-payments, deposits, settlements,
// contract-payments, payouts, payment-webhooks; what staff and payers read is
// in payment-reports.
import { fenFromDb } from '~/domain/money.ts'
import { declineMessage, decidePaymentTransition, postingsBetween, POSTINGS, type PaymentEvent, type PaymentStatus, type TransitionDecision } from '~/domain/payments.ts'
import type { Payment } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import type { MessageKey, MessageParams } from '~/i18n/catalogue.ts'
import type { PaymentIntent } from '~/utils/payment-provider.server.ts'
import { audit } from './audit.server.ts'
import { ensureAuctionContract } from './contracts.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { queueRewardWork } from './reward-worker.server.ts'
import { notify } from './notifications.server.ts'
import { depositForDeal, heldFen } from './deposit-of-lot.server.ts'

export type FactSource = 'provider-response' | 'webhook' | 'reconcile' | 'staff' | 'system'

type FactContext = {
  source: FactSource
  actorId: string | null
  eventId?: string
  failureReason?: string | null
  providerRefundId?: string
}

/**
 * What a person sees after paying: the status and, on a decline, why in plain words. `message` is a catalogue
 * key (with `params`), or empty; the edge translates it (translateMessage(t, message, params)).
 */
export type PaymentOutcome = {
  paymentId: string
  status: PaymentStatus
  declineCode?: string
  message: string
  params?: MessageParams
}

const OUTCOME_MESSAGES: Partial<Record<PaymentStatus, MessageKey>> = {
  SUCCEEDED: 'serverText.payment.succeeded',
  PROCESSING: 'serverText.payment.processing',
  APPLIED: 'serverText.payment.applied',
}

export async function applyFactTx(
  tx: Tx,
  paymentId: string,
  event: PaymentEvent,
  ctx: FactContext,
  now: Date,
): Promise<{ decision: TransitionDecision; payment: Payment }> {
  const payment = await tx.payment.findUnique({ where: { id: paymentId } })
  if (!payment) throw new ServiceError('not-found', 'payment.not-found')
  const decision = decidePaymentTransition(payment.kind, payment.status, event)
  if (decision.type === 'refuse') throw new ServiceError(decision.code, decision.message, { params: decision.params })
  if (decision.type !== 'move') return { decision, payment }
  const to = decision.to
  const { count } = await tx.payment.updateMany({
    // The status in the WHERE: two deliveries racing on PostgreSQL cannot both move it.
    where: { id: paymentId, status: payment.status },
    data: {
      status: to,
      ...(to === 'SUCCEEDED' && !payment.paidAt ? { paidAt: now } : {}),
      ...(to === 'FAILED' ? { failureReason: ctx.failureReason ?? 'failed' } : {}),
      ...(to === 'SUCCEEDED' ? { failureReason: null } : {}),
      ...(ctx.providerRefundId ? { providerRefundId: ctx.providerRefundId } : {}),
      ...(event === 'attempt' ? { attempts: { increment: 1 } } : {}),
    },
  })
  if (count !== 1) throw new ServiceError('conflict', 'payment.changed')
  const postings = postingsBetween(payment.kind, payment.status, to)
  for (const kind of postings) {
    await tx.ledgerEntry.create({
      data: { paymentId, sessionId: payment.sessionId, lotId: payment.lotId, kind, ...POSTINGS[kind], amountFen: payment.amountFen, at: now },
    })
  }
  await audit(tx, {
    actorId: ctx.actorId,
    action: `payment.${event}`,
    entityType: 'Payment',
    entityId: paymentId,
    fromStatus: payment.status,
    toStatus: to,
    reason: to === 'FAILED' ? (ctx.failureReason ?? null) : null,
    data: {
      source: ctx.source,
      ...(ctx.eventId ? { eventId: ctx.eventId } : {}),
      ...(event === 'attempt' ? { attempt: payment.attempts + 1 } : {}),
      postings,
    },
    at: now,
  })
  const moved = { ...payment, status: to }
  await afterMove(tx, moved, now)
  return { decision, payment: moved }
}

/** AWAITING_PAYMENT → PAID, audited; a paid deal is a via-auction contract whose payments earn rewards (jobs after the commit). */
export async function markDealPaidTx(tx: Tx, dealId: string, data: { paymentId?: string; depositFen: number }, actorId: string | null, now: Date): Promise<boolean> {
  const paid = await tx.deal.updateMany({ where: { id: dealId, status: 'AWAITING_PAYMENT' }, data: { status: 'PAID' } })
  if (paid.count !== 1) return false
  await audit(tx, { actorId, action: 'deal.paid', entityType: 'Deal', entityId: dealId, fromStatus: 'AWAITING_PAYMENT', toStatus: 'PAID', data, at: now })
  await ensureAuctionContract(tx, dealId, now)
  return true
}

/** What else changes, in the same transaction, when a payment succeeds. */
async function afterMove(tx: Tx, payment: Payment, now: Date): Promise<void> {
  await notifyPaymentMove(tx, payment, now)
  if (payment.status !== 'SUCCEEDED') return
  if (payment.kind === 'SETTLEMENT' && payment.dealId) {
    const deal = await tx.deal.findUnique({ where: { id: payment.dealId }, include: { lot: { select: { id: true, sessionId: true } } } })
    // A deal already defaulted keeps its status; the payment shows as "to refund" in the staff report.
    if (!deal || deal.status !== 'AWAITING_PAYMENT' || !deal.lot) return
    const deposit = await depositForDeal(tx, { id: deal.id, buyerId: deal.buyerId, priceFen: deal.priceFen, lot: deal.lot })
    // The deposit counts toward the price only when it was counted in this settlement's amount.
    let applied = 0n
    if (deposit && heldFen(deposit) > 0 && payment.amountFen + deposit.amountFen === deal.priceFen) {
      await applyFactTx(tx, deposit.id, 'apply', { source: 'system', actorId: null }, now)
      applied = deposit.amountFen
    }
    if (payment.amountFen + applied !== deal.priceFen) {
      // Never a deal marked paid short: staff see the payment and the deal, and settle the difference by hand.
      await audit(tx, { actorId: null, action: 'deal.payment-short', entityType: 'Deal', entityId: deal.id, data: { paymentId: payment.id, paidFen: fenFromDb(payment.amountFen), depositFen: fenFromDb(applied), priceFen: fenFromDb(deal.priceFen) }, at: now })
      return
    }
    await markDealPaidTx(tx, deal.id, { paymentId: payment.id, depositFen: fenFromDb(applied) }, null, now)
  }
  if (payment.kind === 'REWARD_PAYOUT' && payment.rewardId) {
    const { count } = await tx.reward.updateMany({ where: { id: payment.rewardId, status: 'APPROVED' }, data: { status: 'PAID' } })
    if (count === 1) {
      await audit(tx, {
        actorId: null,
        action: 'reward.paid',
        entityType: 'Reward',
        entityId: payment.rewardId,
        fromStatus: 'APPROVED',
        toStatus: 'PAID',
        data: { paymentId: payment.id },
        at: now,
      })
    }
  }
}

/** Deposits refunded or forfeited and rewards paid reach the payer (or the rewarded enterprise) with the change. */
async function notifyPaymentMove(tx: Tx, payment: Payment, now: Date): Promise<void> {
  const amountFen = fenFromDb(payment.amountFen)
  if (payment.kind === 'DEPOSIT' && payment.payerId && (payment.status === 'REFUNDED' || payment.status === 'FORFEITED')) {
    const where = payment.lotId
      ? await tx.lot.findUnique({ where: { id: payment.lotId }, select: { number: true, session: { select: { title: true } }, result: { select: { title: true } } } })
      : null
    const session = !where && payment.sessionId ? await tx.auctionSession.findUnique({ where: { id: payment.sessionId }, select: { title: true } }) : null
    const title = where ? `${where.session.title} · ${where.result.title}` : (session?.title ?? '')
    const kind = payment.status === 'REFUNDED' ? 'deposit-refunded' : 'deposit-forfeited'
    await notify(tx, { orgIds: [payment.payerId] }, { kind, params: { title, amountFen, paymentId: payment.id, lotId: payment.lotId }, eventKey: `${kind}:${payment.id}` }, now)
  }
  if (payment.kind === 'REWARD_PAYOUT' && payment.rewardId && payment.status === 'SUCCEEDED') {
    const reward = await tx.reward.findUnique({ where: { id: payment.rewardId }, select: { enterpriseId: true, contract: { select: { registrationNo: true } } } })
    if (reward) {
      await notify(tx, { orgIds: [reward.enterpriseId] }, { kind: 'reward-paid', params: { rewardId: payment.rewardId, amountFen, contractNo: reward.contract.registrationNo }, eventKey: `reward-paid:${payment.rewardId}` }, now)
    }
  }
}

/** Applies a provider fact or a command in its own transaction, retrying once on a lost race. */
export async function applyFact(db: Db, paymentId: string, event: PaymentEvent, ctx: FactContext, now: Date) {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.$transaction((tx) => applyFactTx(tx, paymentId, event, ctx, now))
      if (result.decision.type === 'move') await queueRewardWork(db, paymentId)
      return result
    } catch (error) {
      if (!(error instanceof ServiceError) || error.code !== 'conflict' || attempt >= 3) throw error
    }
  }
}

export function factOfIntent(intent: PaymentIntent): { fact: PaymentEvent; reason: string | null } | null {
  if (intent.status === 'succeeded') return { fact: 'succeeded', reason: null }
  if (intent.status === 'processing') return { fact: 'processing', reason: null }
  if (intent.status === 'requires_payment_method' && intent.last_payment_error) {
    return { fact: 'failed', reason: intent.last_payment_error.decline_code ?? intent.last_payment_error.code }
  }
  return null
}

export function outcomeOf(payment: Payment, declineCode?: string | null): PaymentOutcome {
  if (payment.status === 'FAILED') {
    const code = declineCode ?? payment.failureReason ?? undefined
    return { paymentId: payment.id, status: payment.status, declineCode: code, message: declineMessage(code) }
  }
  return { paymentId: payment.id, status: payment.status, message: OUTCOME_MESSAGES[payment.status] ?? '' }
}
