// Malformed posts to the session page and the staff pages get a 400 with a
// message, never a 500: a forged or stale form is the visitor's mistake.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { action as sessionAction } from '~/routes/auctions.$id.tsx'
import { action as sessionsAction } from '~/routes/auctions._index.tsx'
import { action as organizationsAction } from '~/routes/staff.organizations.tsx'
import { action as paymentsAction } from '~/routes/staff.payments.tsx'
import { applyToSession } from '~/services/auctions.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { createPrincipal } from '../support/organizations.ts'
import { postAction } from '../support/route-action.ts'

let db: Db
let close: () => Promise<void>
let staffUserId: string
let enterpriseUserId: string
let sessionId: string
let registrationId: string

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  const staff = await createPrincipal(db, 'BUREAU', { name: '绍兴市科技局（测试）', county: '越城区' })
  const enterprise = await createPrincipal(db, 'ENTERPRISE', { name: '浙江瑞兴阀门（测试）', county: '越城区' })
  staffUserId = staff.userId
  enterpriseUserId = enterprise.userId
  sessionId = (await db.auctionSession.create({ data: { bureauId: staff.organizationId, quarter: '2027Q1', title: '2027年第一季度竞价会', startsAt: new Date('2027-02-01T01:00:00Z'), endsAt: new Date('2027-03-20T09:00:00Z'), publishedAt: new Date(), registrationClosesAt: new Date('2027-01-25T01:00:00Z') } })).id
  registrationId = (await applyToSession(db, enterprise, sessionId, new Date())).id
})
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

const decide = (fields: Record<string, string>) =>
  postAction(db, sessionAction, { userId: staffUserId, path: `/auctions/${sessionId}`, params: { id: sessionId }, fields: { intent: 'decide', ...fields } })

describe('a registration decision', () => {
  test.each([
    [{ registrationId: 'r', decision: 'maybe' }, '请选择通过或不予通过'],
    [{ decision: 'approve' }, '缺少报名编号，请刷新页面后重试'],
    [{ registrationId: 'r', decision: 'refuse', reason: '长'.repeat(301) }, '原因不能超过 300 个字'],
  ])('%o → 400 %s', async (fields, message) => {
    expect(await decide(fields)).toMatchObject({ status: 400, body: { message } })
  })

  test('a refusal without a reason is answered beside that registration', async () => {
    expect(await decide({ registrationId, decision: 'refuse' })).toMatchObject({ status: 400, body: { message: '不予通过时请填写原因', field: 'reason', registrationId } })
    expect((await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).status).toBe('PENDING')
  })

  test('a registration of another session, decided under this session\'s URL, is not found there (finding 15 of issue 11)', async () => {
    const bureauId = (await db.user.findUniqueOrThrow({ where: { id: staffUserId } })).organizationId
    const other = (await db.auctionSession.create({ data: { bureauId, quarter: '2027Q2', title: '2027年第二季度竞价会', startsAt: new Date('2027-05-01T01:00:00Z'), endsAt: new Date('2027-06-20T09:00:00Z') } })).id
    const outcome = await postAction(db, sessionAction, { userId: staffUserId, path: `/auctions/${other}`, params: { id: other }, fields: { intent: 'decide', registrationId, decision: 'approve' } })
    expect(outcome.status).toBe(404)
    expect((await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).status).toBe('PENDING')
  })

  test('a sound decision still works', async () => {
    expect(await decide({ registrationId, decision: 'approve' })).toMatchObject({ status: 200 })
    expect((await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).status).toBe('APPROVED')
  })
})

describe('the other forms of the session page and the staff pages', () => {
  const post = (action: Parameters<typeof postAction>[1], path: string, fields: Record<string, string>, userId = staffUserId, params: Record<string, string> = { id: sessionId }) =>
    postAction(db, action, { userId, path, params, fields })

  test.each([
    ['an unknown intent', { intent: 'explode' }],
    ['a lot with impossible dates', { intent: 'lot', resultId: 'x', startingPrice: '100', increment: '10', depositKind: 'share', depositPercent: '10', startsAt: '2027-13-01T09:00', endsAt: '2027-02-30T10:00' }],
    ['a lot with a deposit share that is no number', { intent: 'lot', resultId: 'x', startingPrice: '100', increment: '10', depositKind: 'share', depositPercent: 'ten', startsAt: '2027-02-02T09:00', endsAt: '2027-02-02T10:00' }],
    ['a lot with an unknown deposit kind', { intent: 'lot', resultId: 'x', startingPrice: '100', increment: '10', depositKind: 'gift', startsAt: '2027-02-02T09:00', endsAt: '2027-02-02T10:00' }],
  ])('session page, %s → 400', async (_, fields) => {
    expect((await post(sessionAction, `/auctions/${sessionId}`, fields)).status).toBe(400)
  })

  test('an enterprise that posts a staff form is refused, not crashed', async () => {
    expect((await post(sessionAction, `/auctions/${sessionId}`, { intent: 'decide', registrationId, decision: 'approve' }, enterpriseUserId)).status).toBe(403)
  })

  test.each([
    [{ quarter: '2027Q2', title: '2027年第二季度竞价会', startsAt: '2027-13-01T09:00', endsAt: '2027-06-01T09:00' }],
    [{ quarter: '2027Q2', title: '2027年第二季度竞价会', startsAt: '2027-04-31T09:00', endsAt: '2027-06-01T09:00' }],
    [{ quarter: '2027Q9' }],
  ])('new session %o → 400', async (fields) => {
    expect((await post(sessionsAction, '/auctions', fields, staffUserId, {})).status).toBe(400)
  })

  test.each([[{ kind: 'PLANET', name: 'x' }], [{}]])('organization %o → 400', async (fields) => {
    expect((await post(organizationsAction, '/staff/organizations', fields, staffUserId, {})).status).toBe(400)
  })

  test.each([
    [{ intent: 'explode' }, 400],
    [{ intent: 'reconcile' }, 400],
    [{ intent: 'refund-deposit', paymentId: 'x'.repeat(65) }, 400],
    [{ intent: 'reconcile', paymentId: 'no-such-payment' }, 404],
    [{ intent: 'refund-deposit', paymentId: 'no-such-payment' }, 404],
    [{ intent: 'refund-losers', sessionId: 'no-such-session' }, 404],
  ])('payments %o → %i', async (fields, status) => {
    expect((await post(paymentsAction, '/staff/payments', fields, staffUserId, {})).status).toBe(status)
  })
})
