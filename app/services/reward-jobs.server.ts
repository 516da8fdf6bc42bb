// Reward jobs on the BullMQ `rewards` queue. A payment that succeeds (or is
// applied, refunded, or whose contract is cancelled) asks for a job whose id
// comes from the payment, AFTER its transaction commits; the job id
// de-duplicates a retry, a duplicate webhook or a second worker, and the
// database's unique (paymentId, isReversal) makes it once-only even when jobs
// have been removed. An enqueue lost between commit and enqueue (the process
// died, Redis was away) is picked up by the sweep (`sweepRewards`), which runs
// on a schedule in the worker.
//
// Enqueueing is switched on by the processes that own a queue (the web
// process, `npm run workers`, tests with their own prefix); until then it is a
// no-op, so a script or test that never asked for it never drops jobs into a
// shared Redis. They pass the queue in (getQueue(QUEUE_NAMES.rewards, …)), so
// a process that never switches the jobs on does not load BullMQ for this
// module (the socket path reaches it through the deposits). One per process
// (singleton): the Remix build carries its own copy of this module.
import type { Queue } from 'bullmq'
import { singleton } from '~/utils/singleton.server.ts'
import { RedisUnavailableError, withinRedisWait } from '~/utils/redis.server.ts'

export type RewardJobData = { paymentId: string }
export const REWARD_JOB = 'reward'
export const SWEEP_JOB = 'sweep'

const holder = singleton('reward-queue', () => ({ queue: null as Queue | null }))

export function enableRewardJobs(queue: Queue): Queue {
  holder.queue = queue
  return queue
}

export function disableRewardJobs(): void {
  holder.queue = null
}

export function rewardQueue(): Queue | null {
  return holder.queue ?? null
}

/**
 * The job id of a payment's reward work. BullMQ ids may not contain ':'; cuid
 * ids never do. `reward-` computes, `reversal-` undoes after a refund or a
 * cancellation (a different id, because the first job may still be kept as
 * completed and would swallow a second add with its id); `round` gives the
 * sweep its own ids for the same reason.
 */
export function rewardJobId(paymentId: string, op: 'reward' | 'reversal', round?: string): string {
  if (paymentId.includes(':')) throw new RangeError('a payment id with ":" cannot name a BullMQ job')
  return round ? `${op}-${paymentId}-${round}` : `${op}-${paymentId}`
}

/** Adds the jobs; never throws (the sweep catches up), says how many were asked for. */
export async function requestRewardJobs(requests: { paymentId: string; op: 'reward' | 'reversal'; round?: string }[]): Promise<number> {
  const queue = rewardQueue()
  if (!queue || requests.length === 0) return 0
  try {
    // Bounded: while Redis is away the adds wait in ioredis's queue and go out when it is back.
    await withinRedisWait(queue.addBulk(
      requests.map((r) => ({ name: REWARD_JOB, data: { paymentId: r.paymentId } satisfies RewardJobData, opts: { jobId: rewardJobId(r.paymentId, r.op, r.round) } })),
    ))
    return requests.length
  } catch (error) {
    console.warn(`reward jobs not enqueued (the sweep will pick them up): ${(error as Error).message}`)
    return 0
  }
}

/** The sweep runs every few minutes on the rewards queue (an upsert: every process may call it). */
export async function scheduleRewardSweep(queue: Queue, everyMs = 5 * 60_000): Promise<void> {
  await queue.upsertJobScheduler('reward-sweep', { every: everyMs }, { name: SWEEP_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } })
}

export type FailedRewardJob = { id: string; name: string; paymentId: string | null; error: string; attempts: number; failedAt: string | null }

/** Jobs that gave up (after their retries), with their error, for staff. */
/** Jobs that gave up, or null while Redis (which keeps them) does not answer. */
export async function failedRewardJobs(limit = 100): Promise<FailedRewardJob[] | null> {
  const queue = rewardQueue()
  if (!queue) return []
  const jobs = await withinRedisWait(queue.getFailed(0, limit - 1)).catch((error: unknown) => {
    if (error instanceof RedisUnavailableError) return null
    throw error
  })
  if (!jobs) return null
  return jobs.map((j) => ({
    id: j.id ?? '',
    name: j.name,
    paymentId: typeof j.data?.paymentId === 'string' ? j.data.paymentId : null,
    error: j.failedReason ?? '',
    attempts: j.attemptsMade,
    failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
  }))
}

/** Puts a failed job back in the queue (its processor is idempotent, so a retry is always safe). */
export async function retryRewardJob(jobId: string): Promise<boolean> {
  const queue = rewardQueue()
  const job = queue ? await queue.getJob(jobId) : undefined
  if (!job || !(await job.isFailed())) return false
  await job.retry('failed')
  return true
}
