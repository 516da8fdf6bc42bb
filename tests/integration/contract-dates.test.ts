// Dates on contracts and their payments (issue 11, findings 4 and 5): a date
// that does not exist is refused beside its field (never stored as the next
// month), and a payment dated before the contract was signed, or in the
// future, is refused by the domain rule, through the service and the pages.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { action as contractsAction } from '~/routes/staff.contracts.tsx'
import { action as contractAction } from '~/routes/staff.contracts_.$id.tsx'
import { loader as exportLoader } from '~/routes/staff.rewards_.export.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { setDb, type Db } from '~/utils/db.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { makePrincipal } from '../support/payments.ts'
import { makeContract, makeInstalment, seedShaoxingPolicy } from '../support/rewards.ts'
import { settlePaymentReward } from '~/services/reward-worker.server.ts'
import { loginCookie, postAction } from '../support/route-action.ts'
import { fixedT, translateMessage } from '~/i18n/catalogue.ts'

let db: Db
let close: () => Promise<void>
let staff: Principal
let enterprise: Principal
let university: Principal
const now = new Date('2026-11-23T02:00:00Z') // 10:00 on 23 November in Shanghai

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
  enterprise = await makePrincipal(db, 'ENTERPRISE', '浙江越隆缝制设备有限公司')
  university = await makePrincipal(db, 'UNIVERSITY', '浙江工业大学')
})
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

const pay = (contractId: string, paidOn: string, reference: string) =>
  recordContractPayment(db, staff, { contractId, amountFen: 1_000_000, currency: 'CNY', paidOn: new Date(paidOn), reference }, now)

describe('a contract payment is dated between the signing day and today (Shanghai days)', () => {
  test.each([
    ['the day before signing', '2026-03-04T00:00:00+08:00', 'before-signing'],
    ['years before signing (would count against the 2023 cap)', '2023-06-01T00:00:00+08:00', 'before-signing'],
    ['tomorrow', '2026-11-24T00:00:00+08:00', 'in-future'],
  ])('%s: refused beside the date, nothing stored', async (_what, paidOn) => {
    const c = await makeContract(db, { buyer: enterprise, seller: university, registrar: staff, signedOn: new Date('2026-03-05T00:00:00+08:00') })
    await expect(pay(c.id, paidOn, 'P-1')).rejects.toMatchObject({ code: 'invalid', field: 'paidOn' })
    expect(await db.payment.count({ where: { contractId: c.id } })).toBe(0)
  })

  test.each([
    ['the signing day itself', '2026-03-05T00:00:00+08:00'],
    ['today', '2026-11-23T00:00:00+08:00'],
  ])('%s: accepted', async (_what, paidOn) => {
    const c = await makeContract(db, { buyer: enterprise, seller: university, registrar: staff, signedOn: new Date('2026-03-05T00:00:00+08:00') })
    await expect(pay(c.id, paidOn, 'P-2')).resolves.toMatchObject({ status: 'SUCCEEDED', duplicate: false })
  })

  test('the message names the signing day', async () => {
    const c = await makeContract(db, { buyer: enterprise, seller: university, registrar: staff, signedOn: new Date('2026-03-05T00:00:00+08:00') })
    await expect(pay(c.id, '2023-01-01T00:00:00+08:00', 'P-3')).rejects.toThrow('付款日期不能早于合同签订日期（2026-03-05）')
  })
})

type Reply = { status?: string; error?: Record<string, string[] | null> }

describe('a date that does not exist is refused beside its field', () => {
  test('signedOn=2026-02-30 on the contract form: 400, field message, no contract', async () => {
    const registrationNo = `3306-${Date.now()}`
    const outcome = await postAction(db, contractsAction, {
      userId: staff.userId,
      path: '/staff/contracts',
      params: {},
      fields: { registrationNo, kind: 'TRANSFER', buyerId: enterprise.organizationId, sellerId: university.organizationId, amount: '100000', signedOn: '2026-02-30' },
    })
    expect(outcome.status).toBe(400)
    // zod messages travel as keys with parameters; the page shows them translated.
    expect((outcome.body as Reply).error?.signedOn?.map((m) => translateMessage(fixedT('zh-CN'), m))).toEqual(['签订日期不存在：2026 年 2 月只有 28 天'])
    expect(await db.contract.count({ where: { registrationNo } })).toBe(0)
  })

  test('paidOn=2026-02-30 on the payment form: 400, field message, no payment', async () => {
    const c = await makeContract(db, { buyer: enterprise, seller: university, registrar: staff, signedOn: new Date('2026-01-05T00:00:00+08:00') })
    const outcome = await postAction(db, contractAction, {
      userId: staff.userId,
      path: `/staff/contracts/${c.id}`,
      params: { id: c.id },
      fields: { intent: 'record-payment', amount: '1000', paidOn: '2026-02-30', reference: 'HK-30' },
    })
    expect(outcome.status).toBe(400)
    const reply = (outcome.body as { reply: Reply }).reply
    expect(reply.error?.paidOn?.map((m) => translateMessage(fixedT('zh-CN'), m))).toEqual(['付款日期不存在：2026 年 2 月只有 28 天'])
    expect(await db.payment.count({ where: { contractId: c.id } })).toBe(0)
  })

  test('the payment form also refuses a date before signing, beside the date', async () => {
    const c = await makeContract(db, { buyer: enterprise, seller: university, registrar: staff, signedOn: new Date('2026-01-05T00:00:00+08:00') })
    const outcome = await postAction(db, contractAction, {
      userId: staff.userId,
      path: `/staff/contracts/${c.id}`,
      params: { id: c.id },
      fields: { intent: 'record-payment', amount: '1000', paidOn: '2025-12-31', reference: 'HK-31' },
    })
    expect(outcome.status).toBe(400)
    expect((outcome.body as Reply).error?.paidOn).toEqual(['付款日期不能早于合同签订日期（2026-01-05）'])
  })

  test('the rewards export includes its end date (the whole Shanghai day), so today\'s records are in', async () => {
    setDb(db)
    await seedShaoxingPolicy(db, staff.organizationId)
    const c = await makeContract(db, { buyer: enterprise, seller: university, registrar: staff, signedOn: new Date('2026-01-05T00:00:00+08:00') })
    const p = await makeInstalment(db, c, 1_000_000_00, new Date('2026-03-10T00:00:00+08:00'))
    // computed at 23:30 on 10 March in Shanghai (15:30 UTC)
    await settlePaymentReward(db, p.id, new Date('2026-03-10T15:30:00Z'))
    const reward = await db.reward.findFirstOrThrow({ where: { paymentId: p.id } })
    const header = await loginCookie(db, staff.userId)
    const csv = async (from: string, to: string) => {
      const request = new Request(`http://127.0.0.1/staff/rewards/export?type=rewards&from=${from}&to=${to}`, { headers: { Cookie: header } })
      return (await exportLoader({ request, params: {}, context: {} })).text()
    }
    expect(await csv('2026-03-10', '2026-03-10')).toContain(reward.id)
    expect(await csv('2026-03-01', '2026-03-10')).toContain(reward.id)
    expect(await csv('2026-03-01', '2026-03-09')).not.toContain(reward.id)
    expect(await csv('2026-03-11', '2026-03-11')).not.toContain(reward.id)
  })

  test('export range from=2026-02-30: 400 with the field message, no file', async () => {
    setDb(db)
    const header = await loginCookie(db, staff.userId)
    const request = new Request('http://127.0.0.1/staff/rewards/export?type=rewards&from=2026-02-30&to=2026-12-01', { headers: { Cookie: header } })
    const thrown = await exportLoader({ request, params: {}, context: {} }).then(
      (r) => r,
      (e: unknown) => e,
    )
    expect(thrown).toBeInstanceOf(Response)
    const response = thrown as Response
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('开始日期不存在：2026 年 2 月只有 28 天')
  })
})
