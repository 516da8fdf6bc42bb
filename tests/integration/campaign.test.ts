// The service campaign (issue 14, items 2 to 5): the Lishui campaign with the table attached to 丽科〔2022〕12号,
// imported and exported (XLSX), bad rows reported by line with nothing half-imported; visits; coverage checked
// against a hand count; closed-loop requests (受理 → 交办 → 办理 → 答复 → 不满意 → 办理 → 答复 → 满意 → 办结),
// escalation of overdue requests to the group leader, a technology problem turned into a technical need; and
// Shaoxing staff seeing and touching none of Lishui's campaign, visits or requests.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as apiRequest from '~/routes/api.requests.$id.ts'
import * as apiRequests from '~/routes/api.requests.ts'
import * as campaignPage from '~/routes/staff.campaigns_.$id.tsx'
import * as tableExport from '~/routes/staff.campaigns_.$id_.table[.]xlsx.ts'
import * as campaignsPage from '~/routes/staff.campaigns.tsx'
import * as requestPage from '~/routes/staff.requests_.$id.tsx'
import * as queuePage from '~/routes/staff.requests.tsx'
import { setDb } from '~/utils/db.server.ts'
import type { Principal } from '~/domain/access.ts'
import { shanghaiWallClockToInstant } from '~/domain/calendar.ts'
import { ensureKnownRegions } from '~/services/bureaus.server.ts'
import { campaignCoverage } from '~/services/campaign-coverage.server.ts'
import { assignmentTableOf, createCampaign, getCampaign, importAssignmentTable, listCampaigns, setGroupLeader } from '~/services/campaigns.server.ts'
import {
  answerRequest,
  assignRequest,
  closeRequest,
  escalateOverdueRequests,
  getRequest,
  listOwnRequests,
  raiseRequest,
  rateRequest,
  recordRequestFromVisit,
  requestQueue,
  startRequest,
  turnRequestIntoNeed,
} from '~/services/service-requests.server.ts'
import { campaignVisits, cancelVisit, planVisit, recordVisit } from '~/services/visits.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { readXlsxRows, writeXlsxRows } from '~/utils/xlsx-table.server.ts'
import { liaisonRows } from '../../prisma/seed-campaign.ts'
import { lishuiCampaign, lishuiLiaisonTable } from '../../prisma/seed-data.ts'
import { createTestDatabase } from '../support/database.ts'
import { createLogin, createSeedOrganizations } from '../support/organizations.ts'
import { loginCookie, postAction } from '../support/route-action.ts'
import { processRequestJob, REQUEST_JOBS } from '../../workers/requests.ts'

let db: Db
let close: () => Promise<void>
const who = {} as Record<'lishui' | 'lishui2' | 'leader' | 'shaoxing' | 'ruipu' | 'keqiao', Principal>
let campaignId: string
let orgIdOf: Map<string, string>

const day = (y: number, m: number, d: number, h = 10) => new Date(shanghaiWallClockToInstant({ year: y, month: m, day: d }, h))
const now = day(2022, 7, 20)

const login = (orgName: string, email: string, role: Principal['role']) => createLogin(db, { organizationId: orgIdOf.get(orgName)!, role }, { email })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  orgIdOf = await createSeedOrganizations(db, ['BUREAU', 'ENTERPRISE'])
  await ensureKnownRegions(db)
  who.lishui = await login('丽水市科学技术局', 'ls@c.test', 'STAFF')
  who.lishui2 = await login('丽水市科学技术局', 'ls2@c.test', 'STAFF')
  who.leader = await login('丽水市科学技术局', 'weng@c.test', 'STAFF')
  who.shaoxing = await login('绍兴市科学技术局', 'sx@c.test', 'STAFF')
  who.ruipu = await login('浙江瑞浦科技有限公司', 'ruipu@c.test', 'ENTERPRISE')
  who.keqiao = await login('绍兴柯桥演示纺织科技有限公司', 'kq@c.test', 'ENTERPRISE')
}, 60_000)
afterAll(async () => {
  await close?.()
})

describe('campaign and its assignment table', () => {
  test('the seed data is the notice’s table: 4 groups, 10 counties, 31 enterprises', () => {
    expect(lishuiLiaisonTable).toHaveLength(4)
    expect(lishuiLiaisonTable.flatMap((g) => g.counties)).toHaveLength(10)
    expect(lishuiLiaisonTable.flatMap((g) => g.counties.flatMap((c) => c.enterprises))).toHaveLength(31)
  })

  test('staff create the campaign; the dates and targets are checked', async () => {
    await expect(createCampaign(db, who.lishui, { ...lishuiCampaign, endsOn: '2022-06-01' }, now)).rejects.toMatchObject({ key: 'campaign.errors.endsBeforeStart' })
    await expect(createCampaign(db, who.lishui, { ...lishuiCampaign, fundsTargetPercent: 120 }, now)).rejects.toMatchObject({ key: 'campaign.errors.percentInvalid' })
    await expect(createCampaign(db, who.ruipu, lishuiCampaign, now)).rejects.toMatchObject({ code: 'forbidden' })
    campaignId = (await createCampaign(db, who.lishui, lishuiCampaign, now)).id
    await expect(createCampaign(db, who.lishui2, lishuiCampaign, now)).rejects.toMatchObject({ key: 'campaign.errors.nameTaken' })
    // Shaoxing may run a campaign of the same name: names are per bureau.
    await createCampaign(db, who.shaoxing, { ...lishuiCampaign, noticeRef: '绍市科〔2022〕24号' }, now)
  })

  test('a table with bad rows is refused, every row by its line, and nothing is imported', async () => {
    const rows = liaisonRows(lishuiLiaisonTable)
    rows[2] = ['', '', '', '杭州市西湖区', '浙江健壮传动科技有限公司'] // line 3: not a county of Lishui
    rows[4] = ['x', '廖旭青', '高新与成果处(基础处)', '景宁县', '不存在的公司'] // line 5: bad number
    rows[6] = ['', '', '', '龙泉市', '绍兴柯桥演示纺织科技有限公司, 某某未登记公司'] // line 7: of another county; unknown
    const parsed = await importAssignmentTable(db, who.lishui, campaignId, rows, 'bad.xlsx', now)
    expect(parsed).toEqual({ ok: false, problems: [{ line: 5, code: 'position-invalid', value: 'x' }] })
    rows[4] = ['2', '廖旭青', '高新与成果处(基础处), 科技发展研究中心', '景宁县', '浙江福莱克铸造有限公司, 浙江华寅工艺品有限公司, 浙江景宁明辉工艺品有限公司']
    const resolved = await importAssignmentTable(db, who.lishui, campaignId, rows, 'bad.xlsx', now)
    expect(resolved).toEqual({
      ok: false,
      problems: [
        { line: 3, code: 'county-unknown', value: '杭州市西湖区' },
        { line: 7, code: 'enterprise-other-county', value: '绍兴柯桥演示纺织科技有限公司' },
        { line: 7, code: 'enterprise-unknown', value: '某某未登记公司' },
      ],
    })
    expect(await db.campaignGroup.count({ where: { campaignId } })).toBe(0)
  })

  test('the notice’s table imports from XLSX exactly as attached, and exports back the same', async () => {
    const file = await writeXlsxRows('对口联系安排表', liaisonRows(lishuiLiaisonTable), '丽水市科技局助企纾困对口联系安排表')
    const rows = await readXlsxRows(file)
    const outcome = await importAssignmentTable(db, who.lishui, campaignId, rows, 'table.xlsx', now)
    expect(outcome).toEqual({ ok: true, groups: 4, counties: 10, enterprises: 31 })
    const c = await getCampaign(db, who.lishui, campaignId)
    expect(c.groups.map((g) => [g.position, g.leader, g.departments])).toEqual(lishuiLiaisonTable.map((g) => [g.group, g.leader, g.departments]))
    // 开发区 as the notice writes it is the county 丽水经济技术开发区.
    expect(c.groups[0]!.counties.map((k) => k.county)).toEqual(['莲都区', '丽水经济技术开发区', '青田县'])
    expect(c.groups.flatMap((g) => g.counties.flatMap((k) => k.enterprises.map((e) => e.name)))).toEqual(lishuiLiaisonTable.flatMap((g) => g.counties.flatMap((k) => k.enterprises)))
    const exported = await assignmentTableOf(db, who.lishui, campaignId)
    const again = await readXlsxRows(await writeXlsxRows('x', exported.rows))
    expect(await importAssignmentTable(db, who.lishui, campaignId, again, 'again.xlsx', now)).toEqual({ ok: true, groups: 4, counties: 10, enterprises: 31 })
    expect((await listCampaigns(db, who.lishui))[0]).toMatchObject({ groups: 4, counties: 10, enterprises: 31 })
    expect(await db.auditLog.count({ where: { entityType: 'Campaign', entityId: campaignId, action: 'campaign.import-table' } })).toBe(2)
  })

  test('a group leader’s login is linked; it must be Lishui staff', async () => {
    const group1 = (await getCampaign(db, who.lishui, campaignId)).groups[0]!
    await expect(setGroupLeader(db, who.lishui, group1.id, who.shaoxing.userId, now)).rejects.toMatchObject({ key: 'campaign.errors.leaderNotStaff' })
    await setGroupLeader(db, who.lishui, group1.id, who.leader.userId, now)
    expect((await getCampaign(db, who.lishui, campaignId)).groups[0]!.leaderUser?.id).toBe(who.leader.userId)
  })
})

// Facts of the hand-counted data set (campaign 2022-06-27 to 2022-12-31; coverage counted as of 2022-07-20):
// 莲都区: 恒大 (high-tech + above-scale 2021 → counts), 替科斯 (high-tech, not above-scale → no), 天涯 (above-scale,
//          certificate expired 2022-05-31 → no)  → 1 target
// 开发区: 中科 (counts), 同创 (counts), 健壮 (counts, its certificate replaced by a correction → no), 珏芯 (no facts) → 2 targets
// 青田县: 瑞浦 (counts), 瑞兴 (counts) → 2 targets
// 景宁县: 福莱克 (counts; from 2022-07-01: still counts on 07-20) → 1 target
// other 6 counties: none.     Total 6 targets.
// Visits: 恒大 done 07-01 (counts); 中科 done 2022-06-20, before the start (no) and planned again (no);
//         同创 done 06-28 online (counts) and again 07-05 (one enterprise once); 瑞浦 done 07-02 (counts);
//         替科斯 done 07-03 (not a target); 福莱克 planned only (no).
// Hand count: 莲都 1/1, 开发区 1/2, 青田 1/2, 景宁 0/1; group 1: 3/5, group 2: 0/1, groups 3 and 4: 0/0;
//             overall 3/6; not visited: 中科 (开发区), 瑞兴 (青田), 福莱克 (景宁).
describe('visits and coverage, against a hand count', () => {
  const fact = (name: string, data: { kind: 'HIGH_TECH' | 'ABOVE_SCALE'; year?: number; validFrom?: Date; validTo?: Date; replacedAt?: Date }) =>
    db.enterpriseFact.create({ data: { organizationId: orgIdOf.get(name)!, source: 'test', year: data.year ?? null, ...data } })
  const highTech = (name: string, from = day(2021, 1, 1, 0), to = day(2023, 12, 31, 0)) => fact(name, { kind: 'HIGH_TECH', validFrom: from, validTo: to })
  const aboveScale = (name: string, year = 2021) => fact(name, { kind: 'ABOVE_SCALE', year })
  const record = (name: string, visitedOn: string, mode: 'ON_SITE' | 'ONLINE' = 'ON_SITE', visitId?: string) =>
    recordVisit(db, who.lishui, campaignId, { enterpriseId: orgIdOf.get(name)!, visitedOn, visitors: '翁伟荣、徐静', mode, policies: ['省科技惠企政策10条'], problems: '' }, now, visitId)

  test('build the data set', async () => {
    await highTech('浙江恒大科技电气有限公司')
    await aboveScale('浙江恒大科技电气有限公司')
    await highTech('替科斯科技集团丽水流体设备有限公司')
    await highTech('浙江天涯同行科技有限公司', day(2019, 6, 1, 0), day(2022, 5, 31, 0))
    await aboveScale('浙江天涯同行科技有限公司', 2022)
    for (const n of ['丽水中科半导体材料研究中心有限公司', '同创(丽水)特种材料有限公司', '浙江瑞浦科技有限公司', '浙江瑞兴阀门有限公司']) {
      await highTech(n)
      await aboveScale(n, 2022)
    }
    await fact('浙江健壮传动科技有限公司', { kind: 'HIGH_TECH', validFrom: day(2021, 1, 1, 0), validTo: day(2023, 12, 31, 0), replacedAt: day(2022, 7, 1) })
    await aboveScale('浙江健壮传动科技有限公司', 2022)
    await highTech('浙江福莱克铸造有限公司', day(2022, 7, 1, 0))
    await aboveScale('浙江福莱克铸造有限公司')
    // A Shaoxing enterprise that would count for Shaoxing, not for Lishui's coverage.
    await highTech('绍兴柯桥演示纺织科技有限公司')
    await aboveScale('绍兴柯桥演示纺织科技有限公司')

    await record('浙江恒大科技电气有限公司', '2022-07-01')
    await record('丽水中科半导体材料研究中心有限公司', '2022-06-20')
    await planVisit(db, who.lishui, campaignId, { enterpriseId: orgIdOf.get('丽水中科半导体材料研究中心有限公司')!, assigneeId: who.lishui2.userId, plannedOn: '2022-07-25' }, now)
    await record('同创(丽水)特种材料有限公司', '2022-06-28', 'ONLINE')
    await record('同创(丽水)特种材料有限公司', '2022-07-05')
    const planned = await planVisit(db, who.lishui, campaignId, { enterpriseId: orgIdOf.get('浙江瑞浦科技有限公司')!, assigneeId: who.lishui2.userId, plannedOn: '2022-07-01' }, now)
    await record('浙江瑞浦科技有限公司', '2022-07-02', 'ON_SITE', planned.id)
    await record('替科斯科技集团丽水流体设备有限公司', '2022-07-03')
    await planVisit(db, who.lishui, campaignId, { enterpriseId: orgIdOf.get('浙江福莱克铸造有限公司')!, assigneeId: who.lishui.userId, plannedOn: '2022-07-10' }, now)
    const cancelled = await planVisit(db, who.lishui, campaignId, { enterpriseId: orgIdOf.get('浙江瑞兴阀门有限公司')!, assigneeId: who.lishui.userId, plannedOn: '2022-07-11' }, now)
    await cancelVisit(db, who.lishui, cancelled.id, now)
  })

  test('visit rules: no future day, an enterprise of the region, a Lishui assignee', async () => {
    await expect(record('浙江恒大科技电气有限公司', '2022-07-21')).rejects.toMatchObject({ key: 'campaign.errors.visitInFuture' })
    await expect(record('绍兴柯桥演示纺织科技有限公司', '2022-07-01')).rejects.toMatchObject({ key: 'campaign.errors.enterpriseNotFound' })
    await expect(
      planVisit(db, who.lishui, campaignId, { enterpriseId: orgIdOf.get('浙江恒大科技电气有限公司')!, assigneeId: who.shaoxing.userId, plannedOn: '2022-07-25' }, now),
    ).rejects.toMatchObject({ key: 'campaign.errors.assigneeNotStaff' })
  })

  test('planned visits per assignee', async () => {
    const { byAssignee, visits } = await campaignVisits(db, who.lishui, campaignId, now)
    expect(visits.filter((v) => v.status === 'DONE')).toHaveLength(6)
    const of = (p: Principal) => byAssignee.find((a) => a.assignee.id === p.userId)
    // ls2: 中科 planned (07-25), 瑞浦 planned then done. ls: 福莱克 planned for 07-10 (late on 07-20), 瑞兴 cancelled.
    expect(of(who.lishui2)).toMatchObject({ planned: 1, done: 1, late: 0 })
    expect(of(who.lishui)).toMatchObject({ planned: 1, done: 0, late: 1 })
  })

  test('every coverage figure matches the hand count', async () => {
    const c = await campaignCoverage(db, who.lishui, campaignId, now)
    expect(c.asOf).toBe('2022-07-20')
    const county = (name: string) => c.counties.find((k) => k.name === name)
    expect(county('莲都区')).toMatchObject({ visited: 1, total: 1, rateBp: 10_000 })
    expect(county('丽水经济技术开发区')).toMatchObject({ visited: 1, total: 2, rateBp: 5_000 })
    expect(county('青田县')).toMatchObject({ visited: 1, total: 2, rateBp: 5_000 })
    expect(county('景宁县')).toMatchObject({ visited: 0, total: 1, rateBp: 0 })
    for (const name of ['庆元县', '龙泉市', '松阳县', '遂昌县', '缙云县', '云和县']) expect(county(name)).toMatchObject({ visited: 0, total: 0, rateBp: null })
    expect(c.groups.map((g) => [g.position, g.visited, g.total])).toEqual([
      [1, 3, 5],
      [2, 0, 1],
      [3, 0, 0],
      [4, 0, 0],
    ])
    expect(c.overall).toEqual({ visited: 3, total: 6, rateBp: 5_000 })
    expect(c.targetMet).toBe(false)
    expect(c.notVisited.map((e) => e.name)).toEqual(['丽水中科半导体材料研究中心有限公司', '浙江瑞兴阀门有限公司', '浙江福莱克铸造有限公司'])
    // Burn-up from the start to the coverage target date (30 June): 同创 on 28 June.
    expect(c.burnUp).toEqual([
      { day: '2022-06-27', visited: 0, total: 6 },
      { day: '2022-06-28', visited: 1, total: 6 },
      { day: '2022-06-29', visited: 1, total: 6 },
      { day: '2022-06-30', visited: 1, total: 6 },
    ])
  })

  test('on 29 June, before 福莱克 is high-tech and before most visits', async () => {
    const c = await campaignCoverage(db, who.lishui, campaignId, day(2022, 6, 29))
    expect(c.overall).toEqual({ visited: 1, total: 5, rateBp: 2_000 })
    expect(c.burnUp.map((b) => b.visited)).toEqual([0, 1, 1, null])
  })
})

describe('closed-loop requests', () => {
  let requestId: string
  const notices = (kind: string) => db.notification.count({ where: { kind } })

  test('the enterprise raises a technology problem; the bureau receives it (受理)', async () => {
    await expect(raiseRequest(db, who.lishui, { category: 'TECHNOLOGY', description: 'xxxxx', attachments: [], contactName: '', contactPhone: '' }, now)).rejects.toMatchObject({
      key: 'requests.errors.enterpriseOnly',
    })
    const r = await raiseRequest(
      db,
      who.ruipu,
      { category: 'TECHNOLOGY', description: '新型阀门密封材料在高温工况下寿命不足，希望对接高校开展联合攻关。', attachments: ['工况说明.pdf'], contactName: '陈工', contactPhone: '0578-1234567' },
      now,
    )
    requestId = r.id
    const row = await db.serviceRequest.findUniqueOrThrow({ where: { id: requestId } })
    expect(row).toMatchObject({ status: 'ACCEPTED', bureauId: orgIdOf.get('丽水市科学技术局'), campaignId, attachments: ['工况说明.pdf'] })
    expect(await notices('request-new')).toBe(3) // the three Lishui staff logins
  })

  test('it cannot be closed before an answer is sent', async () => {
    await expect(closeRequest(db, who.lishui, requestId, now)).rejects.toMatchObject({ key: 'requests.errors.closeWithoutAnswer' })
  })

  test('交办 with a deadline in working days, 办理, 答复, 不满意 reopens, 答复 again, 满意 closes', async () => {
    // Wednesday 20 July 2022 + 3 working days = Monday 25 July, end of day.
    const assigned = await assignRequest(db, who.lishui, requestId, { department: '高新与成果处', workingDays: 3 }, now)
    expect(assigned.deadline).toBe(new Date(shanghaiWallClockToInstant({ year: 2022, month: 7, day: 26 }) - 1).toISOString())
    await startRequest(db, who.lishui, requestId, now)
    await answerRequest(db, who.lishui, requestId, { text: '已联系浙江工业大学材料学院，建议先做工况测试。' }, now)
    expect((await listOwnRequests(db, who.ruipu, now))[0]!.answers.map((a) => a.text)).toEqual(['已联系浙江工业大学材料学院，建议先做工况测试。'])
    const later = day(2022, 7, 22)
    await rateRequest(db, who.ruipu, requestId, { rating: 'UNSATISFIED', note: '希望直接对接团队' }, later)
    const reopened = await db.serviceRequest.findUniqueOrThrow({ where: { id: requestId } })
    expect(reopened.status).toBe('IN_PROGRESS')
    // Friday 22 July + 3 working days = Wednesday 27 July.
    expect(reopened.deadline!.toISOString()).toBe(new Date(shanghaiWallClockToInstant({ year: 2022, month: 7, day: 28 }) - 1).toISOString())
    await expect(closeRequest(db, who.lishui, requestId, later)).rejects.toMatchObject({ key: 'requests.errors.closeWithoutAnswer' })
    await answerRequest(db, who.lishui, requestId, { text: '已安排浙江工业大学团队 7 月 26 日上门对接。' }, later)
    await rateRequest(db, who.ruipu, requestId, { rating: 'SATISFIED' }, later)
    const closed = await getRequest(db, who.lishui, requestId, later)
    expect(closed.status).toBe('CLOSED')
    expect(closed.answers.map((a) => a.rating)).toEqual(['UNSATISFIED', 'SATISFIED'])
    expect(closed.trail.map((t) => t.action)).toEqual(['request.raise', 'request.assign', 'request.start', 'request.answer', 'request.rate', 'request.answer', 'request.rate'])
    for (const kind of ['request-assigned', 'request-in-progress', 'request-answered']) expect(await notices(kind)).toBeGreaterThan(0)
    expect(await notices('request-rated')).toBe(6) // two ratings × three staff logins
    await expect(rateRequest(db, who.ruipu, requestId, { rating: 'SATISFIED' }, later)).rejects.toMatchObject({ key: 'requests.errors.wrongStatus' })
  })

  test('two staff answering at once: one answer is sent, the other is refused (run on PostgreSQL too)', async () => {
    const r = await raiseRequest(db, who.ruipu, { category: 'POLICY', description: '高新技术企业复审材料如何准备？', attachments: [], contactName: '', contactPhone: '' }, now)
    await assignRequest(db, who.lishui, r.id, { department: '高新与成果处', workingDays: 5 }, now)
    await startRequest(db, who.lishui, r.id, now)
    const outcomes = await Promise.allSettled([
      answerRequest(db, who.lishui, r.id, { text: '复审材料清单已发至贵公司邮箱。' }, now),
      answerRequest(db, who.lishui2, r.id, { text: '请参考省科技厅复审指南办理。' }, now),
    ])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: expect.stringMatching(/conflict|wrong-status/) } })
    expect(await db.requestAnswer.count({ where: { requestId: r.id } })).toBe(1)
    expect(await db.auditLog.count({ where: { entityId: r.id, action: 'request.answer' } })).toBe(1)
    await rateRequest(db, who.ruipu, r.id, { rating: 'BASICALLY_SATISFIED' }, now)
  })

  test('an overdue request is flagged and escalated once to its group leader', async () => {
    const r = await raiseRequest(db, who.ruipu, { category: 'FUNDING', description: '研发费用补助何时兑付？', attachments: [], contactName: '陈工', contactPhone: '' }, now)
    await assignRequest(db, who.lishui, r.id, { department: '办公室', workingDays: 1 }, now)
    expect(await escalateOverdueRequests(db, day(2022, 7, 21, 23))).toBe(0) // due by the end of Thursday 21st
    const late = day(2022, 7, 22, 9)
    expect((await requestQueue(db, who.lishui, { overdue: true }, late)).map((q) => q.id)).toEqual([r.id])
    // The scheduled job runs the same use-case.
    expect(await processRequestJob({ name: REQUEST_JOBS.escalate }, { db, now: () => late })).toEqual({ escalated: 1 })
    expect(await escalateOverdueRequests(db, late)).toBe(0)
    const sent = await db.notification.findMany({ where: { kind: 'request-overdue' } })
    expect(sent.map((n) => n.userId)).toEqual([who.leader.userId]) // 青田县 is group 1's: 翁伟荣's login
    expect((await getRequest(db, who.lishui, r.id, late)).escalated).toBe(true)
  })

  test('staff record a request from a visit; a technology problem becomes a technical need, linked both ways', async () => {
    const { visits } = await campaignVisits(db, who.lishui, campaignId, now)
    const done = visits.find((v) => v.status === 'DONE' && v.enterprise.name === '浙江恒大科技电气有限公司')!
    const planned = visits.find((v) => v.status === 'PLANNED')!
    const form = { category: 'TECHNOLOGY' as const, description: '电气设备绝缘材料耐候性差，需要新材料配方和检测方法，希望对接高校院所。', attachments: [], contactName: '王经理', contactPhone: '13800000000' }
    await expect(recordRequestFromVisit(db, who.lishui, planned.id, form, now)).rejects.toMatchObject({ key: 'requests.errors.visitNotDone' })
    const r = await recordRequestFromVisit(db, who.lishui, done.id, form, now)
    const { needId } = await turnRequestIntoNeed(db, who.lishui, r.id, { title: '电气设备绝缘材料耐候性提升', field: 'new-materials', keywords: ['绝缘材料', '耐候性'] }, now)
    const need = await db.technicalNeed.findUniqueOrThrow({ where: { id: needId }, include: { serviceRequest: { select: { id: true } } } })
    expect(need).toMatchObject({ status: 'PUBLISHED', enterpriseId: orgIdOf.get('浙江恒大科技电气有限公司'), serviceRequest: { id: r.id } })
    expect((await getRequest(db, who.lishui, r.id, now)).need).toMatchObject({ id: needId })
    await expect(turnRequestIntoNeed(db, who.lishui, r.id, { title: '再来一次的需求', field: 'new-materials', keywords: ['x'] }, now)).rejects.toMatchObject({ key: 'requests.errors.alreadyNeed' })
  })
})

describe('Shaoxing staff see none of Lishui’s campaign, visits or requests', () => {
  test('campaign, table, coverage and visits: not found or absent', async () => {
    expect((await listCampaigns(db, who.shaoxing)).map((c) => c.noticeRef)).toEqual(['绍市科〔2022〕24号'])
    await expect(getCampaign(db, who.shaoxing, campaignId)).rejects.toMatchObject({ code: 'not-found' })
    await expect(assignmentTableOf(db, who.shaoxing, campaignId)).rejects.toMatchObject({ code: 'not-found' })
    await expect(importAssignmentTable(db, who.shaoxing, campaignId, liaisonRows(lishuiLiaisonTable), 'x', now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(campaignCoverage(db, who.shaoxing, campaignId, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(campaignVisits(db, who.shaoxing, campaignId, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(
      recordVisit(db, who.shaoxing, campaignId, { enterpriseId: orgIdOf.get('浙江瑞兴阀门有限公司')!, visitedOn: '2022-07-01', visitors: 'x', mode: 'ONLINE', policies: [], problems: '' }, now),
    ).rejects.toMatchObject({ code: 'not-found' })
    const visit = await db.visit.findFirstOrThrow({ where: { campaignId, status: 'PLANNED' } })
    await expect(cancelVisit(db, who.shaoxing, visit.id, now)).rejects.toMatchObject({ code: 'not-found' })
    const group = await db.campaignGroup.findFirstOrThrow({ where: { campaignId } })
    await expect(setGroupLeader(db, who.shaoxing, group.id, null, now)).rejects.toMatchObject({ code: 'not-found' })
  })

  test('requests: none in the queue, each one not found, no step possible', async () => {
    expect(await requestQueue(db, who.shaoxing, {}, now)).toEqual([])
    const lishuiRequests = await db.serviceRequest.findMany({ select: { id: true } })
    expect(lishuiRequests.length).toBeGreaterThan(0)
    const id = lishuiRequests[0]!.id
    await expect(getRequest(db, who.shaoxing, id, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(assignRequest(db, who.shaoxing, id, { department: 'x', workingDays: 1 }, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(startRequest(db, who.shaoxing, id, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(answerRequest(db, who.shaoxing, id, { text: '答复内容答复内容' }, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(closeRequest(db, who.shaoxing, id, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(turnRequestIntoNeed(db, who.shaoxing, id, { title: '某某需求名称', field: 'new-materials', keywords: ['x'] }, now)).rejects.toMatchObject({ code: 'not-found' })
    const visit = await db.visit.findFirstOrThrow({ where: { campaignId, status: 'DONE' } })
    await expect(recordRequestFromVisit(db, who.shaoxing, visit.id, { category: 'OTHER', description: '某某诉求内容', attachments: [], contactName: '', contactPhone: '' }, now)).rejects.toMatchObject({
      code: 'not-found',
    })
    // Another enterprise does not see Ruipu's requests either; a Shaoxing enterprise's go to Shaoxing.
    await expect(getRequest(db, who.keqiao, id, now)).rejects.toMatchObject({ code: 'not-found' })
    const own = await raiseRequest(db, who.keqiao, { category: 'TALENT', description: '需要引进纺织工程师', attachments: [], contactName: '', contactPhone: '' }, now)
    expect((await requestQueue(db, who.shaoxing, {}, now)).map((r) => r.id)).toEqual([own.id])
    expect((await requestQueue(db, who.lishui, {}, now)).map((r) => r.id)).not.toContain(own.id)
  })
})

// The doors: pages (loaders), actions and the JSON API, as Shaoxing staff with a real login session and CSRF token.
describe('doors: Shaoxing staff get not found from Lishui’s pages, actions and API', () => {
  async function get(loader: (args: LoaderFunctionArgs) => Promise<unknown>, userId: string, path: string, params: Record<string, string> = {}) {
    setDb(db)
    const request = new Request(`http://127.0.0.1${path}`, { headers: { Cookie: await loginCookie(db, userId) } })
    try {
      const value = await loader({ request, params, context: {} })
      return value instanceof Response ? { status: value.status, body: value.headers.get('Content-Type')?.includes('json') ? await value.json() : null } : { status: 200, body: value }
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, body: null }
      throw thrown
    }
  }
  const post = (action: Parameters<typeof postAction>[1], userId: string, path: string, params: Record<string, string>, fields: Record<string, string>) =>
    postAction(db, action, { userId, path, params, fields })

  test('pages', async () => {
    const requestId = (await db.serviceRequest.findFirstOrThrow({ where: { bureauId: orgIdOf.get('丽水市科学技术局') } })).id
    expect((await get(campaignPage.loader, who.shaoxing.userId, `/staff/campaigns/${campaignId}`, { id: campaignId })).status).toBe(404)
    expect((await get(tableExport.loader, who.shaoxing.userId, `/staff/campaigns/${campaignId}/table.xlsx`, { id: campaignId })).status).toBe(404)
    expect((await get(requestPage.loader, who.shaoxing.userId, `/staff/requests/${requestId}`, { id: requestId })).status).toBe(404)
    const list = (await get(campaignsPage.loader, who.shaoxing.userId, '/staff/campaigns')) as { body: { campaigns: { id: string }[] } }
    expect(list.body.campaigns.map((c) => c.id)).not.toContain(campaignId)
    const queue = (await get(queuePage.loader, who.shaoxing.userId, '/staff/requests')) as { body: { requests: { enterprise: { name: string } }[] } }
    expect(queue.body.requests.map((r) => r.enterprise.name)).toEqual(['绍兴柯桥演示纺织科技有限公司'])
    // Lishui's own staff see them, and the export is an XLSX that imports back.
    expect((await get(campaignPage.loader, who.lishui.userId, `/staff/campaigns/${campaignId}`, { id: campaignId })).status).toBe(200)
    expect((await get(requestPage.loader, who.lishui.userId, `/staff/requests/${requestId}`, { id: requestId })).status).toBe(200)
    setDb(db)
    const xlsx = await tableExport.loader({ request: new Request('http://127.0.0.1/x', { headers: { Cookie: await loginCookie(db, who.lishui.userId) } }), params: { id: campaignId }, context: {} })
    const rows = await readXlsxRows(new Uint8Array(await (xlsx as Response).arrayBuffer()))
    expect(rows[0]![0]).toContain('助企纾困专项行动')
    expect(rows.filter((r) => r[3] !== '' && r[3] !== '县市区')).toHaveLength(10)
  })

  test('actions change nothing', async () => {
    const lishuiRequest = await db.serviceRequest.findFirstOrThrow({ where: { bureauId: orgIdOf.get('丽水市科学技术局'), status: { not: 'CLOSED' } } })
    const visitsBefore = await db.visit.count()
    const recorded = await post(campaignPage.action, who.shaoxing.userId, `/staff/campaigns/${campaignId}`, { id: campaignId }, {
      intent: 'record',
      enterpriseId: orgIdOf.get('浙江瑞兴阀门有限公司')!,
      visitedOn: '2022-07-01',
      visitors: '沈建华',
      mode: 'ONLINE',
    })
    expect(recorded.status).toBe(404)
    const assigned = await post(requestPage.action, who.shaoxing.userId, `/staff/requests/${lishuiRequest.id}`, { id: lishuiRequest.id }, { intent: 'assign', department: '办公室', workingDays: '3' })
    expect(assigned.status).toBe(404)
    const closed = await post(requestPage.action, who.shaoxing.userId, `/staff/requests/${lishuiRequest.id}`, { id: lishuiRequest.id }, { intent: 'close' })
    expect(closed.status).toBe(404)
    expect(await db.visit.count()).toBe(visitsBefore)
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: lishuiRequest.id } })).toMatchObject({ status: lishuiRequest.status, department: lishuiRequest.department })
    // Lishui staff closing an unanswered request: refused beside the form, with the reason.
    const unanswered = await post(requestPage.action, who.lishui.userId, `/staff/requests/${lishuiRequest.id}`, { id: lishuiRequest.id }, { intent: 'close' })
    expect(unanswered).toMatchObject({ status: 409, body: { ok: false, message: '尚未向企业发送答复，不能办结' } })
  })

  test('the JSON API', async () => {
    const requestId = (await db.serviceRequest.findFirstOrThrow({ where: { bureauId: orgIdOf.get('丽水市科学技术局') } })).id
    const one = await get(apiRequest.loader, who.shaoxing.userId, `/api/requests/${requestId}`, { id: requestId })
    expect(one).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } })
    const all = (await get(apiRequests.loader, who.shaoxing.userId, '/api/requests')) as { status: number; body: { id: string; enterprise: { name: string } }[] }
    expect(all.status).toBe(200)
    expect(all.body.map((r) => r.enterprise.name)).toEqual(['绍兴柯桥演示纺织科技有限公司'])
    expect((await get(apiRequest.loader, who.lishui.userId, `/api/requests/${requestId}`, { id: requestId })).status).toBe(200)
    // An enterprise reads its own only.
    const own = (await get(apiRequests.loader, who.ruipu.userId, '/api/requests')) as { body: { enterprise: { name: string } }[] }
    expect(new Set(own.body.map((r) => r.enterprise.name))).toEqual(new Set(['浙江瑞浦科技有限公司']))
    expect((await get(apiRequest.loader, who.keqiao.userId, `/api/requests/${requestId}`, { id: requestId })).status).toBe(404)
  })
})
