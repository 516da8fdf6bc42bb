// A voucher quota never goes negative under concurrency (PostgreSQL only: PGlite runs one statement at a time and
// would prove nothing). Sixty bookings of one holder at once, and cancellations and deliveries racing with them:
// every booking takes the quota row's lock before it decides its voucher part, so the parts chain exactly, the
// quota is used to the fen and no further, and its counters equal what the bookings imply (decision 018).
import { afterAll, beforeAll, expect, test } from 'vitest'
import { quotaFromBookings } from '~/domain/vouchers.ts'
import { bookService, bookingStep } from '~/services/voucher-bookings.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { createTestDatabase } from '../support/database.ts'
import type { Principal } from '~/domain/access.ts'
import { makePrincipal } from '../support/payments.ts'
import { makeVoucherWorld, quotaAndBookings } from '../support/vouchers.ts'

const PG = process.env.DATABASE_URL
let db: Db
let close: () => Promise<void>
let staff: Principal
const now = new Date('2026-11-23T02:00:00Z')

beforeAll(async () => {
  if (!PG) return
  ;({ prisma: db, close } = await createTestDatabase())
  // One bureau owns the seed policy (its name is one policy), so every world here is that bureau's.
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
})
afterAll(async () => {
  await close?.()
})

test.skipIf(!PG)('60 bookings at once on a quota of 7,250 CNY: 14 whole vouchers, one partial of 250, the rest refused; never negative', { timeout: 120_000 }, async () => {
  // 1,000.00 CNY a service at 50 %: 500.00 a voucher; 7,250.00 holds 14 whole and 250.00 more
  const w = await makeVoucherWorld(db, now, { staff, priceFen: 100_000, quotaFen: 725_000 })
  const results = await Promise.allSettled(Array.from({ length: 60 }, () => bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: true }, now)))
  const booked = results.flatMap((r) => (r.status === 'fulfilled' ? [Number(r.value.voucherFen)] : []))
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
  for (const e of errors) expect(e instanceof ServiceError && e.key).toBe('vouchers.errors.quotaUsedUp')
  expect(booked.sort((a, b) => b - a)).toEqual([...Array<number>(14).fill(50_000), 25_000])
  const q = await quotaAndBookings(db, w.quotaId)
  expect(q.reservedFen + q.redeemedFen).toBe(725_000)
  expect({ reservedFen: q.reservedFen, redeemedFen: q.redeemedFen }).toEqual(quotaFromBookings(q.bookings))
})

test.skipIf(!PG)('cancellations, deliveries and new bookings racing keep the counters equal to the bookings and within the quota', { timeout: 120_000 }, async () => {
  const w = await makeVoucherWorld(db, now, { staff, priceFen: 100_000, quotaFen: 500_000 })
  const first = await Promise.all(Array.from({ length: 10 }, () => bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: true }, now)))
  await Promise.all(first.slice(0, 5).map((b) => bookingStep(db, w.provider, { bookingId: b.id, step: 'confirm' }, now)))
  const race = await Promise.allSettled([
    ...first.slice(0, 5).map((b) => bookingStep(db, w.provider, { bookingId: b.id, step: 'deliver', reportName: '报告', reportText: '合格' }, now)),
    ...first.slice(5).map((b) => bookingStep(db, w.holder, { bookingId: b.id, step: 'cancel', reason: '不需要了' }, now)),
    // the holder tries to cancel delivered ones at the same moment: either it is still CONFIRMED or it is refused
    ...first.slice(0, 2).map((b) => bookingStep(db, w.holder, { bookingId: b.id, step: 'cancel', reason: '同时取消' }, now)),
    ...Array.from({ length: 20 }, () => bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: true }, now)),
  ])
  for (const r of race) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ServiceError)
  const q = await quotaAndBookings(db, w.quotaId)
  expect(q.reservedFen).toBeGreaterThanOrEqual(0)
  expect(q.reservedFen + q.redeemedFen).toBeLessThanOrEqual(q.grantedFen)
  expect({ reservedFen: q.reservedFen, redeemedFen: q.redeemedFen }).toEqual(quotaFromBookings(q.bookings))
})
