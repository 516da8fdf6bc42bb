// What happens to money without anyone clicking: deposits forfeited after a
// missed deadline, payments left "processing" by a lost answer asked about
// again, losing deposits refunded once their lot is decided (or, for a
// session-wide deposit from before decision 021, once the session is over). Each is a use-case
// the BullMQ `payments` queue runs (workers/payment-followup.ts) and that
// staff can also trigger by hand; every one is idempotent, so running it once
// or five times ends in the same state.
import { getQueue, QUEUE_NAMES, queueSettings, type QueueSettings } from '~/utils/queues.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { PaymentProviderError, type PaymentProvider } from '~/utils/payment-provider.server.ts'
import { errorText, ServiceError } from '~/utils/errors.ts'
import { reconcilePayment } from './card-payments.server.ts'
import { forfeitDeposit, losingDepositsHeld, lotDepositsToRefund, refundDeposit, SESSIONS_HOLDING_LOSING_DEPOSITS } from './deposits.server.ts'
import type { Payment } from '~/generated/prisma/client.ts'

/** The jobs of the `payments` queue. */
export const PAYMENT_JOBS = {
  forfeitOverdue: 'forfeit-overdue',
  reconcileStuck: 'reconcile-stuck',
  refundSession: 'refund-session',
  refundLot: 'refund-lot',
  refundOverSessions: 'refund-over-sessions',
} as const
export type PaymentJobName = (typeof PAYMENT_JOBS)[keyof typeof PAYMENT_JOBS]

/** A payment still "processing" after this long is asked about (the answer was lost, or the webhook). */
export const RECONCILE_AFTER_MS = 5 * 60 * 1000

export type SweepSkip = { id: string; code: string; message: string }

/** Forfeits the deposit of every deal whose payment deadline passed unpaid (the system acts, actor null). */
export async function forfeitOverdueDeposits(db: Db, now: Date): Promise<{ forfeited: string[]; skipped: SweepSkip[] }> {
  const overdue = await db.deal.findMany({
    where: { status: 'AWAITING_PAYMENT', paymentDeadline: { lt: now }, lotId: { not: null } },
    select: { id: true },
    orderBy: { paymentDeadline: 'asc' },
  })
  const forfeited: string[] = []
  const skipped: SweepSkip[] = []
  for (const deal of overdue) {
    try {
      await forfeitDeposit(db, null, deal.id, now)
      forfeited.push(deal.id)
    } catch (error) {
      // A settlement still processing waits for its answer; a deal paid meanwhile is no longer overdue.
      if (!(error instanceof ServiceError)) throw error
      skipped.push({ id: deal.id, code: error.code, message: errorText(error) })
    }
  }
  return { forfeited, skipped }
}

/** Asks the provider about every payment that has been "processing" for longer than `olderThanMs`. */
export async function reconcileStuckPayments(
  db: Db,
  provider: PaymentProvider,
  now: Date,
  olderThanMs = RECONCILE_AFTER_MS,
): Promise<{ settled: { id: string; status: string }[]; unknown: string[] }> {
  const stuck = await db.payment.findMany({
    where: { status: 'PROCESSING', updatedAt: { lt: new Date(now.getTime() - olderThanMs) }, kind: { in: ['DEPOSIT', 'SETTLEMENT', 'REWARD_PAYOUT', 'VOUCHER_SHARE', 'VOUCHER_PAYOUT'] } },
    select: { id: true },
    orderBy: { updatedAt: 'asc' },
    take: 200,
  })
  const settled: { id: string; status: string }[] = []
  const unknown: string[] = []
  for (const p of stuck) {
    try {
      const outcome = await reconcilePayment(db, provider, p.id, now)
      if (outcome.status === 'PROCESSING') unknown.push(p.id)
      else settled.push({ id: p.id, status: outcome.status })
    } catch (error) {
      // The provider did not answer this time either: the next run asks again.
      if (!(error instanceof PaymentProviderError) || !error.isOutcomeUnknown) throw error
      unknown.push(p.id)
    }
  }
  return { settled, unknown }
}

/** Refunds each deposit on its own (one refused refund does not hold up the others); throws when any is not done. */
async function refundEach(db: Db, provider: PaymentProvider, deposits: Payment[], what: string, now: Date): Promise<{ refunded: string[] }> {
  const refunded: string[] = []
  const problems: string[] = []
  for (const p of deposits) {
    try {
      const outcome = await refundDeposit(db, provider, null, p.id, now)
      if (outcome.status === 'REFUNDED') refunded.push(p.id)
      else problems.push(`${p.id}: ${outcome.message}`)
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error
      problems.push(`${p.id}: ${errorText(error)}`)
    }
  }
  if (problems.length) throw new Error(`${what}: ${problems.length} deposit refund(s) not done: ${problems.join('; ')}`)
  return { refunded }
}

/**
 * Refunds the deposits a session must give back now (losingDepositsHeld: the losers' deposits of its decided
 * lots, and its session-wide deposits from before decision 021 once it is over). Throws when a refund is not
 * confirmed, so the job is retried; the refund keys make a retry harmless.
 */
export async function refundSessionDeposits(db: Db, provider: PaymentProvider, sessionId: string, now: Date): Promise<{ refunded: string[] }> {
  // The job is asked for once a session is over; before that, each lot's own job refunds its losers.
  const session = await db.auctionSession.findUnique({ where: { id: sessionId }, select: { status: true } })
  if (!session) throw new ServiceError('not-found', 'session.not-found')
  if (session.status !== 'CLOSED' && session.status !== 'CANCELLED') throw new ServiceError('wrong-status', 'deposit.refund-after-close')
  return refundEach(db, provider, await losingDepositsHeld(db, sessionId), `session ${sessionId}`, now)
}

/** Refunds the losers' deposits of a lot just decided (sold, unsold or cancelled); refused before that. */
export async function refundLotDeposits(db: Db, provider: PaymentProvider, lotId: string, now: Date): Promise<{ refunded: string[] }> {
  return refundEach(db, provider, await lotDepositsToRefund(db, lotId), `lot ${lotId}`, now)
}

/** Sessions that still hold deposits they must give back (of decided lots, or of a session that is over). */
export async function sessionsWithLosingDepositsHeld(db: Db): Promise<string[]> {
  const sessions = await db.auctionSession.findMany({ where: SESSIONS_HOLDING_LOSING_DEPOSITS, select: { id: true } })
  const out: string[] = []
  for (const s of sessions) if ((await losingDepositsHeld(db, s.id)).length) out.push(s.id)
  return out
}

/** The safety net behind `enqueueLotRefunds` and `enqueueSessionRefunds`: refunds what any session still holds. */
export async function refundOverSessions(db: Db, provider: PaymentProvider, now: Date): Promise<{ sessions: string[]; failed: SweepSkip[] }> {
  const sessions = await sessionsWithLosingDepositsHeld(db)
  const failed: SweepSkip[] = []
  for (const id of sessions) {
    try {
      await refundEach(db, provider, await losingDepositsHeld(db, id), `session ${id}`, now)
    } catch (error) {
      failed.push({ id, code: error instanceof ServiceError ? error.code : 'pending', message: error instanceof ServiceError ? errorText(error) : (error as Error).message })
    }
  }
  return { sessions, failed }
}

// ---------------------------------------------------------------------------
// Producers.

/** The job id of a session's refunds: one job per session, however often it is asked for. */
export function sessionRefundJobId(sessionId: string): string {
  return `refund-session-${sessionId}`
}

/**
 * Asks the workers to refund the losing deposits of a session that has just
 * become CLOSED or CANCELLED. Call it after the transaction that closed the
 * session committed (a job that finds the session still live fails without
 * retries). Idempotent: the job id comes from the session, so calling it twice
 * queues one job, and the job itself refunds each deposit once. Called again
 * after its job failed, it runs that job again. The `refund-over-sessions`
 * sweep catches a session whose call was lost.
 */
export async function enqueueSessionRefunds(sessionId: string, settings: QueueSettings = queueSettings()) {
  const queue = getQueue(QUEUE_NAMES.payments, settings)
  const jobId = sessionRefundJobId(sessionId)
  const existing = await queue.getJob(jobId)
  if (existing && (await existing.isFailed())) {
    await existing.retry('failed', { resetAttemptsMade: true })
    return existing
  }
  return queue.add(PAYMENT_JOBS.refundSession, { sessionId }, { jobId })
}

/** The job id of a lot's refunds: one job per lot, however often it is asked for. */
export function lotRefundJobId(lotId: string): string {
  return `refund-lot-${lotId}`
}

/**
 * Asks the workers to refund the losers' deposits of a lot that has just been decided (closed sold or unsold,
 * or cancelled); call it after that transaction committed. Idempotent like enqueueSessionRefunds: one job per
 * lot, a failed one is run again, and the `refund-over-sessions` sweep catches a call that was lost.
 */
export async function enqueueLotRefunds(lotId: string, settings: QueueSettings = queueSettings()) {
  const queue = getQueue(QUEUE_NAMES.payments, settings)
  const jobId = lotRefundJobId(lotId)
  const existing = await queue.getJob(jobId)
  if (existing && (await existing.isFailed())) {
    await existing.retry('failed', { resetAttemptsMade: true })
    return existing
  }
  return queue.add(PAYMENT_JOBS.refundLot, { lotId }, { jobId })
}

/** The repeating sweeps, as BullMQ job schedulers (upserted at every start: same id, same schedule). */
export const PAYMENT_SCHEDULES: { id: string; name: PaymentJobName; every: number }[] = [
  { id: 'payments-forfeit-overdue', name: PAYMENT_JOBS.forfeitOverdue, every: 60_000 },
  { id: 'payments-reconcile-stuck', name: PAYMENT_JOBS.reconcileStuck, every: 60_000 },
  { id: 'payments-refund-over-sessions', name: PAYMENT_JOBS.refundOverSessions, every: 10 * 60_000 },
]

export async function schedulePaymentFollowups(settings: QueueSettings = queueSettings(), schedules = PAYMENT_SCHEDULES): Promise<void> {
  const queue = getQueue(QUEUE_NAMES.payments, settings)
  for (const s of schedules) {
    await queue.upsertJobScheduler(s.id, { every: s.every }, { name: s.name, data: {}, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 500 } })
  }
}
