// The notifications queue's processor: `relay` (scheduled every few seconds
// and kicked after each notify) derives lot notifications from the lots' logs,
// writes reminders and enqueues one `email` job per pending e-mail; `lot`
// derives one lot's notifications right after its events were broadcast;
// `email` sends one notification's e-mail once (app/services/notifications.server.ts).
import { UnrecoverableError, type Job } from 'bullmq'
import { z } from 'zod'
import {
  deliverNotificationEmail,
  deriveLotNotifications,
  NOTIFICATION_JOBS,
  relayNotifications,
  type DeliveryOutcome,
  type RelayOutcome,
} from '../app/services/notifications.server.ts'
import { getMailer } from '../app/utils/mail.server.ts'
import { getQueue, QUEUE_NAMES, queueSettings } from '../app/utils/queues.server.ts'
import type { WorkerDeps } from './index.ts'

const EmailJob = z.object({ notificationId: z.string().min(1).max(64) })
const LotJob = z.object({ lotId: z.string().min(1).max(64) })

export async function processNotificationJob(job: Job, deps: WorkerDeps): Promise<RelayOutcome | DeliveryOutcome | { derived: number }> {
  const now = deps.now?.() ?? new Date()
  if (job.name === NOTIFICATION_JOBS.relay) {
    // The e-mail jobs go to the queue this job came from (its prefix), on the configured Redis.
    const queue = getQueue(QUEUE_NAMES.notifications, { redisUrl: queueSettings().redisUrl, prefix: job.prefix })
    return relayNotifications(deps.db, queue, now)
  }
  if (job.name === NOTIFICATION_JOBS.lot) {
    const parsed = LotJob.safeParse(job.data)
    if (!parsed.success) throw new UnrecoverableError('a lot job needs { lotId }')
    return { derived: await deriveLotNotifications(deps.db, parsed.data.lotId, now) }
  }
  if (job.name === NOTIFICATION_JOBS.email) {
    const parsed = EmailJob.safeParse(job.data)
    if (!parsed.success) throw new UnrecoverableError('an e-mail job needs { notificationId }')
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
    return deliverNotificationEmail(deps.db, deps.mailer ?? getMailer(), parsed.data.notificationId, now, { finalAttempt })
  }
  throw new UnrecoverableError(`unknown job ${job.name}`)
}
