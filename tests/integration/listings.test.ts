// Listings end to end through the services, on a real database (PGlite, or
// PostgreSQL when DATABASE_URL is set): the lifecycle, its audit trail,
// access, search and "nothing half-saved".
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { ServiceError } from '~/utils/errors.ts'
import { createNeed, getNeed, listPublicNeeds } from '~/services/needs.server.ts'
import { createResult, getResult, listPublicResults, transitionResult, updateResult } from '~/services/results.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { NeedFormSchema, ResultFiltersSchema, ResultFormSchema, NeedFiltersSchema } from '~/utils/listing-validation.ts'
import { createTestDatabase } from '../support/database.ts'
import { publishNeed, publishResult } from '../support/listings.ts'
import { createPrincipal } from '../support/organizations.ts'

let db: Db
let close: () => Promise<void>
let university: Principal
let otherUniversity: Principal
let enterprise: Principal
let staff: Principal
const now = new Date('2026-11-22T02:00:00Z')

const resultForm = (over: Record<string, unknown> = {}) =>
  ResultFormSchema.parse({
    title: '竹材高温热处理防霉技术',
    summary: '以饱和蒸汽 180℃ 热处理竹材，防霉等级达到 0 级，尺寸稳定性提高 40%，适用于竹地板与竹家具。',
    field: 'bamboo-wood',
    keywords: '竹材,热处理,防霉',
    ipKind: 'INVENTION_PATENT',
    ipNumbers: 'ZL202010000001.1',
    maturity: 'PILOT',
    transferModes: ['TRANSFER'],
    askingPrice: '300000',
    contactName: '林老师',
    contactPhone: '0578-2271234',
    ...over,
  })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  university = await createPrincipal(db, 'UNIVERSITY', { name: '丽水学院（测试）' })
  otherUniversity = await createPrincipal(db, 'UNIVERSITY', { name: '浙江工业大学（测试）' })
  enterprise = await createPrincipal(db, 'ENTERPRISE', { name: '浙江竹艺家居（测试）' })
  staff = await createPrincipal(db, 'BUREAU', { name: '丽水市科学技术局（测试）' })
})
afterAll(async () => close?.())

describe('a result goes draft → submitted → published, each step audited', () => {
  test('the whole way, with who, when, from and to', async () => {
    const { id } = await createResult(db, university, resultForm(), now)
    await transitionResult(db, university, id, 'submit', undefined, now)
    await transitionResult(db, staff, id, 'return', '请补充检测报告', now)
    expect(await getResult(db, university, id)).toMatchObject({ status: 'RETURNED', reviewNote: '请补充检测报告' })
    await updateResult(db, university, id, resultForm({ summary: '补充：经国家林产品质检中心检测，防霉等级 0 级，尺寸稳定性提高 40%。' }), now, { submit: true })
    await transitionResult(db, staff, id, 'publish', undefined, now)

    const result = await getResult(db, null, id)
    expect(result).toMatchObject({ status: 'PUBLISHED', askingPriceFen: 30_000_000, reviewNote: null })
    const trail = await db.auditLog.findMany({ where: { entityId: id }, orderBy: { at: 'asc' } })
    expect(trail.map((a) => [a.action, a.fromStatus, a.toStatus, a.actorId])).toEqual([
      ['result.create', null, 'DRAFT', university.userId],
      ['result.submit', 'DRAFT', 'SUBMITTED', university.userId],
      ['result.return', 'SUBMITTED', 'RETURNED', staff.userId],
      ['result.edit', null, null, university.userId],
      ['result.submit', 'RETURNED', 'SUBMITTED', university.userId],
      ['result.publish', 'SUBMITTED', 'PUBLISHED', staff.userId],
    ])
    expect(trail[2]!.reason).toBe('请补充检测报告')
  })
})

describe('access is checked by the services, whatever the transport', () => {
  test('another institution can neither see a draft nor edit it', async () => {
    const { id } = await createResult(db, university, resultForm({ title: '私有草稿成果一项' }), now)
    await expect(getResult(db, otherUniversity, id)).rejects.toMatchObject({ code: 'not-found' })
    await expect(getResult(db, null, id)).rejects.toMatchObject({ code: 'not-found' })
    await expect(updateResult(db, otherUniversity, id, resultForm(), now)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(transitionResult(db, otherUniversity, id, 'submit', undefined, now)).rejects.toMatchObject({ code: 'forbidden' })
  })

  test('only staff publish; an enterprise cannot list a result', async () => {
    const { id } = await createResult(db, university, resultForm({ title: '待审成果一项' }), now, { submit: true })
    await expect(transitionResult(db, university, id, 'publish', undefined, now)).rejects.toMatchObject({ code: 'not-allowed' })
    await expect(createResult(db, enterprise, resultForm(), now)).rejects.toBeInstanceOf(ServiceError)
  })

  test('a published result cannot be edited by its owner', async () => {
    const { id } = await createResult(db, university, resultForm({ title: '已发布不可改成果' }), now, { submit: true })
    await transitionResult(db, staff, id, 'publish', undefined, now)
    await expect(updateResult(db, university, id, resultForm(), now)).rejects.toMatchObject({ code: 'wrong-status' })
  })
})

describe('nothing is half-saved', () => {
  test('a refused step leaves neither a change nor an audit entry', async () => {
    const { id } = await createResult(db, university, resultForm({ title: '原因必填测试成果' }), now, { submit: true })
    const before = await db.auditLog.count({ where: { entityId: id } })
    await expect(transitionResult(db, staff, id, 'return', '  ', now)).rejects.toMatchObject({ code: 'reason-required' })
    expect((await getResult(db, university, id)).status).toBe('SUBMITTED')
    expect(await db.auditLog.count({ where: { entityId: id } })).toBe(before)
  })

  test('a need whose deadline has passed is refused beside its field, and not created', async () => {
    const count = await db.technicalNeed.count()
    const form = NeedFormSchema.parse({
      title: '竹家具表面耐磨涂层',
      description: '竹家具表面漆膜耐磨性不足，期望找到水性耐磨涂层方案，耐磨转数达到 3000 转以上。',
      field: 'bamboo-wood',
      keywords: '竹家具,涂层',
      acceptedModes: ['LICENCE'],
      wantedBy: '2026-11-01',
      contactName: '周经理',
      contactPhone: '13905780000',
    })
    await expect(createNeed(db, enterprise, form, now)).rejects.toMatchObject({ code: 'invalid', field: 'wantedBy' })
    expect(await db.technicalNeed.count()).toBe(count)
  })
})

describe('search and filters over published listings', () => {
  test('a Chinese phrase from the summary finds the result; filters narrow it', async () => {
    const id = await publishResult(db, { owner: university, staff }, now, {
      title: '高导热氮化铝陶瓷基板', summary: '氮化铝陶瓷基板热导率 170 W/(m·K)，用于功率半导体模块封装。', field: 'semiconductor', keywords: '氮化铝,陶瓷基板', askingPrice: '2000000', transferModes: ['LICENCE'],
    })
    const find = (q: Record<string, string>) => listPublicResults(db, ResultFiltersSchema.parse(q)).then((r) => r.items.map((i) => i.id))
    expect(await find({ q: '功率半导体' })).toContain(id)
    expect(await find({ q: '氮化铝陶瓷' })).toContain(id)
    expect(await find({ q: '氮化铝', field: 'bamboo-wood' })).not.toContain(id)
    expect(await find({ q: '氮化铝', mode: 'TRANSFER' })).not.toContain(id)
    expect(await find({ q: '氮化铝', minPrice: '1000000', maxPrice: '2000000' })).toContain(id)
    expect(await find({ q: '氮化铝', maxPrice: '1999999' })).not.toContain(id)
    expect(await find({ q: '氮化镓' })).not.toContain(id)
  })

  test('needs are found by their budget range overlapping the one asked for', async () => {
    const id = await publishNeed(db, { enterprise, staff }, now, { keywords: '竹材,防霉', budgetMin: '200000', budgetMax: '500000', acceptedModes: ['TRANSFER', 'LICENCE'] })
    const find = (q: Record<string, string>) => listPublicNeeds(db, NeedFiltersSchema.parse(q)).then((r) => r.items.map((i) => i.id))
    expect(await find({ q: '防霉' })).toContain(id)
    expect(await find({ minBudget: '400000' })).toContain(id)
    expect(await find({ minBudget: '600000' })).not.toContain(id)
    expect(await find({ maxBudget: '100000' })).not.toContain(id)
    expect(await getNeed(db, null, id)).toMatchObject({ budgetMinFen: 20_000_000, budgetMaxFen: 50_000_000 })
  })
})
