// The `payments` queue's processor: a plain function of the job and its
// dependencies (tests call it directly; workers/index.ts wires it to BullMQ).
// It parses the job with zod and calls the use-case; a broken business rule
// (a session that is not over, one that does not exist) is an
// UnrecoverableError so only transient faults are retried.
import { UnrecoverableError, type Job } from 'bullmq'
import { z } from 'zod'
import {
  forfeitOverdueDeposits,
  PAYMENT_JOBS,
  reconcileStuckPayments,
  refundOverSessions,
  refundLotDeposits,
  refundSessionDeposits,
} from '../app/services/payment-followup.server.ts'
import { errorText, ServiceError } from '../app/utils/errors.ts'
import { getPaymentProvider, type PaymentProvider } from '../app/utils/payment-provider.server.ts'
import type { Db } from '../app/utils/db.server.ts'

export type PaymentFollowupDeps = { db: Db; provider?: PaymentProvider; now?: () => Date }

const SessionJob = z.object({ sessionId: z.string().min(1) })
const LotJob = z.object({ lotId: z.string().min(1) })

export async function processPaymentFollowup(job: Pick<Job, 'name' | 'data'>, deps: PaymentFollowupDeps): Promise<unknown> {
  const now = deps.now?.() ?? new Date()
  const provider = () => deps.provider ?? getPaymentProvider()
  try {
    switch (job.name) {
      case PAYMENT_JOBS.forfeitOverdue:
        return await forfeitOverdueDeposits(deps.db, now)
      case PAYMENT_JOBS.reconcileStuck:
        return await reconcileStuckPayments(deps.db, provider(), now)
      case PAYMENT_JOBS.refundOverSessions:
        return await refundOverSessions(deps.db, provider(), now)
      case PAYMENT_JOBS.refundSession: {
        const data = SessionJob.safeParse(job.data)
        if (!data.success) throw new UnrecoverableError(`refund-session needs a sessionId: ${data.error.issues[0]?.message}`)
        return await refundSessionDeposits(deps.db, provider(), data.data.sessionId, now)
      }
      case PAYMENT_JOBS.refundLot: {
        const data = LotJob.safeParse(job.data)
        if (!data.success) throw new UnrecoverableError(`refund-lot needs a lotId: ${data.error.issues[0]?.message}`)
        return await refundLotDeposits(deps.db, provider(), data.data.lotId, now)
      }
      default:
        throw new UnrecoverableError(`unknown payments job ${job.name}`)
    }
  } catch (error) {
    if (error instanceof ServiceError) throw new UnrecoverableError(`${error.code}: ${errorText(error)}`)
    throw error
  }
}
