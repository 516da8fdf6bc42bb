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
import { applyDepositToPrice, findDeposit } from './deposits.server.ts'
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
  const key = settlementKey(deal.id)
  let payment = await db.payment.findUnique({ where: { idempotencyKey: key } })
  if (!payment) {
    const deposit = await findDeposit(db, deal.lot, deal.buyerId)
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
