// A reward policy belongs to a bureau and applies to enterprises of its region (decision 016): the worker takes
// the version of the bureau whose region the buyer is in, or, for a buyer of no bureau's region, of the bureau
// that registered the contract, valid at the payment's date. Shaoxing's policy no longer rewards Lishui contracts,
// and two bureaus' policies may be in force at the same time.
import { beforeAll, afterAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { ensureKnownRegions } from '~/services/bureaus.server.ts'
import { approvePolicyVersion, ensureSeedPolicy, proposePolicyVersion } from '~/services/reward-policies.server.ts'
import { settlePaymentReward } from '~/services/reward-worker.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { rewardPolicies, seedPolicyTerms } from '../../prisma/seed-data.ts'
import { createTestDatabase } from '../support/database.ts'
import { createLogin, createPrincipal } from '../support/organizations.ts'
import { makeContract, makeInstalment } from '../support/rewards.ts'

const now = new Date('2026-11-20T02:00:00Z')
let db: Db
let close: () => Promise<void>
const who = {} as Record<'lishui' | 'lishui2' | 'shaoxing' | 'ruixing' | 'keqiao' | 'hangzhou' | 'zju', Principal>
const policy = {} as Record<'lishui' | 'shaoxing', string>

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  who.lishui = await createPrincipal(db, 'BUREAU', { name: '丽水市科学技术局', county: '莲都区', creditCode: 'LS' })
  who.shaoxing = await createPrincipal(db, 'BUREAU', { name: '绍兴市科学技术局', county: '越城区', creditCode: 'SX' })
  who.lishui2 = await createLogin(db, who.lishui, { name: '丽水同事' })
  who.ruixing = await createPrincipal(db, 'ENTERPRISE', { name: '浙江瑞兴阀门有限公司', county: '青田县', creditCode: 'RX' })
  who.keqiao = await createPrincipal(db, 'ENTERPRISE', { name: '柯桥某纺织企业', county: '柯桥区', creditCode: 'KQ' })
  who.hangzhou = await createPrincipal(db, 'ENTERPRISE', { name: '杭州某企业', county: '杭州市西湖区', creditCode: 'HZ' })
  who.zju = await createPrincipal(db, 'UNIVERSITY', { name: '浙江大学', county: '杭州市西湖区', creditCode: 'ZJU' })
  await ensureKnownRegions(db)
  const [sx, ls] = rewardPolicies
  expect(ls?.authority).toBe('丽水市科学技术局')
  policy.shaoxing = (await ensureSeedPolicy(db, seedPolicyTerms(sx!, who.shaoxing.organizationId), now)).id
}, 120_000)
afterAll(async () => {
  await close?.()
})

/** A contract of `buyer` registered with `registrar`'s bureau, one instalment paid on `paidOn`, settled by the worker's function. */
async function rewardOf(buyer: Principal, registrar: Principal, paidOn = '2026-04-01T10:00:00+08:00', amountFen = 1_000_000_00) {
  const c = await makeContract(db, { buyer, seller: who.zju, registrar, amountFen, viaAuction: true })
  const p = await makeInstalment(db, c, amountFen, new Date(paidOn))
  const outcome = await settlePaymentReward(db, p.id, now)
  const reward = await db.reward.findFirst({ where: { paymentId: p.id, isReversal: false } })
  return { outcome: outcome.outcome, policyId: reward?.policyId ?? null, amountFen: reward ? Number(reward.amountFen) : 0 }
}

describe('the policy of the buyer’s region decides', () => {
  test('with only Shaoxing’s policy, a Lishui contract is not rewarded under it; a Shaoxing one is', async () => {
    expect(await rewardOf(who.ruixing, who.lishui)).toMatchObject({ outcome: 'no-policy', policyId: null })
    expect(await rewardOf(who.keqiao, who.shaoxing)).toMatchObject({ outcome: 'rewarded', policyId: policy.shaoxing, amountFen: 200_000_00 })
  })

  test('Lishui’s own policy (the seed’s) rewards Lishui contracts; Shaoxing’s still rewards Shaoxing’s', async () => {
    policy.lishui = (await ensureSeedPolicy(db, seedPolicyTerms(rewardPolicies[1]!, who.lishui.organizationId), now)).id
    expect(await rewardOf(who.ruixing, who.lishui)).toMatchObject({ outcome: 'rewarded', policyId: policy.lishui, amountFen: 200_000_00 })
    expect(await rewardOf(who.keqiao, who.shaoxing)).toMatchObject({ outcome: 'rewarded', policyId: policy.shaoxing })
  })

  test('the buyer’s region, not the registering bureau, decides (an auction deal of Shaoxing’s session bought by a Lishui enterprise)', async () => {
    expect(await rewardOf(who.ruixing, who.shaoxing)).toMatchObject({ outcome: 'rewarded', policyId: policy.lishui })
  })

  test('a buyer of no bureau’s region: the policy of the bureau that registered the contract', async () => {
    expect(await rewardOf(who.hangzhou, who.shaoxing)).toMatchObject({ outcome: 'rewarded', policyId: policy.shaoxing })
    expect(await rewardOf(who.hangzhou, who.lishui)).toMatchObject({ outcome: 'rewarded', policyId: policy.lishui })
  })

  test('the bureau’s version valid at the payment’s date: Lishui’s 2027 version (15 % outside auctions) from 2027, the first before', async () => {
    // Two bureaus' policies may overlap: a new Lishui version is approved while Shaoxing's is in force.
    const v2 = await proposePolicyVersion(
      db,
      who.lishui,
      {
        name: rewardPolicies[1]!.name,
        basis: '2027 年起竞价以外提高到 15%（测试）',
        validFromMs: Date.parse('2027-01-01T00:00:00+08:00'),
        validToMs: null,
        rateOutsideAuctionBp: 1500,
        rateViaAuctionBp: 2000,
        capPerContractFen: 50_000_000,
        capPerEnterpriseYearFen: 100_000_000,
        contractKinds: ['DEVELOPMENT', 'TRANSFER'],
      },
      now,
    )
    await approvePolicyVersion(db, who.lishui2, v2.id, now)
    const c = await makeContract(db, { buyer: who.ruixing, seller: who.zju, registrar: who.lishui, amountFen: 100_000_00 })
    const before = await makeInstalment(db, c, 50_000_00, new Date('2026-12-31T10:00:00+08:00'))
    const after = await makeInstalment(db, c, 50_000_00, new Date('2027-01-02T10:00:00+08:00'))
    await settlePaymentReward(db, before.id, now)
    await settlePaymentReward(db, after.id, now)
    const rows = await db.reward.findMany({ where: { contractId: c.id }, orderBy: { createdAt: 'asc' } })
    expect(rows.map((r) => [r.policyId, Number(r.amountFen)])).toEqual([
      [policy.lishui, 5_000_00],
      [v2.id, 7_500_00],
    ])
    // Shaoxing in 2027 still under its own version.
    expect(await rewardOf(who.keqiao, who.shaoxing, '2027-01-02T10:00:00+08:00', 100_000_00)).toMatchObject({ policyId: policy.shaoxing, amountFen: 20_000_00 })
  })
})
