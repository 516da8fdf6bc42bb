// Use-cases of money: deposits, settlement of won lots, refunds, forfeits,
// reported contract payments, reward payouts, provider webhooks and the
// per-session deposit report. Every status change is one transaction with its
// ledger postings and its audit entry; the rules are in app/domain/payments.ts.
//
// A payment moves on provider *facts* (the synchronous answer, a webhook, a
// reconciliation) and on *commands* (attempt, apply, forfeit). Facts go
// through `applyFact`, which is idempotent and order-safe: a fact already
// applied, or older than what is recorded, changes nothing.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb, fenToDb, formatFen } from '~/domain/money.ts'
import { contractPaymentDateProblem } from '~/domain/contracts.ts'
import {
  checkAmount,
  confirmKey,
  contractPaymentKey,
  declineMessage,
  decidePaymentTransition,
  depositKey,
  depositsHeld,
  depositTotals,
  payoutKey,
  POSTINGS,
  postingsBetween,
  refundKey,
  rewardPaymentKey,
  sessionDeposit,
  settlementAmount,
  settlementKey,
  type PaymentEvent,
  type PaymentKind,
  type PaymentStatus,
  type PostingKind,
  type TransitionDecision,
  isCardExpired,
  webhookAmountProblem,
  type ReportedAmount,
} from '~/domain/payments.ts'
import { Prisma, type Payment } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { sqlPort, statement } from '~/utils/sql.server.ts'
import { PaymentProviderError, type Card, type PaymentIntent, type PaymentProvider, type Payout } from '~/utils/payment-provider.server.ts'
import type { ProviderEvent } from '~/utils/payment-webhook.server.ts'
import { audit } from './audit.server.ts'
import { depositPaidSql } from './eligibility-sql.server.ts'
import { ensureAuctionContract } from './contracts.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { queueRewardWork } from './rewards.server.ts'
import { notify } from './notifications.server.ts'

export type FactSource = 'provider-response' | 'webhook' | 'reconcile' | 'staff' | 'system'
type FactContext = {
  source: FactSource
  actorId: string | null
  eventId?: string
  failureReason?: string | null
  providerRefundId?: string
}

/** What a person sees after paying: the status and, on a decline, why in plain words. */
export type PaymentOutcome = {
  paymentId: string
  status: PaymentStatus
  declineCode?: string
  message: string
}

const OUTCOME_MESSAGES: Partial<Record<PaymentStatus, string>> = {
  SUCCEEDED: '支付成功',
  PROCESSING: '支付结果确认中，请稍后刷新查看；请勿重复支付。',
  APPLIED: '已用保证金抵付',
}

// ---------------------------------------------------------------------------
// The one place a payment changes status.

async function applyFactTx(
  tx: Tx,
  paymentId: string,
  event: PaymentEvent,
  ctx: FactContext,
  now: Date,
): Promise<{ decision: TransitionDecision; payment: Payment }> {
  const payment = await tx.payment.findUnique({ where: { id: paymentId } })
  if (!payment) throw new ServiceError('not-found', 'payment.not-found')
  const decision = decidePaymentTransition(payment.kind, payment.status, event)
  if (decision.type === 'refuse') throw ServiceError.rule(decision.code, decision.message)
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
      data: { paymentId, sessionId: payment.sessionId, kind, ...POSTINGS[kind], amountFen: payment.amountFen, at: now },
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

/** What else changes, in the same transaction, when a payment succeeds. */
async function afterMove(tx: Tx, payment: Payment, now: Date): Promise<void> {
  await notifyPaymentMove(tx, payment, now)
  if (payment.status !== 'SUCCEEDED') return
  if (payment.kind === 'SETTLEMENT' && payment.dealId) {
    const deal = await tx.deal.findUnique({ where: { id: payment.dealId }, include: { lot: { select: { sessionId: true } } } })
    // A deal already defaulted keeps its status; the payment shows as "to refund" in the staff report.
    if (!deal || deal.status !== 'AWAITING_PAYMENT' || !deal.lot) return
    const deposit = await tx.payment.findUnique({ where: { idempotencyKey: depositKey(deal.lot.sessionId, deal.buyerId) } })
    // The deposit counts toward the price only when it was counted in this settlement's amount.
    if (deposit && deposit.status === 'SUCCEEDED' && payment.amountFen + deposit.amountFen === deal.priceFen) {
      await applyFactTx(tx, deposit.id, 'apply', { source: 'system', actorId: null }, now)
    }
    const paid = await tx.deal.updateMany({ where: { id: deal.id, status: 'AWAITING_PAYMENT' }, data: { status: 'PAID' } })
    // A paid deal is a via-auction contract whose payments earn rewards (jobs asked for after the commit).
    if (paid.count === 1) await ensureAuctionContract(tx, deal.id, now)
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
async function applyFact(db: Db, paymentId: string, event: PaymentEvent, ctx: FactContext, now: Date) {
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

function factOfIntent(intent: PaymentIntent): { fact: PaymentEvent; reason: string | null } | null {
  if (intent.status === 'succeeded') return { fact: 'succeeded', reason: null }
  if (intent.status === 'processing') return { fact: 'processing', reason: null }
  if (intent.status === 'requires_payment_method' && intent.last_payment_error) {
    return { fact: 'failed', reason: intent.last_payment_error.decline_code ?? intent.last_payment_error.code }
  }
  return null
}

function outcomeOf(payment: Payment, declineCode?: string | null): PaymentOutcome {
  if (payment.status === 'FAILED') {
    const code = declineCode ?? payment.failureReason ?? undefined
    return { paymentId: payment.id, status: payment.status, declineCode: code, message: declineMessage(code) }
  }
  return { paymentId: payment.id, status: payment.status, message: OUTCOME_MESSAGES[payment.status] ?? '' }
}

// ---------------------------------------------------------------------------
// Paying by card (deposits and settlements).

async function payWithCard(db: Db, provider: PaymentProvider, paymentId: string, card: Card, actorId: string | null, now: Date): Promise<PaymentOutcome> {
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
      return { ...outcomeOf(failed), message: '暂时无法连接支付机构，未扣款，请稍后重试。' }
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
    return { ...outcomeOf(failed), message: `支付未成功：${error.message}` }
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
  if (payment.kind !== 'DEPOSIT' && payment.kind !== 'SETTLEMENT') return outcomeOf(payment)
  if (!payment.providerId) {
    const { payment: failed } = await applyFact(db, paymentId, 'failed', { source: 'reconcile', actorId: null, failureReason: 'provider_unavailable' }, now)
    return outcomeOf(failed)
  }
  const intent = await provider.retrievePaymentIntent(payment.providerId)
  const f = factOfIntent(intent) ?? (intent.status === 'requires_payment_method' ? { fact: 'failed' as const, reason: 'not_confirmed' } : null)
  if (f) await applyFact(db, paymentId, f.fact, { source: 'reconcile', actorId: null, failureReason: f.reason }, now)
  return outcomeOf(await db.payment.findUniqueOrThrow({ where: { id: paymentId } }))
}

// ---------------------------------------------------------------------------
// Deposits.

/** The enterprise's deposit for a session, if any. */
export async function findDeposit(db: Db | Tx, sessionId: string, enterpriseId: string) {
  return db.payment.findUnique({ where: { idempotencyKey: depositKey(sessionId, enterpriseId) } })
}

const DEPOSIT_PAID_SQL = statement<{ paid: boolean }>(`SELECT ${depositPaidSql('$1', '$2')} AS paid`, 'deposit-paid')

/** Whether the enterprise's deposit for the session has succeeded (the fragment every bid read embeds). */
export async function hasPaidDeposit(db: Db, sessionId: string, enterpriseId: string): Promise<boolean> {
  const [row] = await sqlPort(db).query(DEPOSIT_PAID_SQL, [sessionId, enterpriseId])
  return row?.paid === true
}

export async function startDepositPayment(
  db: Db,
  provider: PaymentProvider,
  enterprise: Principal,
  input: { sessionId: string; card: Card },
  now: Date,
): Promise<PaymentOutcome> {
  if (enterprise.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.deposits')
  const session = await db.auctionSession.findUnique({
    where: { id: input.sessionId },
    include: { lots: { select: { depositFen: true } }, registrations: { where: { enterpriseId: enterprise.organizationId } } },
  })
  if (!session) throw new ServiceError('not-found', 'session.not-found')
  if (session.status === 'CLOSED' || session.status === 'CANCELLED') throw new ServiceError('wrong-status', 'deposit.session-over')
  const registration = session.registrations[0]
  if (!registration || registration.status !== 'APPROVED') {
    throw new ServiceError('not-allowed', 'deposit.not-approved')
  }
  const amount = sessionDeposit(session.lots.map((l) => fenFromDb(l.depositFen)))
  if (amount <= 0) throw new ServiceError('invalid', 'deposit.none-required')
  const key = depositKey(session.id, enterprise.organizationId)
  const payment = await db.$transaction(async (tx) => {
    const existing = await tx.payment.findUnique({ where: { idempotencyKey: key } })
    if (existing) return existing
    const created = await tx.payment.create({
      data: { kind: 'DEPOSIT', amountFen: fenToDb(amount), currency: 'CNY', payerId: enterprise.organizationId, sessionId: session.id, idempotencyKey: key, createdAt: now },
    })
    await audit(tx, { actorId: enterprise.userId, action: 'payment.create', entityType: 'Payment', entityId: created.id, toStatus: 'REQUIRES_PAYMENT', data: { kind: 'DEPOSIT', amountFen: amount }, at: now })
    return created
  })
  return payWithCard(db, provider, payment.id, input.card, enterprise.userId, now)
}

/** Refunds a held deposit (a loser's, or any deposit of a cancelled session). */
export async function refundDeposit(db: Db, provider: PaymentProvider, actor: Principal | null, paymentId: string, now: Date): Promise<PaymentOutcome> {
  if (actor && !isStaff(actor)) throw new ServiceError('forbidden', 'staff-only.refund-deposits')
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { session: true } })
  if (!payment) throw new ServiceError('not-found', 'payment.not-found')
  if (payment.kind !== 'DEPOSIT') throw new ServiceError('not-allowed', 'payment.not-deposit')
  const decision = decidePaymentTransition(payment.kind, payment.status, 'refund')
  if (decision.type === 'refuse') throw ServiceError.rule(decision.code, decision.message)
  if (decision.type === 'ignore') return outcomeOf(payment)
  if (payment.session?.status === 'LIVE') throw new ServiceError('not-allowed', 'deposit.session-live')
  if (payment.sessionId && payment.payerId) {
    const open = await db.deal.count({ where: { buyerId: payment.payerId, status: 'AWAITING_PAYMENT', lot: { sessionId: payment.sessionId } } })
    if (open > 0) throw new ServiceError('not-allowed', 'deposit.held-for-deal')
  }
  return refundPayment(db, provider, payment, actor?.userId ?? null, now)
}

/**
 * Refunds a settlement that arrived after its deal was defaulted (the winner
 * paid late, or its payment was confirmed after the forfeit): the deal is
 * gone, so the money goes back. A settlement of a deal still standing is not
 * refunded here.
 */
export async function refundSettlement(db: Db, provider: PaymentProvider, staff: Principal, paymentId: string, now: Date): Promise<PaymentOutcome> {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.refund-settlements')
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { deal: true } })
  if (!payment) throw new ServiceError('not-found', 'payment.not-found')
  if (payment.kind !== 'SETTLEMENT') throw new ServiceError('not-allowed', 'payment.not-settlement')
  const decision = decidePaymentTransition(payment.kind, payment.status, 'refund')
  if (decision.type === 'refuse') throw ServiceError.rule(decision.code, decision.message)
  if (decision.type === 'ignore') return outcomeOf(payment)
  if (payment.deal?.status !== 'DEFAULTED') throw new ServiceError('not-allowed', 'settlement.not-defaulted')
  return refundPayment(db, provider, payment, staff.userId, now)
}

async function refundPayment(db: Db, provider: PaymentProvider, payment: Payment, actorId: string | null, now: Date): Promise<PaymentOutcome> {
  if (!payment.providerId) throw new ServiceError('conflict', 'payment.no-provider-record')
  try {
    const refund = await provider.createRefund(
      { paymentIntent: payment.providerId, amount: fenFromDb(payment.amountFen), metadata: { paymentId: payment.id } },
      refundKey(payment.id),
    )
    if (refund.status === 'succeeded') {
      await applyFact(db, payment.id, 'refunded', { source: 'provider-response', actorId, providerRefundId: refund.id }, now)
    } else {
      await db.payment.updateMany({ where: { id: payment.id, providerRefundId: null }, data: { providerRefundId: refund.id } })
    }
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error
    // Unknown outcome: the refund may have happened; the provider's webhook will say, and a retry reuses the key.
    if (!error.isOutcomeUnknown) throw new ServiceError('conflict', 'refund.provider-refused', { params: { detail: error.message } })
  }
  const current = await db.payment.findUniqueOrThrow({ where: { id: payment.id } })
  return current.status === 'REFUNDED'
    ? { paymentId: current.id, status: current.status, message: '已原路退还' }
    : { paymentId: current.id, status: current.status, message: '退款结果确认中' }
}

/**
 * The deposits a session that is over must give back: every held deposit of a
 * CANCELLED session; of a CLOSED one, those of enterprises that won nothing in
 * it (a winner's deposit counts toward its price, or is forfeited).
 */
export async function losingDepositsHeld(db: Db | Tx, sessionId: string): Promise<Payment[]> {
  const session = await db.auctionSession.findUnique({ where: { id: sessionId } })
  if (!session) throw new ServiceError('not-found', 'session.not-found')
  if (session.status !== 'CLOSED' && session.status !== 'CANCELLED') throw new ServiceError('wrong-status', 'deposit.refund-after-close')
  const held = await db.payment.findMany({ where: { sessionId, kind: 'DEPOSIT', status: 'SUCCEEDED' }, orderBy: { createdAt: 'asc' } })
  if (session.status === 'CANCELLED') return held
  const winners = new Set((await db.deal.findMany({ where: { lot: { sessionId } }, select: { buyerId: true } })).map((d) => d.buyerId))
  return held.filter((p) => !p.payerId || !winners.has(p.payerId))
}

/** After a session closes: refunds the deposits of every enterprise that won nothing in it. */
export async function refundLosingDeposits(db: Db, provider: PaymentProvider, actor: Principal | null, sessionId: string, now: Date) {
  const outcomes: PaymentOutcome[] = []
  for (const p of await losingDepositsHeld(db, sessionId)) outcomes.push(await refundDeposit(db, provider, actor, p.id, now))
  return outcomes
}

/** The winner's held deposit counts toward the price (used when the deposit covers it all, and by settlement). */
export async function applyDepositToPrice(db: Db, actor: Principal | null, dealId: string, now: Date) {
  if (actor && !isStaff(actor)) throw new ServiceError('forbidden', 'staff-only.act')
  const outcome = await db.$transaction(async (tx) => {
    const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { lot: { select: { sessionId: true } } } })
    if (!deal || !deal.lot) throw new ServiceError('not-found', 'deal.not-found')
    if (deal.status !== 'AWAITING_PAYMENT') throw new ServiceError('wrong-status', 'deal.not-awaiting-payment')
    const deposit = await findDeposit(tx, deal.lot.sessionId, deal.buyerId)
    if (!deposit) throw new ServiceError('not-found', 'deposit.none-paid')
    if (deposit.amountFen > deal.priceFen) throw new ServiceError('invalid', 'deal.price-below-deposit')
    const { payment } = await applyFactTx(tx, deposit.id, 'apply', { source: actor ? 'staff' : 'system', actorId: actor?.userId ?? null }, now)
    if (deposit.amountFen === deal.priceFen) {
      const paid = await tx.deal.updateMany({ where: { id: deal.id, status: 'AWAITING_PAYMENT' }, data: { status: 'PAID' } })
      if (paid.count === 1) await ensureAuctionContract(tx, deal.id, now)
    }
    return outcomeOf(payment)
  })
  await queueRewardWork(db, outcome.paymentId)
  return outcome
}

/** A winner who has not paid by the deadline loses its deposit and the deal. */
export async function forfeitDeposit(db: Db, actor: Principal | null, dealId: string, now: Date) {
  if (actor && !isStaff(actor)) throw new ServiceError('forbidden', 'staff-only.forfeit-deposits')
  return db.$transaction(async (tx) => {
    const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { lot: { select: { sessionId: true } }, payments: true } })
    if (!deal || !deal.lot) throw new ServiceError('not-found', 'deal.not-found')
    if (deal.status !== 'AWAITING_PAYMENT') throw new ServiceError('wrong-status', 'deal.not-awaiting-payment')
    if (now.getTime() <= deal.paymentDeadline.getTime()) throw new ServiceError('not-allowed', 'forfeit.before-deadline')
    if (deal.payments.some((p) => p.kind === 'SETTLEMENT' && (p.status === 'PROCESSING' || p.status === 'SUCCEEDED'))) {
      throw new ServiceError('conflict', 'forfeit.settlement-under-way')
    }
    const deposit = await findDeposit(tx, deal.lot.sessionId, deal.buyerId)
    let outcome: PaymentOutcome | null = null
    if (deposit && deposit.status === 'SUCCEEDED') {
      const { payment } = await applyFactTx(tx, deposit.id, 'forfeit', { source: actor ? 'staff' : 'system', actorId: actor?.userId ?? null }, now)
      outcome = { paymentId: payment.id, status: payment.status, message: '保证金已没收' }
    }
    const { count } = await tx.deal.updateMany({ where: { id: deal.id, status: 'AWAITING_PAYMENT' }, data: { status: 'DEFAULTED' } })
    if (count !== 1) throw new ServiceError('conflict', 'deal.changed')
    return outcome
  })
}

// ---------------------------------------------------------------------------
// Settlement of a won lot.

export async function startSettlementPayment(
  db: Db,
  provider: PaymentProvider,
  buyer: Principal,
  input: { dealId: string; card: Card },
  now: Date,
): Promise<PaymentOutcome> {
  const deal = await db.deal.findUnique({ where: { id: input.dealId }, include: { lot: { select: { id: true, sessionId: true } } } })
  if (!deal || !deal.lot) throw new ServiceError('not-found', 'deal.not-found')
  if (buyer.role !== 'ENTERPRISE' || buyer.organizationId !== deal.buyerId) throw new ServiceError('forbidden', 'deal.buyer-only')
  if (deal.status !== 'AWAITING_PAYMENT') throw new ServiceError('wrong-status', 'deal.nothing-to-pay')
  if (now.getTime() > deal.paymentDeadline.getTime()) throw new ServiceError('not-allowed', 'deal.deadline-passed')
  const key = settlementKey(deal.id)
  let payment = await db.payment.findUnique({ where: { idempotencyKey: key } })
  if (!payment) {
    const deposit = await findDeposit(db, deal.lot.sessionId, deal.buyerId)
    const held = deposit?.status === 'SUCCEEDED' ? fenFromDb(deposit.amountFen) : 0
    const price = fenFromDb(deal.priceFen)
    if (held > price) throw new ServiceError('invalid', 'deal.price-below-deposit')
    const due = settlementAmount(price, held)
    if (due === 0) return applyDepositToPrice(db, null, deal.id, now)
    payment = await db.$transaction(async (tx) => {
      const created = await tx.payment.create({
        data: {
          kind: 'SETTLEMENT',
          amountFen: fenToDb(due),
          currency: 'CNY',
          payerId: deal.buyerId,
          sessionId: deal.lot!.sessionId,
          lotId: deal.lot!.id,
          dealId: deal.id,
          idempotencyKey: key,
          createdAt: now,
        },
      })
      await audit(tx, {
        actorId: buyer.userId,
        action: 'payment.create',
        entityType: 'Payment',
        entityId: created.id,
        toStatus: 'REQUIRES_PAYMENT',
        data: { kind: 'SETTLEMENT', priceFen: price, depositFen: held, amountFen: due },
        at: now,
      })
      return created
    })
  }
  return payWithCard(db, provider, payment.id, input.card, buyer.userId, now)
}

// ---------------------------------------------------------------------------
// Contracts outside auctions: payments the parties report, recorded by staff.

export type ContractPaymentInput = { contractId: string; amountFen: number; currency: string; paidOn: Date; reference: string }

export async function recordContractPayment(db: Db, staff: Principal, input: ContractPaymentInput, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.register-contract-payments')
  const problem = checkAmount(input.amountFen, input.currency)
  if (problem) throw ServiceError.rule('invalid', problem.message, problem.field === 'amount' ? 'amountFen' : 'currency')
  const reference = input.reference.trim()
  if (!reference) throw new ServiceError('invalid', 'contract-payment.reference-required', { field: 'reference' })
  const recorded = await db.$transaction(async (tx) => {
    const contract = await tx.contract.findUnique({ where: { id: input.contractId } })
    if (!contract) throw new ServiceError('not-found', 'contract.not-found')
    if (contract.status !== 'ACTIVE') throw new ServiceError('wrong-status', 'contract-payment.contract-cancelled')
    // Our own auction's deals are paid through the platform; a contract from another market's auction reports its instalments.
    if (contract.dealId) throw new ServiceError('not-allowed', 'contract-payment.via-auction')
    const dateProblem = contractPaymentDateProblem(input.paidOn.getTime(), contract.signedOn.getTime(), now.getTime())
    if (dateProblem) throw ServiceError.rule('invalid', dateProblem.message, 'paidOn')
    const key = contractPaymentKey(contract.id, reference)
    const existing = await tx.payment.findUnique({ where: { idempotencyKey: key } })
    if (existing) {
      if (fenFromDb(existing.amountFen) === input.amountFen) return { id: existing.id, status: existing.status, duplicate: true }
      throw new ServiceError('conflict', 'contract-payment.reference-other-amount', { field: 'reference' })
    }
    const reported = await tx.payment.aggregate({ where: { contractId: contract.id, kind: 'CONTRACT_INSTALMENT', status: 'SUCCEEDED' }, _sum: { amountFen: true } })
    const total = fenFromDb(reported._sum.amountFen ?? 0n) + input.amountFen
    if (total > fenFromDb(contract.amountFen)) throw new ServiceError('invalid', 'contract-payment.over-contract-amount', { field: 'amountFen' })
    const payment = await tx.payment.create({
      data: {
        kind: 'CONTRACT_INSTALMENT',
        status: 'SUCCEEDED',
        amountFen: fenToDb(input.amountFen),
        currency: 'CNY',
        payerId: contract.buyerId,
        contractId: contract.id,
        idempotencyKey: key,
        paidAt: input.paidOn,
        createdAt: now,
      },
    })
    await audit(tx, {
      actorId: staff.userId,
      action: 'payment.record',
      entityType: 'Payment',
      entityId: payment.id,
      toStatus: 'SUCCEEDED',
      data: { kind: 'CONTRACT_INSTALMENT', amountFen: input.amountFen, reference },
      at: now,
    })
    return { id: payment.id, status: payment.status, duplicate: false }
  })
  // After the commit: the reward job (the sweep catches it if this enqueue is lost).
  await queueRewardWork(db, recorded.id)
  return recorded
}

// ---------------------------------------------------------------------------
// Reward payouts.

export async function payoutReward(db: Db, provider: PaymentProvider, staff: Principal, rewardId: string, now: Date): Promise<PaymentOutcome> {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.pay-rewards')
  const reward = await db.reward.findUnique({ where: { id: rewardId }, include: { enterprise: true } })
  if (!reward) throw new ServiceError('not-found', 'reward.not-found')
  if (reward.status !== 'APPROVED') throw new ServiceError('wrong-status', 'payout.not-approved')
  if (reward.isReversal || reward.amountFen <= 0n) throw new ServiceError('invalid', 'payout.amount-not-payable')
  const key = rewardPaymentKey(reward.id)
  const payment = await db.$transaction(async (tx) => {
    const existing = await tx.payment.findUnique({ where: { idempotencyKey: key } })
    if (existing) return existing
    const created = await tx.payment.create({
      data: { kind: 'REWARD_PAYOUT', amountFen: reward.amountFen, currency: 'CNY', rewardId: reward.id, idempotencyKey: key, createdAt: now },
    })
    await audit(tx, { actorId: staff.userId, action: 'payment.create', entityType: 'Payment', entityId: created.id, toStatus: 'REQUIRES_PAYMENT', data: { kind: 'REWARD_PAYOUT', rewardId: reward.id }, at: now })
    return created
  })
  const { payment: attempting } = await applyFact(db, payment.id, 'attempt', { source: 'staff', actorId: staff.userId }, now)
  await sendPayout(db, provider, attempting.id, attempting.attempts + 1, staff.userId, 'provider-response', now)
  const current = await db.payment.findUniqueOrThrow({ where: { id: payment.id } })
  return current.status === 'FAILED'
    ? { paymentId: current.id, status: current.status, declineCode: current.failureReason ?? undefined, message: `奖励发放失败（${current.failureReason}），请核对企业收款账户后重试` }
    : outcomeOf(current)
}

/**
 * Sends attempt n of a payout under key n and records the answer. Sent again
 * with the same key and body (a reconciliation after a lost answer), the
 * provider replays its first answer, so a payout is never made twice.
 */
async function sendPayout(db: Db, provider: PaymentProvider, paymentId: string, attempt: number, actorId: string | null, source: FactSource, now: Date): Promise<void> {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { reward: { include: { enterprise: true } } } })
  const reward = payment.reward
  if (!reward) throw new ServiceError('not-found', 'reward.not-found')
  try {
    const payout = await provider.createPayout(
      {
        amount: fenFromDb(payment.amountFen),
        currency: 'CNY',
        destination: `acct_${reward.enterprise.creditCode}`,
        metadata: { paymentId: payment.id, rewardId: reward.id },
      },
      payoutKey(reward.id, attempt),
    )
    await db.payment.update({ where: { id: payment.id }, data: { providerId: payout.id } })
    await applyPayout(db, payment.id, payout, actorId, source, now)
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error
    if (!error.isOutcomeUnknown) {
      await applyFact(db, payment.id, 'failed', { source, actorId, failureReason: error.code }, now)
    }
  }
}

async function applyPayout(db: Db, paymentId: string, payout: Payout, actorId: string | null, source: FactSource, now: Date): Promise<void> {
  if (payout.status === 'paid') await applyFact(db, paymentId, 'succeeded', { source, actorId }, now)
  if (payout.status === 'failed') await applyFact(db, paymentId, 'failed', { source, actorId, failureReason: payout.failure_code ?? 'payout_failed' }, now)
}

// ---------------------------------------------------------------------------
// Webhooks.

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

// ---------------------------------------------------------------------------
// Reports.

export type DepositReport = {
  sessionId: string
  quarter: string
  title: string
  status: string
  paid: number
  refunded: number
  applied: number
  forfeited: number
  /** paid − refunded − applied − forfeited, from the ledger. */
  held: number
  /** The sum of deposits whose status is "paid and held", counted independently. */
  heldByStatus: number
  balanced: boolean
  deposits: { paymentId: string; enterprise: string; amountFen: number; status: PaymentStatus; paidAt: string | null }[]
}

export async function depositReport(db: Db, sessionId: string): Promise<DepositReport> {
  const session = await db.auctionSession.findUnique({ where: { id: sessionId } })
  if (!session) throw new ServiceError('not-found', 'session.not-found')
  const [entries, deposits] = await Promise.all([
    db.ledgerEntry.findMany({ where: { sessionId, kind: { startsWith: 'deposit_' } }, select: { kind: true, amountFen: true } }),
    db.payment.findMany({ where: { sessionId, kind: 'DEPOSIT' }, include: { payer: { select: { name: true } } }, orderBy: { createdAt: 'asc' } }),
  ])
  const totals = depositTotals(entries.map((e) => ({ kind: e.kind as PostingKind, amountFen: fenFromDb(e.amountFen) })))
  const held = depositsHeld(totals)
  const heldByStatus = deposits.filter((d) => d.status === 'SUCCEEDED').reduce((s, d) => s + fenFromDb(d.amountFen), 0)
  return {
    sessionId,
    quarter: session.quarter,
    title: session.title,
    status: session.status,
    ...totals,
    held,
    heldByStatus,
    balanced: held === heldByStatus,
    deposits: deposits.map((d) => ({
      paymentId: d.id,
      enterprise: d.payer?.name ?? '',
      amountFen: fenFromDb(d.amountFen),
      status: d.status,
      paidAt: d.paidAt?.toISOString() ?? null,
    })),
  }
}

export async function depositReports(db: Db): Promise<DepositReport[]> {
  const sessions = await db.auctionSession.findMany({ orderBy: { startsAt: 'desc' }, select: { id: true } })
  return Promise.all(sessions.map((s) => depositReport(db, s.id)))
}

export type PaymentFilters = { kind?: PaymentKind; status?: PaymentStatus; sessionId?: string; page?: number }
const PAGE = 50

/** Staff see every payment; an enterprise sees its own. */
export async function listPayments(db: Db, viewer: Principal, filters: PaymentFilters = {}) {
  const where: Prisma.PaymentWhereInput = {
    ...(isStaff(viewer) ? {} : { payerId: viewer.organizationId }),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.sessionId ? { sessionId: filters.sessionId } : {}),
  }
  if (viewer.role === 'INSTITUTION') return { total: 0, payments: [] }
  const page = Math.max(1, filters.page ?? 1)
  const [total, rows] = await Promise.all([
    db.payment.count({ where }),
    db.payment.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      skip: (page - 1) * PAGE,
      take: PAGE,
      include: { payer: { select: { name: true } }, session: { select: { quarter: true, title: true } }, lot: { select: { number: true } } },
    }),
  ])
  return {
    total,
    payments: rows.map((p) => ({
      id: p.id,
      kind: p.kind,
      status: p.status,
      amountFen: fenFromDb(p.amountFen),
      currency: p.currency,
      payer: p.payer?.name ?? null,
      session: p.session ? `${p.session.quarter} ${p.session.title}` : null,
      lotNumber: p.lot?.number ?? null,
      providerId: p.providerId,
      providerRefundId: p.providerRefundId,
      failureReason: p.failureReason,
      attempts: p.attempts,
      paidAt: p.paidAt?.toISOString() ?? null,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    })),
  }
}

/** What staff can do about a problem, from the staff payments page (one button, one service call). */
export type AttentionAction =
  | { intent: 'reconcile'; paymentId: string; label: string }
  | { intent: 'refund-settlement'; paymentId: string; label: string }
  | { intent: 'retry-payout'; rewardId: string; label: string }
  | { intent: 'refund-losers'; sessionId: string; label: string }
  | { intent: 'forfeit'; dealId: string; label: string }

export type AttentionItem = {
  key: string
  /** The payment to open for its receipt and history, when the problem is one payment. */
  paymentId: string | null
  kind: PaymentKind
  status: PaymentStatus | null
  amountFen: number
  payer: string | null
  problem: string
  advice: string
  action: AttentionAction | null
}

/**
 * Everything about money that waits for a person, each with what to do:
 * answers still unknown (ask the provider), money taken for a defaulted deal
 * (refund it), payouts that failed (retry after fixing the account), sessions
 * over that still hold deposits to give back, deals past their deadline not
 * yet forfeited, and declined card payments (the enterprise pays again).
 * The jobs of the payments queue handle most of these by themselves; what is
 * listed here is what they could not, or have not yet.
 */
export async function paymentsNeedingAttention(db: Db, now: Date): Promise<AttentionItem[]> {
  const stale = new Date(now.getTime() - 15 * 60 * 1000)
  const payer = { payer: { select: { name: true } } } as const
  const [stuck, paidAfterDefault, failedPayouts, failedCards, overdue, sessions] = await Promise.all([
    db.payment.findMany({ where: { status: 'PROCESSING', updatedAt: { lt: stale } }, include: payer, orderBy: { updatedAt: 'asc' }, take: 100 }),
    db.payment.findMany({ where: { kind: 'SETTLEMENT', status: 'SUCCEEDED', deal: { status: 'DEFAULTED' } }, include: payer, take: 100 }),
    db.payment.findMany({
      where: { kind: 'REWARD_PAYOUT', status: 'FAILED', reward: { status: 'APPROVED' } },
      include: { reward: { include: { enterprise: { select: { name: true } } } } },
      orderBy: { updatedAt: 'desc' },
      take: 100,
    }),
    db.payment.findMany({ where: { kind: { in: ['DEPOSIT', 'SETTLEMENT'] }, status: 'FAILED' }, include: payer, orderBy: { updatedAt: 'desc' }, take: 100 }),
    db.deal.findMany({ where: { status: 'AWAITING_PAYMENT', paymentDeadline: { lt: now }, lotId: { not: null } }, include: { buyer: { select: { name: true } } }, take: 100 }),
    db.auctionSession.findMany({ where: { status: { in: ['CLOSED', 'CANCELLED'] }, payments: { some: { kind: 'DEPOSIT', status: 'SUCCEEDED' } } }, select: { id: true, quarter: true, title: true } }),
  ])
  const items: AttentionItem[] = []
  const fromPayment = (p: Payment & { payer: { name: string } | null }, problem: string, advice: string, action: AttentionAction | null): AttentionItem => ({
    key: `${action?.intent ?? 'none'}:${p.id}`,
    paymentId: p.id,
    kind: p.kind,
    status: p.status,
    amountFen: fenFromDb(p.amountFen),
    payer: p.payer?.name ?? null,
    problem,
    advice,
    action,
  })
  for (const p of stuck) {
    items.push(fromPayment(p, '支付结果超过 15 分钟未确认', '向支付机构核实并记录结果（不会重复扣款）', { intent: 'reconcile', paymentId: p.id, label: '向支付机构核实' }))
  }
  for (const p of paidAfterDefault) {
    items.push(fromPayment(p, '成交已违约（保证金已没收），尾款却已到账', '原路退还该笔尾款', { intent: 'refund-settlement', paymentId: p.id, label: '退还尾款' }))
  }
  for (const p of failedPayouts) {
    items.push({
      ...fromPayment({ ...p, payer: p.reward ? { name: p.reward.enterprise.name } : null }, `奖励发放失败（${p.failureReason ?? '原因不明'}）`, '核对企业收款账户后重新发放（新的发放单号，不会重复发放）', null),
      action: p.rewardId ? { intent: 'retry-payout', rewardId: p.rewardId, label: '重新发放' } : null,
    })
  }
  for (const s of sessions) {
    const held = await losingDepositsHeld(db, s.id)
    if (!held.length) continue
    items.push({
      key: `refund-losers:${s.id}`,
      paymentId: null,
      kind: 'DEPOSIT',
      status: 'SUCCEEDED',
      amountFen: held.reduce((sum, p) => sum + fenFromDb(p.amountFen), 0),
      payer: `${s.quarter} ${s.title}：${held.length} 家未成交企业`,
      problem: '竞价已结束，未成交企业的保证金尚未退还',
      advice: '退还这些企业的保证金（原路退回）',
      action: { intent: 'refund-losers', sessionId: s.id, label: '退还未成交企业保证金' },
    })
  }
  for (const d of overdue) {
    items.push({
      key: `forfeit:${d.id}`,
      paymentId: null,
      kind: 'SETTLEMENT',
      status: null,
      amountFen: fenFromDb(d.priceFen),
      payer: d.buyer.name,
      problem: `付款期限（${d.paymentDeadline.toISOString().slice(0, 16).replace('T', ' ')} UTC）已过，成交价款未付`,
      advice: '没收保证金，成交作违约处理',
      action: { intent: 'forfeit', dealId: d.id, label: '没收保证金' },
    })
  }
  for (const p of failedCards) {
    items.push(fromPayment(p, declineMessage(p.failureReason), '无需工作人员操作：由付款企业换卡或稍后重新支付；如企业反映问题，可打开回执查看每次尝试', null))
  }
  // Webhooks refused because their money did not match (finding 2 of issue 11), and partial refunds, for 30 days.
  const since = new Date(now.getTime() - 30 * 86_400_000)
  const [refused, partial] = await Promise.all([
    db.paymentEvent.findMany({ where: { outcome: 'refused-mismatch', receivedAt: { gte: since }, paymentId: { not: null } }, include: { payment: { include: payer } }, orderBy: { receivedAt: 'desc' }, take: 100 }),
    db.payment.findMany({ where: { refundedFen: { not: null }, status: { not: 'REFUNDED' } }, include: payer, orderBy: { updatedAt: 'desc' }, take: 100 }),
  ])
  for (const e of refused) {
    if (!e.payment) continue
    const o = (e.payload as { data?: { object?: { amount?: unknown; currency?: unknown; amount_refunded?: unknown } } }).data?.object ?? {}
    const fen = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatFen(v) : String(v).slice(0, 30))
    const said = [`金额 ${fen(o.amount)}`, typeof o.currency === 'string' ? `币种 ${o.currency.slice(0, 10).toUpperCase()}` : null, o.amount_refunded !== undefined ? `退款 ${fen(o.amount_refunded)}` : null].filter(Boolean).join('，')
    items.push({
      ...fromPayment(e.payment, `支付机构的通知（${e.type}，${said}）与该笔款项（${formatFen(fenFromDb(e.payment.amountFen))} ${e.payment.currency}）不符，已拒收`, '款项状态未改变；请向支付机构核实该通知（事件号见回执），如确有其事再人工处理', null),
      key: `refused:${e.id}`,
    })
  }
  for (const p of partial) {
    items.push({
      ...fromPayment(p, `支付机构已部分退款 ${formatFen(fenFromDb(p.refundedFen!))}（共 ${formatFen(fenFromDb(p.amountFen))}）`, '部分退款不改变款项状态，也不计入保证金台账；请核对后人工处理余额', null),
      key: `partial-refund:${p.id}`,
    })
  }
  return items
}

// ---------------------------------------------------------------------------
// What the enterprise's pages show.

/** Deposits to pay (approved registrations) and won lots to pay for, with what is due. */
export async function enterprisePaymentTasks(db: Db, enterprise: Principal, now: Date) {
  if (enterprise.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.payments-due')
  const [registrations, deals] = await Promise.all([
    db.registration.findMany({
      where: { enterpriseId: enterprise.organizationId, status: 'APPROVED', session: { status: { in: ['PLANNED', 'OPEN', 'LIVE'] } } },
      include: { session: { include: { lots: { select: { depositFen: true } } } } },
    }),
    db.deal.findMany({
      where: { buyerId: enterprise.organizationId, status: 'AWAITING_PAYMENT' },
      include: { result: { select: { title: true } }, lot: { select: { sessionId: true, number: true } } },
      orderBy: { paymentDeadline: 'asc' },
    }),
  ])
  const deposits = []
  for (const r of registrations) {
    const payment = await findDeposit(db, r.sessionId, enterprise.organizationId)
    deposits.push({
      sessionId: r.sessionId,
      session: `${r.session.quarter} ${r.session.title}`,
      amountFen: sessionDeposit(r.session.lots.map((l) => fenFromDb(l.depositFen))),
      status: payment?.status ?? null,
    })
  }
  const balances = []
  for (const d of deals) {
    const deposit = d.lot ? await findDeposit(db, d.lot.sessionId, enterprise.organizationId) : null
    const held = deposit?.status === 'SUCCEEDED' ? fenFromDb(deposit.amountFen) : 0
    const price = fenFromDb(d.priceFen)
    balances.push({
      dealId: d.id,
      title: d.result.title,
      lotNumber: d.lot?.number ?? null,
      priceFen: price,
      depositFen: held,
      dueFen: held > price ? 0 : settlementAmount(price, held),
      deadline: d.paymentDeadline.toISOString(),
      overdue: now.getTime() > d.paymentDeadline.getTime(),
    })
  }
  return { deposits, balances }
}

/** The deposit checkout page: what is due for the session, and whether it is already paid. */
export async function depositCheckout(db: Db, enterprise: Principal, sessionId: string) {
  const tasks = await enterprisePaymentTasks(db, enterprise, new Date(0))
  const task = tasks.deposits.find((d) => d.sessionId === sessionId)
  if (!task) throw new ServiceError('not-allowed', 'deposit.not-approved')
  return task
}

/** The balance checkout page of one won lot. */
export async function settlementCheckout(db: Db, enterprise: Principal, dealId: string, now: Date) {
  const tasks = await enterprisePaymentTasks(db, enterprise, now)
  const task = tasks.balances.find((b) => b.dealId === dealId)
  if (!task) throw new ServiceError('not-found', 'deal.no-open-balance')
  return task
}

/** A receipt: only the payer or staff see it. */
export async function paymentReceipt(db: Db, viewer: Principal, paymentId: string) {
  const p = await db.payment.findUnique({
    where: { id: paymentId },
    include: { payer: { select: { name: true, creditCode: true } }, session: { select: { quarter: true, title: true } }, lot: { select: { number: true } } },
  })
  if (!p || (!isStaff(viewer) && p.payerId !== viewer.organizationId)) throw new ServiceError('not-found', 'payment.not-found')
  const trail = await db.auditLog.findMany({ where: { entityType: 'Payment', entityId: p.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
  return {
    id: p.id,
    kind: p.kind,
    status: p.status,
    amountFen: fenFromDb(p.amountFen),
    currency: p.currency,
    payer: p.payer,
    session: p.session ? `${p.session.quarter} ${p.session.title}` : null,
    lotNumber: p.lot?.number ?? null,
    providerId: p.providerId,
    providerRefundId: p.providerRefundId,
    failureReason: p.failureReason,
    paidAt: p.paidAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    history: trail.map((a) => ({ at: a.at.toISOString(), action: a.action, from: a.fromStatus, to: a.toStatus, reason: a.reason })),
  }
}
