// The voucher rules as tables: the price split, granting, booking steps, the quota they imply, no double funding.
import { describe, expect, test } from 'vitest'
import { decideBookingStep, fundingProblem, grantProblem, quotaDelta, quotaFromBookings, splitPrice, voucherTermsProblems } from '../../app/domain/vouchers.ts'

describe('a price splits into the voucher part and the own share', () => {
  test.each([
    // price, share, remaining, useVoucher → voucher, own, limitedBy
    [1_000_000, 5000, 20_000_000, true, 500_000, 500_000, 'share'],
    [1_000_001, 5000, 20_000_000, true, 500_000, 500_001, 'share'],
    [1_000_000, 5000, 300_000, true, 300_000, 700_000, 'quota'],
    [1_000_000, 5000, 0, true, 0, 1_000_000, 'quota'],
    [1_000_000, 5000, -5, true, 0, 1_000_000, 'quota'],
    [1_000_000, 10_000, 20_000_000, true, 1_000_000, 0, 'share'],
    [1_000_000, 5000, 20_000_000, false, 0, 1_000_000, 'no-voucher'],
  ] as const)('%i fen at %i bp with %i left (voucher %s) → %i + %i', (price, share, left, use, voucher, own, by) => {
    expect(splitPrice(price, share, left, use)).toEqual({ voucherFen: voucher, ownShareFen: own, limitedBy: by })
  })
  test('a price that is not positive whole fen is refused', () => {
    expect(() => splitPrice(0, 5000, 1, true)).toThrow(RangeError)
    expect(() => splitPrice(1.5, 5000, 1, true)).toThrow(RangeError)
  })
})

describe('granting a quota', () => {
  test.each([
    [20_000_000, 20_000_000, null, null],
    [20_000_001, 20_000_000, null, 'above-cap'],
    [0, 20_000_000, null, 'not-positive'],
    [-1, 20_000_000, null, 'not-positive'],
    [5_000_000, 20_000_000, { reservedFen: 3_000_000, redeemedFen: 2_000_000 }, null],
    [4_999_999, 20_000_000, { reservedFen: 3_000_000, redeemedFen: 2_000_000 }, 'below-used'],
  ] as const)('%i under a cap of %i → %s', (amount, cap, used, problem) => {
    expect(grantProblem(amount, cap, used)).toBe(problem)
  })
  test('voucher terms: caps above zero, share within 0–100 %', () => {
    expect(voucherTermsProblems({ capEnterpriseFen: 20_000_000, capEntrepreneurFen: 10_000_000, shareBp: 5000 })).toEqual([])
    expect(voucherTermsProblems({ capEnterpriseFen: 0, capEntrepreneurFen: -1, shareBp: 10_001 })).toEqual(['cap-enterprise', 'cap-entrepreneur', 'share'])
  })
})

describe('booking steps', () => {
  test.each([
    ['BOOKED', 'confirm', 'provider', 'CONFIRMED'],
    ['BOOKED', 'confirm', 'holder', 'not-yours'],
    ['BOOKED', 'deliver', 'provider', 'wrong-status'],
    ['CONFIRMED', 'deliver', 'provider', 'DELIVERED'],
    ['CONFIRMED', 'deliver', 'staff', 'not-yours'],
    ['BOOKED', 'cancel', 'holder', 'CANCELLED'],
    ['CONFIRMED', 'cancel', 'staff', 'CANCELLED'],
    ['CONFIRMED', 'cancel', 'provider', 'CANCELLED'],
    ['DELIVERED', 'cancel', 'holder', 'wrong-status'],
    ['CANCELLED', 'cancel', 'holder', 'wrong-status'],
  ] as const)('%s, %s by %s → %s', (from, step, actor, outcome) => {
    const d = decideBookingStep(from, step, actor)
    expect(d.type === 'move' ? d.to : d.reason).toBe(outcome)
  })
  test('reserve at booking, redeem at delivery, release on cancel', () => {
    expect(quotaDelta('book', 700)).toEqual({ reservedFen: 700, redeemedFen: 0 })
    expect(quotaDelta('confirm', 700)).toEqual({ reservedFen: 0, redeemedFen: 0 })
    expect(quotaDelta('deliver', 700)).toEqual({ reservedFen: -700, redeemedFen: 700 })
    expect(quotaDelta('cancel', 700)).toEqual({ reservedFen: -700, redeemedFen: 0 })
    expect(quotaFromBookings([{ status: 'BOOKED', voucherFen: 1 }, { status: 'CONFIRMED', voucherFen: 2 }, { status: 'DELIVERED', voucherFen: 4 }, { status: 'CANCELLED', voucherFen: 8 }])).toEqual({ reservedFen: 3, redeemedFen: 4 })
  })
})

test('no double funding: a booking with a voucher names no contract', () => {
  expect(fundingProblem({ voucherFen: 1, contractId: 'c1' })).toBe('double-funding')
  expect(fundingProblem({ voucherFen: 0, contractId: 'c1' })).toBeNull()
  expect(fundingProblem({ voucherFen: 1, contractId: null })).toBeNull()
})
