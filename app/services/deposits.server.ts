// Deposits (保证金): paying one for a session, whether it is paid, refunding it
// (losers after the close, or on staff's word), applying it to the price of a
// won lot, and forfeiting it when the balance is not paid by the deadline.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { decidePaymentTransition, depositKey, sessionDeposit } from '~/domain/payments.ts'
import type { Payment } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { sqlPort, statement } from '~/utils/sql.server.ts'
import type { Card, PaymentProvider } from '~/utils/payment-provider.server.ts'
import { audit } from './audit.server.ts'
import { depositPaidSql } from './eligibility-sql.server.ts'
import { ensureAuctionContract } from './contracts.server.ts'
import { requireDealOfBureau, requirePaymentOfBureau } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { queueRewardWork } from './reward-worker.server.ts'
import { payWithCard, refundPayment } from './card-payments.server.ts'
import { PaymentOutcome, applyFactTx, outcomeOf } from './payment-state.server.ts'
import { afterDefaultCommitted, afterDefaultTx, requireNotBarred } from './reauctions.server.ts'

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
  await requireNotBarred(db, session.id, enterprise.organizationId)
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

/**
 * Why a held deposit cannot be refunded now (a catalogue key), or null: not while its session is live, nor while
 * its payer has a deal of that session still awaiting payment (the deposit counts towards it). refundDeposit and
 * the staff payments page (which offers 退还 only when this is null) ask the same rule.
 */
export async function depositRefundProblem(db: Db | Tx, payment: { sessionStatus: string | null; sessionId: string | null; payerId: string | null }): Promise<'deposit.session-live' | 'deposit.held-for-deal' | null> {
  if (payment.sessionStatus === 'LIVE') return 'deposit.session-live'
  if (payment.sessionId && payment.payerId) {
    const open = await db.deal.count({ where: { buyerId: payment.payerId, status: 'AWAITING_PAYMENT', lot: { sessionId: payment.sessionId } } })
    if (open > 0) return 'deposit.held-for-deal'
  }
  return null
}

/** Refunds a held deposit (a loser's, or any deposit of a cancelled session). */
export async function refundDeposit(db: Db, provider: PaymentProvider, actor: Principal | null, paymentId: string, now: Date): Promise<PaymentOutcome> {
  if (actor && !isStaff(actor)) throw new ServiceError('forbidden', 'staff-only.refund-deposits')
  if (actor) await requirePaymentOfBureau(db, actor, paymentId)
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { session: true } })
  if (!payment) throw new ServiceError('not-found', 'payment.not-found')
  if (payment.kind !== 'DEPOSIT') throw new ServiceError('not-allowed', 'payment.not-deposit')
  const decision = decidePaymentTransition(payment.kind, payment.status, 'refund')
  if (decision.type === 'refuse') throw new ServiceError(decision.code, decision.message, { params: decision.params })
  if (decision.type === 'ignore') return outcomeOf(payment)
  const problem = await depositRefundProblem(db, { sessionStatus: payment.session?.status ?? null, sessionId: payment.sessionId, payerId: payment.payerId })
  if (problem) throw new ServiceError('not-allowed', problem)
  return refundPayment(db, provider, payment, actor?.userId ?? null, now)
}

/**
 * Refunds a settlement that arrived after its deal was defaulted (the winner
 * paid late, or its payment was confirmed after the forfeit): the deal is
 * gone, so the money goes back. A settlement of a deal still standing is not
 * refunded here.
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
  if (actor) await requireDealOfBureau(db, actor, dealId)
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
  if (actor) await requireDealOfBureau(db, actor, dealId)
  const outcome = await db.$transaction(async (tx) => {
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
      outcome = { paymentId: payment.id, status: payment.status, message: 'serverText.payment.forfeited' }
    }
    const { count } = await tx.deal.updateMany({ where: { id: deal.id, status: 'AWAITING_PAYMENT' }, data: { status: 'DEFAULTED' } })
    if (count !== 1) throw new ServiceError('conflict', 'deal.changed')
    // 悔拍's other consequences (decision 022): the result back on the market, the defaulter barred, told.
    await afterDefaultTx(tx, deal, actor?.userId ?? null, now)
    return { outcome, resultId: deal.resultId }
  })
  await afterDefaultCommitted(db, outcome.resultId)
  return outcome.outcome
}
