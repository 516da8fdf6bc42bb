// The province's read-only login (role PROVINCE, decision 016): it reads every bureau's contracts, rewards,
// payments, organisations, enterprise facts and policies, and every write path refuses it (a representative set
// of the staff writes: contracts, payments, rewards, deposits, sessions, lots, listings, organisations, policies,
// facts), changing nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { organizationCodeCheckChar, withCheckDigit } from '~/domain/credit-code.ts'
import { addLot, createSession } from '~/services/auctions.server.ts'
import { ensureKnownRegions } from '~/services/bureaus.server.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { cancelContract, contractDetail, contractsPage, registerContract } from '~/services/contracts.server.ts'
import { refundDeposit } from '~/services/deposits.server.ts'
import { enterpriseFactsPage, importEnterpriseFacts } from '~/services/enterprise-facts.server.ts'
import { controlLot } from '~/services/lot-control.server.ts'
import { transitionNeed } from '~/services/needs.server.ts'
import { listOrganizations, registerOrganization } from '~/services/organizations.server.ts'
import { listPayments, paymentReceipt } from '~/services/payment-reports.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { ensureSeedPolicy, policiesPage, proposePolicyVersion } from '~/services/reward-policies.server.ts'
import { approveReward, rejectReward } from '~/services/reward-review.server.ts'
import { listRewards, rewardsForPeriod, yearlySummary } from '~/services/reward-views.server.ts'
import { settlePaymentReward } from '~/services/reward-worker.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { rewardPolicies, seedPolicyTerms } from '../../prisma/seed-data.ts'
import { createTestDatabase } from '../support/database.ts'
import { createPrincipal } from '../support/organizations.ts'
import { contractInput, makeInstalment } from '../support/rewards.ts'
import { loginCookie, TEST_CSRF_TOKEN } from '../support/route-action.ts'
import { action as factsAction, loader as factsLoader } from '../../app/routes/staff.enterprise-facts.tsx'
import { loader as templateLoader } from '../../app/routes/staff.enterprise-facts_.template.ts'
import { loader as contractsLoader } from '../../app/routes/staff.contracts.tsx'
import { CSRF_FIELD } from '~/utils/csrf.server.ts'
import { setDb } from '~/utils/db.server.ts'

const now = new Date('2026-11-20T02:00:00Z')
let db: Db
let close: () => Promise<void>
const who = {} as Record<'lishui' | 'shaoxing' | 'province' | 'ruixing' | 'keqiao' | 'zju', Principal>
const ids = {} as Record<'lsContract' | 'sxContract' | 'lsPayment' | 'sxPayment' | 'lsReward' | 'sxReward', string>

const code = (body: string) => withCheckDigit(`91330000${body}${organizationCodeCheckChar(body)}`)
beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  who.lishui = await createPrincipal(db, 'BUREAU', { name: '丽水市科学技术局', county: '莲都区', creditCode: code('00254913') })
  who.shaoxing = await createPrincipal(db, 'BUREAU', { name: '绍兴市科学技术局', county: '越城区', creditCode: code('00251846') })
  who.province = await createPrincipal(db, 'BUREAU', { name: '浙江省科学技术厅', county: '杭州市西湖区', creditCode: code('00253101'), role: 'PROVINCE' })
  who.ruixing = await createPrincipal(db, 'ENTERPRISE', { name: '浙江瑞兴阀门有限公司', county: '青田县', creditCode: code('70475218') })
  who.keqiao = await createPrincipal(db, 'ENTERPRISE', { name: '绍兴柯桥演示纺织科技有限公司', county: '柯桥区', creditCode: code('MA2DE7K1') })
  who.zju = await createPrincipal(db, 'UNIVERSITY', { name: '浙江大学', county: '杭州市西湖区', creditCode: code('47000420') })
  await ensureKnownRegions(db)
  await ensureSeedPolicy(db, seedPolicyTerms(rewardPolicies[0]!, who.shaoxing.organizationId), now)
  await ensureSeedPolicy(db, seedPolicyTerms(rewardPolicies[1]!, who.lishui.organizationId), now)
  ids.lsContract = (await registerContract(db, who.lishui, contractInput({ buyer: who.ruixing, seller: who.zju }, { registrationNo: 'LS-1' }), now)).id
  ids.sxContract = (await registerContract(db, who.shaoxing, contractInput({ buyer: who.keqiao, seller: who.zju }, { registrationNo: 'SX-1' }), now)).id
  const paidAt = new Date('2026-04-01T10:00:00+08:00')
  ids.lsPayment = (await makeInstalment(db, { id: ids.lsContract, buyerId: who.ruixing.organizationId }, 500_000_00, paidAt)).id
  ids.sxPayment = (await makeInstalment(db, { id: ids.sxContract, buyerId: who.keqiao.organizationId }, 500_000_00, paidAt)).id
  await settlePaymentReward(db, ids.lsPayment, now)
  await settlePaymentReward(db, ids.sxPayment, now)
  ids.lsReward = (await db.reward.findFirstOrThrow({ where: { paymentId: ids.lsPayment } })).id
  ids.sxReward = (await db.reward.findFirstOrThrow({ where: { paymentId: ids.sxPayment } })).id
  await db.enterpriseFact.createMany({
    data: [
      { organizationId: who.ruixing.organizationId, kind: 'ABOVE_SCALE', year: 2026, source: 'test' },
      { organizationId: who.keqiao.organizationId, kind: 'TECH_SME', year: 2026, source: 'test' },
    ],
  })
}, 120_000)
afterAll(async () => {
  await close?.()
})

describe('the province reads every bureau’s records', () => {
  test('contracts, rewards, payments, receipts, organisations, facts and policies of Lishui and Shaoxing alike', async () => {
    const p = who.province
    expect((await contractsPage(db, p)).contracts.map((c) => c.id).sort()).toEqual([ids.lsContract, ids.sxContract].sort())
    expect((await contractsPage(db, p)).buyers).toEqual([])
    expect((await contractDetail(db, p, ids.lsContract)).id).toBe(ids.lsContract)
    expect((await contractDetail(db, p, ids.sxContract)).id).toBe(ids.sxContract)
    const rewards = await listRewards(db, p)
    expect(rewards.rewards.map((r) => r.id).sort()).toEqual([ids.lsReward, ids.sxReward].sort())
    expect(rewards.pending).toBe(2)
    expect((await rewardsForPeriod(db, p, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))).length).toBe(2)
    expect((await yearlySummary(db, p, 2026)).map((r) => r.enterpriseId).sort()).toEqual([who.ruixing.organizationId, who.keqiao.organizationId].sort())
    expect((await listPayments(db, p)).payments.map((x) => x.id)).toEqual(expect.arrayContaining([ids.lsPayment, ids.sxPayment]))
    expect((await paymentReceipt(db, p, ids.lsPayment)).id).toBe(ids.lsPayment)
    const orgs = (await listOrganizations(db, p)).map((o) => o.name)
    expect(orgs).toEqual(expect.arrayContaining(['丽水市科学技术局', '绍兴市科学技术局', '浙江瑞兴阀门有限公司', '绍兴柯桥演示纺织科技有限公司']))
    const facts = await enterpriseFactsPage(db, p, { now })
    expect(facts.enterprises.map((e) => e.name).sort()).toEqual(['浙江瑞兴阀门有限公司', '绍兴柯桥演示纺织科技有限公司'].sort())
    expect(facts.mayImport).toBe(false)
    expect((await enterpriseFactsPage(db, p, { now, organizationId: who.keqiao.organizationId })).detail?.facts).toHaveLength(1)
    const policies = await policiesPage(db, p)
    expect(policies.versions).toHaveLength(2)
    // Staff still read only their own bureau's.
    expect((await contractsPage(db, who.shaoxing)).contracts.map((c) => c.id)).toEqual([ids.sxContract])
  })
})

describe('every write refuses the province and changes nothing', () => {
  test('a representative set of the staff writes', async () => {
    const p = who.province
    const audits = await db.auditLog.count()
    const refused = { code: 'forbidden' }
    await expect(registerContract(db, p, contractInput({ buyer: who.ruixing, seller: who.zju }, { registrationNo: 'PV-1' }), now)).rejects.toMatchObject(refused)
    await expect(recordContractPayment(db, p, { contractId: ids.lsContract, amountFen: 1_00, currency: 'CNY', paidOn: new Date('2026-04-02T00:00:00+08:00'), reference: 'PV' }, now)).rejects.toMatchObject(refused)
    await expect(cancelContract(db, p, ids.sxContract, '省厅越权', now)).rejects.toMatchObject(refused)
    await expect(approveReward(db, p, ids.lsReward, now)).rejects.toMatchObject(refused)
    await expect(rejectReward(db, p, ids.sxReward, '省厅越权', now)).rejects.toMatchObject(refused)
    await expect(payoutReward(db, getPaymentProvider(), p, ids.lsReward, now)).rejects.toMatchObject(refused)
    await expect(refundDeposit(db, getPaymentProvider(), p, ids.lsPayment, now)).rejects.toMatchObject(refused)
    await expect(createSession(db, p, { quarter: '2027Q1', title: '省厅场次', startsAt: new Date('2027-01-10T01:00:00Z'), endsAt: new Date('2027-03-20T09:00:00Z') }, now)).rejects.toMatchObject(refused)
    const session = await createSession(db, who.lishui, { quarter: '2027Q1', title: '丽水场次', startsAt: new Date('2027-01-10T01:00:00Z'), endsAt: new Date('2027-03-20T09:00:00Z') }, now)
    const result = await db.researchResult.create({
      data: { ownerId: who.zju.organizationId, title: '测试成果', summary: '摘要', field: '材料', keywords: [], ipKind: 'KNOW_HOW', ipNumbers: [], maturity: 'PROTOTYPE', transferModes: ['TRANSFER'], askingPriceFen: 100_000_00n, contactName: '甲', contactPhone: '1', status: 'PUBLISHED', searchTokens: [] },
    })
    await expect(addLot(db, p, session.id, { resultId: result.id } as never, now)).rejects.toMatchObject(refused)
    const lot = await db.lot.create({
      data: { sessionId: session.id, resultId: result.id, number: 1, startingPriceFen: 100_000_00n, incrementFen: 1_000_00n, depositFen: 10_000_00n, startsAt: new Date('2027-01-10T01:00:00Z'), endsAt: new Date('2027-01-10T03:00:00Z'), extensionMinutes: 5, status: 'SCHEDULED' },
    })
    await expect(controlLot(db, p, lot.id, 'cancel', '省厅越权', now)).rejects.toMatchObject(refused)
    const need = await db.technicalNeed.create({
      data: { enterpriseId: who.ruixing.organizationId, title: '测试需求', description: '描述', field: '材料', keywords: [], budgetMinFen: 0n, budgetMaxFen: 1n, acceptedModes: ['TRANSFER'], contactName: '乙', contactPhone: '2', status: 'SUBMITTED', searchTokens: [] },
    })
    await expect(transitionNeed(db, p, need.id, 'publish', undefined, now)).rejects.toBeDefined()
    const body = 'MA2B3C9F'
    await expect(
      registerOrganization(db, p, { kind: 'ENTERPRISE', name: '省厅登记的企业', creditCode: withCheckDigit(`91330603${body}${organizationCodeCheckChar(body)}`), county: '柯桥区', userName: '联系人', email: 'pv@province.test', password: 'a-long-password' }, now),
    ).rejects.toMatchObject(refused)
    await expect(
      proposePolicyVersion(db, p, { name: '省级奖励', basis: '省厅越权', validFromMs: Date.parse('2027-01-01T00:00:00+08:00'), validToMs: null, rateOutsideAuctionBp: 1000, rateViaAuctionBp: 2000, capPerContractFen: 1, capPerEnterpriseYearFen: 1, contractKinds: ['TRANSFER'] }, now),
    ).rejects.toMatchObject(refused)
    const file = new TextEncoder().encode('单位名称,规上年度\n浙江瑞兴阀门有限公司,2025\n')
    await expect(importEnterpriseFacts(db, p, { name: 'p.csv', bytes: file }, now)).rejects.toMatchObject(refused)

    // Nothing changed: no audit entry by the province, contracts and rewards as they were, no new fact or organisation.
    expect(await db.auditLog.count({ where: { actorId: p.userId } })).toBe(0)
    expect((await db.contract.findUniqueOrThrow({ where: { id: ids.sxContract } })).status).toBe('ACTIVE')
    expect((await db.reward.findMany({ where: { id: { in: [ids.lsReward, ids.sxReward] } } })).map((r) => r.status)).toEqual(['COMPUTED', 'COMPUTED'])
    expect((await db.technicalNeed.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('SUBMITTED')
    expect((await db.lot.findUniqueOrThrow({ where: { id: lot.id } })).status).toBe('SCHEDULED')
    expect(await db.enterpriseFact.count({ where: { organizationId: who.ruixing.organizationId, year: 2025 } })).toBe(0)
    expect(await db.organization.count({ where: { name: '省厅登记的企业' } })).toBe(0)
    expect(await db.auctionSession.count({ where: { title: '省厅场次' } })).toBe(0)
    expect(await db.auditLog.count()).toBeGreaterThan(audits) // the Lishui session above
  })
})

/** A request as the browser sends it, signed in as `userId` (cookie session with a CSRF token). */
async function request(userId: string, path: string, body?: FormData): Promise<Request> {
  setDb(db)
  if (body) body.set(CSRF_FIELD, TEST_CSRF_TOKEN)
  return new Request(`http://127.0.0.1${path}`, { method: body ? 'POST' : 'GET', headers: { Cookie: await loginCookie(db, userId) }, body })
}

const outcome = async (run: () => Promise<unknown>) => {
  try {
    const v = (await run()) as { type?: string; data?: unknown; init?: ResponseInit | null } | Response
    if (v instanceof Response) return { status: v.status, body: v.headers.get('Content-Type') }
    return v && v.type === 'DataWithResponseInit' ? { status: v.init?.status ?? 200, body: v.data } : { status: 200, body: v }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() }
    throw thrown
  }
}

describe('the pages', () => {
  test('staff upload a file (multipart) and it is imported; the province reads the page and the template, and its upload is refused', async () => {
    const upload = () => {
      const form = new FormData()
      form.set('file', new File(['单位名称,规上年度\n浙江瑞兴阀门有限公司,2024\n'], 'facts.csv', { type: 'text/csv' }))
      return form
    }
    const staff = await outcome(async () => factsAction({ request: await request(who.lishui.userId, '/staff/enterprise-facts', upload()), params: {}, context: {} }))
    expect(staff).toMatchObject({ status: 200, body: { ok: true, added: 1 } })
    const province = await outcome(async () => factsAction({ request: await request(who.province.userId, '/staff/enterprise-facts', upload()), params: {}, context: {} }))
    expect(province.status).toBe(403)
    const page = await outcome(async () => factsLoader({ request: await request(who.province.userId, '/staff/enterprise-facts'), params: {}, context: {} }))
    expect(page).toMatchObject({ status: 200, body: { mayImport: false } })
    const contracts = await outcome(async () => contractsLoader({ request: await request(who.province.userId, '/staff/contracts'), params: {}, context: {} }))
    expect(contracts).toMatchObject({ status: 200, body: { mayAct: false } })
    const template = await outcome(async () => templateLoader({ request: await request(who.province.userId, '/staff/enterprise-facts/template?lang=en&format=xlsx'), params: {}, context: {} }))
    expect(template).toEqual({ status: 200, body: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
    // An enterprise is not let in.
    const enterprise = await outcome(async () => factsLoader({ request: await request(who.ruixing.userId, '/staff/enterprise-facts'), params: {}, context: {} }))
    expect(enterprise.status).toBe(403)
  })
})
