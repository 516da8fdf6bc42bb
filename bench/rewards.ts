// Reward benchmark: `npm run bench:rewards` (needs PostgreSQL: DATABASE_URL=postgresql://…;
// PGlite lives inside one process and cannot be shared by two worker processes).
//   tsx bench/rewards.ts [--payments 10000] [--enterprises 500] [--workers 2] [--concurrency 25] [--strict]
//
// Makes a scratch database next to DATABASE_URL's, seeds the Shaoxing policy,
// `--enterprises` enterprises with 1–4 contracts each and `--payments`
// instalments (seeded PRNG; one enterprise in ten buys far beyond its yearly
// cap), starts `--workers` worker processes (scripts/reward-worker.ts) with
// `--concurrency` each, then enqueues one job per payment and measures end to
// end: from the first enqueue to the last reward stored (jobs/s, and each
// reward's latency from its enqueue). Then checks against a sequential run of
// the same domain function: every payment rewarded once, no contract and no
// enterprise-year over its cap, enterprise-year totals equal to the sequential
// ones (all payments fall in 2026, where the total does not depend on order),
// capped enterprises exactly at the cap, running-total rows equal to the sums.
// Exit 1 when a check fails (and with --strict, when under 1,000 jobs/s).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpus, totalmem } from 'node:os'
import { createInterface } from 'node:readline'
import { performance } from 'node:perf_hooks'
import { Queue } from 'bullmq'
import { RewardBook, type PaymentFact } from '../app/domain/rewards.ts'
import { policyRule } from '../app/services/reward-policies.server.ts'
import { createAdapterFactory, createPrismaClient } from '../app/utils/database.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { QUEUE_NAMES, workerConnection } from '../app/utils/queues.server.ts'
import { rewardJobId } from '../app/services/reward-jobs.server.ts'
import { applyMigrations } from '../app/utils/migrations.server.ts'
import { rewardPolicies } from '../prisma/seed-data.ts'
import { createScratchPostgresDatabase } from '../tests/support/database.ts'
import { prng } from '../tests/support/random.ts'
import { flag, numberOption } from './cli.ts'

const PAYMENTS = numberOption('--payments', 10_000)
const ENTERPRISES = numberOption('--enterprises', 500)
const WORKERS = numberOption('--workers', 2)
const CONCURRENCY = numberOption('--concurrency', 25)
const STRICT = flag('--strict')
const TARGET = 1_000
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function seedData(db: Db) {
  const p = rewardPolicies[0]!
  const policy = await db.rewardPolicy.create({
    data: {
      name: p.name,
      status: 'APPROVED',
      authority: p.authority,
      validFrom: new Date(p.validFrom),
      validTo: null,
      rateOutsideAuctionBp: p.rateOutsideAuctionBp,
      rateViaAuctionBp: p.rateViaAuctionBp,
      capPerContractFen: BigInt(p.capPerContractFen),
      capPerEnterpriseYearFen: BigInt(p.capPerEnterpriseYearFen),
    },
  })
  const random = prng(42)
  const tag = randomBytes(3).toString('hex')
  const university = await db.organization.create({ data: { kind: 'UNIVERSITY', name: `基准大学${tag}`, creditCode: `BENCHU${tag}`, county: '越城区' } })
  const bureau = await db.organization.create({ data: { kind: 'BUREAU', name: `基准科技局${tag}`, creditCode: `BENCHB${tag}`, county: '越城区' } })
  const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => ({ id: `bench-e${i}-${tag}`, kind: 'ENTERPRISE' as const, name: `基准企业${i}-${tag}`, creditCode: `BENCHE${i}${tag}`, county: '柯桥区' }))
  await db.organization.createMany({ data: enterprises })
  const contracts: { id: string; buyerId: string; viaAuction: boolean }[] = []
  for (const e of enterprises) {
    const n = 1 + Math.floor(random() * 4)
    for (let k = 0; k < n; k++) contracts.push({ id: `${e.id}-c${k}`, buyerId: e.id, viaAuction: random() < 0.5 })
  }
  await db.contract.createMany({
    data: contracts.map((c, i) => ({ id: c.id, bureauId: bureau.id, registrationNo: `BENCH-${tag}-${i}`, kind: 'TRANSFER' as const, buyerId: c.buyerId, sellerId: university.id, amountFen: 10n ** 12n, signedOn: new Date('2026-01-01T00:00:00+08:00'), viaAuction: c.viaAuction, attachmentNames: [] })),
  })
  const byEnterprise = new Map<string, typeof contracts>()
  for (const c of contracts) byEnterprise.set(c.buyerId, [...(byEnterprise.get(c.buyerId) ?? []), c])
  const facts: PaymentFact[] = []
  const rows = []
  for (let i = 0; i < PAYMENTS; i++) {
    const e = enterprises[Math.floor(random() * enterprises.length)]!
    const mine = byEnterprise.get(e.id)!
    const c = mine[Math.floor(random() * mine.length)]!
    // One enterprise in ten buys big: its demand is many times its yearly cap.
    const heavy = Number(e.id.split('-e')[1]!.split('-')[0]) % 10 === 0
    const amountFen = 1 + Math.floor(random() * (heavy ? 5_000_000_00 : 20_000_00))
    const paidAt = new Date(Date.parse('2026-01-01T00:00:00+08:00') + Math.floor(random() * 364 * 86_400_000))
    const id = `bench-p${i}-${tag}`
    rows.push({ id, kind: 'CONTRACT_INSTALMENT' as const, status: 'SUCCEEDED' as const, amountFen: BigInt(amountFen), payerId: e.id, contractId: c.id, idempotencyKey: `contract:${c.id}:${id}`, paidAt })
    facts.push({ paymentId: id, enterpriseId: e.id, contractId: c.id, viaAuction: c.viaAuction, amountFen, paidAtMs: paidAt.getTime() })
  }
  for (let i = 0; i < rows.length; i += 2_000) await db.payment.createMany({ data: rows.slice(i, i + 2_000) })
  return { policy, facts, contracts: contracts.length }
}

function startWorker(url: string, prefix: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/reward-worker.ts'], {
    env: { ...process.env, DATABASE_URL: url, QUEUE_PREFIX: prefix, REDIS_URL, REWARD_CONCURRENCY: String(CONCURRENCY), PROGRESS_EVERY: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if ((JSON.parse(line) as { ready?: boolean }).ready) resolve()
    })
  })
  return { child, ready }
}

async function main(): Promise<number> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    console.error('bench:rewards needs PostgreSQL: set DATABASE_URL=postgresql://… (PGlite cannot be shared by the worker processes).')
    return 2
  }
  const scratch = await createScratchPostgresDatabase(serverUrl)
  const factory = createAdapterFactory({ databaseUrl: scratch.url })
  const prefix = `bench-rewards-${randomBytes(4).toString('hex')}`
  const redis = workerConnection(REDIS_URL)
  const queue = new Queue(QUEUE_NAMES.rewards, { connection: redis, prefix })
  const workers: ReturnType<typeof startWorker>[] = []
  let db: Db | undefined
  try {
    await applyMigrations(factory)
    db = createPrismaClient(factory) as Db
    const t0 = performance.now()
    const { policy, facts, contracts } = await seedData(db)
    console.log(`seeded ${facts.length} payments, ${ENTERPRISES} enterprises, ${contracts} contracts in ${Math.round(performance.now() - t0)} ms (database ${scratch.name})`)
    for (let i = 0; i < WORKERS; i++) workers.push(startWorker(scratch.url, prefix))
    await Promise.all(workers.map((w) => w.ready))
    console.log(`${WORKERS} worker processes ready, concurrency ${CONCURRENCY} each`)

    // Enqueue in chunks as payments would arrive, remembering when each was enqueued.
    const enqueuedAt = new Map<string, number>()
    const start = Date.now()
    const startPerf = performance.now()
    for (let i = 0; i < facts.length; i += 500) {
      const chunk = facts.slice(i, i + 500)
      await queue.addBulk(chunk.map((f) => ({ name: 'reward', data: { paymentId: f.paymentId }, opts: { jobId: rewardJobId(f.paymentId, 'reward'), removeOnComplete: true, attempts: 5, backoff: { type: 'exponential', delay: 200 } } })))
      const at = Date.now()
      for (const f of chunk) enqueuedAt.set(f.paymentId, at)
    }
    const enqueueMs = performance.now() - startPerf
    let stored = 0
    while (stored < facts.length) {
      await new Promise((r) => setTimeout(r, 50))
      stored = await db.reward.count()
      if (performance.now() - startPerf > 600_000) throw new Error(`only ${stored} rewards after 10 minutes`)
    }
    const totalMs = performance.now() - startPerf
    const rewards = await db.reward.findMany({ select: { paymentId: true, contractId: true, enterpriseId: true, year: true, amountFen: true, isReversal: true, createdAt: true } })
    const latencies = rewards.map((r) => r.createdAt.getTime() - enqueuedAt.get(r.paymentId)!).sort((a, b) => a - b)
    const rate = facts.length / (totalMs / 1000)
    console.log(`enqueue ${facts.length} jobs: ${Math.round(enqueueMs)} ms`)
    console.log(`end to end: ${facts.length} rewards stored in ${Math.round(totalMs)} ms = ${Math.round(rate)} jobs/s (target ≥ ${TARGET})`)
    console.log(`latency enqueue → stored: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${latencies[latencies.length - 1]} ms`)
    console.log(`started ${new Date(start).toISOString()}; machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`)

    // Correctness against the sequential computation.
    const problems: string[] = []
    const book = new RewardBook([policyRule(policy)])
    for (const f of facts) book.reward(f)
    const cap = { contract: Number(policy.capPerContractFen), year: Number(policy.capPerEnterpriseYearFen) }
    if (rewards.length !== facts.length || new Set(rewards.map((r) => r.paymentId)).size !== facts.length || rewards.some((r) => r.isReversal)) problems.push('not exactly one reward per payment')
    const yearSum = new Map<string, number>()
    const contractSum = new Map<string, number>()
    for (const r of rewards) {
      const k = `${r.enterpriseId}@${r.year}`
      yearSum.set(k, (yearSum.get(k) ?? 0) + Number(r.amountFen))
      contractSum.set(r.contractId, (contractSum.get(r.contractId) ?? 0) + Number(r.amountFen))
    }
    let atCap = 0
    for (const [k, expected] of book.yearUsed) {
      const got = yearSum.get(k) ?? 0
      if (got !== expected) problems.push(`${k}: ${got} ≠ sequential ${expected}`)
      if (got > cap.year) problems.push(`${k}: ${got} over the yearly cap`)
      if (expected === cap.year) atCap++
    }
    for (const [c, got] of contractSum) if (got > cap.contract) problems.push(`contract ${c}: ${got} over its cap`)
    const yearRows = await db.enterpriseYearRewardTotal.findMany()
    for (const t of yearRows) if (Number(t.rewardedFen) !== (yearSum.get(`${t.enterpriseId}@${t.year}`) ?? 0)) problems.push(`running total ${t.enterpriseId}@${t.year} disagrees`)
    const contractRows = await db.contractRewardTotal.findMany()
    for (const t of contractRows) if (Number(t.rewardedFen) !== (contractSum.get(t.contractId) ?? 0)) problems.push(`running total of contract ${t.contractId} disagrees`)
    const overshoot = [...yearSum.values()].reduce((s, v) => s + Math.max(0, v - cap.year), 0) + [...contractSum.values()].reduce((s, v) => s + Math.max(0, v - cap.contract), 0)
    console.log(`checks: ${book.yearUsed.size} enterprise-years (${atCap} at the cap exactly), ${contractSum.size} contracts, overshoot ${overshoot} fen: ${problems.length === 0 ? 'all equal the sequential computation' : `${problems.length} problems`}`)
    for (const p of problems.slice(0, 20)) console.log(`  ✗ ${p}`)
    if (problems.length) return 1
    if (STRICT && rate < TARGET) {
      console.log(`✗ under the target of ${TARGET} jobs/s`)
      return 1
    }
    return 0
  } finally {
    console.log('cleaning up: workers, queue, scratch database')
    for (const w of workers) w.child.kill('SIGTERM')
    await Promise.all(workers.map((w) => (w.child.exitCode === null ? new Promise((r) => w.child.once('exit', r)) : null)))
    await queue.obliterate({ force: true }).catch(() => undefined)
    await queue.close()
    // The queue does not close a connection it was given.
    await redis.quit().catch(() => undefined)
    await db?.$disconnect()
    await scratch.drop()
  }
}

process.exit(await main())
