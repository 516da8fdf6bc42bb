// A known data set for the funds-disbursed figures (decision 020): two bureaus, three counties, rewards, vouchers
// and a challenge subsidy with dates chosen so that each rule of the period shows. Rows are written directly (each
// step is tested through its own service elsewhere); the hand count is in tests/integration/funds-disbursed.test.ts.
import { randomBytes } from 'node:crypto'
import type { Principal } from '../../app/domain/access.ts'
import { grantQuota } from '../../app/services/voucher-quotas.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { createDeal } from './auction.ts'
import { createTestDatabase } from './database.ts'
import { makePrincipal, makeSession } from './payments.ts'
import { makeContract, makeInstalment, seedShaoxingPolicy } from './rewards.ts'
import { makeVoucherWorld } from './vouchers.ts'

/** Asia/Shanghai wall-clock time as an instant. */
export const sh = (isoLocal: string) => new Date(`${isoLocal}+08:00`)

/** What the hand counts are of: 1 June to the end of 31 July 2026 (Asia/Shanghai), read on 5 August. */
export const HAND_COUNT = { period: { from: sh('2026-06-01T00:00:00'), to: sh('2026-08-01T00:00:00') }, now: sh('2026-08-05T12:00:00') }

/** A database of its own holding the world `make` builds (makeFundsWorld, makeDashboardWorld); close it after the tests. */
export async function openWorld(make: (db: Db) => Promise<FundsWorld>): Promise<{ db: Db; close(): Promise<void>; w: FundsWorld }> {
  const { prisma: db, close } = await createTestDatabase()
  return { db, close, w: await make(db) }
}

export type FundsWorld = {
  lishui: Principal & { name: string }
  shaoxing: Principal & { name: string }
  province: Principal
  eA: Principal & { name: string }
  eB: Principal & { name: string }
  eC: Principal & { name: string }
  campaignId: string
  ids: Record<string, string>
}

export async function makeFundsWorld(db: Db): Promise<FundsWorld> {
  const lishui = await makePrincipal(db, 'BUREAU', '丽水市科学技术局')
  const shaoxing = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
  const lianDu = await db.county.create({ data: { bureauId: lishui.organizationId, name: '莲都区' } })
  const qingTian = await db.county.create({ data: { bureauId: lishui.organizationId, name: '青田县' } })
  const yueCheng = await db.county.create({ data: { bureauId: shaoxing.organizationId, name: '越城区' } })

  const world = await makeVoucherWorld(db, sh('2026-06-01T09:00:00'), { staff: lishui, priceFen: 200_000 })
  const eA = { ...world.holder, name: (await db.organization.findUniqueOrThrow({ where: { id: world.holder.organizationId } })).name }
  const eB = await makePrincipal(db, 'ENTERPRISE', '青田演示科技有限公司')
  const eC = await makePrincipal(db, 'ENTERPRISE', '越城演示科技有限公司')
  await db.organization.update({ where: { id: eA.organizationId }, data: { countyId: lianDu.id } })
  await db.organization.update({ where: { id: eB.organizationId }, data: { countyId: qingTian.id } })
  await db.organization.update({ where: { id: eC.organizationId }, data: { countyId: yueCheng.id } })
  const quotaB = await grantQuota(db, lishui, { holderId: eB.organizationId, year: 2026, holderKind: 'ENTERPRISE', amountFen: 1_000_000, reason: '具有创新需求的企业' }, sh('2026-06-01T09:00:00'))

  const policyL = await seedShaoxingPolicy(db, lishui.organizationId)
  const policyS = await seedShaoxingPolicy(db, shaoxing.organizationId)
  const ids: Record<string, string> = {}

  async function reward(name: string, staff: Principal, policyId: string, enterprise: Principal, amountFen: number, status: 'COMPUTED' | 'APPROVED' | 'PAID' | 'REJECTED', decidedAt: Date | null, paidAt: Date | null) {
    const contract = await makeContract(db, { buyer: enterprise, registrar: staff })
    const instalment = await makeInstalment(db, contract, amountFen * 10, sh('2026-04-01T10:00:00'))
    const r = await db.reward.create({
      data: { paymentId: instalment.id, contractId: contract.id, enterpriseId: enterprise.organizationId, policyId, year: 2026, amountFen: BigInt(amountFen), explanation: {}, status, decidedAt, decidedById: decidedAt ? staff.userId : null },
    })
    if (paidAt) {
      await db.payment.create({ data: { kind: 'REWARD_PAYOUT', status: 'SUCCEEDED', amountFen: BigInt(amountFen), rewardId: r.id, idempotencyKey: `reward-payout:${r.id}`, paidAt } })
    }
    ids[name] = r.id
  }

  await reward('R1', lishui, policyL.id, eA, 100_000, 'PAID', sh('2026-05-20T10:00:00'), sh('2026-05-25T10:00:00')) // paid before the period
  await reward('R2', lishui, policyL.id, eA, 200_000, 'APPROVED', sh('2026-05-10T10:00:00'), null) // arrears, late
  await reward('R3', lishui, policyL.id, eB, 300_000, 'PAID', sh('2026-06-15T10:00:00'), sh('2026-07-10T10:00:00'))
  await reward('R4', lishui, policyL.id, eB, 50_000, 'PAID', sh('2026-07-25T10:00:00'), sh('2026-08-03T10:00:00')) // paid after the period
  await reward('R5', lishui, policyL.id, eA, 999, 'COMPUTED', null, null) // not approved: not due
  await reward('R6', lishui, policyL.id, eA, 777, 'REJECTED', sh('2026-06-10T10:00:00'), null) // rejected: not due
  await reward('R7', lishui, policyL.id, eA, 80_000, 'APPROVED', sh('2026-08-02T10:00:00'), null) // due after the period
  await reward('RS', shaoxing, policyS.id, eC, 1_000_000, 'PAID', sh('2026-06-10T10:00:00'), sh('2026-06-30T10:00:00')) // another bureau

  async function booking(name: string, holderId: string, quotaId: string, voucherFen: number, status: 'BOOKED' | 'DELIVERED', deliveredAt: Date | null, paidAt: Date | null) {
    const b = await db.voucherBooking.create({
      data: {
        serviceId: world.serviceId, quotaId, holderId, providerId: world.provider.organizationId, bureauId: lishui.organizationId, policyId: policyL.id,
        priceFen: BigInt(voucherFen * 2), shareBp: 5000, voucherFen: BigInt(voucherFen), ownShareFen: BigInt(voucherFen), status,
        bookedAt: sh('2026-05-15T10:00:00'), confirmedAt: sh('2026-05-16T10:00:00'), deliveredAt,
      },
    })
    if (paidAt) {
      await db.payment.create({ data: { kind: 'VOUCHER_PAYOUT', status: 'SUCCEEDED', amountFen: BigInt(voucherFen), voucherBookingId: b.id, idempotencyKey: `voucher-payout:${b.id}`, paidAt } })
    }
    ids[name] = b.id
  }
  await booking('V1', eA.organizationId, world.quotaId, 40_000, 'DELIVERED', sh('2026-06-20T10:00:00'), sh('2026-06-25T10:00:00'))
  await booking('V2', eB.organizationId, quotaB.id, 60_000, 'DELIVERED', sh('2026-06-01T10:00:00'), null) // late
  await booking('V3', eA.organizationId, world.quotaId, 70_000, 'BOOKED', null, null) // not delivered: not due

  const need = await db.technicalNeed.create({
    data: { enterpriseId: eB.organizationId, title: '瓯江流域水质在线监测', description: '需要低成本在线监测方案', field: '环境', keywords: [], acceptedModes: ['TRANSFER'], contactName: '李工', contactPhone: '0578-8123456', status: 'PUBLISHED', searchTokens: [] },
  })
  const challenge = await db.challenge.create({
    data: {
      needId: need.id, rewardFen: 2_000_000n, deadline: sh('2026-06-20T17:00:00'), conditions: '省内高校或企业', fundedByBureau: true, subsidyFen: 500_000n, status: 'AWARDED',
      postedById: lishui.userId, selectedAt: sh('2026-06-25T10:00:00'), awardedAt: sh('2026-07-01T10:00:00'), subsidyDueOn: sh('2026-07-01T10:00:00'), subsidyPaidAt: sh('2026-07-20T10:00:00'),
    },
  })
  await db.challengeApplication.create({ data: { challengeId: challenge.id, applicantId: eA.organizationId, submittedById: eA.userId, proposal: '方案', status: 'SELECTED' } })
  ids.CH1 = challenge.id

  const campaign = await db.campaign.create({
    data: {
      bureauId: lishui.organizationId, name: `助企纾困专项行动 ${randomBytes(2).toString('hex')}`, noticeRef: '丽科〔2022〕12号',
      startsOn: sh('2026-06-01T00:00:00'), endsOn: sh('2026-07-31T00:00:00'), coverageTargetOn: sh('2026-06-30T00:00:00'),
      fundsTargetBp: 7500, fundsTargetOn: sh('2026-07-31T00:00:00'), createdById: lishui.userId,
    },
  })
  return { lishui, shaoxing, province: { userId: lishui.userId, role: 'PROVINCE', organizationId: lishui.organizationId }, eA, eB, eC, campaignId: campaign.id, ids }
}

/** The funds world plus the marketplace and the requests, for the home page's figures (tests/integration/dashboard.test.ts). */
export async function makeDashboardWorld(db: Db): Promise<FundsWorld> {
  const w = await makeFundsWorld(db)
  const lianDu = await db.county.findFirstOrThrow({ where: { bureauId: w.lishui.organizationId, name: '莲都区' } })
  const uni = await makePrincipal(db, 'UNIVERSITY', '丽水学院')
  await db.organization.update({ where: { id: uni.organizationId }, data: { countyId: lianDu.id } })
  const result = (title: string, status: 'PUBLISHED' | 'SOLD' | 'DRAFT', publishedAt: Date | null) =>
    db.researchResult.create({
      data: { ownerId: uni.organizationId, title, summary: '测试成果', field: 'textiles', ipKind: 'INVENTION_PATENT', maturity: 'PILOT', contactName: '王老师', contactPhone: '0578-2271234', status, publishedAt },
    })
  const res1 = await result('成果一', 'PUBLISHED', sh('2026-06-06T10:00:00'))
  await result('成果二', 'SOLD', sh('2026-05-01T10:00:00'))
  await result('成果三', 'DRAFT', null)
  await result('成果四', 'PUBLISHED', sh('2026-08-10T10:00:00'))
  await db.technicalNeed.create({
    data: { enterpriseId: w.eA.organizationId, title: '食用菌烘干节能', description: '需要节能烘干工艺', field: 'agri', keywords: [], acceptedModes: ['TRANSFER'], contactName: '陈工', contactPhone: '0578-2123456', status: 'PUBLISHED', publishedAt: sh('2026-06-10T10:00:00'), searchTokens: [] },
  })
  await db.interest.create({ data: { resultId: res1.id, enterpriseId: w.eA.organizationId, message: '希望了解', reply: '欢迎', repliedAt: sh('2026-06-11T10:00:00'), createdAt: sh('2026-06-10T10:00:00') } })
  await db.interest.create({ data: { resultId: res1.id, enterpriseId: w.eB.organizationId, message: '希望了解', createdAt: sh('2026-07-01T10:00:00') } })
  await db.interest.create({ data: { resultId: res1.id, enterpriseId: w.eB.organizationId, message: '早先的', createdAt: sh('2026-05-01T10:00:00') } })

  const at = sh('2026-06-20T09:00:00')
  const { session, lots } = await makeSession(db, { bureauId: w.lishui.organizationId, lotDeposits: [250_000, 500_000, 100_000], status: 'CLOSED', now: at })
  await db.auctionSession.update({ where: { id: session.id }, data: { startsAt: at } })
  const prices = [1_300_000, 2_100_000]
  for (const [i, lot] of lots.entries()) {
    await db.lot.update({ where: { id: lot.id }, data: { status: i < 2 ? 'SOLD' : 'UNSOLD' } })
    if (i < 2) {
      await createDeal(db, lot, w.eA, { priceFen: prices[i]!, paymentDeadline: sh('2026-06-27T17:00:00'), createdAt: sh('2026-06-20T11:00:00') })
    }
  }
  const cancelled = await makeSession(db, { bureauId: w.lishui.organizationId, status: 'CANCELLED', now: sh('2026-07-05T09:00:00') })
  await db.auctionSession.update({ where: { id: cancelled.session.id }, data: { startsAt: sh('2026-07-05T09:00:00') } })
  const other = await makeSession(db, { bureauId: w.shaoxing.organizationId, status: 'PLANNED', now: sh('2026-07-01T09:00:00') })
  await db.auctionSession.update({ where: { id: other.session.id }, data: { startsAt: sh('2026-07-01T09:00:00') } })

  const request = (bureau: Principal, enterprise: Principal, status: 'ACCEPTED' | 'ASSIGNED' | 'IN_PROGRESS' | 'CLOSED', createdAt: Date, deadline: Date | null = null) =>
    db.serviceRequest.create({ data: { bureauId: bureau.organizationId, enterpriseId: enterprise.organizationId, category: 'POLICY', description: '政策咨询', status, deadline, raisedById: enterprise.userId, createdAt } })
  const answer = (requestId: string, rating: 'SATISFIED' | 'BASICALLY_SATISFIED' | 'UNSATISFIED', at: Date) =>
    db.requestAnswer.create({ data: { requestId, text: '已答复', answeredById: w.lishui.userId, answeredAt: at, rating, ratedAt: at } })
  const q1 = await request(w.lishui, w.eA, 'CLOSED', sh('2026-06-02T10:00:00'))
  await answer(q1.id, 'UNSATISFIED', sh('2026-06-05T10:00:00'))
  await answer(q1.id, 'SATISFIED', sh('2026-06-09T10:00:00'))
  await request(w.lishui, w.eA, 'ASSIGNED', sh('2026-07-01T10:00:00'), sh('2026-07-15T23:59:59'))
  await request(w.lishui, w.eB, 'IN_PROGRESS', sh('2026-07-20T10:00:00'), sh('2026-08-20T23:59:59'))
  await request(w.lishui, w.eB, 'ACCEPTED', sh('2026-07-28T10:00:00'))
  await request(w.lishui, w.eB, 'ACCEPTED', sh('2026-08-03T10:00:00'))
  const q6 = await request(w.lishui, w.eB, 'CLOSED', sh('2026-06-03T10:00:00'))
  await answer(q6.id, 'BASICALLY_SATISFIED', sh('2026-06-12T10:00:00'))
  await request(w.shaoxing, w.eC, 'ACCEPTED', sh('2026-06-03T10:00:00'))
  return w
}
