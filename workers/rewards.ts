// The rewards queue's processor: one job per payment (id from the payment)
// brings that payment's reward in line with it; the scheduled `sweep` job
// finds payments whose enqueue was lost. Plain functions, called directly by
// tests; the Worker wiring is workers/index.ts.
import { UnrecoverableError, type Job } from 'bullmq'
import { z } from 'zod'
import { REWARD_JOB, SWEEP_JOB } from '../app/services/reward-jobs.server.ts'
import { settlePaymentReward, sweepRewards, type SettleOutcome } from '../app/services/reward-worker.server.ts'
import type { WorkerDeps } from './index.ts'

const RewardJobSchema = z.object({ paymentId: z.string().min(1).max(64) })

export async function processRewardJob(job: Job, deps: WorkerDeps): Promise<SettleOutcome | { swept: number }> {
  const now = deps.now?.() ?? new Date()
  if (job.name === SWEEP_JOB) return { swept: await sweepRewards(deps.db, now) }
  if (job.name !== REWARD_JOB) throw new UnrecoverableError(`unknown job ${job.name}`)
  const parsed = RewardJobSchema.safeParse(job.data)
  if (!parsed.success) throw new UnrecoverableError('a reward job needs { paymentId }')
  const outcome = await settlePaymentReward(deps.db, parsed.data.paymentId, now)
  // A job for a payment that does not exist will never succeed: do not retry it.
  if (outcome.outcome === 'unknown-payment') throw new UnrecoverableError(`payment ${parsed.data.paymentId} not found`)
  return outcome
}
