// The worker wiring: one BullMQ Worker per registered processor. Processors
// are plain functions in their own modules (workers/*.ts), called directly by
// tests; only this file knows `new Worker(...)`. Runs as its own process
// (`npm run workers`, workers/main.ts) and inside the web process by default.
import { Worker, type Job } from 'bullmq'
import { schedulePaymentFollowups } from '../app/services/payment-followup.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import type { PaymentProvider } from '../app/utils/payment-provider.server.ts'
import { getQueue, QUEUE_NAMES, workerConnection, type QueueName, type QueueSettings } from '../app/utils/queues.server.ts'
import { scheduleRewardSweep } from '../app/services/reward-jobs.server.ts'
import { processPaymentFollowup } from './payment-followup.ts'
import { processRewardJob } from './rewards.ts'
import { processNotificationJob } from './notifications.ts'
import { scheduleNotificationRelay } from '../app/services/notifications.server.ts'
import type { Mailer } from '../app/utils/mail.server.ts'
import { processRequestJob, scheduleRequestEscalation } from './requests.ts'
import { getEnv } from '../app/utils/env.server.ts'

/** What processors need; `provider` and `now` default to the configured provider and the clock; `mailer` defaults to the process's SMTP mailer. */
export type WorkerDeps = { db: Db; provider?: PaymentProvider; now?: () => Date; mailer?: Mailer }

export type Registration = {
  queue: QueueName
  concurrency: number
  process: (job: Job, deps: WorkerDeps) => Promise<unknown>
  /** Repeating jobs of this queue (BullMQ job schedulers), upserted when the workers start. */
  schedule?: (settings: QueueSettings) => Promise<void>
}

/** Every processor of the marketplace; each issue adds its own line. */
export const REGISTRATIONS: Registration[] = [
  { queue: QUEUE_NAMES.payments, concurrency: 1, process: processPaymentFollowup, schedule: (s) => schedulePaymentFollowups(s) },
  // The sweep finds payments whose reward job was lost between commit and enqueue.
  { queue: QUEUE_NAMES.rewards, concurrency: getEnv().REWARD_CONCURRENCY, process: processRewardJob, schedule: (s) => scheduleRewardSweep(getQueue(QUEUE_NAMES.rewards, s)) },
  // The relay every few seconds (and kicked after each notify); e-mail jobs several at a time.
  { queue: QUEUE_NAMES.notifications, concurrency: 4, process: processNotificationJob, schedule: (s) => scheduleNotificationRelay(getQueue(QUEUE_NAMES.notifications, s)) },
  // Overdue requests escalate to their group leader (issue 14): every 10 minutes, idempotent.
  { queue: QUEUE_NAMES.requests, concurrency: 1, process: processRequestJob, schedule: (s) => scheduleRequestEscalation(s) },
]

/** `ready` settles once every registration's schedules are in Redis. */
export type RunningWorkers = { workers: Worker[]; ready: Promise<void>; close(): Promise<void> }

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
  const ready = Promise.all(registrations.map((r) => r.schedule?.(settings))).then(
    () => undefined,
    (error: Error) => console.error(`schedules: ${error.message}`),
  )
  return { workers, ready, close: async () => void (await Promise.all(workers.map((w) => w.close()))) }
}
