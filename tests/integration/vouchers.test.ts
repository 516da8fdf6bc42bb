// Innovation vouchers step by step on a real database (PGlite, or PostgreSQL with DATABASE_URL), with the mock
// payment provider: providers and services, quotas, booking and redemption, payments and payouts, no double
// funding, bureaus kept apart, and the figures against a hand count (decision 018).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { accountBalances, type PostingKind } from '~/domain/payments.ts'
import { bookService, bookingStep, payVoucherShare } from '~/services/voucher-bookings.server.ts'
import { voucherFigures } from '~/services/voucher-figures.server.ts'
import { payoutVoucher } from '~/services/voucher-payouts.server.ts'
import { grantQuota, myQuota } from '~/services/voucher-quotas.server.ts'
import { approveProvider, listService, reviewService, searchServices, serviceDetail } from '~/services/voucher-services.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, testClient, startWiredProvider } from '../support/payments.ts'
import { makeContract } from '../support/rewards.ts'
import { makeVoucherWorld, quotaAndBookings, type VoucherWorld } from '../support/vouchers.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
const now = new Date('2026-11-23T02:00:00Z')
const { client: provider } = testClient()
let world: VoucherWorld
let lishui: Principal

async function refused(work: Promise<unknown>): Promise<ServiceError> {
  const error = await work.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(ServiceError)
  return error as ServiceError
}

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db, () => now)
  world = await makeVoucherWorld(db, now)
  // The Shaoxing bureau's region: the provider and the holder are in 柯桥区; Lishui staff must not reach them.
  const county = await db.county.create({ data: { bureauId: world.staff.organizationId, name: '柯桥区' } })
  await db.organization.updateMany({ where: { id: { in: [world.provider.organizationId, world.holder.organizationId] } }, data: { countyId: county.id, county: '柯桥区' } })
  lishui = await makePrincipal(db, 'BUREAU', '丽水市科学技术局')
})
afterAll(async () => {
  mock?.close()
  await close?.()
})

describe('1. providers and services', () => {
  test('an institute lists a service; it is searchable only once staff approve it', async () => {
    const s = await listService(db, world.provider, { kind: 'INSTRUMENT', title: '扫描电子显微镜机时', description: '场发射扫描电镜，含能谱分析', priceFen: 80_000, leadTimeDays: 3, location: '绍兴市柯桥区' }, now)
    expect(s.status).toBe('SUBMITTED')
    expect(await searchServices(db, { q: '电子显微' })).toEqual([])
    // Another bureau's staff do not see it to review
    expect((await refused(reviewService(db, lishui, { serviceId: s.id, decision: 'approve' }, now))).code).toBe('not-found')
    expect((await refused(reviewService(db, world.staff, { serviceId: s.id, decision: 'reject' }, now))).key).toBe('vouchers.errors.reasonRequired')
    await reviewService(db, world.staff, { serviceId: s.id, decision: 'approve' }, now)
    const found = await searchServices(db, { q: '电子显微' })
    expect(found.map((f) => f.id)).toEqual([s.id])
    expect(found[0]).toMatchObject({ priceFen: 80_000, leadTimeDays: 3, location: '绍兴市柯桥区', kind: 'INSTRUMENT' })
    expect(await searchServices(db, { q: '电子显微', kind: 'TEST' })).toEqual([])
    const trail = await db.auditLog.findMany({ where: { entityType: 'VoucherService', entityId: s.id }, orderBy: { at: 'asc' } })
    expect(trail.map((a) => a.action)).toEqual(['voucher-service.list', 'voucher-service.approve'])
  })

  test('an enterprise lists only once staff approve it as a service organisation', async () => {
    const lab = await makePrincipal(db, 'ENTERPRISE', '绍兴检验检测有限公司')
    const input = { kind: 'TEST' as const, title: '盐雾试验', description: '中性盐雾试验 48 小时', priceFen: 150_000, leadTimeDays: 5, location: '绍兴市越城区' }
    expect((await refused(listService(db, lab, input, now))).key).toBe('vouchers.errors.providerOnly')
    await approveProvider(db, world.staff, { organizationId: lab.organizationId, reason: 'CMA 资质认定' }, now)
    expect((await listService(db, lab, input, now)).status).toBe('SUBMITTED')
  })

  test('a rejected or submitted service is not shown to others', async () => {
    const s = await listService(db, world.provider, { kind: 'TEST', title: '拉伸强度测试', description: '织物拉伸', priceFen: 20_000, leadTimeDays: 2, location: '绍兴' }, now)
    await reviewService(db, world.staff, { serviceId: s.id, decision: 'reject', reason: '价格依据不全' }, now)
    expect((await refused(serviceDetail(db, world.holder, s.id))).code).toBe('not-found')
    expect((await serviceDetail(db, world.provider, s.id)).status).toBe('REJECTED')
  })
})

describe('2. quotas', () => {
  test('granted up to the policy cap for the holder kind, adjusted with a reason, never below what is used; audited', async () => {
    const e = await makePrincipal(db, 'ENTERPRISE', '诸暨创业团队')
    const grant = (amountFen: number, holderKind: 'ENTERPRISE' | 'ENTREPRENEUR' = 'ENTREPRENEUR') =>
      grantQuota(db, world.staff, { holderId: e.organizationId, year: 2026, holderKind, amountFen, reason: '创业者' }, now)
    expect((await refused(grant(10_000_001))).key).toBe('vouchers.errors.grantAboveCap')
    await grant(10_000_000)
    await grant(20_000_000, 'ENTERPRISE')
    expect((await refused(grant(0))).key).toBe('vouchers.errors.grantNotPositive')
    expect((await refused(grantQuota(db, world.staff, { holderId: e.organizationId, year: 2025, holderKind: 'ENTERPRISE', amountFen: 1, reason: '往年' }, now))).key).toBe('vouchers.errors.year')
    expect((await refused(grantQuota(db, world.staff, { holderId: e.organizationId, year: 2026, holderKind: 'ENTERPRISE', amountFen: 1, reason: ' ' }, now))).key).toBe('vouchers.errors.reasonRequired')
    const quota = await db.voucherQuota.findUniqueOrThrow({ where: { holderId_year: { holderId: e.organizationId, year: 2026 } } })
    expect([quota.holderKind, Number(quota.grantedFen)]).toEqual(['ENTERPRISE', 20_000_000])
    const audits = await db.auditLog.findMany({ where: { entityType: 'VoucherQuota', entityId: quota.id }, orderBy: { at: 'asc' } })
    expect(audits.map((a) => [a.action, a.reason, (a.data as { toFen: number }).toFen])).toEqual([
      ['voucher-quota.grant', '创业者', 10_000_000],
      ['voucher-quota.adjust', '创业者', 20_000_000],
    ])
  })

  test('another bureau cannot grant to an enterprise of this region', async () => {
    expect((await refused(grantQuota(db, lishui, { holderId: world.holder.organizationId, year: 2026, holderKind: 'ENTERPRISE', amountFen: 100, reason: '试图' }, now))).code).toBe('not-found')
  })
})

describe('3. booking, redemption, payment and payout', () => {
  test('reserved at booking, redeemed at delivery, share paid by card, voucher paid out, remaining right to the fen', async () => {
    const before = await myQuota(db, world.holder, now)
    expect(before).toMatchObject({ grantedFen: 20_000_000, reservedFen: 0, redeemedFen: 0, remainingFen: 20_000_000 })
    const b = await bookService(db, world.holder, { serviceId: world.serviceId, useVoucher: true }, now)
    // 10,000.00 CNY at 50 %: 5,000.00 from the voucher, 5,000.00 own share
    expect([Number(b.voucherFen), Number(b.ownShareFen)]).toEqual([500_000, 500_000])
    expect(await myQuota(db, world.holder, now)).toMatchObject({ reservedFen: 500_000, redeemedFen: 0, remainingFen: 19_500_000 })

    expect((await refused(bookingStep(db, world.holder, { bookingId: b.id, step: 'confirm' }, now))).key).toBe('vouchers.errors.stepNotYours')
    expect((await refused(bookingStep(db, world.provider, { bookingId: b.id, step: 'deliver', reportName: '报告', reportText: '合格' }, now))).key).toBe('vouchers.errors.bookingWrongStatus')
    await bookingStep(db, world.provider, { bookingId: b.id, step: 'confirm' }, now)
    expect((await refused(bookingStep(db, world.provider, { bookingId: b.id, step: 'deliver' }, now))).key).toBe('vouchers.errors.reportRequired')
    await bookingStep(db, world.provider, { bookingId: b.id, step: 'deliver', reportName: 'JC-2026-118 检测报告', reportText: '涤纶 65%，棉 35%' }, now)
    expect(await myQuota(db, world.holder, now)).toMatchObject({ reservedFen: 0, redeemedFen: 500_000, remainingFen: 19_500_000 })
    expect((await refused(bookingStep(db, world.holder, { bookingId: b.id, step: 'cancel', reason: '晚了' }, now))).key).toBe('vouchers.errors.bookingWrongStatus')

    const payments = await db.payment.findMany({ where: { voucherBookingId: b.id }, orderBy: { kind: 'asc' } })
    expect(payments.map((p) => [p.kind, p.status, Number(p.amountFen)])).toEqual([
      ['VOUCHER_SHARE', 'REQUIRES_PAYMENT', 500_000],
      ['VOUCHER_PAYOUT', 'REQUIRES_PAYMENT', 500_000],
    ])
    // Another enterprise cannot pay it; the holder pays by card
    const other = await makePrincipal(db, 'ENTERPRISE', '别家企业')
    expect((await refused(payVoucherShare(db, provider, other, b.id, card(), now))).code).toBe('not-found')
    expect((await payVoucherShare(db, provider, world.holder, b.id, card(), now)).status).toBe('SUCCEEDED')
    // Lishui staff cannot pay it out; Shaoxing staff do, once
    expect((await refused(payoutVoucher(db, provider, lishui, b.id, now))).code).toBe('not-found')
    expect((await payoutVoucher(db, provider, world.staff, b.id, now)).status).toBe('SUCCEEDED')
    expect((await refused(payoutVoucher(db, provider, world.staff, b.id, now))).code).toBe('wrong-status')

    const entries = await db.ledgerEntry.findMany({ where: { payment: { voucherBookingId: b.id } } })
    expect(entries.map((e) => e.kind).sort()).toEqual(['voucher_paid_out', 'voucher_share_received'])
    const balances = accountBalances(entries.map((e) => ({ kind: e.kind as PostingKind, amountFen: Number(e.amountFen) })))
    expect(Object.values(balances).reduce((a, v) => a + v, 0)).toBe(0)
    expect(balances.voucher_expense).toBe(500_000)
    expect(balances.seller_payable).toBe(-500_000)
  })

  test('cancelling before delivery releases the reservation; the provider, holder or staff may cancel, with a reason', async () => {
    const b = await bookService(db, world.holder, { serviceId: world.serviceId, useVoucher: true }, now)
    const mid = await myQuota(db, world.holder, now)
    expect((await refused(bookingStep(db, world.holder, { bookingId: b.id, step: 'cancel' }, now))).key).toBe('vouchers.errors.reasonRequired')
    expect((await refused(bookingStep(db, lishui, { bookingId: b.id, step: 'cancel', reason: '外局' }, now))).code).toBe('not-found')
    await bookingStep(db, world.staff, { bookingId: b.id, step: 'cancel', reason: '企业电话取消' }, now)
    const after = await myQuota(db, world.holder, now)
    expect(after!.reservedFen).toBe(mid!.reservedFen - 500_000)
    expect(await db.payment.count({ where: { voucherBookingId: b.id } })).toBe(0)
  })

  test('a voucher covers no more than the quota left; booking with none left is refused unless without a voucher', async () => {
    const w = await makeVoucherWorld(db, now, { staff: world.staff, priceFen: 1_000_000, quotaFen: 700_000 })
    const first = await bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: true }, now)
    const second = await bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: true }, now)
    expect([Number(first.voucherFen), Number(second.voucherFen), Number(second.ownShareFen)]).toEqual([500_000, 200_000, 800_000])
    expect((await refused(bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: true }, now))).key).toBe('vouchers.errors.quotaUsedUp')
    expect(Number((await bookService(db, w.holder, { serviceId: w.serviceId, useVoucher: false }, now)).voucherFen)).toBe(0)
    const q = await quotaAndBookings(db, w.quotaId)
    expect(q.reservedFen + q.redeemedFen).toBe(700_000)
    expect((await refused(grantQuota(db, world.staff, { holderId: w.holder.organizationId, year: 2026, holderKind: 'ENTERPRISE', amountFen: 699_999, reason: '调减' }, now))).key).toBe('vouchers.errors.grantBelowUsed')
  })

  test('without a quota, booking is refused', async () => {
    const e = await makePrincipal(db, 'ENTERPRISE', '无额度企业')
    expect((await refused(bookService(db, e, { serviceId: world.serviceId, useVoucher: true }, now))).key).toBe('vouchers.errors.noQuota')
  })
})

describe('4. no double funding', () => {
  test('a booking with a voucher cannot count toward a technology contract; without one it may', async () => {
    const contract = await makeContract(db, { buyer: world.holder, seller: world.provider, registrar: world.staff })
    const e = await refused(bookService(db, world.holder, { serviceId: world.serviceId, useVoucher: true, contractId: contract.id }, now))
    expect([e.key, e.field]).toEqual(['vouchers.errors.doubleFunding', 'contractId'])
    const b = await bookService(db, world.holder, { serviceId: world.serviceId, useVoucher: false, contractId: contract.id }, now)
    expect([Number(b.voucherFen), Number(b.ownShareFen), b.contractId]).toEqual([0, 1_000_000, contract.id])
    // Another enterprise's contract cannot be named
    const other = await makeContract(db, { buyer: await makePrincipal(db, 'ENTERPRISE', '合同别家'), registrar: world.staff })
    expect((await refused(bookService(db, world.holder, { serviceId: world.serviceId, useVoucher: false, contractId: other.id }, now))).key).toBe('vouchers.errors.contractNotFound')
  })
  test('voucher payments never count toward a reward: they carry no contract', async () => {
    expect(await db.payment.count({ where: { kind: { in: ['VOUCHER_SHARE', 'VOUCHER_PAYOUT'] }, contractId: { not: null } } })).toBe(0)
  })
})

describe('5. figures', () => {
  test('granted, reserved, redeemed and paid per bureau, county and provider equal a hand count of the records', async () => {
    const f = await voucherFigures(db, world.staff, 2026)
    const quotas = await db.voucherQuota.findMany({ where: { bureauId: world.staff.organizationId, year: 2026 }, include: { bookings: { include: { payments: true } }, holder: true } })
    const hand = { grantedFen: 0, reservedFen: 0, redeemedFen: 0, paidFen: 0, bookings: 0 }
    for (const q of quotas) {
      hand.grantedFen += Number(q.grantedFen)
      for (const b of q.bookings) {
        if (b.status === 'BOOKED' || b.status === 'CONFIRMED') hand.reservedFen += Number(b.voucherFen)
        if (b.status === 'DELIVERED') hand.redeemedFen += Number(b.voucherFen)
        if (b.status !== 'CANCELLED') hand.bookings++
        for (const p of b.payments) if (p.kind === 'VOUCHER_PAYOUT' && p.status === 'SUCCEEDED') hand.paidFen += Number(p.amountFen)
      }
    }
    expect(f.total).toMatchObject(hand)
    expect(hand.paidFen).toBe(500_000)
    const sum = (rows: typeof f.byCounty, k: 'reservedFen' | 'redeemedFen' | 'paidFen') => rows.reduce((a, r) => a + r[k], 0)
    for (const k of ['reservedFen', 'redeemedFen', 'paidFen'] as const) {
      expect(sum(f.byCounty, k)).toBe(hand[k])
      expect(sum(f.byProvider, k)).toBe(hand[k])
    }
    const keqiao = f.byCounty.find((r) => r.label === '柯桥区')!
    expect(keqiao.grantedFen).toBe(20_000_000)
    expect(keqiao.redeemedFen).toBe(500_000)
    // Another bureau's figures hold none of this
    expect((await voucherFigures(db, lishui, 2026)).total).toMatchObject({ grantedFen: 0, reservedFen: 0, redeemedFen: 0, paidFen: 0 })
  })
})
