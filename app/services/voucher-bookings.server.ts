// Innovation vouchers, part 3: booking and redemption (无感直兑). A quota holder books an approved service; the
// voucher part (the policy's share of the price, no more than the quota left) is reserved at booking under the
// quota row's lock, so concurrent bookings never take a quota below zero; the provider confirms, then delivers with
// its report, which redeems the voucher part with nothing for the holder to fill in and opens two payments: the
// holder's own share (by card, through the provider, like deposits) and the bureau's voucher part (paid out to
// the provider, like reward payouts). Cancelling before delivery releases the reservation. Decision 018.
import { isStaff, type Principal } from '~/domain/access.ts'
import { shanghaiYear } from '~/domain/calendar.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { decideBookingStep, fundingProblem, quotaDelta, quotaRemaining, splitPrice, voucherPayoutPaymentKey, voucherShareKey, type BookingActor, type BookingStep } from '~/domain/vouchers.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { Card, PaymentProvider } from '~/utils/payment-provider.server.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf } from './bureaus.server.ts'
import { payWithCard } from './card-payments.server.ts'
import type { PaymentOutcome } from './payment-state.server.ts'
import { voucherPolicyInForce } from './voucher-quotas.server.ts'

/** Long enough for a queue of bookings waiting on one quota's lock. */
const TX = { timeout: 30_000, maxWait: 30_000 }

export type BookInput = { serviceId: string; useVoucher: boolean; contractId?: string | null; note?: string | null }

type LockedQuota = { id: string; bureauId: string; grantedFen: bigint; reservedFen: bigint; redeemedFen: bigint }

async function lockQuota(tx: Tx, quotaId: string): Promise<LockedQuota> {
  const [q] = await tx.$queryRaw<LockedQuota[]>`SELECT id, "bureauId", "grantedFen", "reservedFen", "redeemedFen" FROM "VoucherQuota" WHERE id = ${quotaId} FOR UPDATE`
  if (!q) throw new ServiceError('not-found', 'vouchers.errors.noQuota')
  return q
}

async function moveQuota(tx: Tx, quotaId: string, delta: { reservedFen: number; redeemedFen: number }, now: Date): Promise<void> {
  await tx.voucherQuota.update({
    where: { id: quotaId },
    data: { reservedFen: { increment: fenToDb(delta.reservedFen) }, redeemedFen: { increment: fenToDb(delta.redeemedFen) }, updatedAt: now },
  })
}

/** A quota holder books an approved service for this year's quota. */
export async function bookService(db: Db, p: Principal, input: BookInput, now: Date) {
  if (p.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'vouchers.errors.holderOnly')
  const service = await db.voucherService.findUnique({ where: { id: input.serviceId } })
  if (!service || service.status !== 'APPROVED') throw new ServiceError('not-found', 'vouchers.errors.serviceNotFound')
  if (service.providerId === p.organizationId) throw new ServiceError('not-allowed', 'vouchers.errors.ownService')
  const year = shanghaiYear(now.getTime())
  const quota = await db.voucherQuota.findUnique({ where: { holderId_year: { holderId: p.organizationId, year } }, select: { id: true, bureauId: true } })
  if (!quota) throw new ServiceError('conflict', 'vouchers.errors.noQuota')
  const contractId = input.contractId || null
  if (contractId) {
    const contract = await db.contract.findUnique({ where: { id: contractId }, select: { buyerId: true, status: true } })
    if (!contract || contract.buyerId !== p.organizationId || contract.status !== 'ACTIVE') throw new ServiceError('not-found', 'vouchers.errors.contractNotFound', { field: 'contractId' })
  }
  const policy = await voucherPolicyInForce(db, quota.bureauId, now.getTime())
  if (!policy) throw new ServiceError('conflict', 'vouchers.errors.noPolicy')
  const priceFen = fenFromDb(service.priceFen)
  const note = input.note?.trim() || null
  return db.$transaction(async (tx) => {
    // The quota row's lock orders every booking of this holder: each one sees what the one before it reserved.
    const locked = await lockQuota(tx, quota.id)
    const state = { grantedFen: fenFromDb(locked.grantedFen), reservedFen: fenFromDb(locked.reservedFen), redeemedFen: fenFromDb(locked.redeemedFen) }
    const split = splitPrice(priceFen, policy.terms.shareBp, quotaRemaining(state), input.useVoucher)
    if (fundingProblem({ voucherFen: split.voucherFen, contractId }) || (input.useVoucher && contractId)) {
      throw new ServiceError('not-allowed', 'vouchers.errors.doubleFunding', { field: 'contractId' })
    }
    if (input.useVoucher && split.voucherFen === 0) throw new ServiceError('conflict', 'vouchers.errors.quotaUsedUp', { field: 'useVoucher' })
    const booking = await tx.voucherBooking.create({
      data: {
        serviceId: service.id,
        quotaId: quota.id,
        holderId: p.organizationId,
        providerId: service.providerId,
        bureauId: quota.bureauId,
        policyId: policy.id,
        priceFen: service.priceFen,
        shareBp: policy.terms.shareBp,
        voucherFen: fenToDb(split.voucherFen),
        ownShareFen: fenToDb(split.ownShareFen),
        contractId,
        note,
        bookedAt: now,
      },
    })
    await moveQuota(tx, quota.id, quotaDelta('book', split.voucherFen), now)
    await audit(tx, {
      actorId: p.userId,
      action: 'voucher-booking.book',
      entityType: 'VoucherBooking',
      entityId: booking.id,
      toStatus: 'BOOKED',
      data: { priceFen, voucherFen: split.voucherFen, ownShareFen: split.ownShareFen, limitedBy: split.limitedBy, shareBp: policy.terms.shareBp, policyId: policy.id, policyVersion: policy.version, remainingBeforeFen: quotaRemaining(state), contractId },
      at: now,
    })
    return booking
  }, TX)
}

/** Who the person is to this booking, or not-found when it is none of theirs (another bureau's staff included). */
function actorOf(p: Principal, b: { holderId: string; providerId: string; bureauId: string }): BookingActor {
  if (isStaff(p)) {
    if (bureauIdOf(p) === b.bureauId) return 'staff'
  } else if (p.organizationId === b.providerId) return 'provider'
  else if (p.organizationId === b.holderId) return 'holder'
  throw new ServiceError('not-found', 'vouchers.errors.bookingNotFound')
}

export type StepInput = { bookingId: string; step: BookingStep; reason?: string; reportName?: string; reportText?: string }

/**
 * The provider confirms or delivers (with its report), anyone of the three cancels before delivery (with a
 * reason). Delivery redeems the voucher part and opens the two payments in the same transaction.
 */
export async function bookingStep(db: Db, p: Principal, input: StepInput, now: Date) {
  const b = await db.voucherBooking.findUnique({ where: { id: input.bookingId } })
  if (!b) throw new ServiceError('not-found', 'vouchers.errors.bookingNotFound')
  const actor = actorOf(p, b)
  const decision = decideBookingStep(b.status, input.step, actor)
  if (decision.type === 'refuse') throw new ServiceError(decision.reason === 'not-yours' ? 'not-allowed' : 'wrong-status', decision.reason === 'not-yours' ? 'vouchers.errors.stepNotYours' : 'vouchers.errors.bookingWrongStatus')
  const reason = input.reason?.trim() ?? ''
  if (input.step === 'cancel' && reason.length < 2) throw new ServiceError('reason-required', 'vouchers.errors.reasonRequired', { field: 'reason' })
  const reportName = input.reportName?.trim() ?? ''
  const reportText = input.reportText?.trim() ?? ''
  if (input.step === 'deliver' && (reportName.length < 2 || reportText.length < 2)) throw new ServiceError('invalid', 'vouchers.errors.reportRequired', { field: 'reportText' })
  const voucherFen = fenFromDb(b.voucherFen)
  return db.$transaction(async (tx) => {
    // Quota first, then the booking: the same order as booking, so no two transactions wait on each other in a cycle.
    await lockQuota(tx, b.quotaId)
    const { count } = await tx.voucherBooking.updateMany({
      where: { id: b.id, status: b.status },
      data: {
        status: decision.to,
        ...(input.step === 'confirm' ? { confirmedAt: now } : {}),
        ...(input.step === 'deliver' ? { deliveredAt: now, reportName, reportText } : {}),
        ...(input.step === 'cancel' ? { cancelledAt: now, cancelReason: reason } : {}),
      },
    })
    if (count !== 1) throw new ServiceError('wrong-status', 'vouchers.errors.bookingWrongStatus')
    await moveQuota(tx, b.quotaId, quotaDelta(input.step, voucherFen), now)
    await audit(tx, {
      actorId: p.userId,
      action: `voucher-booking.${input.step}`,
      entityType: 'VoucherBooking',
      entityId: b.id,
      fromStatus: b.status,
      toStatus: decision.to,
      reason: reason || null,
      data: { voucherFen, actor, ...(input.step === 'deliver' ? { reportName } : {}) },
      at: now,
    })
    if (input.step === 'deliver') await openPayments(tx, b, p.userId, now)
  }, TX)
}

/** At delivery: the holder's share to pay by card and the voucher part to pay out (each only when above zero). */
async function openPayments(tx: Tx, b: { id: string; holderId: string; voucherFen: bigint; ownShareFen: bigint }, actorId: string, now: Date): Promise<void> {
  const make = [
    { kind: 'VOUCHER_SHARE' as const, amountFen: b.ownShareFen, payerId: b.holderId, idempotencyKey: voucherShareKey(b.id) },
    { kind: 'VOUCHER_PAYOUT' as const, amountFen: b.voucherFen, payerId: null, idempotencyKey: voucherPayoutPaymentKey(b.id) },
  ]
  for (const m of make) {
    if (m.amountFen <= 0n) continue
    const created = await tx.payment.create({ data: { ...m, currency: 'CNY', voucherBookingId: b.id, createdAt: now } })
    await audit(tx, { actorId, action: 'payment.create', entityType: 'Payment', entityId: created.id, toStatus: 'REQUIRES_PAYMENT', data: { kind: m.kind, voucherBookingId: b.id }, at: now })
  }
}

/** The holder pays its own share of a delivered booking by card. */
export async function payVoucherShare(db: Db, provider: PaymentProvider, p: Principal, bookingId: string, card: Card, now: Date): Promise<PaymentOutcome> {
  const payment = await db.payment.findUnique({ where: { idempotencyKey: voucherShareKey(bookingId) }, include: { voucherBooking: { select: { holderId: true } } } })
  if (!payment || payment.voucherBooking?.holderId !== p.organizationId) throw new ServiceError('not-found', 'vouchers.errors.bookingNotFound')
  return payWithCard(db, provider, payment.id, card, p.userId, now)
}

// ---------------------------------------------------------------------------
// What each side reads.

const bookingInclude = {
  service: { select: { title: true, kind: true, location: true, leadTimeDays: true, provider: { select: { name: true } } } },
  quota: { select: { holder: { select: { name: true } } } },
  payments: { select: { id: true, kind: true, status: true, amountFen: true, paidAt: true } },
} satisfies Prisma.VoucherBookingInclude

function bookingView(b: Prisma.VoucherBookingGetPayload<{ include: typeof bookingInclude }>) {
  const pay = (kind: 'VOUCHER_SHARE' | 'VOUCHER_PAYOUT') => {
    const x = b.payments.find((p) => p.kind === kind)
    return x ? { id: x.id, status: x.status, amountFen: fenFromDb(x.amountFen), paidAt: x.paidAt?.toISOString() ?? null } : null
  }
  return {
    id: b.id,
    serviceId: b.serviceId,
    service: b.service.title,
    serviceKind: b.service.kind,
    location: b.service.location,
    provider: b.service.provider.name,
    holder: b.quota.holder.name,
    status: b.status,
    priceFen: fenFromDb(b.priceFen),
    shareBp: b.shareBp,
    voucherFen: fenFromDb(b.voucherFen),
    ownShareFen: fenFromDb(b.ownShareFen),
    contractId: b.contractId,
    note: b.note,
    reportName: b.reportName,
    reportText: b.reportText,
    bookedAt: b.bookedAt.toISOString(),
    confirmedAt: b.confirmedAt?.toISOString() ?? null,
    deliveredAt: b.deliveredAt?.toISOString() ?? null,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    cancelReason: b.cancelReason,
    share: pay('VOUCHER_SHARE'),
    payout: pay('VOUCHER_PAYOUT'),
  }
}
export type BookingView = ReturnType<typeof bookingView>

/** The holder's bookings and the provider's, newest first. */
export async function myBookings(db: Db, p: Principal) {
  const [asHolder, asProvider] = await Promise.all([
    db.voucherBooking.findMany({ where: { holderId: p.organizationId }, include: bookingInclude, orderBy: { bookedAt: 'desc' } }),
    db.voucherBooking.findMany({ where: { providerId: p.organizationId }, include: bookingInclude, orderBy: { bookedAt: 'desc' } }),
  ])
  return { asHolder: asHolder.map(bookingView), asProvider: asProvider.map(bookingView) }
}

/** The bookings on the bureau's quotas. */
export async function bookingsOfBureau(db: Db, staff: Principal) {
  const rows = await db.voucherBooking.findMany({ where: { bureauId: bureauIdOf(staff) }, include: bookingInclude, orderBy: { bookedAt: 'desc' }, take: 200 })
  return rows.map(bookingView)
}

/** The holder's active contracts (the ones a booking without a voucher may count toward). */
export async function contractsForBooking(db: Db, p: Principal) {
  const rows = await db.contract.findMany({ where: { buyerId: p.organizationId, status: 'ACTIVE' }, select: { id: true, registrationNo: true, seller: { select: { name: true } } }, orderBy: { createdAt: 'desc' } })
  return rows.map((c) => ({ id: c.id, registrationNo: c.registrationNo, seller: c.seller.name }))
}
