// 揭榜挂帅 on the real database: post, apply, select, confirm, close and the contract link, each audited with its
// notifications in the same transaction; a refused write leaves nothing; two selections at once award one.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import {
  applyToChallenge,
  closeChallenge,
  confirmSelection,
  getChallenge,
  linkChallengeContract,
  listChallenges,
  postChallenge,
  recordSubsidyPaid,
  selectApplication,
  type ChallengeForm,
} from '~/services/challenges.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { publishNeed, publishResult } from '../support/listings.ts'
import { makePrincipal } from '../support/payments.ts'

let db: Db
let close: () => Promise<void>
let enterprise: Principal
let otherEnterprise: Principal
let zju: Principal
let zjut: Principal & { name: string }
let staff: Principal
let staff2: Principal
const now = new Date('2026-12-02T02:00:00Z')
const later = (days: number) => new Date(now.getTime() + days * 86_400_000)
const form = (over: Partial<ChallengeForm> = {}): ChallengeForm => ({ rewardFen: 80_000_000, deadline: '2027-01-15', conditions: '须有中试条件', fundedByBureau: false, subsidyFen: null, ...over })

// Matching finds the challenge's counterparts by field and keywords: the need and the result share them.
const publishedNeed = (title: string, description: string) =>
  publishNeed(db, { enterprise, staff }, now, { title, description, field: 'new-materials', keywords: '摩擦材料,无铜', budgetMin: '50', budgetMax: '100' })
const publishedResult = (owner: Principal, title: string, summary: string) =>
  publishResult(db, { owner, staff }, now, { title, summary, field: 'new-materials', keywords: '摩擦材料,无铜,制动' })

const entries = (entityId: string) => db.auditLog.findMany({ where: { entityType: 'Challenge', entityId }, orderBy: { at: 'asc' } })
const notices = (kind: string) => db.notification.findMany({ where: { kind } })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  enterprise = await makePrincipal(db, 'ENTERPRISE', '浙江科马摩擦材料（测试）')
  otherEnterprise = await makePrincipal(db, 'ENTERPRISE', '浙江瑞兴阀门（测试）')
  zju = await makePrincipal(db, 'UNIVERSITY', '浙江大学（测试）')
  zjut = await makePrincipal(db, 'UNIVERSITY', '浙江工业大学（测试）')
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科技局（测试）')
  staff2 = { ...(await makePrincipal(db, 'BUREAU', '绍兴市科技局二（测试）')) }
  await publishedResult(zju, '无铜NAO摩擦材料配方', '以钛酸钾晶须与芳纶浆粕替代铜纤维，600℃下摩擦系数保持率85%以上，制动衰退小，摩擦材料通过台架试验。')
})
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

describe('an enterprise-funded challenge from post to award', () => {
  let challengeId: string
  test('posting is audited and suggested to the institutions whose results match, once', async () => {
    const needId = await publishedNeed('出口刹车片无铜化', '出口北美的刹车片要把铜去掉，高温段刹不住，需要无铜摩擦材料配方')
    ;({ id: challengeId } = await postChallenge(db, enterprise, needId, form(), now))
    expect(await entries(challengeId)).toMatchObject([{ action: 'challenge.post', actorId: enterprise.userId, toStatus: 'OPEN' }])
    const suggested = await notices('challenge-suggested')
    expect(suggested.length).toBeGreaterThan(0)
    const zjuUsers = await db.user.findMany({ where: { organizationId: zju.organizationId }, select: { id: true } })
    expect(suggested.map((n) => n.userId)).toEqual(expect.arrayContaining(zjuUsers.map((u) => u.id)))
    await expect(postChallenge(db, enterprise, needId, form(), now)).rejects.toMatchObject({ code: 'conflict' })
  })

  test('two institutions apply; a second application by one of them and one by an enterprise are refused', async () => {
    await applyToChallenge(db, zju, challengeId, { proposal: '我校无铜配方已完成台架试验，可在三个月内完成装车验证并转让。', quoteFen: null }, now)
    await applyToChallenge(db, zjut, challengeId, { proposal: '采用陶瓷纤维增强体系，可提供中试样品与检测报告，六个月交付。', quoteFen: 70_000_000 }, now)
    await expect(applyToChallenge(db, zju, challengeId, { proposal: '再次申请再次申请再次申请再次申请再次申请', quoteFen: null }, now)).rejects.toMatchObject({ code: 'conflict' })
    await expect(applyToChallenge(db, otherEnterprise, challengeId, { proposal: '企业不能揭榜企业不能揭榜企业不能揭榜企业', quoteFen: null }, now)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(applyToChallenge(db, zjut, challengeId, { proposal: '太短', quoteFen: null }, now)).rejects.toMatchObject({ field: 'proposal' })
    expect(await db.challengeApplication.count({ where: { challengeId } })).toBe(2)
    expect((await notices('challenge-application')).length).toBeGreaterThanOrEqual(2)
  })

  test('the public sees the count and no proposals; an institution sees only its own', async () => {
    const pub = await getChallenge(db, null, challengeId, now)
    expect(pub.applicationCount).toBe(2)
    expect(pub.applications).toEqual([])
    expect(pub.winner).toBeNull()
    const mine = await getChallenge(db, zjut, challengeId, now)
    expect(mine.applications.map((a) => a.applicant)).toEqual([zjut.name])
    expect(mine.viewer.canApply).toBe(false)
    const poster = await getChallenge(db, enterprise, challengeId, now)
    expect(poster.applications).toHaveLength(2)
    expect(poster.applications.every((a) => a.canSelect)).toBe(true)
  })

  test('two selections at once: one awards, the other is refused; the loser is told', async () => {
    const apps = await db.challengeApplication.findMany({ where: { challengeId }, orderBy: { createdAt: 'asc' } })
    const outcomes = await Promise.allSettled(apps.map((a) => selectApplication(db, enterprise, challengeId, a.id, now)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const c = await db.challenge.findUniqueOrThrow({ where: { id: challengeId }, include: { applications: true } })
    expect(c.status).toBe('AWARDED')
    expect(c.applications.map((a) => a.status).sort()).toEqual(['NOT_SELECTED', 'SELECTED'])
    expect(await notices('challenge-selected')).not.toHaveLength(0)
    expect(await notices('challenge-not-selected')).not.toHaveLength(0)
    const pub = await getChallenge(db, null, challengeId, now)
    expect(pub.status).toBe('AWARDED')
    expect(pub.winner).not.toBeNull()
    expect((await listChallenges(db)).find((x) => x.id === challengeId)).toMatchObject({ status: 'AWARDED', applications: 2 })
  })

  test('staff link the contract between the two parties only', async () => {
    const winner = await db.challengeApplication.findFirstOrThrow({ where: { challengeId, status: 'SELECTED' } })
    const other = winner.applicantId === zju.organizationId ? zjut : zju
    const mk = (no: string, sellerId: string) =>
      db.contract.create({ data: { bureauId: staff.organizationId, registrationNo: no, kind: 'TRANSFER', buyerId: enterprise.organizationId, sellerId, amountFen: 80_000_000n, signedOn: now } })
    await mk('3306012026000001', other.organizationId)
    await mk('3306012026000002', winner.applicantId)
    await expect(linkChallengeContract(db, staff, challengeId, '3306012026000001', now)).rejects.toMatchObject({ field: 'registrationNo' })
    await expect(linkChallengeContract(db, enterprise, challengeId, '3306012026000002', now)).rejects.toMatchObject({ code: 'forbidden' })
    await linkChallengeContract(db, staff, challengeId, '3306012026000002', now)
    expect((await getChallenge(db, staff, challengeId, now)).contractNo).toBe('3306012026000002')
  })
})

describe('a bureau-funded challenge needs a second staff member and records its subsidy', () => {
  test('select by staff, confirm by another, subsidy paid once', async () => {
    const needId = await publishedNeed('刹车片高温衰退', '高温段刹不住，制动距离变长，客户投诉多，需要改进配方')
    await expect(postChallenge(db, enterprise, needId, form({ fundedByBureau: true, subsidyFen: 20_000_000 }), now)).rejects.toMatchObject({ code: 'forbidden' })
    const { id } = await postChallenge(db, staff, needId, form({ fundedByBureau: true, subsidyFen: 20_000_000 }), now)
    const { id: appId } = await applyToChallenge(db, zju, id, { proposal: '我校可提供高温稳定摩擦配方并完成台架验证，三个月交付。', quoteFen: null }, now)
    expect(await selectApplication(db, staff, id, appId, now)).toEqual({ status: 'SELECTED' })
    await expect(confirmSelection(db, staff, id, now)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(recordSubsidyPaid(db, staff2, id, now)).rejects.toMatchObject({ code: 'wrong-status' })
    expect(await confirmSelection(db, staff2, id, later(1))).toEqual({ status: 'AWARDED' })
    const c = await db.challenge.findUniqueOrThrow({ where: { id } })
    expect(c.subsidyDueOn?.toISOString()).toBe(later(1).toISOString())
    await recordSubsidyPaid(db, staff2, id, later(5))
    await expect(recordSubsidyPaid(db, staff2, id, later(6))).rejects.toMatchObject({ code: 'conflict' })
    expect((await entries(id)).map((e) => e.action)).toEqual(['challenge.post', 'challenge.apply', 'challenge.select', 'challenge.confirm', 'challenge.subsidy-paid'])
  })
})

describe('refusals leave nothing behind', () => {
  test('bad terms, a draft need, a closed challenge, a late application', async () => {
    const needId = await publishedNeed('阀门高温泄漏', '阀门在高温蒸汽下老是漏，客户投诉多，需要新的密封方案')
    const [challenges, log] = [await db.challenge.count(), await db.auditLog.count()]
    await expect(postChallenge(db, enterprise, needId, form({ rewardFen: 100 }), now)).rejects.toMatchObject({ field: 'reward' })
    await expect(postChallenge(db, enterprise, needId, form({ deadline: '2026-02-30' }), now)).rejects.toMatchObject({ field: 'deadline' })
    await expect(postChallenge(db, enterprise, needId, form({ deadline: '2026-12-04' }), now)).rejects.toMatchObject({ field: 'deadline' })
    await expect(postChallenge(db, otherEnterprise, needId, form(), now)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(postChallenge(db, enterprise, needId, form({ conditions: 'a\u0000b' }), now)).rejects.toMatchObject({ field: 'conditions' })
    expect([await db.challenge.count(), await db.auditLog.count()]).toEqual([challenges, log])

    const { id } = await postChallenge(db, enterprise, needId, form(), now)
    await expect(applyToChallenge(db, zju, id, { proposal: '截止之后才提交的方案截止之后才提交的方案', quoteFen: null }, later(60))).rejects.toMatchObject({ code: 'wrong-status' })
    await expect(closeChallenge(db, otherEnterprise, id, '不需要了', now)).rejects.toMatchObject({ code: 'forbidden' })
    await closeChallenge(db, enterprise, id, '需求已由自有团队解决', now)
    await expect(applyToChallenge(db, zju, id, { proposal: '撤回之后才提交的方案撤回之后才提交的方案', quoteFen: null }, now)).rejects.toMatchObject({ code: 'wrong-status' })
    expect((await getChallenge(db, null, id, now))).toMatchObject({ status: 'CLOSED', closeReason: '需求已由自有团队解决' })
  })
})
