// Rewards on a real database (PGlite, or PostgreSQL with DATABASE_URL) and a
// real Redis queue: contracts registered by staff, instalments and auction
// deals rewarded by the worker once, reversals, four-eyes approval, payout,
// what the enterprise sees, the sweep and the exports.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import type { RewardExplanation } from '~/domain/rewards.ts'
import { cancelContract, registerContract } from '~/services/contracts.server.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { startDepositPayment } from '~/services/deposits.server.ts'
import { handleWebhookEvent } from '~/services/payment-webhooks.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import { disableRewardJobs, enableRewardJobs, requestRewardJobs, rewardJobId } from '~/services/reward-jobs.server.ts'
import { approveReward, rejectReward, rewardFourEyesProblem } from '~/services/reward-review.server.ts'
import { enterpriseRewards, rewardsForPeriod, yearlySummary } from '~/services/reward-views.server.ts'
import { paymentsNeedingRewardWork, settlePaymentReward, sweepRewards } from '~/services/reward-worker.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { closeQueues, getQueue, QUEUE_NAMES, type QueueSettings } from '~/utils/queues.server.ts'
import { REGISTRATIONS, startWorkers, type RunningWorkers } from '../../workers/index.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, testClient, startWiredProvider } from '../support/payments.ts'
import { contractInput, drained, makeContract, makeInstalment, obliterate, seedShaoxingPolicy, testQueueSettings } from '../support/rewards.ts'

let db: Db
let close: () => Promise<void>
let settings: QueueSettings
let workers: RunningWorkers
let mock: RunningMockProvider
let registrar: Principal
let approver: Principal
const now = new Date('2026-11-23T02:00:00Z')
const { client: provider } = testClient()
const YUAN = 100

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  await seedShaoxingPolicy(db)
  settings = testQueueSettings()
  enableRewardJobs(getQueue(QUEUE_NAMES.rewards, settings))
  // Only the reward processor, and no scheduled sweep (the sweep's test calls it itself).
  workers = startWorkers({ db, now: () => now }, settings, REGISTRATIONS.filter((r) => r.queue === QUEUE_NAMES.rewards).map((r) => ({ ...r, schedule: undefined })))
  mock = startWiredProvider(db, () => now)
  registrar = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
  approver = { ...(await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')), organizationId: registrar.organizationId }
})
afterAll(async () => {
  mock?.close()
  await workers?.close()
  disableRewardJobs()
  await obliterate(settings)
  await closeQueues()
  await close?.()
})

async function rewardsOf(paymentId: string) {
  return db.reward.findMany({ where: { paymentId }, orderBy: { isReversal: 'asc' } })
}

describe('staff register contracts made outside auctions', () => {
  test('validated: the buyer an enterprise, the seller an institution, the amount positive, the number unique', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '浙江越隆缝制设备有限公司')
    const university = await makePrincipal(db, 'UNIVERSITY', '浙江工业大学')
    const input = contractInput({ buyer: enterprise, seller: university }, { attachmentNames: ['技术转让合同.pdf', '登记证明.pdf'] })
    await expect(registerContract(db, registrar, { ...input, buyerId: university.organizationId, sellerId: enterprise.organizationId }, now)).rejects.toMatchObject({ code: 'invalid', field: 'buyerId' })
    const other = await makePrincipal(db, 'ENTERPRISE', '另一企业')
    await expect(registerContract(db, registrar, { ...input, sellerId: other.organizationId }, now)).rejects.toMatchObject({ code: 'invalid', field: 'sellerId' })
    await expect(registerContract(db, registrar, { ...input, amountFen: 0 }, now)).rejects.toMatchObject({ code: 'invalid', field: 'amountFen' })
    await expect(registerContract(db, enterprise, input, now)).rejects.toMatchObject({ code: 'forbidden' })
    const c = await registerContract(db, registrar, input, now)
    expect(c).toMatchObject({ viaAuction: false, registeredById: registrar.userId, attachmentNames: ['技术转让合同.pdf', '登记证明.pdf'] })
    await expect(registerContract(db, registrar, input, now)).rejects.toMatchObject({ code: 'conflict', field: 'registrationNo' })
    expect(await db.auditLog.count({ where: { entityType: 'Contract', entityId: c.id, action: 'contract.register' } })).toBe(1)
  })
})

describe('the worker rewards each payment once', () => {
  test('a recorded instalment is rewarded at 10 % by the worker, with its explanation', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '浙江越隆缝制设备有限公司')
    const c = await makeContract(db, { buyer: enterprise, registrar })
    const paid = await recordContractPayment(db, registrar, { contractId: c.id, amountFen: 1_000_000 * YUAN, currency: 'CNY', paidOn: new Date('2026-07-01T00:00:00+08:00'), reference: 'HK-1' }, now)
    await drained(settings)
    const [reward] = await rewardsOf(paid.id)
    expect(reward).toMatchObject({ amountFen: BigInt(100_000 * YUAN), status: 'COMPUTED', year: 2026, enterpriseId: enterprise.organizationId })
    const e = reward!.explanation as unknown as RewardExplanation
    expect(e).toMatchObject({ kind: 'reward', baseFen: 1_000_000 * YUAN, rateBp: 1000, rawFen: 100_000 * YUAN, limitedBy: 'rate', policy: { authority: '绍兴市科学技术局' } })
    expect(e.contractCap).toEqual({ capFen: 500_000 * YUAN, usedBeforeFen: 0, leftBeforeFen: 500_000 * YUAN, leftAfterFen: 400_000 * YUAN })
    expect(e.enterpriseYearCap).toEqual({ year: 2026, capFen: 1_000_000 * YUAN, usedBeforeFen: 0, leftBeforeFen: 1_000_000 * YUAN, leftAfterFen: 900_000 * YUAN })
  })

  test('duplicate: the same payment enqueued and delivered many times, even after its jobs were removed, gives one reward', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '浙江科马摩擦材料股份有限公司')
    const c = await makeContract(db, { buyer: enterprise, registrar })
    const p = await makeInstalment(db, c, 2_000_000 * YUAN, new Date('2026-05-01T00:00:00+08:00'))
    // the same id twenty times (BullMQ keeps one job), then ids of twenty sweep rounds (twenty jobs)
    await requestRewardJobs(Array.from({ length: 20 }, () => ({ paymentId: p.id, op: 'reward' as const })))
    await requestRewardJobs(Array.from({ length: 20 }, (_, i) => ({ paymentId: p.id, op: 'reward' as const, round: `dup${i}` })))
    await drained(settings)
    // every job gone: nothing left in Redis de-duplicates, only the database's key
    const { rewardQueue } = await import('~/services/reward-jobs.server.ts')
    await rewardQueue()!.clean(0, 10_000, 'completed')
    await requestRewardJobs([{ paymentId: p.id, op: 'reward' }])
    await drained(settings)
    // and straight calls, all at once
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => settlePaymentReward(db, p.id, now)))
    expect(outcomes.every((o) => o.outcome === 'unchanged' || o.outcome === 'duplicate')).toBe(true)
    const rewards = await rewardsOf(p.id)
    expect(rewards.map((r) => [r.isReversal, Number(r.amountFen)])).toEqual([[false, 200_000 * YUAN]])
    expect(await db.contractRewardTotal.findUniqueOrThrow({ where: { contractId: c.id } })).toMatchObject({ rewardedFen: BigInt(200_000 * YUAN) })
  })

  test('instalments crossing the contract cap; a second contract meets the yearly cap; the next year starts again', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '宇恒电池股份有限公司')
    const c1 = await makeContract(db, { buyer: enterprise, registrar })
    const c2 = await makeContract(db, { buyer: enterprise, registrar })
    const amounts: number[] = []
    for (const [c, yuan, at] of [
      [c1, 2_000_000, '2026-03-01T00:00:00+08:00'],
      [c1, 2_000_000, '2026-04-01T00:00:00+08:00'],
      [c1, 2_000_000, '2026-05-01T00:00:00+08:00'],
      [c2, 5_000_000, '2026-06-01T00:00:00+08:00'],
      [c2, 1_000_000, '2026-12-31T23:59:59+08:00'],
      [c2, 1_000_000, '2027-01-01T00:00:00+08:00'],
    ] as const) {
      const p = await makeInstalment(db, c, yuan * YUAN, new Date(at))
      const o = await settlePaymentReward(db, p.id, now)
      amounts.push('amountFen' in o ? o.amountFen / YUAN : -1)
    }
    expect(amounts).toEqual([200_000, 200_000, 100_000, 500_000, 0, 0])
    const totals = await db.enterpriseYearRewardTotal.findMany({ where: { enterpriseId: enterprise.organizationId }, orderBy: { year: 'asc' } })
    // 2027: contract c2 is at its cap already (the contract cap spans years)
    expect(totals.map((t) => [t.year, Number(t.rewardedFen) / YUAN])).toEqual([[2026, 1_000_000], [2027, 0]])
  })
})

describe('auction deals: the deposit applied and the settlement, at 20 %', () => {
  async function paidDeal(priceFen: number) {
    const { session, lots } = await makeSession(db, { now, lotDeposits: [5_000_000] })
    const e = await makePrincipal(db, 'ENTERPRISE', '浙江基力思汽车空调有限公司')
    await register(db, session.id, e)
    expect((await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, now)).status).toBe('SUCCEEDED')
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
    const sellerId = (await db.researchResult.findUniqueOrThrow({ where: { id: lots[0]!.resultId } })).ownerId
    const deal = await db.deal.create({ data: { lotId: lots[0]!.id, resultId: lots[0]!.resultId, buyerId: e.organizationId, sellerId, priceFen: BigInt(priceFen), paymentDeadline: new Date(now.getTime() + 7 * 86_400_000) } })
    const settlement = await startSettlementPayment(db, provider, e, { dealId: deal.id, card: card() }, now)
    expect(settlement.status).toBe('SUCCEEDED')
    await mock.provider.webhooksSettled()
    await drained(settings)
    return { deal, e, settlementId: settlement.paymentId }
  }

  test('a paid deal becomes a via-auction contract; both payments are rewarded at 20 %', async () => {
    const { deal, e, settlementId } = await paidDeal(100_000_000)
    const contract = await db.contract.findUniqueOrThrow({ where: { dealId: deal.id }, include: { payments: true, rewards: true } })
    expect(contract).toMatchObject({ viaAuction: true, registeredById: null, buyerId: e.organizationId, amountFen: 100_000_000n })
    expect(contract.payments.map((p) => [p.kind, p.status, Number(p.amountFen)]).sort()).toEqual([['DEPOSIT', 'APPLIED', 5_000_000], ['SETTLEMENT', 'SUCCEEDED', 95_000_000]])
    expect(contract.rewards.map((r) => Number(r.amountFen)).sort((a, b) => a - b)).toEqual([1_000_000, 19_000_000])
    expect(contract.rewards.reduce((s, r) => s + Number(r.amountFen), 0)).toBe(20_000_000) // 20 % of the price
    expect(settlementId).toBeTruthy()
  })

  test('a refunded settlement is reversed with an opposite entry and its room is freed', async () => {
    const { deal, settlementId } = await paidDeal(60_000_000)
    const s = await db.payment.findUniqueOrThrow({ where: { id: settlementId } })
    await provider.createRefund({ paymentIntent: s.providerId!, amount: Number(s.amountFen), metadata: {} }, `refund:${s.id}`)
    await mock.provider.webhooksSettled()
    expect((await db.payment.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('REFUNDED')
    await drained(settings)
    const rewards = await rewardsOf(s.id)
    expect(rewards.map((r) => [r.isReversal, Number(r.amountFen), r.status])).toEqual([[false, 11_000_000, 'REVERSED'], [true, -11_000_000, 'REVERSED']])
    const contract = await db.contract.findUniqueOrThrow({ where: { dealId: deal.id } })
    expect(await db.contractRewardTotal.findUniqueOrThrow({ where: { contractId: contract.id } })).toMatchObject({ rewardedFen: 1_000_000n })
    // the webhook again changes nothing
    const event = (await db.paymentEvent.findFirstOrThrow({ where: { paymentId: s.id, type: 'charge.refunded' } })).payload as never
    expect(await handleWebhookEvent(db, event, now)).toMatchObject({ outcome: 'duplicate-event' })
  })
})

describe('reversal, rejection and the sweep', () => {
  test('a cancelled contract reverses its rewards; its later payments earn nothing', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '解除合同企业')
    const c = await makeContract(db, { buyer: enterprise, registrar })
    const p1 = await makeInstalment(db, c, 1_000_000 * YUAN, new Date('2026-02-01T00:00:00+08:00'))
    const p2 = await makeInstalment(db, c, 1_000_000 * YUAN, new Date('2026-03-01T00:00:00+08:00'))
    await settlePaymentReward(db, p1.id, now)
    await settlePaymentReward(db, p2.id, now)
    await approveReward(db, approver, (await rewardsOf(p1.id))[0]!.id, now)
    await cancelContract(db, registrar, c.id, '双方协商解除', now)
    await drained(settings)
    for (const p of [p1, p2]) {
      expect((await rewardsOf(p.id)).map((r) => [r.isReversal, Number(r.amountFen) / YUAN, r.status])).toEqual([[false, 100_000, 'REVERSED'], [true, -100_000, 'REVERSED']])
    }
    const p3 = await makeInstalment(db, c, 1_000_000 * YUAN, new Date('2026-04-01T00:00:00+08:00'))
    expect(await settlePaymentReward(db, p3.id, now)).toEqual({ outcome: 'unchanged' })
    expect(await db.enterpriseYearRewardTotal.findUniqueOrThrow({ where: { enterpriseId_year: { enterpriseId: enterprise.organizationId, year: 2026 } } })).toMatchObject({ rewardedFen: 0n })
  })

  test('a rejected reward frees its room; the registrar cannot decide (four eyes)', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '驳回企业')
    const c = await makeContract(db, { buyer: enterprise, registrar })
    const p = await makeInstalment(db, c, 6_000_000 * YUAN, new Date('2026-02-01T00:00:00+08:00'))
    await settlePaymentReward(db, p.id, now)
    const [r] = await rewardsOf(p.id)
    await expect(approveReward(db, registrar, r!.id, now)).rejects.toMatchObject({ code: 'not-allowed' })
    await expect(rejectReward(db, registrar, r!.id, '材料不全', now)).rejects.toMatchObject({ code: 'not-allowed' })
    // the staff rewards page asks the same rule: no 批准/驳回 for the registrar, both for another staff member
    expect(await rewardFourEyesProblem(db, registrar.userId, c.registeredById)).toBe('same-person')
    expect(await rewardFourEyesProblem(db, approver.userId, c.registeredById)).toBeNull()
    await expect(rejectReward(db, approver, r!.id, ' ', now)).rejects.toMatchObject({ code: 'reason-required' })
    await rejectReward(db, approver, r!.id, '合同未经认定登记', now)
    expect(await db.reward.findUniqueOrThrow({ where: { id: r!.id } })).toMatchObject({ status: 'REJECTED', decisionNote: '合同未经认定登记', decidedById: approver.userId })
    expect(await db.contractRewardTotal.findUniqueOrThrow({ where: { contractId: c.id } })).toMatchObject({ rewardedFen: 0n })
    await expect(approveReward(db, approver, r!.id, now)).rejects.toMatchObject({ code: 'wrong-status' })
    // a refund later finds nothing to reverse: the rejected reward took no room
    await db.contract.update({ where: { id: c.id }, data: { status: 'CANCELLED' } })
    expect(await settlePaymentReward(db, p.id, now)).toEqual({ outcome: 'unchanged' })
  })

  test('the sweep finds payments whose enqueue was lost, and rewards them once', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '漏单企业')
    const c = await makeContract(db, { buyer: enterprise, registrar })
    const lost = await makeInstalment(db, c, 1_000_000 * YUAN, new Date('2026-02-01T00:00:00+08:00')) // no job was ever asked for
    expect((await paymentsNeedingRewardWork(db)).filter((w) => w.paymentId === lost.id)).toEqual([{ paymentId: lost.id, op: 'reward' }])
    await sweepRewards(db, now)
    await sweepRewards(db, new Date(now.getTime() + 1))
    await drained(settings)
    expect((await rewardsOf(lost.id)).map((r) => Number(r.amountFen) / YUAN)).toEqual([100_000])
    expect((await paymentsNeedingRewardWork(db)).filter((w) => w.paymentId === lost.id)).toEqual([])
    expect(rewardJobId(lost.id, 'reward', 's1')).not.toContain(':')
  })
})

describe('approval, payout, and what the enterprise sees', () => {
  test('a different staff member approves, staff pay out, the enterprise sees the reward and its yearly total', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '浙江瑞兴阀门有限公司')
    const c = await makeContract(db, { buyer: enterprise, registrar })
    const p = await makeInstalment(db, c, 3_000_000 * YUAN, new Date('2026-08-01T00:00:00+08:00'))
    await settlePaymentReward(db, p.id, now)
    const [r] = await rewardsOf(p.id)
    await approveReward(db, approver, r!.id, now)
    const outcome = await payoutReward(db, provider, approver, r!.id, now)
    await mock.provider.webhooksSettled()
    expect(outcome.status).toBe('SUCCEEDED')
    expect(await db.reward.findUniqueOrThrow({ where: { id: r!.id } })).toMatchObject({ status: 'PAID' })
    const mine = await enterpriseRewards(db, enterprise, now)
    expect(mine.rewards.map((x) => [x.amountFen, x.status, x.payoutStatus])).toEqual([[300_000 * YUAN, 'PAID', 'SUCCEEDED']])
    expect(mine.years).toEqual([{ year: 2026, countedFen: 300_000 * YUAN, capFen: 1_000_000 * YUAN, paidFen: 300_000 * YUAN }])
    const summary = (await yearlySummary(db, approver, 2026)).find((s) => s.enterpriseId === enterprise.organizationId)
    expect(summary).toMatchObject({ contracts: 1, computedFen: 300_000 * YUAN, paidFen: 300_000 * YUAN, countedFen: 300_000 * YUAN, leftFen: 700_000 * YUAN })
    const rows = await rewardsForPeriod(db, approver, new Date(now.getTime() - 1), new Date(now.getTime() + 1))
    expect(rows.find((x) => x.rewardId === r!.id)).toMatchObject({ isReversal: false, baseFen: 3_000_000 * YUAN, rateBp: 1000, amountFen: 300_000 * YUAN, status: 'PAID' })
    await expect(enterpriseRewards(db, registrar, now)).rejects.toMatchObject({ code: 'forbidden' })
  })
})
