// Bureaus and regions (issue 14, part 1): each bureau's counties, organisations linked to them, and staff who
// act only within their own bureau. Lishui and Shaoxing staff on one database: Shaoxing sees none of Lishui's
// sessions, registrations, lots, contracts or rewards and can act on none of them. Also the migration that
// brings the bureaus to a database of the old shape.
import { cp, mkdir, mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { KNOWN_REGIONS, regionOfCountyText } from '~/domain/regions.ts'
import { publishSession } from '~/services/auction-notice.server.ts'
import { addLot, applyToSession, createSession, decideRegistration, getSession, listSessions } from '~/services/auctions.server.ts'
import { ensureKnownRegions } from '~/services/bureaus.server.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { cancelContract, contractDetail, contractsPage, registerContract } from '~/services/contracts.server.ts'
import { controlLot } from '~/services/lot-control.server.ts'
import { getLotLog, getLotView } from '~/services/lot-view.server.ts'
import { refundDeposit } from '~/services/deposits.server.ts'
import { depositReports, listPayments, paymentReceipt } from '~/services/payment-reports.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { closeChallenge, postChallenge } from '~/services/challenges.server.ts'
import { getNeed, listNeedsForReview, transitionNeed } from '~/services/needs.server.ts'
import { listOrganizations, registerOrganization } from '~/services/organizations.server.ts'
import { listResultsForReview } from '~/services/results.server.ts'
import { organizationCodeCheckChar, withCheckDigit } from '~/domain/credit-code.ts'
import { approveReward, rejectReward } from '~/services/reward-review.server.ts'
import { listRewards, rewardsForPeriod, yearlySummary } from '~/services/reward-views.server.ts'
import { settlePaymentReward } from '~/services/reward-worker.server.ts'
import { pgliteAdapterFactory } from '~/utils/database.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { applyMigrations, freshPglite, migrationsDir } from '../../app/utils/migrations.server.ts'
import { payDeposit } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { createLogin, createPrincipal } from '../support/organizations.ts'
import { contractInput, makeInstalment, seedShaoxingPolicy } from '../support/rewards.ts'

const now = new Date('2026-11-20T02:00:00Z')
let db: Db
let close: () => Promise<void>
const who = {} as Record<'lishui' | 'shaoxing' | 'ruixing' | 'keqiao' | 'hangzhou' | 'zju', Principal>

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  who.lishui = await createPrincipal(db, 'BUREAU', { name: '丽水市科学技术局', county: '莲都区', creditCode: 'LS' })
  who.shaoxing = await createPrincipal(db, 'BUREAU', { name: '绍兴市科学技术局', county: '越城区', creditCode: 'SX' })
  who.ruixing = await createPrincipal(db, 'ENTERPRISE', { name: '浙江瑞兴阀门有限公司', county: '青田县', creditCode: 'RX' })
  who.keqiao = await createPrincipal(db, 'ENTERPRISE', { name: '柯桥某纺织企业', county: '绍兴市柯桥区', creditCode: 'KQ' })
  who.hangzhou = await createPrincipal(db, 'ENTERPRISE', { name: '杭州某企业', county: '杭州市西湖区', creditCode: 'HZ' })
  who.zju = await createPrincipal(db, 'UNIVERSITY', { name: '浙江大学', county: '杭州市西湖区', creditCode: 'ZJU' })
  await createPrincipal(db, 'ENTERPRISE', { name: '丽水中科半导体材料研究中心有限公司', county: '开发区', creditCode: 'DEV' })
  await ensureKnownRegions(db)
})
afterAll(async () => {
  await close?.()
})

const countyOf = async (name: string) => (await db.organization.findUniqueOrThrow({ where: { name }, select: { region: { select: { name: true, bureau: { select: { name: true } } } } } })).region

describe('regions', () => {
  test('each bureau has its counties: 丽水 10, 绍兴 6, with their division codes', async () => {
    for (const r of KNOWN_REGIONS) {
      const counties = await db.county.findMany({ where: { bureau: { name: r.bureau } }, orderBy: { name: 'asc' } })
      expect(counties.map((c) => c.name).sort()).toEqual(r.counties.map((c) => c.name).sort())
    }
    expect(await db.county.count()).toBe(16)
    expect((await db.county.findFirstOrThrow({ where: { name: '柯桥区' } })).code).toBe('330603')
  })

  test('organisations are linked to the county their address names, as written or with the city; others to none', async () => {
    expect(await countyOf('浙江瑞兴阀门有限公司')).toEqual({ name: '青田县', bureau: { name: '丽水市科学技术局' } })
    expect(await countyOf('柯桥某纺织企业')).toEqual({ name: '柯桥区', bureau: { name: '绍兴市科学技术局' } })
    expect(await countyOf('丽水中科半导体材料研究中心有限公司')).toEqual({ name: '丽水经济技术开发区', bureau: { name: '丽水市科学技术局' } })
    expect(await countyOf('杭州某企业')).toBeNull()
    expect(await countyOf('丽水市科学技术局')).toBeNull() // a bureau is not in a county of its own
    // Running it again changes nothing.
    await ensureKnownRegions(db)
    expect(await db.county.count()).toBe(16)
  })

  test.each([
    ['青田县', { bureau: '丽水市科学技术局', county: '青田县' }],
    ['丽水市 青田县', { bureau: '丽水市科学技术局', county: '青田县' }],
    ['景宁畲族自治县', { bureau: '丽水市科学技术局', county: '景宁县' }],
    ['开发区', { bureau: '丽水市科学技术局', county: '丽水经济技术开发区' }],
    ['诸暨市', { bureau: '绍兴市科学技术局', county: '诸暨市' }],
    ['杭州市西湖区', null],
    ['', null],
    ['青田', null],
  ])('county text %j → %j', (text, expected) => expect(regionOfCountyText(text)).toEqual(expected))
})

describe('Shaoxing staff see none of Lishui sessions and act on none', () => {
  let sessionId: string
  let lotId: string
  let registrationId: string
  beforeAll(async () => {
    sessionId = (await createSession(db, who.lishui, { quarter: '2027Q1', title: '丽水 2027 年第一季度', startsAt: new Date('2027-01-10T01:00:00Z'), endsAt: new Date('2027-03-20T09:00:00Z') }, now)).id
    const result = await db.researchResult.create({
      data: { ownerId: who.zju.organizationId, title: '阀门密封', summary: 's', field: 'equipment', keywords: [], ipKind: 'INVENTION_PATENT', ipNumbers: [], maturity: 'PILOT', transferModes: ['TRANSFER'], contactName: 'c', contactPhone: 'p', status: 'PUBLISHED', publishedAt: now },
    })
    lotId = (
      await addLot(db, who.lishui, sessionId, { resultId: result.id, startingPriceFen: 100_000_00, incrementFen: 1_000_00, reserveFen: null, startsAt: new Date('2027-02-01T01:00:00Z'), endsAt: new Date('2027-02-01T09:00:00Z'), extensionMinutes: 5, deposit: { kind: 'share', basisPoints: 1000 } }, now)
    ).id
    await publishSession(db, who.lishui, sessionId, {}, now)
    registrationId = (await applyToSession(db, who.ruixing, sessionId, now)).id
  })

  test('the same quarter is free for another bureau; taken twice by one it is refused', async () => {
    const window = { startsAt: new Date('2027-01-10T01:00:00Z'), endsAt: new Date('2027-03-20T09:00:00Z') }
    const mine = await createSession(db, who.shaoxing, { quarter: '2027Q1', title: '绍兴 2027 年第一季度', ...window }, now)
    expect((await db.auctionSession.findUniqueOrThrow({ where: { id: mine.id } })).bureauId).toBe(who.shaoxing.organizationId)
    await expect(createSession(db, who.shaoxing, { quarter: '2027Q1', title: '又一场', ...window }, now)).rejects.toMatchObject({ code: 'conflict', key: 'session.quarter-taken' })
  })

  test('a session lists under its bureau; its registrations and reserve only for its own staff', async () => {
    expect((await listSessions(db, { bureauId: who.shaoxing.organizationId })).map((s) => s.id)).not.toContain(sessionId)
    expect((await listSessions(db, { bureauId: who.lishui.organizationId })).map((s) => s.id)).toContain(sessionId)
    const own = await getSession(db, who.lishui, sessionId)
    const other = await getSession(db, who.shaoxing, sessionId)
    expect([own.ownBureau, own.registrations.length, own.bureau.name]).toEqual([true, 1, '丽水市科学技术局'])
    expect([other.ownBureau, other.registrations.length]).toEqual([false, 0])
  })

  test('Shaoxing cannot add a lot, decide a registration or control a lot of Lishui: not found, nothing changed', async () => {
    const result = await db.researchResult.create({
      data: { ownerId: who.zju.organizationId, title: '另一成果', summary: 's', field: 'equipment', keywords: [], ipKind: 'INVENTION_PATENT', ipNumbers: [], maturity: 'PILOT', transferModes: ['TRANSFER'], contactName: 'c', contactPhone: 'p', status: 'PUBLISHED', publishedAt: now },
    })
    const plan = { resultId: result.id, startingPriceFen: 100_000_00, incrementFen: 1_000_00, reserveFen: null, startsAt: new Date('2027-02-02T01:00:00Z'), endsAt: new Date('2027-02-02T09:00:00Z'), extensionMinutes: 5, deposit: { kind: 'share' as const, basisPoints: 1000 } }
    await expect(addLot(db, who.shaoxing, sessionId, plan, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(decideRegistration(db, who.shaoxing, registrationId, true, undefined, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(controlLot(db, who.shaoxing, lotId, 'cancel', '越权取消', now)).rejects.toMatchObject({ code: 'not-found' })
    expect(await db.lot.count({ where: { sessionId } })).toBe(1)
    expect((await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).status).toBe('PENDING')
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe('SCHEDULED')
    // Lishui can.
    expect(await decideRegistration(db, who.lishui, registrationId, true, undefined, now)).toMatchObject({ status: 'APPROVED' })
    // The lot room: names and the reserve for the running bureau's staff only; its log before the close likewise.
    expect((await getLotView(db, who.shaoxing, lotId, now)).names).toBeNull()
    expect((await getLotView(db, who.lishui, lotId, now)).names).not.toBeNull()
    await expect(getLotLog(db, who.shaoxing, lotId)).rejects.toMatchObject({ code: 'not-allowed' })
    expect((await getLotLog(db, who.lishui, lotId)).lotId).toBe(lotId)
  })

  test("a Lishui session's deposit: in Lishui's payments and deposit reports only; Shaoxing cannot open its receipt or refund it", async () => {
    const deposit = await payDeposit(db, { sessionId, payerId: who.ruixing.organizationId, paidAt: now })
    expect((await listPayments(db, who.shaoxing)).payments.map((p) => p.id)).not.toContain(deposit.id)
    expect((await listPayments(db, who.lishui)).payments.map((p) => p.id)).toContain(deposit.id)
    expect((await depositReports(db, who.shaoxing.organizationId)).map((r) => r.sessionId)).not.toContain(sessionId)
    expect((await depositReports(db, who.lishui.organizationId)).map((r) => r.sessionId)).toContain(sessionId)
    await expect(paymentReceipt(db, who.shaoxing, deposit.id)).rejects.toMatchObject({ code: 'not-found' })
    await expect(refundDeposit(db, getPaymentProvider(), who.shaoxing, deposit.id, now)).rejects.toMatchObject({ code: 'not-found' })
    expect((await db.payment.findUniqueOrThrow({ where: { id: deposit.id } })).status).toBe('SUCCEEDED')
    expect((await paymentReceipt(db, who.lishui, deposit.id)).id).toBe(deposit.id)
  })
})

describe('listings and organisations: each bureau reviews and registers within its region', () => {
  test("Shaoxing's review queue holds no Lishui enterprise's need, and Shaoxing cannot publish it; a Hangzhou university's result any bureau may review", async () => {
    const need = await db.technicalNeed.create({
      data: { enterpriseId: who.ruixing.organizationId, title: '阀门密封寿命', description: '高温下泄漏', field: 'equipment', keywords: [], acceptedModes: ['TRANSFER'], contactName: 'c', contactPhone: 'p', status: 'SUBMITTED' },
    })
    const result = await db.researchResult.create({
      data: { ownerId: who.zju.organizationId, title: '密封材料', summary: 's', field: 'equipment', keywords: [], ipKind: 'INVENTION_PATENT', ipNumbers: [], maturity: 'PILOT', transferModes: ['TRANSFER'], contactName: 'c', contactPhone: 'p', status: 'SUBMITTED' },
    })
    expect((await listNeedsForReview(db, who.shaoxing)).map((n) => n.id)).not.toContain(need.id)
    await expect(getNeed(db, who.shaoxing, need.id)).rejects.toMatchObject({ code: 'not-found' })
    expect((await getNeed(db, who.lishui, need.id)).id).toBe(need.id)
    expect((await listNeedsForReview(db, who.lishui)).map((n) => n.id)).toContain(need.id)
    for (const staff of [who.shaoxing, who.lishui]) expect((await listResultsForReview(db, staff)).map((r) => r.id)).toContain(result.id)
    await expect(transitionNeed(db, who.shaoxing, need.id, 'publish', undefined, now)).rejects.toMatchObject({ code: 'not-found' })
    expect((await db.technicalNeed.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('SUBMITTED')
    await expect(transitionNeed(db, who.lishui, need.id, 'publish', undefined, now)).resolves.toMatchObject({ status: 'PUBLISHED' })
    // A bureau-funded challenge on it is Lishui's to post, not Shaoxing's.
    const terms = { rewardFen: 80_000_000, deadline: '2027-01-15', conditions: '须有中试条件', fundedByBureau: true, subsidyFen: 20_000_000 }
    await expect(postChallenge(db, who.shaoxing, need.id, terms, now)).rejects.toMatchObject({ code: 'not-found' })
    expect(await db.challenge.count({ where: { needId: need.id } })).toBe(0)
    const posted = await postChallenge(db, who.lishui, need.id, terms, now)
    await expect(closeChallenge(db, who.shaoxing, posted.id, '越权关闭', now)).rejects.toMatchObject({ code: 'not-found' })
  })

  test('an organisation registered by Shaoxing in its county is linked to it; one in a Lishui county is refused beside the county field; the list holds only what Shaoxing serves', async () => {
    const form = (name: string, county: string, body: string) => ({
      kind: 'ENTERPRISE' as const,
      name,
      creditCode: withCheckDigit(`91330603${body}${organizationCodeCheckChar(body)}`),
      county,
      userName: '联系人',
      email: `${body.toLowerCase()}@bureaus.test`,
      password: 'a-long-password',
    })
    const made = await registerOrganization(db, who.shaoxing, form('诸暨某袜业有限公司', '诸暨市', 'MA2B3C4D'), now)
    expect(await countyOf('诸暨某袜业有限公司')).toEqual({ name: '诸暨市', bureau: { name: '绍兴市科学技术局' } })
    expect(made.organizationId).toBeDefined()
    await expect(registerOrganization(db, who.shaoxing, form('青田某阀门有限公司', '青田县', 'MA2B3C4E'), now)).rejects.toMatchObject({ code: 'not-allowed', key: 'bureau.outside-region', field: 'county' })
    expect(await db.organization.count({ where: { name: '青田某阀门有限公司' } })).toBe(0)
    const names = (await listOrganizations(db, who.shaoxing)).map((o) => o.name)
    expect(names).toEqual(expect.arrayContaining(['绍兴市科学技术局', '柯桥某纺织企业', '杭州某企业', '浙江大学', '诸暨某袜业有限公司']))
    for (const other of ['丽水市科学技术局', '浙江瑞兴阀门有限公司', '丽水中科半导体材料研究中心有限公司']) expect(names).not.toContain(other)
  })
})

describe('contracts and rewards stay with the bureau they are registered with', () => {
  test('an enterprise of another bureau region cannot be registered there; one outside every region can be, by either', async () => {
    await expect(registerContract(db, who.shaoxing, contractInput({ buyer: who.ruixing, seller: who.zju }, { registrationNo: 'SX-RX-1' }), now)).rejects.toMatchObject({ code: 'not-allowed', key: 'bureau.outside-region', field: 'buyerId' })
    expect(await db.contract.count({ where: { registrationNo: 'SX-RX-1' } })).toBe(0)
    const hz = await registerContract(db, who.shaoxing, contractInput({ buyer: who.hangzhou, seller: who.zju }, { registrationNo: 'SX-HZ-1' }), now)
    expect((await db.contract.findUniqueOrThrow({ where: { id: hz.id } })).bureauId).toBe(who.shaoxing.organizationId)
    const page = await contractsPage(db, who.shaoxing)
    expect(page.buyers.map((b) => b.id)).toEqual(expect.arrayContaining([who.keqiao.organizationId, who.hangzhou.organizationId]))
    expect(page.buyers.map((b) => b.id)).not.toContain(who.ruixing.organizationId)
  })

  test('Lishui contract, payment and reward: Shaoxing sees none and acts on none; Lishui does', async () => {
    await seedShaoxingPolicy(db)
    const contract = await registerContract(db, who.lishui, contractInput({ buyer: who.ruixing, seller: who.zju }, { registrationNo: 'LS-RX-1' }), now)
    // Shaoxing: no list entry, no detail, no payment, no cancel.
    expect((await contractsPage(db, who.shaoxing)).contracts.map((c) => c.id)).not.toContain(contract.id)
    await expect(contractDetail(db, who.shaoxing, contract.id)).rejects.toMatchObject({ code: 'not-found' })
    const payment = { contractId: contract.id, amountFen: 500_000_00, currency: 'CNY', paidOn: new Date('2026-04-01T00:00:00+08:00'), reference: 'X1' }
    await expect(recordContractPayment(db, who.shaoxing, payment, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(cancelContract(db, who.shaoxing, contract.id, '越权解除', now)).rejects.toBeDefined()
    expect((await db.contract.findUniqueOrThrow({ where: { id: contract.id } })).status).toBe('ACTIVE')
    expect(await db.payment.count({ where: { contractId: contract.id } })).toBe(0)

    // Its reward (a payment made, computed by the worker's own function).
    const p = await makeInstalment(db, { id: contract.id, buyerId: who.ruixing.organizationId }, 500_000_00, new Date('2026-04-01T00:00:00+08:00'))
    await settlePaymentReward(db, p.id, now)
    const reward = await db.reward.findFirstOrThrow({ where: { paymentId: p.id } })
    expect((await listRewards(db, who.shaoxing)).rewards.map((r) => r.id)).not.toContain(reward.id)
    expect((await listRewards(db, who.shaoxing)).pending).toBe(0)
    expect((await rewardsForPeriod(db, who.shaoxing, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))).map((r) => r.rewardId)).not.toContain(reward.id)
    expect((await yearlySummary(db, who.shaoxing, 2026)).map((r) => r.enterpriseId)).not.toContain(who.ruixing.organizationId)
    await expect(approveReward(db, who.shaoxing, reward.id, now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(rejectReward(db, who.shaoxing, reward.id, '越权驳回', now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(payoutReward(db, getPaymentProvider(), who.shaoxing, reward.id, now)).rejects.toMatchObject({ code: 'not-found' })
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).status).toBe('COMPUTED')

    // Lishui sees it; a second Lishui login (four eyes: not the registrar) approves it.
    expect((await listRewards(db, who.lishui)).rewards.map((r) => r.id)).toContain(reward.id)
    expect((await contractDetail(db, who.lishui, contract.id)).id).toBe(contract.id)
    const colleague = await createLogin(db, who.lishui, { name: '丽水同事' })
    await expect(approveReward(db, colleague, reward.id, now)).resolves.toMatchObject({ status: 'APPROVED' })
  })
})

describe('the migration brings an old database to its bureaus', () => {
  test('counties for the bureaus it has, organisations linked, sessions and contracts given their bureau', async () => {
    const MIGRATION = (await readdir(migrationsDir)).find((n) => n.endsWith('_bureaus_and_regions'))!
    const dir = await mkdtemp(join(tmpdir(), 'kjj-bureaus-'))
    const before = join(dir, 'before')
    await mkdir(before)
    await cp(join(migrationsDir, 'migration_lock.toml'), join(before, 'migration_lock.toml'))
    for (const name of (await readdir(migrationsDir)).filter((n) => /^\d{14}_/.test(n) && n < MIGRATION)) await cp(join(migrationsDir, name), join(before, name), { recursive: true })
    const pglite = await freshPglite()
    try {
      const factory = pgliteAdapterFactory(pglite)
      await applyMigrations(factory, { migrationsDir: before })
      const sql = (text: string) => pglite.exec(text)
      await sql(`
        INSERT INTO "Organization" (id, kind, name, "creditCode", county) VALUES
          ('ls', 'BUREAU', '丽水市科学技术局', 'C1', '莲都区'), ('sx', 'BUREAU', '绍兴市科学技术局', 'C2', '越城区'),
          ('e1', 'ENTERPRISE', '青田企业', 'C3', '青田县'), ('e2', 'ENTERPRISE', '开发区企业', 'C4', '开发区'),
          ('e3', 'ENTERPRISE', '上虞企业', 'C5', '绍兴市上虞区'), ('e4', 'ENTERPRISE', '杭州企业', 'C6', '杭州市西湖区'),
          ('u1', 'UNIVERSITY', '某大学', 'C7', '杭州市西湖区');
        INSERT INTO "User" (id, email, name, "passwordHash", role, "organizationId") VALUES
          ('s-sx', 'sx@t', '绍兴', 'x', 'STAFF', 'sx'), ('s-ls', 'ls@t', '丽水', 'x', 'STAFF', 'ls');
        INSERT INTO "AuctionSession" (id, quarter, title, "startsAt", "endsAt") VALUES
          ('q1', '2026Q1', '绍兴建的', now(), now()), ('q2', '2026Q2', '不知谁建的', now(), now());
        INSERT INTO "AuditLog" (id, "actorId", action, "entityType", "entityId", at) VALUES ('a1', 's-sx', 'session.create', 'AuctionSession', 'q1', now());
        INSERT INTO "Contract" (id, "registrationNo", kind, "buyerId", "sellerId", "amountFen", "signedOn", "registeredById") VALUES
          ('c1', 'R1', 'TRANSFER', 'e3', 'u1', 100, now(), 's-sx'), ('c2', 'R2', 'TRANSFER', 'e1', 'u1', 100, now(), NULL);
      `)
      await applyMigrations(factory)
      const rows = async (text: string) => (await pglite.query<Record<string, unknown>>(text)).rows
      expect(await rows(`SELECT b.name AS bureau, count(*)::int AS n FROM "County" k JOIN "Organization" b ON b.id = k."bureauId" GROUP BY b.name ORDER BY b.name`)).toEqual([
        { bureau: '丽水市科学技术局', n: 10 },
        { bureau: '绍兴市科学技术局', n: 6 },
      ])
      expect(await rows(`SELECT o.id, k.name AS county FROM "Organization" o LEFT JOIN "County" k ON k.id = o."countyId" ORDER BY o.id`)).toEqual([
        { id: 'e1', county: '青田县' },
        { id: 'e2', county: '丽水经济技术开发区' },
        { id: 'e3', county: '上虞区' },
        { id: 'e4', county: null },
        { id: 'ls', county: null },
        { id: 'sx', county: null },
        { id: 'u1', county: null },
      ])
      // The session a Shaoxing login created is Shaoxing's; the other falls to 丽水. A registered contract is its
      // registrar's bureau's; one without a registrar its buyer's county's.
      expect(await rows(`SELECT id, "bureauId" FROM "AuctionSession" ORDER BY id`)).toEqual([
        { id: 'q1', bureauId: 'sx' },
        { id: 'q2', bureauId: 'ls' },
      ])
      expect(await rows(`SELECT id, "bureauId" FROM "Contract" ORDER BY id`)).toEqual([
        { id: 'c1', bureauId: 'sx' },
        { id: 'c2', bureauId: 'ls' },
      ])
    } finally {
      await pglite.close()
    }
  })
})
