// The worker wiring: one BullMQ Worker per registered processor. Processors
// are plain functions in their own modules (workers/*.ts), called directly by
// tests; only this file knows `new Worker(...)`. Runs as its own process
// (`npm run workers`, workers/main.ts) and inside the web process by default.
import { Worker, type Job } from 'bullmq'
import type { Db } from '../app/utils/db.server.ts'
import { QUEUE_NAMES, workerConnection, type QueueName, type QueueSettings } from '../app/utils/queues.server.ts'
import type { SqlRunner } from '../app/utils/sql-runner.server.ts'
import { processRewardJob } from './rewards.ts'

/** `sql`: the reward worker's statements straight over the driver adapter (PostgreSQL worker processes); default through Prisma. */
export type WorkerDeps = { db: Db; now?: () => Date; sql?: SqlRunner }

export type Registration = {
  queue: QueueName
  concurrency: number
  process: (job: Job, deps: WorkerDeps) => Promise<unknown>
}

/** Every processor of the marketplace; each issue adds its own line. */
export const REGISTRATIONS: Registration[] = [
  { queue: QUEUE_NAMES.rewards, concurrency: Number(process.env.REWARD_CONCURRENCY) || 25, process: processRewardJob },
]

export type RunningWorkers = { workers: Worker[]; close(): Promise<void> }

export function startWorkers(deps: WorkerDeps, settings: QueueSettings, registrations: Registration[] = REGISTRATIONS): RunningWorkers {
  const workers = registrations.map((r) => {
    const worker = new Worker(r.queue, (job) => r.process(job, deps), {
      connection: workerConnection(settings.redisUrl),
      prefix: settings.prefix,
      concurrency: r.concurrency,
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    })
    worker.on('error', (error) => console.error(`worker ${r.queue}: ${error.message}`))
    return worker
  })
  return { workers, close: async () => void (await Promise.all(workers.map((w) => w.close()))) }
}
