// A property test over random bookings, cancellations, deliveries, card payments and payouts through the services
// on a real database: whatever the order, the quota used never exceeds the quota, reserved + redeemed equals the
// voucher parts of the bookings not cancelled (split as the counters say), every price is split whole, and the
// ledger balances with the voucher expense equal to what was paid out (decision 018).
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { accountBalances, type PostingKind } from '~/domain/payments.ts'
import { quotaFromBookings } from '~/domain/vouchers.ts'
import { bookService, bookingStep, payVoucherShare } from '~/services/voucher-bookings.server.ts'
import { payoutVoucher } from '~/services/voucher-payouts.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, testClient, startWiredProvider } from '../support/payments.ts'
import { makeVoucherWorld, quotaAndBookings } from '../support/vouchers.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let staff: Principal
const now = new Date('2026-06-01T02:00:00Z')
const { client: provider } = testClient()

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db, () => now)
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
})
afterAll(async () => {
  mock?.close()
  await close?.()
})

const op = fc.oneof(
  fc.record({ type: fc.constant('book' as const), useVoucher: fc.boolean() }),
  fc.record({ type: fc.constantFrom('confirm' as const, 'deliver' as const, 'cancel' as const, 'pay' as const, 'payout' as const), pick: fc.nat(50) }),
)

test('quota used ≤ quota, reserved + redeemed = bookings not cancelled, the ledger balances', { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 1, max: 80_000 }), fc.array(op, { minLength: 1, maxLength: 14 }), async (priceFen, quotaFen, ops) => {
      const w = await makeVoucherWorld(db, now, { staff, priceFen, quotaFen })
      const ids: string[] = []
      for (const o of ops) {
        try {
          if (o.type === 'book') ids.push((await bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: o.useVoucher }, now)).id)
          else if (ids.length > 0) {
            const id = ids[o.pick % ids.length]!
            if (o.type === 'confirm') await bookingStep(db, w.provider, { bookingId: id, step: 'confirm' }, now)
            if (o.type === 'deliver') await bookingStep(db, w.provider, { bookingId: id, step: 'deliver', reportName: '报告', reportText: '合格' }, now)
            if (o.type === 'cancel') await bookingStep(db, w.holder, { bookingId: id, step: 'cancel', reason: '不需要了' }, now)
            if (o.type === 'pay') await payVoucherShare(db, provider, w.holder, id, card(), now)
            if (o.type === 'payout') await payoutVoucher(db, provider, staff, id, now)
          }
        } catch (error) {
          // a refused step is a rule at work (wrong status, quota used up, nothing to pay), never anything else
          if (!(error instanceof ServiceError)) throw error
        }
      }
      const q = await quotaAndBookings(db, w.quotaId)
      expect(q.reservedFen + q.redeemedFen).toBeLessThanOrEqual(q.grantedFen)
      expect(q.reservedFen).toBeGreaterThanOrEqual(0)
      expect({ reservedFen: q.reservedFen, redeemedFen: q.redeemedFen }).toEqual(quotaFromBookings(q.bookings))
      for (const b of q.bookings) expect(b.voucherFen + b.ownShareFen).toBe(b.priceFen)
      const entries = await db.ledgerEntry.findMany({ where: { payment: { voucherBooking: { quotaId: w.quotaId } } }, include: { payment: true } })
      const balances = accountBalances(entries.map((e) => ({ kind: e.kind as PostingKind, amountFen: Number(e.amountFen) })))
      expect(Object.values(balances).reduce((a, v) => a + v, 0)).toBe(0)
      const paidOut = entries.filter((e) => e.payment.kind === 'VOUCHER_PAYOUT' && e.payment.status === 'SUCCEEDED').reduce((a, e) => a + Number(e.amountFen), 0)
      expect(balances.voucher_expense).toBe(paidOut)
      // what was paid out is part of what was redeemed, never more
      expect(paidOut).toBeLessThanOrEqual(q.redeemedFen)
    }),
    { numRuns: 15, seed: 20261205 },
  )
})
