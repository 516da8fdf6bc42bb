// The voucher pages' actions: malformed or forged posts are a 400 (or the rule's status) with a message, never a
// 500; a sound grant, booking and step go through the same use-cases (decision 018).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { action as myVouchersAction } from '~/routes/my.vouchers.tsx'
import { action as policiesAction } from '~/routes/staff.policies.tsx'
import { action as staffVouchersAction } from '~/routes/staff.vouchers.tsx'
import { action as serviceAction } from '~/routes/vouchers.$id.tsx'
import type { Db } from '~/utils/db.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { makeContract } from '../support/rewards.ts'
import { postAction } from '../support/route-action.ts'
import { makeVoucherWorld, type VoucherWorld } from '../support/vouchers.ts'

let db: Db
let close: () => Promise<void>
let w: VoucherWorld
const now = new Date()

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  w = await makeVoucherWorld(db, now)
})
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

describe('staff vouchers', () => {
  const post = (fields: Record<string, string>) => postAction(db, staffVouchersAction, { userId: w.staff.userId, path: '/staff/vouchers', params: {}, fields })
  test.each([
    [{ intent: 'explode' }],
    [{ intent: 'grant', holderId: 'x', holderKind: 'ENTERPRISE', year: '2026', amount: 'lots', reason: '理由' }],
    [{ intent: 'grant', holderId: '', holderKind: 'ENTERPRISE', year: '2026', amount: '100', reason: '理由' }],
    [{ intent: 'reject', serviceId: 's' }],
    [{ intent: 'payout' }],
  ])('%o → 400', async (fields) => {
    expect((await post(fields)).status).toBe(400)
  })
  test('a grant above the cap is refused beside the amount; a sound one is saved', async () => {
    const year = String(Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now)))
    expect(await post({ intent: 'grant', holderId: w.holder.organizationId, holderKind: 'ENTERPRISE', year, amount: '20万零1', reason: '理由' })).toMatchObject({ status: 400 })
    expect(await post({ intent: 'grant', holderId: w.holder.organizationId, holderKind: 'ENTERPRISE', year, amount: '200001', reason: '理由' })).toMatchObject({ status: 400, body: { field: 'amount' } })
    expect(await post({ intent: 'grant', holderId: w.holder.organizationId, holderKind: 'ENTERPRISE', year, amount: '15万', reason: '调整' })).toMatchObject({ status: 200, body: { ok: true } })
    expect(Number((await db.voucherQuota.findUniqueOrThrow({ where: { id: w.quotaId } })).grantedFen)).toBe(15_000_000)
  })
})

describe('booking and steps', () => {
  test('a voucher with a contract is refused beside the contract; without a voucher it is booked', async () => {
    const contract = await makeContract(db, { buyer: w.holder, seller: w.provider, registrar: w.staff })
    const book = (fields: Record<string, string>) => postAction(db, serviceAction, { userId: w.holder.userId, path: `/vouchers/${w.serviceId}`, params: { id: w.serviceId }, fields })
    expect(await book({ useVoucher: 'on', contractId: contract.id })).toMatchObject({ status: 403, body: { ok: false, field: 'contractId' } })
    expect(await book({ contractId: contract.id })).toMatchObject({ status: 200, body: { ok: true } })
    expect(await book({ useVoucher: 'on' })).toMatchObject({ status: 200, body: { ok: true } })
  })
  test('malformed steps are a 400; the provider confirms through the page', async () => {
    const post = (userId: string, fields: Record<string, string>) => postAction(db, myVouchersAction, { userId, path: '/my/vouchers', params: {}, fields })
    expect((await post(w.provider.userId, { intent: 'confirm' })).status).toBe(400)
    expect((await post(w.provider.userId, { intent: 'list', kind: 'BOGUS', title: 'x' })).status).toBe(400)
    const booking = await db.voucherBooking.findFirstOrThrow({ where: { holderId: w.holder.organizationId, status: 'BOOKED' } })
    expect(await post(w.holder.userId, { intent: 'confirm', bookingId: booking.id })).toMatchObject({ status: 403 })
    expect(await post(w.provider.userId, { intent: 'confirm', bookingId: booking.id })).toMatchObject({ status: 200, body: { ok: true } })
    expect(await post(w.provider.userId, { intent: 'list', kind: 'TEST', title: '盐雾试验', description: '中性盐雾', price: '1,500.00', leadTimeDays: '5', location: '绍兴' })).toMatchObject({ status: 200 })
    expect(Number((await db.voucherService.findFirstOrThrow({ where: { title: '盐雾试验' } })).priceFen)).toBe(150_000)
  })
})

describe('voucher terms on a policy version', () => {
  const propose = (fields: Record<string, string>) =>
    postAction(db, policiesAction, {
      userId: w.staff.userId,
      path: '/staff/policies',
      params: {},
      fields: { intent: 'propose', name: '绍市科〔2022〕24号 措施七', validFrom: '2030-01-01', rateOutside: '10', rateVia: '20', capPerContract: '500000', capPerEnterpriseYear: '1000000', contractKinds: 'TRANSFER', basis: '测试版本', ...fields },
    })
  test('given, they are the version\'s; left out, the latest approved ones carry over; two of three is refused', async () => {
    expect((await propose({ voucherCapEnterprise: '30万', voucherShare: '60' })).status).toBe(400)
    expect((await propose({ voucherCapEnterprise: '30万', voucherCapEntrepreneur: '15万', voucherShare: '60' })).status).toBe(200)
    expect((await propose({})).status).toBe(200)
    const versions = await db.rewardPolicy.findMany({ where: { status: 'PROPOSED' }, orderBy: { version: 'asc' } })
    expect(versions.map((v) => [Number(v.voucherCapEnterpriseFen), Number(v.voucherCapEntrepreneurFen), v.voucherShareBp])).toEqual([
      [30_000_000, 15_000_000, 6000],
      [20_000_000, 10_000_000, 5000],
    ])
  })
})
