// Factories for reward tests: the Shaoxing policy from the seed, contracts
// registered by staff, and a queue of their own on the shared Redis.
import { randomBytes } from 'node:crypto'
import { Queue, QueueEvents } from 'bullmq'
import type { Principal } from '../../app/domain/access.ts'
import { fenToDb } from '../../app/domain/money.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { QUEUE_NAMES, workerConnection, type QueueSettings } from '../../app/utils/queues.server.ts'
import { rewardPolicies, seedPolicyTerms } from '../../prisma/seed-data.ts'
import { recordContractPayment } from '../../app/services/contract-payments.server.ts'
import type { ContractInput } from '../../app/services/contracts.server.ts'
import { ensureSeedPolicy } from '../../app/services/reward-policies.server.ts'
import { makePrincipal } from './payments.ts'

/** The seed's Shaoxing policy, approved (version 1 unless the terms changed); `bureauId` when a test's bureau owns it. */
export async function seedShaoxingPolicy(db: Db, bureauId: string | null = null) {
  return ensureSeedPolicy(db, seedPolicyTerms(rewardPolicies[0]!, bureauId), new Date())
}

let serial = 0

/** A contract as staff enter it (registerContract's input): a transfer of 1,000,000 yuan signed on 1 March 2026. */
export function contractInput(parties: { buyer: { organizationId: string }; seller: { organizationId: string } }, over: Partial<ContractInput> = {}): ContractInput {
  return {
    registrationNo: `T${process.pid}-${++serial}-${randomBytes(3).toString('hex')}`,
    kind: 'TRANSFER',
    buyerId: parties.buyer.organizationId,
    sellerId: parties.seller.organizationId,
    amountFen: 1_000_000_00,
    signedOn: new Date('2026-03-01T00:00:00+08:00'),
    otherAuction: null,
    attachmentNames: [],
    ...over,
  }
}

/** A contract row made directly (registration itself is tested through the service). */
export async function makeContract(db: Db, opts: { buyer: Principal; seller?: Principal; registrar: Principal | null; amountFen?: number; viaAuction?: boolean; signedOn?: Date }) {
  const seller = opts.seller ?? (await makePrincipal(db, 'UNIVERSITY', '绍兴文理学院'))
  const bureauId = opts.registrar?.organizationId ?? (await makePrincipal(db, 'BUREAU', '绍兴市科技局')).organizationId
  return db.contract.create({
    data: {
      bureauId,
      registrationNo: `T${process.pid}-${++serial}-${randomBytes(3).toString('hex')}`,
      kind: 'TRANSFER',
      buyerId: opts.buyer.organizationId,
      sellerId: seller.organizationId,
      amountFen: fenToDb(opts.amountFen ?? 1_000_000_000),
      signedOn: opts.signedOn ?? new Date('2026-01-05T00:00:00+08:00'),
      viaAuction: opts.viaAuction ?? false,
      attachmentNames: [],
      registeredById: opts.registrar?.userId ?? null,
    },
  })
}

/** A payment that counts toward a contract (an instalment reported and recorded). */
export async function makeInstalment(db: Db, contract: { id: string; buyerId: string }, amountFen: number, paidAt: Date) {
  return db.payment.create({
    data: {
      kind: 'CONTRACT_INSTALMENT',
      status: 'SUCCEEDED',
      amountFen: fenToDb(amountFen),
      payerId: contract.buyerId,
      contractId: contract.id,
      idempotencyKey: `contract:${contract.id}:${randomBytes(6).toString('hex')}`,
      paidAt,
    },
  })
}

/** A test policy (10 % outside auctions, 20 % through one), approved; the same row however often it is asked for. */
export async function testRewardPolicy(db: Db) {
  return db.rewardPolicy.upsert({
    where: { name_version: { name: '绍市科〔2022〕24号 措施7（测试）', version: 1 } },
    update: {},
    create: { name: '绍市科〔2022〕24号 措施7（测试）', status: 'APPROVED', authority: '绍兴市科学技术局', validFrom: new Date('2022-01-01'), rateOutsideAuctionBp: 1000, rateViaAuctionBp: 2000, capPerContractFen: 50_000_000n, capPerEnterpriseYearFen: 100_000_000n },
  })
}

/**
 * An APPROVED reward of `amountFen` to `enterprise`, ready to pay out: a contract registered with `staff`'s bureau, an
 * instalment of `paidFen` recorded through the service (paid on 1 July 2026), and the reward row as the worker and a
 * second reviewer leave it (both tested on their own).
 */
export async function makeApprovedReward(db: Db, staff: Principal, enterprise: Principal, opts: { amountFen: number; paidFen: number; now: Date }) {
  const seller = await makePrincipal(db, 'UNIVERSITY', '浙江工业大学')
  const contract = await makeContract(db, { buyer: enterprise, seller, registrar: staff, amountFen: 100_000_000, signedOn: new Date('2026-06-01T00:00:00Z') })
  const paid = await recordContractPayment(db, staff, { contractId: contract.id, amountFen: opts.paidFen, currency: 'CNY', paidOn: new Date('2026-07-01T00:00:00Z'), reference: 'R1' }, opts.now)
  const policy = await testRewardPolicy(db)
  return db.reward.create({
    data: { paymentId: paid.id, contractId: contract.id, enterpriseId: enterprise.organizationId, policyId: policy.id, year: 2026, amountFen: BigInt(opts.amountFen), explanation: {}, status: 'APPROVED' },
  })
}

export function testQueueSettings(): QueueSettings {
  return { redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `t-rewards-${randomBytes(4).toString('hex')}` }
}

/** Waits (on BullMQ's events, not sleeps) until the queue has nothing waiting, delayed or active. */
export async function drained(settings: QueueSettings, timeoutMs = 60_000): Promise<void> {
  const queue = new Queue(QUEUE_NAMES.rewards, { connection: workerConnection(settings.redisUrl), prefix: settings.prefix })
  const events = new QueueEvents(QUEUE_NAMES.rewards, { connection: workerConnection(settings.redisUrl), prefix: settings.prefix })
  await events.waitUntilReady()
  try {
    const idle = async () => {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
      return Object.values(c).every((n) => n === 0)
    }
    if (await idle()) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('queue did not drain')), timeoutMs)
      const check = () =>
        void idle().then((ok) => {
          if (ok) {
            clearTimeout(timer)
            events.off('completed', check).off('failed', check)
            resolve()
          }
        })
      events.on('completed', check).on('failed', check)
      check()
    })
  } finally {
    await events.close()
    await queue.close()
  }
}

export async function obliterate(settings: QueueSettings): Promise<void> {
  const queue = new Queue(QUEUE_NAMES.rewards, { connection: workerConnection(settings.redisUrl), prefix: settings.prefix })
  await queue.obliterate({ force: true })
  await queue.close()
}
