// Concurrency on real PostgreSQL (PGlite runs one statement at a time and
// would prove nothing): hundreds of reward jobs for a few enterprises, run by
// three worker processes at once, one of them killed (SIGKILL) while busy.
// The totals must equal a sequential run, a cap that demand exceeds must be
// reached exactly, and the rewards of each enterprise-year and each contract
// must chain (each one's "used before" is the previous one's "used after"),
// which a lost update would break.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { QueueEvents } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RewardBook, type PaymentFact, type RewardExplanation } from '~/domain/rewards.ts'
import { disableRewardJobs, enableRewardJobs, requestRewardJobs } from '~/services/reward-jobs.server.ts'
import { policyRule } from '~/services/reward-policies.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { closeQueues, getQueue, QUEUE_NAMES, workerConnection, type QueueSettings } from '~/utils/queues.server.ts'
import { createPostgresTestDatabase } from '../support/database.ts'
import { makePrincipal } from '../support/payments.ts'
import { drained, makeContract, makeInstalment, obliterate, seedShaoxingPolicy, testQueueSettings } from '../support/rewards.ts'
import { prng } from '../support/random.ts'

const PG = process.env.DATABASE_URL
const YUAN = 100

function startWorkerProcess(url: string, settings: QueueSettings, concurrency: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/reward-worker.ts'], {
    env: { ...process.env, DATABASE_URL: url, QUEUE_PREFIX: settings.prefix, REDIS_URL: settings.redisUrl, REWARD_CONCURRENCY: String(concurrency), WORKER_LOCK_MS: '2000', WORKER_STALLED_MS: '1000', PROGRESS_EVERY: '5' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let done = 0
  const waiters: { n: number; resolve: () => void }[] = []
  let ready!: () => void
  const readyP = new Promise<void>((r) => (ready = r))
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const m = JSON.parse(line) as { ready?: boolean; done?: number }
    if (m.ready) ready()
    if (typeof m.done === 'number') done = m.done
    for (const w of waiters.filter((w) => done >= w.n)) w.resolve()
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += String(d)))
  return {
    child,
    ready: readyP,
    stderr: () => stderr,
    doneAtLeast: (n: number) => new Promise<void>((resolve) => (done >= n ? resolve() : waiters.push({ n, resolve }))),
  }
}

describe('reward workers in several processes', () => {
  let db: Db
  let url: string
  let close: () => Promise<void>
  let settings: QueueSettings
  const children: ChildProcess[] = []

  beforeAll(async () => {
    if (!PG) return
    ;({ prisma: db, url, close } = await createPostgresTestDatabase(PG))
    settings = testQueueSettings()
  })
  afterAll(async () => {
    if (!PG) return
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM')
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)))
    disableRewardJobs()
    await obliterate(settings)
    await closeQueues()
    await close()
  })

  it.skipIf(!PG)('600 jobs, 3 processes, one killed mid-run: totals equal a sequential run, no cap overshoots, a cap demand exceeds is reached exactly', { timeout: 180_000 }, async () => {
    const policy = await seedShaoxingPolicy(db)
    const staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
    const random = prng(20261201)
    // Four enterprises: far over the yearly cap, around it, over contract caps only, well under.
    const plans = [
      { contracts: 4, payments: 220, maxYuan: 400_000, viaAuction: true },
      { contracts: 3, payments: 160, maxYuan: 80_000, viaAuction: true },
      { contracts: 2, payments: 120, maxYuan: 300_000, viaAuction: false },
      { contracts: 5, payments: 100, maxYuan: 5_000, viaAuction: false },
    ]
    const facts: PaymentFact[] = []
    for (const [i, plan] of plans.entries()) {
      const e = await makePrincipal(db, 'ENTERPRISE', `并发企业${i}`)
      const contracts = []
      for (let c = 0; c < plan.contracts; c++) contracts.push(await makeContract(db, { buyer: e, registrar: staff, viaAuction: plan.viaAuction }))
      for (let k = 0; k < plan.payments; k++) {
        const contract = contracts[Math.floor(random() * contracts.length)]!
        const amountFen = 1 + Math.floor(random() * plan.maxYuan * YUAN)
        // all in 2026 (Shanghai): the enterprise-year total does not depend on the order then
        const paidAt = new Date(Date.parse('2026-01-01T00:00:00+08:00') + Math.floor(random() * 360) * 86_400_000)
        const p = await makeInstalment(db, contract, amountFen, paidAt)
        facts.push({ paymentId: p.id, enterpriseId: e.organizationId, contractId: contract.id, viaAuction: plan.viaAuction, amountFen, paidAtMs: paidAt.getTime() })
      }
    }
    const book = new RewardBook([policyRule(policy)])
    for (const f of facts) book.reward(f)

    const stalled = new QueueEvents(QUEUE_NAMES.rewards, { connection: workerConnection(settings.redisUrl), prefix: settings.prefix })
    let stalledCount = 0
    stalled.on('stalled', () => stalledCount++)
    await stalled.waitUntilReady()

    const workers = [startWorkerProcess(url, settings, 8), startWorkerProcess(url, settings, 8), startWorkerProcess(url, settings, 8)]
    children.push(...workers.map((w) => w.child))
    await Promise.all(workers.map((w) => w.ready))
    enableRewardJobs(getQueue(QUEUE_NAMES.rewards, settings))
    // every payment twice: the same job id (one job), and a second id as a sweep would give it
    await requestRewardJobs(facts.map((f) => ({ paymentId: f.paymentId, op: 'reward' as const })))
    await requestRewardJobs(facts.map((f) => ({ paymentId: f.paymentId, op: 'reward' as const, round: 'again' })))

    // kill the first worker while it is busy; its active jobs stall and the others take them over
    await workers[0]!.doneAtLeast(40)
    workers[0]!.child.kill('SIGKILL')
    await drained(settings, 150_000)
    await stalled.close()
    expect(stalledCount, 'the killed worker had jobs in hand').toBeGreaterThan(0)

    const rewards = await db.reward.findMany({ where: { isReversal: false } })
    // once per payment
    expect(rewards).toHaveLength(facts.length)
    expect(new Set(rewards.map((r) => r.paymentId)).size).toBe(facts.length)

    const cap = { contract: 500_000 * YUAN, year: 1_000_000 * YUAN }
    const byYear = new Map<string, typeof rewards>()
    const byContract = new Map<string, typeof rewards>()
    for (const r of rewards) {
      byYear.set(`${r.enterpriseId}@${r.year}`, [...(byYear.get(`${r.enterpriseId}@${r.year}`) ?? []), r])
      byContract.set(r.contractId, [...(byContract.get(r.contractId) ?? []), r])
    }
    // enterprise-year totals equal the sequential run; none over its cap; the running-total row agrees
    for (const [key, rs] of byYear) {
      const total = rs.reduce((s, r) => s + Number(r.amountFen), 0)
      expect(total, key).toBe(book.yearUsed.get(key))
      expect(total).toBeLessThanOrEqual(cap.year)
      const [enterpriseId, year] = key.split('@')
      expect(Number((await db.enterpriseYearRewardTotal.findUniqueOrThrow({ where: { enterpriseId_year: { enterpriseId: enterpriseId!, year: Number(year) } } })).rewardedFen)).toBe(total)
      // chained: sorted by what was used before, each starts where the last ended (no lost update)
      const chain = rs.map((r) => r.explanation as unknown as RewardExplanation).sort((a, b) => a.enterpriseYearCap.usedBeforeFen - b.enterpriseYearCap.usedBeforeFen || a.amountFen - b.amountFen)
      let used = 0
      for (const e of chain) {
        expect(e.enterpriseYearCap.usedBeforeFen).toBe(used)
        used += e.amountFen
      }
    }
    // the enterprise whose demand far exceeds the yearly cap reaches it exactly
    const first = facts[0]!.enterpriseId
    expect(book.yearUsed.get(`${first}@2026`)).toBe(cap.year)
    // contracts: none over its cap, the row agrees, chained too
    for (const [contractId, rs] of byContract) {
      const total = rs.reduce((s, r) => s + Number(r.amountFen), 0)
      expect(total).toBeLessThanOrEqual(cap.contract)
      expect(Number((await db.contractRewardTotal.findUniqueOrThrow({ where: { contractId } })).rewardedFen)).toBe(total)
      const chain = rs.map((r) => r.explanation as unknown as RewardExplanation).sort((a, b) => a.contractCap.usedBeforeFen - b.contractCap.usedBeforeFen || a.amountFen - b.amountFen)
      let used = 0
      for (const e of chain) {
        expect(e.contractCap.usedBeforeFen).toBe(used)
        used += e.amountFen
      }
    }
    // enterprises under every cap: each contract's total is exactly the sequential one too
    const last = facts[facts.length - 1]!.enterpriseId
    for (const [contractId, rs] of byContract) {
      if (rs[0]!.enterpriseId !== last) continue
      expect(rs.reduce((s, r) => s + Number(r.amountFen), 0)).toBe(book.contractUsed.get(contractId))
    }
  })
})
