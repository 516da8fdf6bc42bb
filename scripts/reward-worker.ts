// One rewards worker process on its own, for the benchmark and the crash test
// (`npm run workers` runs every queue and the sweep; this runs only the
// reward processor, so timings measure it alone):
//   DATABASE_URL=postgresql://… QUEUE_PREFIX=… REWARD_CONCURRENCY=25 tsx scripts/reward-worker.ts
// Optional: WORKER_LOCK_MS / WORKER_STALLED_MS (stall detection, so a killed
// worker's jobs come back quickly), SQL_POOL_MAX (connections of the SQL port). Prints one JSON
// line when ready and one every PROGRESS_EVERY completed jobs.
import { Worker } from 'bullmq'
import { createAdapterFactory, createPrismaClient } from '../app/utils/database.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { closeSqlPort } from '../app/utils/sql.server.ts'
import { QUEUE_NAMES, workerConnection } from '../app/utils/queues.server.ts'
import { processRewardJob } from '../workers/rewards.ts'

const env = getEnv()
const url = env.DATABASE_URL
if (!url) {
  console.error('scripts/reward-worker.ts needs DATABASE_URL (PostgreSQL: PGlite cannot be shared by processes)')
  process.exit(2)
}
const every = env.PROGRESS_EVERY
const factory = createAdapterFactory({ databaseUrl: url })
const db = createPrismaClient(factory) as Db
let done = 0
const worker = new Worker(QUEUE_NAMES.rewards, (job) => processRewardJob(job, { db }), {
  connection: workerConnection(env.REDIS_URL),
  prefix: env.QUEUE_PREFIX,
  concurrency: env.REWARD_CONCURRENCY,
  lockDuration: env.WORKER_LOCK_MS,
  stalledInterval: env.WORKER_STALLED_MS,
  maxStalledCount: 10,
  removeOnComplete: { count: 100_000 },
  removeOnFail: { count: 100_000 },
})
worker.on('completed', () => {
  done++
  if (done % every === 0) process.stdout.write(`${JSON.stringify({ pid: process.pid, done })}\n`)
})
worker.on('error', (error) => process.stderr.write(`worker error: ${error.message}\n`))
await worker.waitUntilReady()
process.stdout.write(`${JSON.stringify({ pid: process.pid, ready: true })}\n`)
const stop = async () => {
  await worker.close()
  await closeSqlPort(db)
  await db.$disconnect()
  process.stdout.write(`${JSON.stringify({ pid: process.pid, done, closed: true })}\n`)
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
