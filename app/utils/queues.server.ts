// BullMQ queues on Redis. One module names every queue and opens their
// connections, so web process, workers and tests agree. QUEUE_PREFIX keeps
// test runs apart (each test passes its own prefix).
import { Queue, type ConnectionOptions } from 'bullmq'
import { Redis } from 'ioredis'
import { getEnv } from './env.server.ts'
import { singleton } from './singleton.server.ts'

export const QUEUE_NAMES = {
  /** One job per succeeded payment that counts toward a reward (job id from the payment). */
  rewards: 'rewards',
  /** Payment follow-up: forfeits after the deadline, reconciliation, refunds after a close. */
  payments: 'payments',
  /** Notifications: the relay (lot events, reminders, pending e-mails) and one e-mail job per notification. */
  notifications: 'notifications',
  /** Closed-loop requests: the scheduled escalation of overdue requests to their group leader. */
  requests: 'requests',
} as const
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES]

export type QueueSettings = { redisUrl: string; prefix: string }

export function queueSettings(): QueueSettings {
  return { redisUrl: getEnv().REDIS_URL, prefix: getEnv().QUEUE_PREFIX }
}

/** Workers need `maxRetriesPerRequest: null` (BullMQ blocks on this connection). */
export function workerConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null })
}

const queues = singleton('queues', () => new Map<string, Queue>())

/** The process's producer for a queue (one per process, like the database client). */
export function getQueue(name: QueueName, settings: QueueSettings = queueSettings()): Queue {
  const key = `${settings.prefix}:${settings.redisUrl}:${name}`
  let queue = queues.get(key)
  if (!queue) {
    const connection: ConnectionOptions = new Redis(settings.redisUrl, { maxRetriesPerRequest: null })
    queue = new Queue(name, {
      connection,
      prefix: settings.prefix,
      defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: false },
    })
    queues.set(key, queue)
  }
  return queue
}

export async function closeQueues(): Promise<void> {
  const open = [...queues.values()]
  queues.clear()
  await Promise.all(open.map((q) => q.close()))
}
