// Planning a quarterly session on the real database: one session a quarter,
// lots only from published results (one open lot per result), applications
// decided by staff with a reason when refused.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { publishSession } from '~/services/auction-notice.server.ts'
import { addLot, applyToSession, createSession, decideRegistration, getSession, listSessions, sessionTakesLots, sessionTakesRegistrations } from '~/services/auctions.server.ts'
import { transitionResult } from '~/services/results.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { submitResult } from '../support/listings.ts'
import { createPrincipal } from '../support/organizations.ts'

let db: Db
let close: () => Promise<void>
let university: Principal
let enterprise: Principal
let staff: Principal
let sessionId: string
let resultId: string
const now = new Date('2026-11-22T02:00:00Z')
const day = 86_400_000

const lot = (over: Partial<Parameters<typeof addLot>[3]> = {}) => ({
  resultId,
  startingPriceFen: 100_000_00,
  incrementFen: 5_000_00,
  reserveFen: 120_000_00,
  deposit: { kind: 'fixed' as const, fen: 10_000_00 },
  startsAt: new Date(now.getTime() + 10 * day),
  endsAt: new Date(now.getTime() + 10 * day + 3_600_000),
  extensionMinutes: 5,
  ...over,
})

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  university = await createPrincipal(db, 'UNIVERSITY', { name: '丽水学院（测试）' })
  enterprise = await createPrincipal(db, 'ENTERPRISE', { name: '浙江科马摩擦材料（测试）' })
  staff = await createPrincipal(db, 'BUREAU', { name: '丽水市科技局（测试）' })
  resultId = await submitResult(db, university, now, {
    title: '无铜环保刹车片配方', summary: '不含铜的陶瓷基摩擦材料配方，摩擦系数稳定在0.38–0.42，磨损率降低30%。', field: 'auto-parts', keywords: '刹车片,无铜', contactName: '林老师',
  })
  sessionId = (await createSession(db, staff, { quarter: '2026Q4', title: '2026年第四季度科技成果竞价会', startsAt: new Date(now.getTime() + 7 * day), endsAt: new Date(now.getTime() + 30 * day) }, now)).id
})
afterAll(async () => close?.())

describe('sessions and lots', () => {
  test('one session a quarter', async () => {
    await expect(createSession(db, staff, { quarter: '2026Q4', title: '重复场次', startsAt: now, endsAt: new Date(now.getTime() + day) }, now)).rejects.toMatchObject({ code: 'conflict', field: 'quarter' })
  })

  test('a session runs inside its quarter (Shanghai time); nothing is written otherwise', async () => {
    const before = await db.auctionSession.count()
    const sh = (t: string) => new Date(`${t}+08:00`)
    await expect(createSession(db, staff, { quarter: '2027Q1', title: '2027年第一季度竞价会', startsAt: sh('2027-03-20T09:00'), endsAt: sh('2027-04-02T17:00') }, now)).rejects.toMatchObject({ code: 'invalid', field: 'endsAt' })
    await expect(createSession(db, staff, { quarter: '2027Q1', title: '2027年第一季度竞价会', startsAt: sh('2026-12-31T23:00'), endsAt: sh('2027-01-10T17:00') }, now)).rejects.toMatchObject({ code: 'invalid', field: 'startsAt' })
    await expect(createSession(db, staff, { quarter: '2027Q1', title: '2027年第一季度竞价会', startsAt: new Date('x'), endsAt: sh('2027-01-10T17:00') }, now)).rejects.toMatchObject({ code: 'invalid', field: 'startsAt' })
    expect(await db.auctionSession.count()).toBe(before)
  })

  test('only a published result becomes a lot, and it moves to 竞价中; never two open lots', async () => {
    await expect(addLot(db, staff, sessionId, lot(), now)).rejects.toMatchObject({ code: 'conflict', field: 'resultId' }) // still submitted
    await transitionResult(db, staff, resultId, 'publish', undefined, now)
    await expect(addLot(db, staff, sessionId, lot({ reserveFen: 1 }), now)).rejects.toMatchObject({ field: 'reserveFen' })
    await expect(addLot(db, enterprise, sessionId, lot(), now)).rejects.toMatchObject({ code: 'forbidden' })
    expect(await addLot(db, staff, sessionId, lot(), now)).toMatchObject({ number: 1 })
    expect((await db.researchResult.findUniqueOrThrow({ where: { id: resultId } })).status).toBe('IN_AUCTION')
    await expect(addLot(db, staff, sessionId, lot(), now)).rejects.toMatchObject({ code: 'conflict' })
  })

  test('添加标的 and 报名 are offered by the rules addLot and applyToSession apply', async () => {
    const other = await createSession(db, staff, { quarter: '2026Q3', title: '规则测试场次', startsAt: new Date('2026-08-01T01:00:00Z'), endsAt: new Date('2026-08-02T09:00:00Z') }, now).catch(() => null)
    const id = other?.id ?? sessionId
    const row = () => db.auctionSession.findUniqueOrThrow({ where: { id } })
    expect(sessionTakesLots(await row())).toBe(true)
    expect(sessionTakesRegistrations(await row(), now)).toBe(false) // a draft
    await expect(applyToSession(db, enterprise, id, now)).rejects.toMatchObject({ code: 'not-found' })
    for (const status of ['LIVE', 'CLOSED', 'CANCELLED'] as const) {
      await db.auctionSession.update({ where: { id }, data: { status } })
      expect(sessionTakesLots(await row())).toBe(false)
      await expect(addLot(db, staff, id, lot(), now)).rejects.toMatchObject({ code: 'wrong-status', key: 'session.lots-closed' })
    }
    await db.auctionSession.update({ where: { id }, data: { status: 'PLANNED' } })
  })

  test('the reserve is known to staff', async () => {
    expect((await getSession(db, staff, sessionId)).lots[0]).toMatchObject({ reserveFen: 120_000_00 })
  })
})

describe('the auction notice (竞价公告): a draft until published, terms fixed after, registration until the deadline', () => {
  test("a draft is its bureau's own: not listed or shown to the public or to another bureau, and nobody may register", async () => {
    const other = await createPrincipal(db, 'BUREAU', { name: '绍兴市科技局（测试）' })
    expect((await listSessions(db)).map((s) => s.id)).not.toContain(sessionId)
    expect((await listSessions(db, { viewer: other })).map((s) => s.id)).not.toContain(sessionId)
    expect((await listSessions(db, { viewer: staff })).find((s) => s.id === sessionId)).toMatchObject({ publishedAt: null, registration: 'not-published' })
    await expect(getSession(db, enterprise, sessionId)).rejects.toMatchObject({ code: 'not-found' })
    await expect(getSession(db, null, sessionId)).rejects.toMatchObject({ code: 'not-found' })
    await expect(applyToSession(db, enterprise, sessionId, now)).rejects.toMatchObject({ code: 'not-found' })
    expect(await db.registration.count({ where: { sessionId } })).toBe(0)
  })

  test('publishing needs the whole registration period before the first lot opens, by staff of the bureau, once', async () => {
    // The lot opens 10 days after now: 11 days of registration cannot fit, 7 can.
    await expect(publishSession(db, staff, sessionId, { registrationDays: 11 }, now)).rejects.toMatchObject({ code: 'invalid', field: 'registrationDays' })
    await expect(publishSession(db, staff, sessionId, { registrationDays: -1 }, now)).rejects.toMatchObject({ field: 'registrationDays' })
    await expect(publishSession(db, enterprise, sessionId, {}, now)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(publishSession(db, await createPrincipal(db, 'BUREAU', { name: '温州市科技局（测试）' }), sessionId, {}, now)).rejects.toMatchObject({ code: 'not-found' })
    expect((await db.auctionSession.findUniqueOrThrow({ where: { id: sessionId } })).publishedAt).toBeNull()
    const published = await publishSession(db, staff, sessionId, {}, now)
    expect(published.registrationClosesAt).toBe(new Date(now.getTime() + 3 * day).toISOString()) // 10 days to the lot, 7 of registration
    await expect(publishSession(db, staff, sessionId, {}, now)).rejects.toMatchObject({ code: 'wrong-status' })
    const trail = await db.auditLog.findMany({ where: { entityId: sessionId, action: 'session.publish' } })
    expect(trail).toHaveLength(1)
    expect(trail[0]!.data).toMatchObject({ registrationDays: 7 })
    expect((await listSessions(db, { now })).find((s) => s.id === sessionId)).toMatchObject({ registration: 'open' })
    expect((await listSessions(db, { now: new Date(now.getTime() + 3 * day) })).find((s) => s.id === sessionId)).toMatchObject({ registration: 'closed' })
    expect(await getSession(db, null, sessionId)).toMatchObject({ registrationDays: 7, registrationClosesAt: published.registrationClosesAt })
    // The reserve stays secret to everyone but staff until the lot closes.
    expect((await getSession(db, enterprise, sessionId)).lots[0]).toMatchObject({ reserveFen: null, hasReserve: true })
  })

  test('after publishing, no lot is added', async () => {
    const other = await submitResult(db, university, now, {
      title: '低噪声阀芯', summary: '多级降压结构的阀芯设计，噪声降低15分贝，适用于高压差工况。', field: 'equipment', keywords: '阀芯', contactName: '林老师',
    })
    await transitionResult(db, staff, other, 'publish', undefined, now)
    const session = await db.auctionSession.findUniqueOrThrow({ where: { id: sessionId } })
    expect(sessionTakesLots(session)).toBe(false)
    await expect(addLot(db, staff, sessionId, lot({ resultId: other }), now)).rejects.toMatchObject({ code: 'wrong-status', key: 'auctionNotice.errors.published-terms-fixed' })
    expect((await db.researchResult.findUniqueOrThrow({ where: { id: other } })).status).toBe('PUBLISHED')
  })
})

describe('applications', () => {
  test('registration closes at the deadline', async () => {
    const late = new Date(now.getTime() + 3 * day)
    const session = await db.auctionSession.findUniqueOrThrow({ where: { id: sessionId } })
    expect(sessionTakesRegistrations(session, new Date(late.getTime() - 1))).toBe(true)
    expect(sessionTakesRegistrations(session, late)).toBe(false)
    await expect(applyToSession(db, enterprise, sessionId, late)).rejects.toMatchObject({ code: 'wrong-status', key: 'auctionNotice.errors.registration-closed' })
    expect(await db.registration.count({ where: { sessionId } })).toBe(0)
  })

  test('an enterprise applies once; staff refuse only with a reason, approve once', async () => {
    const { id } = await applyToSession(db, enterprise, sessionId, now)
    await expect(applyToSession(db, enterprise, sessionId, now)).rejects.toMatchObject({ code: 'conflict' })
    await expect(applyToSession(db, university, sessionId, now)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(decideRegistration(db, staff, id, false, '', now)).rejects.toMatchObject({ code: 'reason-required' })
    await decideRegistration(db, staff, id, true, undefined, now)
    await expect(decideRegistration(db, staff, id, false, '材料不全', now)).rejects.toMatchObject({ code: 'wrong-status' })
    expect((await getSession(db, enterprise, sessionId)).registrations).toMatchObject([{ status: 'APPROVED' }])
    const trail = await db.auditLog.findMany({ where: { entityId: id }, orderBy: { at: 'asc' } })
    expect(trail.map((t) => t.toStatus)).toEqual(['PENDING', 'APPROVED'])
  })
})
