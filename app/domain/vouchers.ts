// Innovation vouchers (创新券, Shaoxing measure 7: "对具有创新需求的企业和创业者，每年分别给予最高20万元、10万元创新券额度",
// spent on shared research instruments and services, redeemed without paperwork). The rules, pure: which policy
// terms apply, how much a staff member may grant, how a price splits into the voucher part and the holder's own
// share, what each step of a booking does to the quota, and the no-double-funding rule shared with rewards.
// Services load, call these and write what they decide (docs/decisions/018-innovation-vouchers.md).
import { BP_PER_WHOLE, applyRate } from './rewards.ts'
import { isFen } from './money.ts'

export type VoucherHolderKind = 'ENTERPRISE' | 'ENTREPRENEUR'
export const VOUCHER_HOLDER_KINDS: readonly VoucherHolderKind[] = ['ENTERPRISE', 'ENTREPRENEUR']
export type VoucherServiceKind = 'INSTRUMENT' | 'TEST'
export const VOUCHER_SERVICE_KINDS: readonly VoucherServiceKind[] = ['INSTRUMENT', 'TEST']
export type VoucherBookingStatus = 'BOOKED' | 'CONFIRMED' | 'DELIVERED' | 'CANCELLED'
export const VOUCHER_BOOKING_STATUSES: readonly VoucherBookingStatus[] = ['BOOKED', 'CONFIRMED', 'DELIVERED', 'CANCELLED']

/** The voucher terms of a reward policy version: one policy table drives rewards and vouchers. */
export type VoucherTerms = {
  /** Yearly quota most for an enterprise (Shaoxing: 200,000 CNY). */
  capEnterpriseFen: number
  /** Yearly quota most for an entrepreneur, a registered individual or start-up team (Shaoxing: 100,000 CNY). */
  capEntrepreneurFen: number
  /** The share of a service's price a voucher may cover, in basis points. */
  shareBp: number
}

/** A version's voucher terms, or null when the version has none (all three fields are needed). */
export function voucherTermsOf(p: { voucherCapEnterpriseFen: number | null; voucherCapEntrepreneurFen: number | null; voucherShareBp: number | null }): VoucherTerms | null {
  if (p.voucherCapEnterpriseFen === null || p.voucherCapEntrepreneurFen === null || p.voucherShareBp === null) return null
  return { capEnterpriseFen: p.voucherCapEnterpriseFen, capEntrepreneurFen: p.voucherCapEntrepreneurFen, shareBp: p.voucherShareBp }
}

export type VoucherTermsProblem = 'cap-enterprise' | 'cap-entrepreneur' | 'share'

/** What is wrong with voucher terms (empty when nothing is). */
export function voucherTermsProblems(t: VoucherTerms): VoucherTermsProblem[] {
  const out: VoucherTermsProblem[] = []
  if (!isFen(t.capEnterpriseFen) || t.capEnterpriseFen <= 0) out.push('cap-enterprise')
  if (!isFen(t.capEntrepreneurFen) || t.capEntrepreneurFen <= 0) out.push('cap-entrepreneur')
  if (!Number.isInteger(t.shareBp) || t.shareBp <= 0 || t.shareBp > BP_PER_WHOLE) out.push('share')
  return out
}

export function quotaCap(terms: VoucherTerms, kind: VoucherHolderKind): number {
  return kind === 'ENTERPRISE' ? terms.capEnterpriseFen : terms.capEntrepreneurFen
}

/** A quota's standing: granted, reserved by open bookings, redeemed by delivered ones. */
export type QuotaState = { grantedFen: number; reservedFen: number; redeemedFen: number }

export function quotaUsed(q: QuotaState): number {
  return q.reservedFen + q.redeemedFen
}
export function quotaRemaining(q: QuotaState): number {
  return q.grantedFen - quotaUsed(q)
}

export type GrantProblem = 'not-positive' | 'above-cap' | 'below-used'

/**
 * Whether staff may set a holder's quota for a year to `amountFen`: more than zero, at most the policy's cap for
 * the holder's kind, and not below what open and delivered bookings already use.
 */
export function grantProblem(amountFen: number, capFen: number, q: Pick<QuotaState, 'reservedFen' | 'redeemedFen'> | null): GrantProblem | null {
  if (!isFen(amountFen) || amountFen <= 0) return 'not-positive'
  if (amountFen > capFen) return 'above-cap'
  if (q && amountFen < q.reservedFen + q.redeemedFen) return 'below-used'
  return null
}

/**
 * How a price splits at booking: the voucher covers `shareBp` of the price (rounded down to the fen), no more than
 * the quota left; the holder pays the rest. A booking that counts toward a technology contract's reward uses no
 * voucher (`useVoucher` false): no double funding.
 */
export type PriceSplit = { voucherFen: number; ownShareFen: number; limitedBy: 'share' | 'quota' | 'no-voucher' }

export function splitPrice(priceFen: number, shareBp: number, remainingFen: number, useVoucher: boolean): PriceSplit {
  if (!isFen(priceFen) || priceFen <= 0) throw new RangeError('price must be a positive whole number of fen')
  if (!useVoucher) return { voucherFen: 0, ownShareFen: priceFen, limitedBy: 'no-voucher' }
  const byShare = applyRate(priceFen, shareBp)
  const room = Math.max(0, remainingFen)
  const voucherFen = Math.min(byShare, room)
  return { voucherFen, ownShareFen: priceFen - voucherFen, limitedBy: voucherFen < byShare ? 'quota' : 'share' }
}

// ---------------------------------------------------------------------------
// A booking's steps: who may take them, from where, and what they do to the quota.

/** A booking not yet delivered nor cancelled: its voucher part is reserved, and it may still be cancelled. */
export function isOpenBooking(status: VoucherBookingStatus): boolean {
  return status === 'BOOKED' || status === 'CONFIRMED'
}

export type BookingStep = 'confirm' | 'deliver' | 'cancel'
export type BookingActor = 'holder' | 'provider' | 'staff'

const STEPS: Record<BookingStep, { from: readonly VoucherBookingStatus[]; to: VoucherBookingStatus; by: readonly BookingActor[] }> = {
  confirm: { from: ['BOOKED'], to: 'CONFIRMED', by: ['provider'] },
  deliver: { from: ['CONFIRMED'], to: 'DELIVERED', by: ['provider'] },
  // Anyone of the three may cancel before delivery; a delivered service is redeemed and stays so.
  cancel: { from: ['BOOKED', 'CONFIRMED'], to: 'CANCELLED', by: ['holder', 'provider', 'staff'] },
}

export type StepDecision = { type: 'move'; to: VoucherBookingStatus } | { type: 'refuse'; reason: 'not-yours' | 'wrong-status' }

export function decideBookingStep(status: VoucherBookingStatus, step: BookingStep, actor: BookingActor): StepDecision {
  const s = STEPS[step]
  if (!s.by.includes(actor)) return { type: 'refuse', reason: 'not-yours' }
  if (!s.from.includes(status)) return { type: 'refuse', reason: 'wrong-status' }
  return { type: 'move', to: s.to }
}

/** What a booking's move does to its quota: booking reserves the voucher part, delivery redeems it, cancelling releases it. */
export function quotaDelta(step: 'book' | BookingStep, voucherFen: number): { reservedFen: number; redeemedFen: number } {
  switch (step) {
    case 'book':
      return { reservedFen: voucherFen, redeemedFen: 0 }
    case 'confirm':
      return { reservedFen: 0, redeemedFen: 0 }
    case 'deliver':
      return { reservedFen: -voucherFen, redeemedFen: voucherFen }
    case 'cancel':
      return { reservedFen: -voucherFen, redeemedFen: 0 }
  }
}

/** The quota a set of bookings implies: what the quota's counters must always equal. */
export function quotaFromBookings(bookings: readonly { status: VoucherBookingStatus; voucherFen: number }[]): Pick<QuotaState, 'reservedFen' | 'redeemedFen'> {
  let reservedFen = 0
  let redeemedFen = 0
  for (const b of bookings) {
    if (isOpenBooking(b.status)) reservedFen += b.voucherFen
    else if (b.status === 'DELIVERED') redeemedFen += b.voucherFen
  }
  return { reservedFen, redeemedFen }
}

// ---------------------------------------------------------------------------
// No double funding (the rule shown on the booking page and on the rewards page).

/**
 * One service, one public fund: a booking paid in part with a voucher cannot also count as a technology
 * transaction for a reward, and a booking that counts toward a technology contract (whose payments earn rewards)
 * uses no voucher. So a booking names a contract only when it uses no voucher, and a contract named by a booking
 * that used one is refused.
 */
export type FundingProblem = 'double-funding'

export function fundingProblem(b: { voucherFen: number; contractId: string | null }): FundingProblem | null {
  return b.voucherFen > 0 && b.contractId !== null ? 'double-funding' : null
}

// ---------------------------------------------------------------------------
// Listing a service.

export type ServiceInputProblem = 'title' | 'description' | 'price' | 'lead-time' | 'location'

export function serviceInputProblems(s: { title: string; description: string; priceFen: number; leadTimeDays: number; location: string }): ServiceInputProblem[] {
  const out: ServiceInputProblem[] = []
  if (s.title.trim().length < 2 || s.title.trim().length > 120) out.push('title')
  if (s.description.trim().length < 2 || s.description.trim().length > 4000) out.push('description')
  if (!isFen(s.priceFen) || s.priceFen <= 0) out.push('price')
  if (!Number.isInteger(s.leadTimeDays) || s.leadTimeDays < 0 || s.leadTimeDays > 365) out.push('lead-time')
  if (s.location.trim().length < 2 || s.location.trim().length > 200) out.push('location')
  return out
}

/** Who may list services: universities and institutes, and service organisations staff approved. */
export function mayListServices(org: { kind: string }, approvedProvider: boolean): boolean {
  return org.kind === 'UNIVERSITY' || org.kind === 'INSTITUTE' || approvedProvider
}

// ---------------------------------------------------------------------------
// Payment keys: one share payment and one payout payment per booking, whatever the clicks and retries.

export function voucherShareKey(bookingId: string): string {
  return `voucher-share:${bookingId}`
}
export function voucherPayoutPaymentKey(bookingId: string): string {
  return `voucher-payout:${bookingId}`
}
