// Innovation vouchers: the bureau pays the voucher part of a delivered booking out to the provider, through the
// payment provider, once, whatever the retries (as reward payouts, app/services/payouts.server.ts). Decision 018.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb } from '~/domain/money.ts'
import { payoutKey } from '~/domain/payments.ts'
import { voucherPayoutPaymentKey } from '~/domain/vouchers.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { PaymentProviderError, type PaymentProvider } from '~/utils/payment-provider.server.ts'
import { bureauIdOf } from './bureaus.server.ts'
import { applyFact, outcomeOf, type FactSource, type PaymentOutcome } from './payment-state.server.ts'

/** Staff of the bureau that granted the quota pay the voucher part of a delivered booking out to the provider, once. */
export async function payoutVoucher(db: Db, provider: PaymentProvider, staff: Principal, bookingId: string, now: Date): Promise<PaymentOutcome> {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'vouchers.errors.staffOnly')
  const b = await db.voucherBooking.findUnique({ where: { id: bookingId } })
  if (!b || b.bureauId !== bureauIdOf(staff)) throw new ServiceError('not-found', 'vouchers.errors.bookingNotFound')
  if (b.status !== 'DELIVERED') throw new ServiceError('wrong-status', 'vouchers.errors.payoutNotDelivered')
  const payment = await db.payment.findUnique({ where: { idempotencyKey: voucherPayoutPaymentKey(b.id) } })
  if (!payment) throw new ServiceError('invalid', 'vouchers.errors.nothingToPay')
  const { payment: attempting } = await applyFact(db, payment.id, 'attempt', { source: 'staff', actorId: staff.userId }, now)
  await sendVoucherPayout(db, provider, attempting.id, attempting.attempts + 1, staff.userId, 'provider-response', now)
  return outcomeOf(await db.payment.findUniqueOrThrow({ where: { id: payment.id } }))
}

/** Attempt n of a voucher payout under key n (as reward payouts): a replay after a lost answer never pays twice. */
export async function sendVoucherPayout(db: Db, provider: PaymentProvider, paymentId: string, attempt: number, actorId: string | null, source: FactSource, now: Date): Promise<void> {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { voucherBooking: { select: { id: true, providerId: true } } } })
  const booking = payment.voucherBooking
  if (!booking) throw new ServiceError('not-found', 'vouchers.errors.bookingNotFound')
  const org = await db.organization.findUniqueOrThrow({ where: { id: booking.providerId }, select: { creditCode: true } })
  try {
    const payout = await provider.createPayout(
      { amount: fenFromDb(payment.amountFen), currency: 'CNY', destination: `acct_${org.creditCode}`, metadata: { paymentId: payment.id, voucherBookingId: booking.id } },
      payoutKey(`voucher-${booking.id}`, attempt),
    )
    await db.payment.update({ where: { id: payment.id }, data: { providerId: payout.id } })
    if (payout.status === 'paid') await applyFact(db, payment.id, 'succeeded', { source, actorId }, now)
    if (payout.status === 'failed') await applyFact(db, payment.id, 'failed', { source, actorId, failureReason: payout.failure_code ?? 'payout_failed' }, now)
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error
    if (!error.isOutcomeUnknown) await applyFact(db, payment.id, 'failed', { source, actorId, failureReason: error.code }, now)
  }
}
