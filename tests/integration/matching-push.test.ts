// 精准推送 and the staff-edited bridge, over the real database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { addBridgeEntry, bridgeForStaff, bridgeHistory, removeBridgeEntry } from '~/services/matching-bridge.server.ts'
import { getMatchIndex, matchesForNeed, notifyMatchesOnPublish } from '~/services/matching.server.ts'
import { transitionNeed } from '~/services/needs.server.ts'
import { transitionResult } from '~/services/results.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { publishResult, submitNeed, submitResult } from '../support/listings.ts'
import { createPrincipal } from '../support/organizations.ts'

let db: Db
let close: () => Promise<void>
let university: Principal
let otherUniversity: Principal
let enterprise: Principal
let staff: Principal
const now = new Date('2026-12-02T02:00:00Z')

// Every listing here is in auto parts, with the same modes and a budget that fits the price: the words decide.
const published = (owner: Principal, title: string, summary: string, keywords: string) =>
  publishResult(db, { owner, staff }, now, { title, summary, keywords, field: 'auto-parts', transferModes: ['TRANSFER', 'LICENCE'], askingPrice: '800000' })
const submitted = (title: string, description: string, keywords: string) =>
  submitNeed(db, enterprise, now, { title, description, keywords, field: 'auto-parts', budgetMin: '500000', budgetMax: '1200000', acceptedModes: ['TRANSFER'] })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  university = await createPrincipal(db, 'UNIVERSITY', { name: '浙江工业大学（推送测试）' })
  otherUniversity = await createPrincipal(db, 'UNIVERSITY', { name: '中国计量大学（推送测试）' })
  enterprise = await createPrincipal(db, 'ENTERPRISE', { name: '浙江刹车片（推送测试）' })
  staff = await createPrincipal(db, 'BUREAU', { name: '绍兴市科技局（推送测试）' })
})
afterAll(async () => close?.())

describe('精准推送: the owners of the best counterparts are told once', () => {
  test('publishing a need records one push per matching result, in the same transaction; never twice', async () => {
    const friction = await published(university, '低铜无石棉制动摩擦材料', '以芳纶和钛酸钾晶须替代铜纤维，摩擦系数稳定，高温制动衰退小，满足北美无铜法规。', '制动摩擦材料,无铜,制动衰退')
    const paint = await published(otherUniversity, '水性工业涂料低温固化', '水性丙烯酸树脂在80℃下低温固化，VOC排放低，适用于工程机械和钢结构防护涂装。', '水性涂料,低温固化')
    const needId = await submitted('出口北美的刹车片去铜', '出口北美的刹车片要把铜去掉，高温段刹不住，需要新的配方。', '刹车片,去铜')
    expect(await db.matchPush.count()).toBe(0) // nothing before publication

    await transitionNeed(db, staff, needId, 'publish', undefined, now)
    const pushes = await db.matchPush.findMany({ where: { listingId: needId } })
    expect(pushes.map((p) => p.counterpartId)).toEqual([friction])
    expect(pushes[0]).toMatchObject({ listingKind: 'need', counterpartKind: 'result', recipientOrgId: university.organizationId })
    expect(pushes.map((p) => p.counterpartId)).not.toContain(paint)

    // A published listing is neither edited nor published again through the app (edits are for drafts and
    // returned listings; publish only follows a submission): one publication, one round of pushes.
    await expect(transitionNeed(db, staff, needId, 'publish', undefined, new Date(now.getTime() + 30_000))).rejects.toMatchObject({ code: 'wrong-status' })
    expect(await db.matchPush.count({ where: { listingId: needId } })).toBe(1)

    // Publishing again anyway (a retried transaction, another path to PUBLISHED) tells nobody twice.
    const index = await getMatchIndex(db)
    const again = await db.$transaction((tx) => notifyMatchesOnPublish(tx, index, { kind: 'need', id: needId }, new Date(now.getTime() + 60_000)))
    expect(again).toEqual([])
    expect(await db.matchPush.count({ where: { listingId: needId } })).toBe(1)
  })

  test('publishing a result tells the enterprise whose published need it meets; a rolled-back publication leaves no push', async () => {
    const needs = await db.technicalNeed.findMany({ where: { status: 'PUBLISHED' }, select: { id: true } })
    const index = await getMatchIndex(db)
    const id = await submitResult(db, otherUniversity, now, {
      title: '陶瓷基制动片配方与高温抗衰退', summary: '陶瓷纤维增强摩擦材料，600℃摩擦系数保持0.35以上，无铜配方。', keywords: '制动片,无铜,抗衰退',
      field: 'auto-parts', transferModes: ['TRANSFER'], askingPrice: '600000', contactName: '李老师', contactPhone: '0575-8812345',
    })
    // A failure after the push in the same transaction takes the push back with it.
    await expect(
      db.$transaction(async (tx) => {
        await tx.researchResult.update({ where: { id }, data: { status: 'PUBLISHED', publishedAt: now } })
        expect((await notifyMatchesOnPublish(tx, index, { kind: 'result', id }, now)).length).toBeGreaterThan(0)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await db.matchPush.count({ where: { listingId: id } })).toBe(0)

    await transitionResult(db, staff, id, 'publish', undefined, now)
    const pushes = await db.matchPush.findMany({ where: { listingId: id } })
    expect(pushes.length).toBe(1)
    expect(pushes[0]).toMatchObject({ counterpartKind: 'need', recipientOrgId: enterprise.organizationId })
    expect(needs.map((n) => n.id)).toContain(pushes[0]!.counterpartId)
  })
})

describe('the bridge is data staff edit, with history, and the matcher follows it', () => {
  test('add: a need that names the problem finds the result through the new entry, and the reason says so', async () => {
    const cooling = await published(university, '电机绕组油冷散热结构', '定子绕组端部喷油冷却，配合油道设计，连续运行温升降低20K，适用于新能源汽车驱动电机。', '油冷,散热,温升')
    const needId = await submitted('驱动电机跑一会儿就烫手', '我们的驱动电机连续运行后外壳烫手，客户投诉。', '驱动电机')
    const before = await matchesForNeed(db, enterprise, needId)
    expect(before.find((m) => m.id === cooling)?.reasons.bridges ?? []).not.toContain('烫手 → 油冷')

    await addBridgeEntry(db, staff, { problem: '烫手', technology: '油冷', note: '电机企业常这样说' }, now)
    const after = await matchesForNeed(db, enterprise, needId)
    expect(after[0]!.id).toBe(cooling)
    expect(after[0]!.reasons.bridges).toContain('烫手 → 油冷')

    const history = await bridgeHistory(db, staff)
    expect(history[0]).toMatchObject({ problem: '烫手', technology: '油冷', active: true, changedBy: '绍兴市科技局（推送测试）', note: '电机企业常这样说' })
    const audit = await db.auditLog.findFirst({ where: { entityType: 'MatchingBridge', entityId: history[0]!.id } })
    expect(audit).toMatchObject({ action: 'matching.bridge.add', actorId: staff.userId })

    await expect(addBridgeEntry(db, staff, { problem: '烫手', technology: '油冷' }, now)).rejects.toMatchObject({ code: 'conflict' })
    await expect(addBridgeEntry(db, enterprise, { problem: '发烫', technology: '散热' }, now)).rejects.toMatchObject({ code: 'forbidden' })
  })

  test('remove: a built-in entry can be taken out, and is gone from what the matcher and the page use', async () => {
    const entries = await bridgeForStaff(db, staff)
    const builtIn = entries.find((e) => e.problem === '刹不住' && e.technology === '制动衰退')
    expect(builtIn?.source).toBe('built-in')
    const later = new Date(now.getTime() + 1000)
    await removeBridgeEntry(db, staff, { problem: '刹不住', technology: '制动衰退' }, later)
    const afterRemoval = await bridgeForStaff(db, staff)
    expect(afterRemoval.find((e) => e.problem === '刹不住' && e.technology === '制动衰退')).toBeUndefined()
    expect(afterRemoval.length).toBe(entries.length - 1)
    const history = await bridgeHistory(db, staff)
    expect(history[0]).toMatchObject({ problem: '刹不住', technology: '制动衰退', active: false })
    await expect(removeBridgeEntry(db, staff, { problem: '刹不住', technology: '制动衰退' }, later)).rejects.toMatchObject({ code: 'not-found' })
  })
})
