// Reward policies as versions on a real database (PGlite, or PostgreSQL with
// DATABASE_URL): a change is a new version proposed by one staff member and
// approved by another of the same bureau, audited; the worker computes each
// payment's reward under the version valid at its date, and a process that
// read the versions before an approval uses the new one for the next reward;
// licences only where a version says so; contracts made through another
// market's auction earn the auction rate; the seed makes a changed policy a
// new version.
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import type { RewardExplanation } from '~/domain/rewards.ts'
import { registerContract } from '~/services/contracts.server.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { approvePolicyVersion, ensureSeedPolicy, policiesPage, proposePolicyVersion, rejectPolicyVersion, type PolicyProposal } from '~/services/reward-policies.server.ts'
import { settlePaymentReward } from '~/services/reward-worker.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { rewardPolicies, seedPolicyTerms } from '../../prisma/seed-data.ts'
import { createTestDatabase } from '../support/database.ts'
import { makePrincipal } from '../support/payments.ts'
import { contractInput, makeContract, seedShaoxingPolicy } from '../support/rewards.ts'

const now = new Date('2026-11-23T02:00:00Z')
const YUAN = 100
const at = (iso: string) => Date.parse(iso)
const closers: (() => Promise<void>)[] = []
// Each test has a database of its own; the first one may build the migrated template, not a test's time.
beforeAll(async () => {
  await (await createTestDatabase()).close()
}, 120_000)
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})

type World = { db: Db; bureau: string; proposer: Principal; approver: Principal; elsewhere: Principal; enterprise: Principal; university: Principal; v1: string }

/** A database of its own: a bureau owning the seed's Shaoxing policy (version 1), two of its staff, a staff member of another bureau. */
async function world(): Promise<World> {
  const t = await createTestDatabase()
  closers.push(t.close)
  const db = t.prisma as Db
  const proposer = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
  const approver = { ...(await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')), organizationId: proposer.organizationId }
  const elsewhere = await makePrincipal(db, 'BUREAU', '丽水市科学技术局')
  const v1 = await seedShaoxingPolicy(db, proposer.organizationId)
  return {
    db,
    bureau: proposer.organizationId,
    proposer,
    approver,
    elsewhere,
    enterprise: await makePrincipal(db, 'ENTERPRISE', '浙江越隆缝制设备有限公司'),
    university: await makePrincipal(db, 'UNIVERSITY', '浙江工业大学'),
    v1: v1.id,
  }
}

const proposal = (over: Partial<PolicyProposal> = {}): PolicyProposal => ({
  name: rewardPolicies[0]!.name,
  basis: '2026 年修订：竞价以外提高到 15%，技术许可纳入',
  validFromMs: at('2026-06-01T00:00:00+08:00'),
  validToMs: null,
  rateOutsideAuctionBp: 1500,
  rateViaAuctionBp: 2000,
  capPerContractFen: 500_000 * YUAN,
  capPerEnterpriseYearFen: 1_000_000 * YUAN,
  contractKinds: ['DEVELOPMENT', 'TRANSFER', 'LICENCE'],
  ...over,
})

async function paidAndSettled(w: World, paidOn: string, opts: { kind?: 'LICENCE' | 'TRANSFER'; amountFen?: number } = {}) {
  const c = await makeContract(w.db, { buyer: w.enterprise, seller: w.university, registrar: w.proposer, signedOn: new Date('2026-01-05T00:00:00+08:00') })
  if (opts.kind) await w.db.contract.update({ where: { id: c.id }, data: { kind: opts.kind } })
  const paid = await recordContractPayment(w.db, w.proposer, { contractId: c.id, amountFen: opts.amountFen ?? 100_000 * YUAN, currency: 'CNY', paidOn: new Date(paidOn), reference: `R-${paidOn}` }, now)
  const outcome = await settlePaymentReward(w.db, paid.id, now)
  const reward = await w.db.reward.findFirst({ where: { paymentId: paid.id, isReversal: false }, include: { policy: true } })
  return { outcome, reward, explanation: reward?.explanation as unknown as RewardExplanation | undefined }
}

describe('a change is a new version, approved by a second staff member of the bureau', () => {
  test('proposed, refused to the proposer, another bureau and a login the proposer created; approved by a colleague; audited; version 1 untouched', async () => {
    const w = await world()
    const before = await w.db.rewardPolicy.findUniqueOrThrow({ where: { id: w.v1 } })
    const v2 = await proposePolicyVersion(w.db, w.proposer, proposal(), now)
    expect(v2).toMatchObject({ version: 2, status: 'PROPOSED', bureauId: w.bureau, authority: '绍兴市科学技术局', proposedById: w.proposer.userId, contractKinds: ['DEVELOPMENT', 'TRANSFER', 'LICENCE'] })
    await expect(approvePolicyVersion(w.db, w.proposer, v2.id, now)).rejects.toMatchObject({ code: 'not-allowed' })
    await expect(approvePolicyVersion(w.db, w.elsewhere, v2.id, now)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(proposePolicyVersion(w.db, w.elsewhere, proposal(), now)).rejects.toMatchObject({ code: 'forbidden', field: 'name' })
    // a login the proposer created is the proposer's second pair of eyes, not another person's
    const created = await makePrincipal(w.db, 'BUREAU', '绍兴市科学技术局')
    await w.db.user.update({ where: { id: created.userId }, data: { createdById: w.proposer.userId } })
    await expect(approvePolicyVersion(w.db, { ...created, organizationId: w.bureau }, v2.id, now)).rejects.toMatchObject({ code: 'not-allowed' })
    await expect(rejectPolicyVersion(w.db, w.proposer, v2.id, '撤回', now)).rejects.toMatchObject({ code: 'not-allowed' })

    const page = await policiesPage(w.db, w.approver)
    expect(page.versions.find((v) => v.id === v2.id)).toMatchObject({ status: 'PROPOSED', cannotDecide: null, proposedBy: '绍兴市科学技术局' })
    expect((await policiesPage(w.db, w.proposer)).versions.find((v) => v.id === v2.id)?.cannotDecide).toBe('same-person')

    await expect(approvePolicyVersion(w.db, w.approver, v2.id, now)).resolves.toMatchObject({ status: 'APPROVED' })
    await expect(approvePolicyVersion(w.db, w.approver, v2.id, now)).rejects.toMatchObject({ code: 'wrong-status' })
    expect(await w.db.rewardPolicy.findUniqueOrThrow({ where: { id: w.v1 } })).toEqual(before)
    const trail = await w.db.auditLog.findMany({ where: { entityType: 'RewardPolicy', entityId: v2.id }, orderBy: { at: 'asc' } })
    expect(trail.map((a) => [a.action, a.actorId, a.toStatus])).toEqual([
      ['policy.propose', w.proposer.userId, 'PROPOSED'],
      ['policy.approve', w.approver.userId, 'APPROVED'],
    ])
  })

  test('rejected with a reason; bad terms are refused beside their field', async () => {
    const w = await world()
    const v2 = await proposePolicyVersion(w.db, w.proposer, proposal(), now)
    await expect(rejectPolicyVersion(w.db, w.approver, v2.id, ' ', now)).rejects.toMatchObject({ code: 'reason-required' })
    await expect(rejectPolicyVersion(w.db, w.approver, v2.id, '比例须经局务会审议', now)).resolves.toMatchObject({ status: 'REJECTED' })
    expect(await w.db.rewardPolicy.findUniqueOrThrow({ where: { id: v2.id } })).toMatchObject({ status: 'REJECTED', decisionNote: '比例须经局务会审议', decidedById: w.approver.userId })
    await expect(proposePolicyVersion(w.db, w.proposer, proposal({ rateViaAuctionBp: 10_001 }), now)).rejects.toMatchObject({ field: 'rateVia' })
    await expect(proposePolicyVersion(w.db, w.proposer, proposal({ contractKinds: [] }), now)).rejects.toMatchObject({ field: 'contractKinds' })
    await expect(proposePolicyVersion(w.db, w.proposer, proposal({ validToMs: at('2026-01-01T00:00:00+08:00') }), now)).rejects.toMatchObject({ field: 'validTo' })
    // the next proposal takes the next number: a rejected version keeps its own
    expect(await proposePolicyVersion(w.db, w.proposer, proposal(), now)).toMatchObject({ version: 3 })
  })

  test('a second policy of the same bureau in force at the same time is refused (another bureau’s may be: decision 016)', async () => {
    const w = await world()
    const other = await proposePolicyVersion(w.db, w.proposer, proposal({ name: '绍兴市另一奖励办法' }), now)
    await expect(approvePolicyVersion(w.db, w.approver, other.id, now)).rejects.toMatchObject({ code: 'conflict' })
  })
})

describe('the worker uses the version valid at the payment date', () => {
  test('a process that read version 1 uses version 2 once approved, for payments from its start; earlier payments and rewards keep version 1', async () => {
    const w = await world()
    const march = await paidAndSettled(w, '2026-03-01T00:00:00+08:00')
    expect(march.explanation).toMatchObject({ policy: { id: w.v1, version: 1 }, rateBp: 1000, amountFen: 10_000 * YUAN })
    // this process now holds version 1 in its cache; a colleague approves version 2 from 1 June
    const v2 = await proposePolicyVersion(w.db, w.proposer, proposal(), now)
    await approvePolicyVersion(w.db, w.approver, v2.id, now)
    const june = await paidAndSettled(w, '2026-06-15T00:00:00+08:00')
    expect(june.reward?.policyId).toBe(v2.id)
    expect(june.explanation).toMatchObject({ policy: { id: v2.id, version: 2 }, rateBp: 1500, amountFen: 15_000 * YUAN })
    const may = await paidAndSettled(w, '2026-05-31T00:00:00+08:00')
    expect(may.explanation).toMatchObject({ policy: { id: w.v1, version: 1 }, rateBp: 1000 })
    expect((await w.db.reward.findUniqueOrThrow({ where: { id: march.reward!.id } })).policyId).toBe(w.v1)
    // the page counts what each version computed
    const counts = Object.fromEntries((await policiesPage(w.db, w.approver)).versions.map((v) => [v.version, v.rewards]))
    expect(counts).toEqual({ 1: 2, 2: 1 })
  })

  test('a version is not approved over rewards already computed, under another version, for payments dated within it', async () => {
    const w = await world()
    await paidAndSettled(w, '2026-09-01T00:00:00+08:00')
    const late = await proposePolicyVersion(w.db, w.proposer, proposal({ validFromMs: at('2026-08-01T00:00:00+08:00') }), now)
    await expect(approvePolicyVersion(w.db, w.approver, late.id, now)).rejects.toThrow(/已有 1 笔付款日期在该版本有效期内的奖励按其他版本计算/)
    expect((await w.db.rewardPolicy.findUniqueOrThrow({ where: { id: late.id } })).status).toBe('PROPOSED')
    const later = await proposePolicyVersion(w.db, w.proposer, proposal({ validFromMs: at('2026-09-02T00:00:00+08:00') }), now)
    await expect(approvePolicyVersion(w.db, w.approver, later.id, now)).resolves.toMatchObject({ status: 'APPROVED' })
  })

  test('licences: nothing under the Shaoxing measure (recorded as 0 with the reason), the rate once a version covers them', async () => {
    const w = await world()
    const before = await paidAndSettled(w, '2026-03-01T00:00:00+08:00', { kind: 'LICENCE' })
    expect(before.reward).toMatchObject({ amountFen: 0n, status: 'COMPUTED', policyId: w.v1 })
    expect(before.explanation).toMatchObject({ contractKind: 'LICENCE', covered: false, limitedBy: 'contract-kind', rateBp: 0 })
    expect(await w.db.enterpriseYearRewardTotal.findFirst({ where: { enterpriseId: w.enterprise.organizationId } })).toMatchObject({ rewardedFen: 0n })
    const v2 = await proposePolicyVersion(w.db, w.proposer, proposal(), now)
    await approvePolicyVersion(w.db, w.approver, v2.id, now)
    const after = await paidAndSettled(w, '2026-07-01T00:00:00+08:00', { kind: 'LICENCE' })
    expect(after.explanation).toMatchObject({ contractKind: 'LICENCE', covered: true, rateBp: 1500, amountFen: 15_000 * YUAN, policy: { version: 2 } })
  })
})

describe("a contract made through another technology market's auction", () => {
  test('registered with that auction, it earns the auction rate', async () => {
    const w = await world()
    const input = contractInput({ buyer: w.enterprise, seller: w.university }, { amountFen: 1_000_000 * YUAN })
    await expect(registerContract(w.db, w.proposer, { ...input, otherAuction: { market: '浙江网上技术市场', ref: ' ' } }, now)).rejects.toMatchObject({ field: 'auctionRef' })
    const c = await registerContract(w.db, w.proposer, { ...input, otherAuction: { market: '浙江网上技术市场', ref: 'JP-2026-0012' } }, now)
    expect(c).toMatchObject({ viaAuction: true, auctionMarket: '浙江网上技术市场', auctionRef: 'JP-2026-0012', dealId: null })
    const audit = await w.db.auditLog.findFirstOrThrow({ where: { entityId: c.id, action: 'contract.register' } })
    expect(audit.data).toMatchObject({ viaAuction: true, auctionRef: 'JP-2026-0012' })
    const paid = await recordContractPayment(w.db, w.proposer, { contractId: c.id, amountFen: 1_000_000 * YUAN, currency: 'CNY', paidOn: new Date('2026-04-01T00:00:00+08:00'), reference: 'HK-1' }, now)
    await settlePaymentReward(w.db, paid.id, now)
    const reward = await w.db.reward.findFirstOrThrow({ where: { paymentId: paid.id } })
    expect(reward.explanation).toMatchObject({ viaAuction: true, rateBp: 2000, amountFen: 200_000 * YUAN })
    // an ordinary registration still records "not via auction"
    const plain = await registerContract(w.db, w.proposer, { ...input, registrationNo: `${input.registrationNo}-2` }, now)
    expect(plain).toMatchObject({ viaAuction: false, auctionRef: null })
  })
})

describe("the seed's policy", () => {
  test('seeding twice changes nothing; a changed seed policy becomes a new approved version and the old one stays', async () => {
    const w = await world()
    const again = await ensureSeedPolicy(w.db, seedPolicyTerms(rewardPolicies[0]!, w.bureau), now)
    expect(again.id).toBe(w.v1)
    expect(await w.db.rewardPolicy.count()).toBe(1)
    const rewarded = await paidAndSettled(w, '2026-03-01T00:00:00+08:00')
    const changed = await ensureSeedPolicy(w.db, { ...seedPolicyTerms(rewardPolicies[0]!, w.bureau), capPerContractFen: 600_000 * YUAN }, now)
    expect(changed).toMatchObject({ version: 2, status: 'APPROVED', capPerContractFen: BigInt(600_000 * YUAN) })
    expect(await w.db.rewardPolicy.findUniqueOrThrow({ where: { id: w.v1 } })).toMatchObject({ version: 1, status: 'APPROVED', capPerContractFen: BigInt(500_000 * YUAN) })
    expect((await w.db.reward.findUniqueOrThrow({ where: { id: rewarded.reward!.id } })).policyId).toBe(w.v1)
    expect(await w.db.auditLog.count({ where: { action: 'policy.seed', entityType: 'RewardPolicy' } })).toBe(2)
  })
})

describe('concurrent decisions (run on PostgreSQL with DATABASE_URL)', () => {
  test('proposals at once get distinct numbers; two colleagues approving one version at once: one approval', async () => {
    const w = await world()
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => proposePolicyVersion(w.db, w.proposer, proposal(), now)))
    const made = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.version] : []))
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'conflict' })
    expect(new Set(made).size).toBe(made.length)
    expect(made.length).toBeGreaterThan(0)
    const target = await w.db.rewardPolicy.findFirstOrThrow({ where: { status: 'PROPOSED' } })
    const third = { ...(await makePrincipal(w.db, 'BUREAU', '绍兴市科学技术局')), organizationId: w.bureau }
    const decisions = await Promise.allSettled([approvePolicyVersion(w.db, w.approver, target.id, now), approvePolicyVersion(w.db, third, target.id, now)])
    expect(decisions.filter((d) => d.status === 'fulfilled')).toHaveLength(1)
    expect(await w.db.auditLog.count({ where: { entityId: target.id, action: 'policy.approve' } })).toBe(1)
  })
})
