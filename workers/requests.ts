// The `requests` queue's processor: the escalation of overdue requests (deadline passed, not answered) to their
// group leader, as a notification written in the same transaction as the flag (app/services/service-requests.server.ts).
// A plain function of the job (tests call it directly); idempotent, so a repeated run escalates nothing twice.
import { UnrecoverableError, type Job } from 'bullmq'
import { escalateOverdueRequests } from '../app/services/service-requests.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { getQueue, QUEUE_NAMES, queueSettings, type QueueSettings } from '../app/utils/queues.server.ts'

export const REQUEST_JOBS = { escalate: 'escalate-overdue' } as const

export async function processRequestJob(job: Pick<Job, 'name'>, deps: { db: Db; now?: () => Date }): Promise<unknown> {
  if (job.name !== REQUEST_JOBS.escalate) throw new UnrecoverableError(`unknown requests job ${job.name}`)
  return { escalated: await escalateOverdueRequests(deps.db, deps.now?.() ?? new Date()) }
}

export async function scheduleRequestEscalation(settings: QueueSettings = queueSettings(), everyMs = 10 * 60_000): Promise<void> {
  const queue = getQueue(QUEUE_NAMES.requests, settings)
  await queue.upsertJobScheduler('escalate-overdue-requests', { every: everyMs }, { name: REQUEST_JOBS.escalate, data: {}, opts: { attempts: 3, removeOnComplete: 100, removeOnFail: 500 } })
}
