// Factories for reward tests: the Shaoxing policy from the seed, contracts
// registered by staff, and a queue of their own on the shared Redis.
import { randomBytes } from 'node:crypto'
import { Queue, QueueEvents } from 'bullmq'
import type { Principal } from '../../app/domain/access.ts'
import { fenToDb } from '../../app/domain/money.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { QUEUE_NAMES, workerConnection, type QueueSettings } from '../../app/utils/queues.server.ts'
import { rewardPolicies, seedPolicyTerms } from '../../prisma/seed-data.ts'
import { ensureSeedPolicy } from '../../app/services/reward-policies.server.ts'
import { makePrincipal } from './payments.ts'

/** The seed's Shaoxing policy, approved (version 1 unless the terms changed); `bureauId` when a test's bureau owns it. */
export async function seedShaoxingPolicy(db: Db, bureauId: string | null = null) {
  return ensureSeedPolicy(db, seedPolicyTerms(rewardPolicies[0]!, bureauId), new Date())
}

let serial = 0

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
