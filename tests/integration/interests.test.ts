// Interest (意向) on the real database: both writes are audited in the same
// transaction, a refused write leaves neither row nor entry, and the result
// page's action says which form each answer belongs to, so the page can put
// every message beside its control (app/components/interests.tsx).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { action as resultAction } from '~/routes/results.$id.tsx'
import { expressInterest, replyToInterest } from '~/services/interests.server.ts'
import { transitionResult } from '~/services/results.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { publishResult } from '../support/listings.ts'
import { createPrincipal } from '../support/organizations.ts'
import { postAction } from '../support/route-action.ts'

let db: Db
let close: () => Promise<void>
let university: Principal
let otherUniversity: Principal
let enterprise: Principal
let staff: Principal
let resultId: string
const now = new Date('2026-11-22T02:00:00Z')


const entries = (action: string) => db.auditLog.findMany({ where: { action }, orderBy: { at: 'asc' } })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  university = await createPrincipal(db, 'UNIVERSITY', { name: '丽水学院（测试）' })
  otherUniversity = await createPrincipal(db, 'UNIVERSITY', { name: '浙江工业大学（测试）' })
  enterprise = await createPrincipal(db, 'ENTERPRISE', { name: '浙江瑞兴阀门（测试）' })
  staff = await createPrincipal(db, 'BUREAU', { name: '丽水市科技局（测试）' })
  resultId = await publishResult(db, { owner: university, staff }, now, { title: '竹材高温热处理防霉技术' })
})
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

describe('interest writes are audited with the write', () => {
  test('expressing interest and replying each leave one entry, by the person who did it', async () => {
    const { id } = await expressInterest(db, enterprise, resultId, '我司竹地板产线希望引进该防霉工艺', now)
    await replyToInterest(db, university, id, '欢迎来校交流，联系王老师', now)
    expect(await entries('interest.express')).toMatchObject([{ entityType: 'Interest', entityId: id, actorId: enterprise.userId, data: { resultId } }])
    expect(await entries('interest.reply')).toMatchObject([{ entityType: 'Interest', entityId: id, actorId: university.userId, data: { resultId, replaced: false } }])
  })

  test('a refused write leaves neither the row nor an entry', async () => {
    const [interests, log] = [await db.interest.count(), await db.auditLog.count()]
    await expect(expressInterest(db, enterprise, resultId, '好', now)).rejects.toMatchObject({ field: 'message' })
    await expect(expressInterest(db, enterprise, 'no-such-result', '我司希望引进该工艺', now)).rejects.toMatchObject({ code: 'not-found' })
    const { id } = (await db.interest.findFirstOrThrow({ where: { resultId } }))
    await expect(replyToInterest(db, otherUniversity, id, '不是我的成果', now)).rejects.toMatchObject({ code: 'forbidden' })
    expect([await db.interest.count(), await db.auditLog.count()]).toEqual([interests, log])
  })
})

describe('the result page says which form an answer belongs to', () => {
  const post = (who: Principal, fields: Record<string, string>, id = resultId) =>
    postAction(db, resultAction, { userId: who.userId, path: `/results/${id}`, params: { id }, fields })

  test('an interest too short: beside the message box', async () => {
    expect(await post(enterprise, { intent: 'interest', message: '好' })).toMatchObject({ status: 400, body: { form: 'interest', field: 'message', message: '意向说明至少 5 个字' } })
  })

  test('an interest in a result withdrawn meanwhile names no field but still its form', async () => {
    const withdrawn = await publishResult(db, { owner: university, staff }, now, { title: '竹纤维复合板材连续压制工艺' })
    await transitionResult(db, university, withdrawn, 'withdraw', undefined, now)
    expect(await post(enterprise, { intent: 'interest', message: '我司希望引进该工艺' }, withdrawn)).toMatchObject({
      status: 404,
      body: { form: 'interest', message: '该成果当前不接受合作意向', field: undefined },
    })
  })

  test('a reply: the error carries the interest it answers, with or without a field', async () => {
    const { id } = await expressInterest(db, enterprise, resultId, '我司竹筷产线也希望引进', now)
    expect(await post(university, { intent: 'reply', interestId: id, reply: '好' })).toMatchObject({ status: 400, body: { form: 'reply', interestId: id, field: 'reply', message: '请填写回复内容' } })
    expect(await post(otherUniversity, { intent: 'reply', interestId: id, reply: '我们也能做' })).toMatchObject({ status: 403, body: { form: 'reply', interestId: id, message: '只有成果所有单位可以回复' } })
    expect(await post(university, { intent: 'reply', interestId: id, reply: '欢迎联系王老师' })).toMatchObject({ status: 200, body: { ok: true, form: 'reply', interestId: id } })
  })

  test('a lifecycle error is the lifecycle form’s', async () => {
    expect(await post(enterprise, { intent: 'publish' })).toMatchObject({ body: { form: 'lifecycle' } })
  })
})

describe('ids in a form are tied to the URL (finding 15 of issue 11)', () => {
  test('an owner replying to an interest under another result of theirs is answered "not found", and nothing changes', async () => {
    const other = await publishResult(db, { owner: university, staff }, now, { title: '竹纤维增强复合材料成型技术' })
    const { id } = await expressInterest(db, enterprise, resultId, '希望了解防霉处理的设备投资', now)
    const outcome = await postAction(db, resultAction, { userId: university.userId, path: `/results/${other}`, params: { id: other }, fields: { intent: 'reply', interestId: id, reply: '欢迎来校交流' } })
    expect(outcome.status).toBe(404)
    expect((await db.interest.findUniqueOrThrow({ where: { id } })).reply).toBeNull()
  })

  test('the same form twice with one submission key: one interest', async () => {
    const key = 'k'.repeat(24)
    const send = () => expressInterest(db, enterprise, resultId, '第二次表达意向，同一个表单', now, { submissionKey: key })
    const [a, b] = await Promise.all([send(), send()])
    expect(a.id).toBe(b.id)
    expect(await db.interest.count({ where: { message: '第二次表达意向，同一个表单' } })).toBe(1)
  })
})
