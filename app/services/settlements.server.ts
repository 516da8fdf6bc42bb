// Settlement of a won lot: the winner pays the price less the deposit before
// the deadline; staff refund a balance that arrived after a forfeit.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { decidePaymentTransition, settlementAmount, settlementKey } from '~/domain/payments.ts'
import type { Db } from '~/utils/db.server.ts'
import type { Card, PaymentProvider } from '~/utils/payment-provider.server.ts'
import { audit } from './audit.server.ts'
import { requirePaymentOfBureau } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { payWithCard, refundPayment } from './card-payments.server.ts'
import { applyDepositToPrice } from './deposits.server.ts'
import { depositForDeal, heldFen } from './deposit-of-lot.server.ts'
import { PaymentOutcome, outcomeOf } from './payment-state.server.ts'

export async function refundSettlement(db: Db, provider: PaymentProvider, staff: Principal, paymentId: string, now: Date): Promise<PaymentOutcome> {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.refund-settlements')
  await requirePaymentOfBureau(db, staff, paymentId)
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { deal: true } })
  if (!payment) throw new ServiceError('not-found', 'payment.not-found')
  if (payment.kind !== 'SETTLEMENT') throw new ServiceError('not-allowed', 'payment.not-settlement')
  const decision = decidePaymentTransition(payment.kind, payment.status, 'refund')
  if (decision.type === 'refuse') throw new ServiceError(decision.code, decision.message, { params: decision.params })
  if (decision.type === 'ignore') return outcomeOf(payment)
  if (payment.deal?.status !== 'DEFAULTED') throw new ServiceError('not-allowed', 'settlement.not-defaulted')
  return refundPayment(db, provider, payment, staff.userId, now)
}

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
  const existing = await db.payment.findFirst({ where: { dealId: deal.id, kind: 'SETTLEMENT' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
  // An attempt under way or done keeps its amount; otherwise the amount is worked out again before every attempt,
  // from the deposit that counts toward this deal now (a session-wide deposit may meanwhile count toward another).
  if (existing && (existing.status === 'PROCESSING' || existing.status === 'SUCCEEDED')) return payWithCard(db, provider, existing.id, input.card, buyer.userId, now)
  const dealOfLot = { id: deal.id, buyerId: deal.buyerId, priceFen: deal.priceFen, lot: deal.lot }
  const deposit = await depositForDeal(db, dealOfLot)
  const held = heldFen(deposit)
  const price = fenFromDb(deal.priceFen)
  if (held > price) throw new ServiceError('invalid', 'deal.price-below-deposit')
  const due = settlementAmount(price, held)
  if (due === 0) return applyDepositToPrice(db, null, deal.id, now)
  const payment = await db.$transaction(async (tx) => {
    // A session-wide deposit counted here is this deal's from now on (decision 021): no other deal counts it too.
    if (held > 0 && deposit && deposit.lotId === null && deposit.dealId === null) {
      const { count } = await tx.payment.updateMany({ where: { id: deposit.id, dealId: null, status: 'SUCCEEDED' }, data: { dealId: deal.id } })
      if (count !== 1) throw new ServiceError('conflict', 'deal.changed')
      await audit(tx, { actorId: buyer.userId, action: 'payment.reserve-for-deal', entityType: 'Payment', entityId: deposit.id, data: { dealId: deal.id }, at: now })
    }
    if (existing && fenFromDb(existing.amountFen) === due) return existing
    // No payment intent yet: the row takes the new amount. An intent's amount is fixed at the provider, so a row
    // that has one is left as it is (failed) and the balance gets a new payment under the next key.
    if (existing && existing.providerId === null) {
      const changed = await tx.payment.update({ where: { id: existing.id }, data: { amountFen: fenToDb(due) } })
      await audit(tx, {
        actorId: buyer.userId,
        action: 'payment.amount-change',
        entityType: 'Payment',
        entityId: existing.id,
        data: { kind: 'SETTLEMENT', priceFen: price, depositFen: held, fromFen: fenFromDb(existing.amountFen), amountFen: due },
        at: now,
      })
      return changed
    }
    const earlier = await tx.payment.count({ where: { dealId: deal.id, kind: 'SETTLEMENT' } })
    const key = earlier === 0 ? settlementKey(deal.id) : `${settlementKey(deal.id)}:${earlier + 1}`
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
      data: { kind: 'SETTLEMENT', priceFen: price, depositFen: held, amountFen: due, ...(existing ? { replaces: existing.id } : {}) },
      at: now,
    })
    return created
  })
  return payWithCard(db, provider, payment.id, input.card, buyer.userId, now)
}
