// The payments queue's follow-up jobs, on a real database and the msw mock:
// forfeits after the deadline, reconciliation of payments left "processing",
// refunds of a session's losing deposits. First the processor called
// directly (each job run five times ends where one run ends), then through
// BullMQ on the real Redis, with a queue prefix of its own, waiting on the
// queue's events.
import { randomBytes } from 'node:crypto'
import { QueueEvents } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { historyExplains, type PaymentStatus } from '~/domain/payments.ts'
import {
  enqueueSessionRefunds,
  PAYMENT_JOBS,
  PAYMENT_SCHEDULES,
  schedulePaymentFollowups,
  sessionRefundJobId,
} from '~/services/payment-followup.server.ts'
import { startDepositPayment } from '~/services/deposits.server.ts'
import { depositReport } from '~/services/payment-reports.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { closeQueues, getQueue, QUEUE_NAMES, type QueueSettings } from '~/utils/queues.server.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { REGISTRATIONS, startWorkers, type RunningWorkers } from '../../workers/index.ts'
import { processPaymentFollowup } from '../../workers/payment-followup.ts'
import { createDeal } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, testClient, resetProvider, startWiredProvider } from '../support/payments.ts'
import { largestDepositLot } from '../support/payments.ts'
import { makeApprovedReward } from '../support/rewards.ts'
import { lotDepositKey } from '~/domain/payments.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let staff: Principal
const { client: provider } = testClient()
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db)
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
})
afterAll(async () => {
  mock?.close()
  await close?.()
})
beforeEach(() => resetProvider(mock))

const MINUTE = 60_000

/** A session whose enterprises have paid their deposits, then closed: `deals[i]` is the price enterprise i won at (null: won nothing). */
async function closedSession(deals: (number | null)[], deadline: Date) {
  const { session, lots } = await makeSession(db, { now: new Date(), lotDeposits: deals.map(() => 1_000_000) })
  const enterprises: (Principal & { name: string })[] = []
  for (let i = 0; i < deals.length; i++) {
    const e = await makePrincipal(db, 'ENTERPRISE', `企业${i}`)
    await register(db, session.id, e)
    expect((await startDepositPayment(db, provider, e, { lotId: lots[i]!.id, card: card() }, new Date())).status).toBe('SUCCEEDED')
    enterprises.push(e)
  }
  await mock.provider.webhooksSettled()
  await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
  const dealIds: (string | null)[] = []
  for (let i = 0; i < deals.length; i++) {
    const price = deals[i]
    if (price === null || price === undefined) {
      dealIds.push(null)
      continue
    }
    const lot = lots[i]!
    const deal = await createDeal(db, lot, enterprises[i]!, { priceFen: price, paymentDeadline: deadline })
    dealIds.push(deal.id)
  }
  return { session, enterprises, dealIds }
}

async function depositOf(sessionId: string, e: Principal) {
  return db.payment.findFirstOrThrow({ where: { sessionId, payerId: e.organizationId, kind: 'DEPOSIT' }, include: { ledgerEntries: true } })
}

async function explained(paymentId: string): Promise<boolean> {
  const p = await db.payment.findUniqueOrThrow({ where: { id: paymentId } })
  const trail = await db.auditLog.findMany({ where: { entityType: 'Payment', entityId: paymentId, toStatus: { not: null } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
  return historyExplains(p.kind, trail.map((a) => ({ from: a.fromStatus as PaymentStatus | null, to: a.toStatus as PaymentStatus })), p.status)
}

const run = (name: string, now: Date, data: unknown = {}) => processPaymentFollowup({ name, data }, { db, provider, now: () => now })

describe('the processor, called directly', () => {
  test('forfeit-overdue: an unpaid deal past its deadline loses its deposit; one on time, or with a settlement processing, does not; five runs = one', async () => {
    const deadline = new Date(Date.now() + 2 * MINUTE)
    const { session, enterprises, dealIds } = await closedSession([3_000_000, 3_000_000, 3_000_000], deadline)
    const [defaulter, processing, onTime] = enterprises
    // on time: the third deal gets a later deadline
    await db.deal.update({ where: { id: dealIds[2]! }, data: { paymentDeadline: new Date(Date.now() + 86_400_000) } })
    // the second winner pays before the deadline, but the answer is lost (every retry times out): PROCESSING
    mock.provider.webhookMode = 'manual'
    const { client: impatient } = testClient({ maxAttempts: 1 })
    mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
    const stuck = await startSettlementPayment(db, impatient, processing!, { dealId: dealIds[1]!, card: card() }, new Date())
    expect(stuck.status).toBe('PROCESSING')
    mock.provider.pending = [] // its webhook is lost too

    const late = new Date(deadline.getTime() + MINUTE)
    const first = (await run(PAYMENT_JOBS.forfeitOverdue, late)) as { forfeited: string[]; skipped: { id: string; code: string }[] }
    expect(first.forfeited).toEqual([dealIds[0]])
    expect(first.skipped).toMatchObject([{ id: dealIds[1], code: 'conflict' }])
    for (let i = 0; i < 4; i++) expect(await run(PAYMENT_JOBS.forfeitOverdue, late)).toMatchObject({ forfeited: [] })

    const forfeited = await depositOf(session.id, defaulter!)
    expect(forfeited.status).toBe('FORFEITED')
    expect(forfeited.ledgerEntries.map((e) => e.kind).sort()).toEqual(['deposit_forfeited', 'deposit_received'])
    expect(await db.deal.findUniqueOrThrow({ where: { id: dealIds[0]! } })).toMatchObject({ status: 'DEFAULTED' })
    // the system did it: no person in the audit entry
    expect(await db.auditLog.findFirst({ where: { entityId: forfeited.id, action: 'payment.forfeit' } })).toMatchObject({ actorId: null, toStatus: 'FORFEITED' })
    expect((await depositOf(session.id, onTime!)).status).toBe('SUCCEEDED')
    expect((await depositOf(session.id, processing!)).status).toBe('SUCCEEDED')

    // reconcile-stuck, five minutes on, asks the provider: the settlement went through; deposit applied, deal paid
    const reconciled = await run(PAYMENT_JOBS.reconcileStuck, new Date(Date.now() + 6 * MINUTE))
    expect(reconciled).toEqual({ settled: [{ id: stuck.paymentId, status: 'SUCCEEDED' }], unknown: [] })
    for (let i = 0; i < 4; i++) expect(await run(PAYMENT_JOBS.reconcileStuck, new Date(Date.now() + 6 * MINUTE))).toEqual({ settled: [], unknown: [] })
    expect((await depositOf(session.id, processing!)).status).toBe('APPLIED')
    expect(await db.deal.findUniqueOrThrow({ where: { id: dealIds[1]! } })).toMatchObject({ status: 'PAID' })
    // and the next forfeit run leaves the paid deal alone
    expect(await run(PAYMENT_JOBS.forfeitOverdue, late)).toEqual({ forfeited: [], skipped: [] })
    expect(await depositReport(db, session.id)).toMatchObject({ paid: 3_000_000, forfeited: 1_000_000, applied: 1_000_000, held: 1_000_000, balanced: true })
    for (const e of enterprises) expect(await explained((await depositOf(session.id, e)).id)).toBe(true)
  })

  test('reconcile-stuck leaves a payment that has been processing for less than five minutes alone', async () => {
    const { session } = await makeSession(db, { now: new Date() })
    const e = await makePrincipal(db, 'ENTERPRISE', '浙江越隆缝制设备有限公司')
    await register(db, session.id, e)
    mock.provider.webhookMode = 'manual'
    mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
    const { client: impatient } = testClient({ maxAttempts: 1 })
    const outcome = await startDepositPayment(db, impatient, e, { lotId: await largestDepositLot(db, session.id), card: card() }, new Date())
    expect(outcome.status).toBe('PROCESSING')
    expect(await run(PAYMENT_JOBS.reconcileStuck, new Date(Date.now() + MINUTE))).toEqual({ settled: [], unknown: [] })
    expect((await db.payment.findUniqueOrThrow({ where: { id: outcome.paymentId } })).status).toBe('PROCESSING')
    expect(await run(PAYMENT_JOBS.reconcileStuck, new Date(Date.now() + 6 * MINUTE))).toMatchObject({ settled: [{ id: outcome.paymentId, status: 'SUCCEEDED' }] })
    mock.provider.pending = []
  })

  test('reconcile-stuck settles a payout whose answer was lost by sending it again under the same key: one payout', async () => {
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '获奖企业')
    const reward = await makeApprovedReward(db, staff, enterprise, { amountFen: 5_000_000, paidFen: 50_000_000, now: new Date() })
    mock.provider.webhookMode = 'manual'
    mock.provider.timeoutNextAfterEffect({ path: /^\/v1\/payouts$/ })
    const { client: impatient } = testClient({ maxAttempts: 1 })
    const outcome = await payoutReward(db, impatient, staff, reward.id, new Date())
    expect(outcome.status).toBe('PROCESSING')
    expect((await db.payment.findUniqueOrThrow({ where: { id: outcome.paymentId } })).providerId).toBeNull()
    mock.provider.pending = []
    const payoutsBefore = mock.provider.payouts.size

    for (let i = 0; i < 3; i++) await run(PAYMENT_JOBS.reconcileStuck, new Date(Date.now() + 6 * MINUTE))
    const payment = await db.payment.findUniqueOrThrow({ where: { id: outcome.paymentId }, include: { ledgerEntries: true } })
    expect(payment.status).toBe('SUCCEEDED')
    expect(payment.providerId).toMatch(/^po_/)
    expect(payment.ledgerEntries.map((e) => e.kind)).toEqual(['reward_paid_out'])
    expect(mock.provider.payouts.size).toBe(payoutsBefore) // the replay made no new payout
    expect(mock.provider.calls.filter((c) => c.idempotencyKey === `payout:${reward.id}`).map((c) => c.replayed)).toEqual([false, true])
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ status: 'PAID' })
    expect(await explained(payment.id)).toBe(true)
  })

  test('refund-session: the losers of a closed session get their deposits back once, however often it runs; winners keep theirs', async () => {
    const { session, enterprises } = await closedSession([3_000_000, null, null], new Date(Date.now() + 86_400_000))
    const refundsBefore = mock.provider.refunds.size
    const first = await run(PAYMENT_JOBS.refundSession, new Date(), { sessionId: session.id })
    expect((first as { refunded: string[] }).refunded).toHaveLength(2)
    for (let i = 0; i < 4; i++) expect(await run(PAYMENT_JOBS.refundSession, new Date(), { sessionId: session.id })).toEqual({ refunded: [] })
    await mock.provider.webhooksSettled()
    expect(mock.provider.refunds.size - refundsBefore).toBe(2)
    expect((await depositOf(session.id, enterprises[0]!)).status).toBe('SUCCEEDED')
    for (const e of enterprises.slice(1)) {
      const d = await depositOf(session.id, e)
      expect(d.status).toBe('REFUNDED')
      expect(d.ledgerEntries.map((x) => x.kind).sort()).toEqual(['deposit_received', 'deposit_refunded'])
    }
    expect(await depositReport(db, session.id)).toMatchObject({ paid: 3_000_000, refunded: 2_000_000, held: 1_000_000, balanced: true })
  })

  test('broken rules are unrecoverable: a session not over, an unknown session, a job without a session', async () => {
    const { session } = await makeSession(db, { now: new Date(), status: 'LIVE' })
    await expect(run(PAYMENT_JOBS.refundSession, new Date(), { sessionId: session.id })).rejects.toMatchObject({ name: 'UnrecoverableError', message: 'wrong-status: 竞价结束后才能退还保证金' })
    await expect(run(PAYMENT_JOBS.refundSession, new Date(), { sessionId: 'nope' })).rejects.toMatchObject({ name: 'UnrecoverableError', message: 'not-found: 找不到该场竞价' })
    await expect(run(PAYMENT_JOBS.refundSession, new Date(), {})).rejects.toMatchObject({ name: 'UnrecoverableError' })
    await expect(run('no-such-job', new Date())).rejects.toMatchObject({ name: 'UnrecoverableError' })
  })

  test('refund-lot: once a lot is decided its losers get their deposits back, the session still live; the winner keeps its; not before', async () => {
    const { session, lots } = await makeSession(db, { now: new Date(), lotDeposits: [1_000_000, 1_000_000] })
    const [winner, loser, other] = [await makePrincipal(db, 'ENTERPRISE', '赢家'), await makePrincipal(db, 'ENTERPRISE', '输家'), await makePrincipal(db, 'ENTERPRISE', '另一标的')]
    for (const e of [winner, loser, other]) await register(db, session.id, e)
    for (const e of [winner, loser]) await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, new Date())
    await startDepositPayment(db, provider, other, { lotId: lots[1]!.id, card: card() }, new Date())
    await mock.provider.webhooksSettled()
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'LIVE' } })
    await db.lot.updateMany({ where: { sessionId: session.id }, data: { status: 'LIVE' } })
    await expect(run(PAYMENT_JOBS.refundLot, new Date(), { lotId: lots[0]!.id })).rejects.toMatchObject({ name: 'UnrecoverableError', message: 'wrong-status: 标的结束后才能退还其保证金' })
    await expect(run(PAYMENT_JOBS.refundLot, new Date(), {})).rejects.toMatchObject({ name: 'UnrecoverableError' })

    await db.lot.update({ where: { id: lots[0]!.id }, data: { status: 'SOLD' } })
    await createDeal(db, lots[0]!, winner, { priceFen: 5_000_000, paymentDeadline: new Date(Date.now() + 86_400_000) })
    const first = (await run(PAYMENT_JOBS.refundLot, new Date(), { lotId: lots[0]!.id })) as { refunded: string[] }
    expect(first.refunded).toHaveLength(1)
    for (let i = 0; i < 3; i++) expect(await run(PAYMENT_JOBS.refundLot, new Date(), { lotId: lots[0]!.id })).toEqual({ refunded: [] })
    await mock.provider.webhooksSettled()
    const status = async (e: Principal, lot: number) => (await db.payment.findUniqueOrThrow({ where: { idempotencyKey: lotDepositKey(lots[lot]!.id, e.organizationId) } })).status
    expect([await status(winner, 0), await status(loser, 0), await status(other, 1)]).toEqual(['SUCCEEDED', 'REFUNDED', 'SUCCEEDED'])
    expect((await db.auctionSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe('LIVE')
    expect(await depositReport(db, session.id)).toMatchObject({ paid: 3_000_000, refunded: 1_000_000, held: 2_000_000, balanced: true })
  })

  test('refund-over-sessions catches a closed session whose refund job never ran', async () => {
    const { session, enterprises } = await closedSession([null, null], new Date(Date.now() + 86_400_000))
    const result = (await run(PAYMENT_JOBS.refundOverSessions, new Date())) as { sessions: string[]; failed: unknown[] }
    expect(result.sessions).toContain(session.id)
    expect(result.failed).toEqual([])
    for (const e of enterprises) expect((await depositOf(session.id, e)).status).toBe('REFUNDED')
    expect(((await run(PAYMENT_JOBS.refundOverSessions, new Date())) as { sessions: string[] }).sessions).not.toContain(session.id)
  })
})

describe('through BullMQ on Redis', () => {
  let settings: QueueSettings
  let workers: RunningWorkers
  let events: QueueEvents

  beforeAll(async () => {
    settings = { redisUrl: REDIS_URL, prefix: `test-payfollow-${randomBytes(4).toString('hex')}` }
    events = new QueueEvents(QUEUE_NAMES.payments, { connection: { url: REDIS_URL }, prefix: settings.prefix })
    await events.waitUntilReady()
    const registration = REGISTRATIONS.find((r) => r.queue === QUEUE_NAMES.payments)!
    // The real registration, without its production schedules (a test below adds a fast one).
    workers = startWorkers({ db, provider }, settings, [{ ...registration, schedule: undefined }])
    await workers.ready
  })
  afterAll(async () => {
    await workers?.close()
    await getQueue(QUEUE_NAMES.payments, settings).obliterate({ force: true })
    await events?.close()
    await closeQueues()
  })

  /** Resolves with the first completed (or failed) event that matches. */
  function next(kind: 'completed' | 'failed', match: (e: { jobId: string; returnvalue?: unknown; failedReason?: string }) => boolean) {
    return new Promise<{ jobId: string; returnvalue?: unknown; failedReason?: string }>((resolve) => {
      const listener = (e: { jobId: string; returnvalue?: unknown; failedReason?: string }) => {
        if (!match(e)) return
        events.off(kind, listener)
        resolve(e)
      }
      events.on(kind, listener)
    })
  }

  test('enqueueSessionRefunds twice: one job (its id from the session), the losers refunded', async () => {
    const { session, enterprises } = await closedSession([2_000_000, null], new Date(Date.now() + 86_400_000))
    const jobId = sessionRefundJobId(session.id)
    const done = next('completed', (e) => e.jobId === jobId)
    const [a, b] = await Promise.all([enqueueSessionRefunds(session.id, settings), enqueueSessionRefunds(session.id, settings)])
    expect([a.id, b.id]).toEqual([jobId, jobId])
    await done
    expect((await depositOf(session.id, enterprises[1]!)).status).toBe('REFUNDED')
    expect((await depositOf(session.id, enterprises[0]!)).status).toBe('SUCCEEDED')
    const job = await getQueue(QUEUE_NAMES.payments, settings).getJob(jobId)
    expect(job?.attemptsMade).toBe(1)
    // asked for again after it ran: still one job, nothing refunded twice
    const refunds = mock.provider.refunds.size
    await enqueueSessionRefunds(session.id, settings)
    expect(await getQueue(QUEUE_NAMES.payments, settings).getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 })
    expect(mock.provider.refunds.size).toBe(refunds)
  })

  test('a refund asked for a session still live fails once, without retries; asked again once it is over, it runs', async () => {
    const { session } = await makeSession(db, { now: new Date(), status: 'LIVE' })
    const e = await makePrincipal(db, 'ENTERPRISE', '早到企业')
    await register(db, session.id, e)
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'PLANNED' } })
    await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, new Date())
    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'LIVE' } })
    const jobId = sessionRefundJobId(session.id)
    const failed = next('failed', (x) => x.jobId === jobId)
    await enqueueSessionRefunds(session.id, settings)
    expect((await failed).failedReason).toBe('wrong-status: 竞价结束后才能退还保证金')
    expect((await getQueue(QUEUE_NAMES.payments, settings).getJob(jobId))?.attemptsMade).toBe(1)
    expect((await depositOf(session.id, e)).status).toBe('SUCCEEDED')

    await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CANCELLED' } })
    const done = next('completed', (x) => x.jobId === jobId)
    await enqueueSessionRefunds(session.id, settings)
    await done
    expect((await depositOf(session.id, e)).status).toBe('REFUNDED')
  })

  test('a job scheduler runs forfeit-overdue on its own; the production schedules are upserted once, however often the workers start', async () => {
    const deadline = new Date(Date.now() - MINUTE)
    const { session, enterprises, dealIds } = await closedSession([2_000_000], deadline)
    const forfeited = next('completed', (e) => ((e.returnvalue as { forfeited?: string[] } | undefined)?.forfeited ?? []).includes(dealIds[0]!))
    await schedulePaymentFollowups(settings, [{ id: 'test-forfeit', name: PAYMENT_JOBS.forfeitOverdue, every: 300 }])
    await forfeited
    expect((await depositOf(session.id, enterprises[0]!)).status).toBe('FORFEITED')
    await getQueue(QUEUE_NAMES.payments, settings).removeJobScheduler('test-forfeit')

    const queue = getQueue(QUEUE_NAMES.payments, settings)
    await schedulePaymentFollowups(settings)
    await schedulePaymentFollowups(settings)
    const schedulers = await queue.getJobSchedulers()
    expect(schedulers.map((s) => [s.key, s.name, s.every]).sort()).toEqual(PAYMENT_SCHEDULES.map((s) => [s.id, s.name, s.every]).sort())
    for (const s of PAYMENT_SCHEDULES) await queue.removeJobScheduler(s.id)
  })
})
