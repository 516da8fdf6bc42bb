// Deposits (保证金), one per lot and enterprise (decision 021): paying the deposit of a lot, whether it is paid,
// refunding it (losers once their lot is decided, or on staff's word), applying it to the price of the won lot,
// and forfeiting it when the balance is not paid by the deadline. A session-wide deposit paid before decision
// 021 stays valid for every lot of its session and is decided with the whole session, as it was.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { decidePaymentTransition, legacySessionDepositKey, lotDepositKey } from '~/domain/payments.ts'
import type { Payment, Prisma } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { lockRow, sqlPort, statement } from '~/utils/sql.server.ts'
import type { Card, PaymentProvider } from '~/utils/payment-provider.server.ts'
import { audit } from './audit.server.ts'
import { depositPaidSql } from './eligibility-sql.server.ts'
import { depositForDeal, depositForLot, heldFen } from './deposit-of-lot.server.ts'
import { requireDealOfBureau, requirePaymentOfBureau } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { queueRewardWork } from './reward-worker.server.ts'
import { payWithCard, refundPayment, requestRefundTx } from './card-payments.server.ts'
import { PaymentOutcome, applyFactTx, markDealPaidTx, outcomeOf } from './payment-state.server.ts'
import { afterDefaultCommitted, afterDefaultTx, requireNotBarred } from './reauctions.server.ts'

/** A lot in these states is decided: its losers' deposits go back. */
export const DECIDED_LOT_STATUSES = ['SOLD', 'UNSOLD', 'CANCELLED'] as const
/** While a lot is in these states nobody's deposit for it is refunded (its bidding runs). */
const BIDDING_LOT_STATUSES = ['LIVE', 'PAUSED']

/** The deposit that stands for the enterprise on the lot: its own for the lot, else a session-wide one from before. */
export async function findDeposit(db: Db | Tx, lot: { id: string; sessionId: string }, enterpriseId: string) {
  return depositForLot(db, lot, enterpriseId)
}

const DEPOSIT_PAID_SQL = statement<{ paid: boolean }>(`SELECT ${depositPaidSql('$1', '$2', '$3')} AS paid`, 'deposit-paid')

/** Whether the enterprise's deposit for the lot has succeeded (the fragment every bid read embeds). */
export async function hasPaidDeposit(db: Db, lot: { id: string; sessionId: string }, enterpriseId: string): Promise<boolean> {
  const [row] = await sqlPort(db).query(DEPOSIT_PAID_SQL, [lot.sessionId, lot.id, enterpriseId])
  return row?.paid === true
}

export async function startDepositPayment(
  db: Db,
  provider: PaymentProvider,
  enterprise: Principal,
  input: { lotId: string; card: Card },
  now: Date,
): Promise<PaymentOutcome> {
  if (enterprise.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.deposits')
  const lot = await db.lot.findUnique({
    where: { id: input.lotId },
    include: { session: { include: { registrations: { where: { enterpriseId: enterprise.organizationId } } } }, result: { select: { ownerId: true } } },
  })
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  const session = lot.session
  if (session.status === 'CLOSED' || session.status === 'CANCELLED') throw new ServiceError('wrong-status', 'deposit.session-over')
  if ((DECIDED_LOT_STATUSES as readonly string[]).includes(lot.status)) throw new ServiceError('wrong-status', 'lotDeposits.errors.lot-over')
  const registration = session.registrations[0]
  if (!registration || registration.status !== 'APPROVED') {
    throw new ServiceError('not-allowed', 'deposit.not-approved')
  }
  await requireNotBarred(db, session.id, enterprise.organizationId)
  if (lot.result.ownerId === enterprise.organizationId) throw new ServiceError('not-allowed', 'bid.own-lot')
  const amount = fenFromDb(lot.depositFen)
  if (amount <= 0) throw new ServiceError('invalid', 'lotDeposits.errors.none-required')
  // A session-wide deposit paid (or being paid) before decision 021 already covers every lot of its session.
  const legacy = await db.payment.findUnique({ where: { idempotencyKey: legacySessionDepositKey(session.id, enterprise.organizationId) } })
  if (legacy && (legacy.status === 'SUCCEEDED' || legacy.status === 'PROCESSING')) throw new ServiceError('not-allowed', 'lotDeposits.errors.covered-by-session')
  const payment = await db.$transaction(async (tx) => {
    // The lot's deposit payment, or a new one when the last was refunded (staff gave it back before the lot opened):
    // the enterprise may pay again, under the next key.
    const earlier = await tx.payment.findMany({ where: { kind: 'DEPOSIT', lotId: lot.id, payerId: enterprise.organizationId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
    if (earlier[0] && earlier[0].status !== 'REFUNDED') return earlier[0]
    const key = earlier.length === 0 ? lotDepositKey(lot.id, enterprise.organizationId) : `${lotDepositKey(lot.id, enterprise.organizationId)}:${earlier.length + 1}`
    const created = await tx.payment.create({
      data: { kind: 'DEPOSIT', amountFen: fenToDb(amount), currency: 'CNY', payerId: enterprise.organizationId, sessionId: session.id, lotId: lot.id, idempotencyKey: key, createdAt: now },
    })
    await audit(tx, { actorId: enterprise.userId, action: 'payment.create', entityType: 'Payment', entityId: created.id, toStatus: 'REQUIRES_PAYMENT', data: { kind: 'DEPOSIT', amountFen: amount, lotId: lot.id }, at: now })
    return created
  })
  return payWithCard(db, provider, payment.id, input.card, enterprise.userId, now)
}

export type DepositRefundProblem = 'deposit.session-live' | 'deposit.held-for-deal' | 'lotDeposits.errors.lot-live'

/**
 * Why a held deposit cannot be refunded now (a catalogue key), or null. A lot's deposit: not while that lot's
 * bidding runs, nor while its payer's deal for that lot awaits payment (the deposit counts towards it). A
 * session-wide deposit from before decision 021: not while its session is live, nor while its payer has a deal
 * of that session awaiting payment. refundDeposit and the staff payments page (which offers 退还 only when this
 * is null) ask the same rule.
 */
export async function depositRefundProblem(
  db: Db | Tx,
  payment: { sessionStatus: string | null; sessionId: string | null; payerId: string | null; lotId?: string | null },
): Promise<DepositRefundProblem | null> {
  if (payment.lotId) {
    const lot = await db.lot.findUnique({ where: { id: payment.lotId }, select: { status: true, deal: { select: { buyerId: true, status: true } } } })
    if (lot && BIDDING_LOT_STATUSES.includes(lot.status)) return 'lotDeposits.errors.lot-live'
    if (lot?.deal && lot.deal.buyerId === payment.payerId && lot.deal.status === 'AWAITING_PAYMENT') return 'deposit.held-for-deal'
    return null
  }
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
  // The rule and the request in one transaction, the lot's (or the session's) row locked: bidding cannot open in
  // between, and from the request on the deposit counts for nothing (depositPaidSql, heldFen).
  await db.$transaction(async (tx) => {
    if (payment.lotId) await lockRow(tx, 'Lot', payment.lotId)
    else if (payment.sessionId) await lockRow(tx, 'AuctionSession', payment.sessionId)
    const session = payment.sessionId ? await tx.auctionSession.findUnique({ where: { id: payment.sessionId }, select: { status: true } }) : null
    const problem = await depositRefundProblem(tx, { sessionStatus: session?.status ?? null, sessionId: payment.sessionId, payerId: payment.payerId, lotId: payment.lotId })
    if (problem) throw new ServiceError('not-allowed', problem)
    await requestRefundTx(tx, payment.id, actor?.userId ?? null, now)
  })
  return refundPayment(db, provider, payment, actor?.userId ?? null, now)
}

/**
 * Refunds a settlement that arrived after its deal was defaulted (the winner
 * paid late, or its payment was confirmed after the forfeit): the deal is
 * gone, so the money goes back. A settlement of a deal still standing is not
 * refunded here.
 */

/** Held deposits of decided lots (or lots of a session that is over) whose payer did not win that lot (of `where`'s lots). */
async function lotLosersHeld(db: Db | Tx, where: Prisma.LotWhereInput): Promise<Payment[]> {
  const held = await db.payment.findMany({
    where: { kind: 'DEPOSIT', status: 'SUCCEEDED', lot: { AND: [where, { OR: [{ status: { in: [...DECIDED_LOT_STATUSES] } }, { session: { status: { in: ['CLOSED', 'CANCELLED'] } } }] }] } },
    include: { lot: { select: { deal: { select: { buyerId: true } } } } },
    orderBy: { createdAt: 'asc' },
  })
  return held.filter((p) => !p.lot?.deal || p.lot.deal.buyerId !== p.payerId).map(({ lot: _lot, ...p }) => p)
}

/**
 * The deposits of a lot to give back now that it is decided (sold, unsold or cancelled): every held deposit
 * for that lot but the winner's. Refused while the lot is not decided.
 */
export async function lotDepositsToRefund(db: Db | Tx, lotId: string): Promise<Payment[]> {
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: { status: true, session: { select: { status: true } } } })
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  if (!(DECIDED_LOT_STATUSES as readonly string[]).includes(lot.status) && lot.session.status !== 'CANCELLED' && lot.session.status !== 'CLOSED') throw new ServiceError('wrong-status', 'lotDeposits.errors.refund-after-lot-close')
  return lotLosersHeld(db, { id: lotId })
}

/**
 * The deposits of a session to give back: the losers' deposits of each of its decided lots, and, once the whole
 * session is CLOSED or CANCELLED, its session-wide deposits from before decision 021 (every one of a cancelled
 * session; of a closed one, those of enterprises without a deal there).
 */
export async function losingDepositsHeld(db: Db | Tx, sessionId: string): Promise<Payment[]> {
  const session = await db.auctionSession.findUnique({ where: { id: sessionId } })
  if (!session) throw new ServiceError('not-found', 'session.not-found')
  const perLot = await lotLosersHeld(db, { sessionId })
  if (session.status !== 'CLOSED' && session.status !== 'CANCELLED') return perLot
  const held = await db.payment.findMany({ where: { sessionId, lotId: null, kind: 'DEPOSIT', status: 'SUCCEEDED' }, orderBy: { createdAt: 'asc' } })
  if (session.status === 'CANCELLED') return [...perLot, ...held]
  const winners = new Set((await db.deal.findMany({ where: { lot: { sessionId } }, select: { buyerId: true } })).map((d) => d.buyerId))
  return [...perLot, ...held.filter((p) => !p.payerId || !winners.has(p.payerId))]
}

/** Sessions that hold deposits to give back (of decided lots, or session-wide ones of a session that is over). */
export const SESSIONS_HOLDING_LOSING_DEPOSITS: Prisma.AuctionSessionWhereInput = {
  OR: [
    { status: { in: ['CLOSED', 'CANCELLED'] }, payments: { some: { kind: 'DEPOSIT', status: 'SUCCEEDED' } } },
    { payments: { some: { kind: 'DEPOSIT', status: 'SUCCEEDED', lot: { status: { in: [...DECIDED_LOT_STATUSES] } } } } },
  ],
}

/** Refunds the deposits of a session to give back now (losingDepositsHeld). */
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
    const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { lot: { select: { id: true, sessionId: true } } } })
    if (!deal || !deal.lot) throw new ServiceError('not-found', 'deal.not-found')
    if (deal.status !== 'AWAITING_PAYMENT') throw new ServiceError('wrong-status', 'deal.not-awaiting-payment')
    const deposit = await depositForDeal(tx, { id: deal.id, buyerId: deal.buyerId, priceFen: deal.priceFen, lot: deal.lot })
    if (!deposit || heldFen(deposit) === 0) throw new ServiceError('not-found', 'deposit.none-paid')
    if (deposit.amountFen > deal.priceFen) throw new ServiceError('invalid', 'deal.price-below-deposit')
    const { payment } = await applyFactTx(tx, deposit.id, 'apply', { source: actor ? 'staff' : 'system', actorId: actor?.userId ?? null }, now)
    await tx.payment.update({ where: { id: deposit.id }, data: { dealId: deal.id } })
    if (deposit.amountFen === deal.priceFen) await markDealPaidTx(tx, deal.id, { depositFen: fenFromDb(deposit.amountFen) }, actor?.userId ?? null, now)
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
    const deal = await tx.deal.findUnique({ where: { id: dealId }, include: { lot: { select: { id: true, sessionId: true } }, payments: true } })
    if (!deal || !deal.lot) throw new ServiceError('not-found', 'deal.not-found')
    if (deal.status !== 'AWAITING_PAYMENT') throw new ServiceError('wrong-status', 'deal.not-awaiting-payment')
    if (now.getTime() <= deal.paymentDeadline.getTime()) throw new ServiceError('not-allowed', 'forfeit.before-deadline')
    if (deal.payments.some((p) => p.kind === 'SETTLEMENT' && (p.status === 'PROCESSING' || p.status === 'SUCCEEDED'))) {
      throw new ServiceError('conflict', 'forfeit.settlement-under-way')
    }
    // The deposit of the deal's lot (or a session-wide one from before decision 021).
    const deposit = await depositForDeal(tx, { id: deal.id, buyerId: deal.buyerId, priceFen: deal.priceFen, lot: deal.lot })
    let outcome: PaymentOutcome | null = null
    if (deposit && deposit.status === 'SUCCEEDED') {
      const { payment } = await applyFactTx(tx, deposit.id, 'forfeit', { source: actor ? 'staff' : 'system', actorId: actor?.userId ?? null }, now)
      // Forfeited for this deal: no other deal of the session counts a session-wide deposit any more.
      await tx.payment.update({ where: { id: deposit.id }, data: { dealId: deal.id } })
      outcome = { paymentId: payment.id, status: payment.status, message: 'serverText.payment.forfeited' }
    }
    const { count } = await tx.deal.updateMany({ where: { id: deal.id, status: 'AWAITING_PAYMENT' }, data: { status: 'DEFAULTED' } })
    if (count !== 1) throw new ServiceError('conflict', 'deal.changed')
    await audit(tx, { actorId: actor?.userId ?? null, action: 'deal.default', entityType: 'Deal', entityId: deal.id, fromStatus: 'AWAITING_PAYMENT', toStatus: 'DEFAULTED', data: { depositPaymentId: outcome?.paymentId ?? null, deadline: deal.paymentDeadline.toISOString() }, at: now })
    // 悔拍's other consequences (decision 022): the result back on the market, the defaulter barred, told.
    await afterDefaultTx(tx, deal, actor?.userId ?? null, now)
    return { outcome, resultId: deal.resultId }
  })
  await afterDefaultCommitted(db, outcome.resultId)
  return outcome.outcome
}
