// Notifications on a real database (PGlite, or PostgreSQL with DATABASE_URL),
// a real BullMQ queue on Redis and real SMTP to a server started here: one
// row per user and event, written with the change; lot events from the lot's
// log (outbid, also a proxy whose ceiling is passed; won and lost); one e-mail
// per notification when the job runs twice or the mail server fails once.
import { randomBytes } from 'node:crypto'
import { Queue, QueueEvents } from 'bullmq'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { placeBid, setProxyBid } from '~/services/bidding.server.ts'
import { closeLotIfDue } from '~/services/lot-control.server.ts'
import {
  deliverNotificationEmail,
  deriveLotNotifications,
  disableNotificationJobs,
  emailJobId,
  enableNotificationJobs,
  listNotifications,
  markRead,
  notify,
  relayNotifications,
  setPreference,
  setWatch,
  unreadCount,
  writeReminders,
} from '~/services/notifications.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createMailer, startMailServer, type Mailer, type RunningMailServer } from '~/utils/mail.server.ts'
import { closeQueues, getQueue, QUEUE_NAMES, workerConnection, type QueueSettings } from '~/utils/queues.server.ts'
import { REGISTRATIONS, startWorkers, type RunningWorkers } from '../../workers/index.ts'
import { createAuctionFixture, type AuctionFixture } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { createLogin } from '../support/organizations.ts'

let db: Db
let close: () => Promise<void>
let fixture: AuctionFixture
const now = new Date()

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  fixture = await createAuctionFixture(db, { startsAt: new Date(now.getTime() - 3_600_000), endsAt: new Date(now.getTime() + 3_600_000) })
})
afterAll(async () => {
  await close?.()
})

describe('notify: one row per user and event, in the caller’s transaction', () => {
  test('every user of the organization, by their channel; the same event again writes nothing', async () => {
    const org = await fixture.bidder()
    const colleague = await createLogin(db, org, { name: '同事' })
    await setPreference(db, colleague.userId, 'registration-approved', 'IN_APP')
    const notice = { kind: 'registration-approved' as const, params: { sessionId: fixture.sessionId, sessionTitle: '测试场次' }, eventKey: `reg:${org.organizationId}` }
    expect(await db.$transaction((tx) => notify(tx, { orgIds: [org.organizationId] }, notice, now))).toBe(2)
    expect(await db.$transaction((tx) => notify(tx, { orgIds: [org.organizationId] }, notice, now))).toBe(0)
    const rows = await db.notification.findMany({ where: { eventKey: notice.eventKey }, orderBy: { userId: 'asc' } })
    expect(rows.map((r) => [r.userId === colleague.userId ? 'colleague' : 'user', r.inApp, r.emailStatus]).sort()).toEqual([
      ['colleague', true, 'NONE'],
      ['user', true, 'PENDING'],
    ])
    expect(rows[0]!.params).toEqual(notice.params)
  })

  test('a transaction that rolls back leaves no notification', async () => {
    const org = await fixture.bidder()
    await expect(
      db.$transaction(async (tx) => {
        await notify(tx, { orgIds: [org.organizationId] }, { kind: 'listing-published', params: { title: 'x' }, eventKey: 'rollback' }, now)
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await db.notification.count({ where: { eventKey: 'rollback' } })).toBe(0)
  })

  test('the centre lists in-app ones rendered in the language, counts unread, marks only the user’s own read', async () => {
    const org = await fixture.bidder()
    const other = await fixture.bidder()
    await notify(db, { userIds: [org.userId, other.userId] }, { kind: 'registration-refused', params: { sessionTitle: '2026 Q4', reason: '材料不全' }, eventKey: 'refused-1' }, now)
    expect(await unreadCount(db, org.userId)).toBe(1)
    const [zh] = await listNotifications(db, org.userId)
    expect(zh).toMatchObject({ title: '报名未通过：2026 Q4', body: '原因：材料不全', read: false })
    const [en] = await listNotifications(db, org.userId, 'en')
    expect(en!.title).toBe('Registration refused: 2026 Q4')
    expect(await markRead(db, org.userId, [zh!.id], now)).toBe(1)
    expect(await markRead(db, other.userId, [zh!.id], now)).toBe(0)
    expect(await unreadCount(db, org.userId)).toBe(0)
    expect(await unreadCount(db, other.userId)).toBe(1)
  })
})

describe('lot events come from the lot’s log, once', () => {
  test('outbid (also the proxy whose ceiling is passed), extension, won and lost, to bidders and watchers', async () => {
    const a = await fixture.bidder()
    const b = await fixture.bidder()
    const c = await fixture.bidder()
    const watcher = await fixture.bidder({ deposit: false, approved: false })
    const start = new Date(now.getTime() - 60_000)
    const lotId = await fixture.lot({ startsAt: start, endsAt: new Date(now.getTime() + 60 * 60_000) })
    await setWatch(db, watcher.userId, { lotId }, true)
    // A sets a proxy of 120,000 yuan (bids the start, 100,000), B bids 110,000 (A's proxy answers 115,000),
    // C bids 125,000: past A's ceiling, A is outbid; B was outbid by A's proxy answer.
    await setProxyBid(db, a, lotId, 120_000_00, new Date(now.getTime() - 50_000))
    await placeBid(db, b, { lotId, amountFen: 110_000_00, clientBidId: 'b1' }, new Date(now.getTime() - 40_000))
    await placeBid(db, c, { lotId, amountFen: 125_000_00, clientBidId: 'c1' }, new Date(now.getTime() - 30_000))
    const first = await deriveLotNotifications(db, lotId, now)
    expect(first).toBeGreaterThan(0)
    expect(await deriveLotNotifications(db, lotId, now)).toBe(0)
    const outbid = await db.notification.findMany({ where: { kind: 'outbid', params: { path: ['lotId'], equals: lotId } }, include: { user: true }, orderBy: { eventKey: 'asc' } })
    const to = (p: Principal) => outbid.filter((n) => n.user.organizationId === p.organizationId)
    // B: outbid by A's proxy answer; A: outbid by C past the proxy ceiling; C: never.
    expect(to(b)).toHaveLength(1)
    expect(to(a)).toHaveLength(1)
    expect(to(a)[0]!.params).toMatchObject({ amountFen: 125_000_00, proxyMaxFen: 120_000_00 })
    expect(to(c)).toHaveLength(0)

    // Close it: C wins, A and B lose; the watcher (not a bidder) hears neither.
    await db.lot.update({ where: { id: lotId }, data: { endsAt: new Date(now.getTime() - 10_000) } })
    await closeLotIfDue(db, lotId, now)
    await deriveLotNotifications(db, lotId, now)
    const closing = await db.notification.findMany({ where: { kind: { in: ['lot-won', 'lot-lost'] }, params: { path: ['lotId'], equals: lotId } }, include: { user: true } })
    const kindOf = (p: Principal) => closing.filter((n) => n.user.organizationId === p.organizationId).map((n) => n.kind)
    expect(kindOf(c)).toEqual(['lot-won'])
    expect(kindOf(a)).toEqual(['lot-lost'])
    expect(kindOf(b)).toEqual(['lot-lost'])
    expect(kindOf(watcher)).toEqual([])
    const won = closing.find((n) => n.kind === 'lot-won')!
    expect(won.params).toMatchObject({ priceFen: 125_000_00 })
  })

  test('a lot opening reaches approved bidders and watchers; ending in 10 minutes once', async () => {
    const a = await fixture.bidder()
    const watcher = await fixture.bidder({ deposit: false, approved: false })
    const lotId = await fixture.lot({ startsAt: new Date(now.getTime() - 1000), endsAt: new Date(now.getTime() + 5 * 60_000), status: 'SCHEDULED' })
    await setWatch(db, watcher.userId, { lotId }, true)
    const { openLotIfDue } = await import('~/services/lot-control.server.ts')
    await openLotIfDue(db, lotId, now)
    await deriveLotNotifications(db, lotId, now)
    const opening = await db.notification.findMany({ where: { kind: 'lot-opening', eventKey: `lot-open:${lotId}` } })
    expect(new Set(opening.map((n) => n.userId))).toEqual(new Set([a.userId, watcher.userId].concat(await approvedUsers())))
    await writeReminders(db, now)
    await writeReminders(db, now)
    expect(await db.notification.count({ where: { eventKey: `lot-ending:${lotId}`, userId: a.userId } })).toBe(1)
  })

  async function approvedUsers() {
    const regs = await db.registration.findMany({ where: { sessionId: fixture.sessionId, status: 'APPROVED' }, select: { enterprise: { select: { users: { select: { id: true } } } } } })
    return regs.flatMap((r) => r.enterprise.users.map((u) => u.id))
  }
})

describe('e-mail: real SMTP, one message per notification', () => {
  let mail: RunningMailServer
  let mailer: Mailer
  let settings: QueueSettings
  let workers: RunningWorkers
  // Message ids the server refuses once (451), as a mail server that is down does.
  const failOnce = new Set<string>()

  beforeAll(async () => {
    mail = await startMailServer({ reject: (_n, messageId) => (messageId !== null && failOnce.delete(messageId)) })
    mailer = createMailer({ url: `smtp://127.0.0.1:${mail.port}`, from: 'kjj <noreply@kjj.example>', isDev: false })
    settings = { redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `t-notify-${randomBytes(4).toString('hex')}` }
    enableNotificationJobs(getQueue(QUEUE_NAMES.notifications, settings))
    workers = startWorkers(
      { db, mailer, now: () => new Date() },
      settings,
      REGISTRATIONS.filter((r) => r.queue === QUEUE_NAMES.notifications).map((r) => ({ ...r, schedule: undefined })),
    )
  })
  afterAll(async () => {
    await workers?.close()
    disableNotificationJobs()
    const q = new Queue(QUEUE_NAMES.notifications, { connection: workerConnection(settings.redisUrl), prefix: settings.prefix })
    await q.obliterate({ force: true })
    await q.close()
    await closeQueues()
    mailer?.close()
    await mail?.close()
  })

  async function waitForJob(jobId: string) {
    const events = new QueueEvents(QUEUE_NAMES.notifications, { connection: workerConnection(settings.redisUrl), prefix: settings.prefix })
    await events.waitUntilReady()
    try {
      const queue = getQueue(QUEUE_NAMES.notifications, settings)
      const job = await queue.getJob(jobId)
      if (!job) throw new Error(`no job ${jobId}`)
      await job.waitUntilFinished(events, 30_000)
    } finally {
      await events.close()
    }
  }

  test('the mail server fails once: the job retries, one message arrives; running the job again sends nothing', async () => {
    const org = await fixture.bidder()
    const [user] = await db.user.findMany({ where: { organizationId: org.organizationId } })
    const n = await db.$transaction(async (tx) => {
      await notify(tx, { userIds: [org.userId] }, { kind: 'deposit-refunded', params: { title: '2026 Q4 标的 1', amountFen: 10_000_00 }, eventKey: 'refund-smtp' }, now)
      const row = await tx.notification.findFirstOrThrow({ where: { eventKey: 'refund-smtp' } })
      failOnce.add(`<${row.id}@notifications.kjj.example>`)
      return row
    })
    const mine = () => mail.messages.filter((m) => m.messageId === `<${n.id}@notifications.kjj.example>`)
    // The relay enqueues it; a second relay (or a duplicate kick) enqueues nothing new: same job id.
    await relayNotifications(db, getQueue(QUEUE_NAMES.notifications, settings), now)
    await relayNotifications(db, getQueue(QUEUE_NAMES.notifications, settings), now)
    await waitForJob(emailJobId(n.id))
    const arrived = mine()
    expect(arrived).toHaveLength(1)
    expect(arrived[0]).toMatchObject({ to: [user!.email], subject: '保证金已退还：2026 Q4 标的 1' })
    expect(arrived[0]!.text).toContain('¥10,000.00（1 万元）')
    const after = await db.notification.findUniqueOrThrow({ where: { id: n.id } })
    expect(after).toMatchObject({ emailStatus: 'SENT', emailAttempts: 2 })
    // The job again (a retry after a lost acknowledgement, a second worker): nothing more is sent.
    expect(await deliverNotificationEmail(db, mailer, n.id, new Date())).toBe('skipped')
    await getQueue(QUEUE_NAMES.notifications, settings).add('email', { notificationId: n.id }, { jobId: `${emailJobId(n.id)}-again` })
    await waitForJob(`${emailJobId(n.id)}-again`)
    expect(mine()).toHaveLength(1)
  })

  test('two jobs racing for the same notification send one message', async () => {
    const org = await fixture.bidder()
    await notify(db, { userIds: [org.userId] }, { kind: 'lot-won', params: { title: '竞速', priceFen: 1_000_000_00, deadline: now.toISOString() }, eventKey: 'race' }, now)
    const n = await db.notification.findFirstOrThrow({ where: { eventKey: 'race' } })
    // Two runs here and the relay kicked by notify: whoever claims first sends, the others skip.
    const outcomes = await Promise.all([deliverNotificationEmail(db, mailer, n.id, new Date()), deliverNotificationEmail(db, mailer, n.id, new Date())])
    expect(outcomes.filter((o) => o === 'sent').length).toBeLessThanOrEqual(1)
    await waitForJob(emailJobId(n.id)).catch(() => undefined)
    await expect.poll(async () => (await db.notification.findUniqueOrThrow({ where: { id: n.id } })).emailStatus).toBe('SENT')
    const mine = mail.messages.filter((m) => m.messageId === `<${n.id}@notifications.kjj.example>`)
    expect(mine).toHaveLength(1)
    expect(mine[0]!.subject).toBe('恭喜成交：竞速')
  })

  test("the e-mail is in the recipient's saved language", async () => {
    const org = await fixture.bidder()
    await db.user.update({ where: { id: org.userId }, data: { locale: 'en' } })
    await notify(db, { userIds: [org.userId] }, { kind: 'lot-won', params: { title: 'Valve seal', priceFen: 1_000_000_00, deadline: now.toISOString() }, eventKey: 'english' }, now)
    const n = await db.notification.findFirstOrThrow({ where: { eventKey: 'english' } })
    await deliverNotificationEmail(db, mailer, n.id, new Date())
    await waitForJob(emailJobId(n.id)).catch(() => undefined)
    const [message] = mail.messages.filter((m) => m.messageId === `<${n.id}@notifications.kjj.example>`)
    expect(message!.subject).toBe('You won: Valve seal')
    expect(message!.text).toContain('CNY 1,000,000.00')
    expect(message!.text).toContain('Choose what reaches you by e-mail')
    expect(message!.text).not.toMatch(/[\u4e00-\u9fff]/)
  })

  test('a user who chose in-app only gets no e-mail', async () => {
    const org = await fixture.bidder()
    await setPreference(db, org.userId, 'interest-reply', 'IN_APP')
    await notify(db, { userIds: [org.userId] }, { kind: 'interest-reply', params: { title: 't', ownerName: 'o' }, eventKey: 'quiet' }, now)
    const n = await db.notification.findFirstOrThrow({ where: { eventKey: 'quiet' } })
    expect(n.emailStatus).toBe('NONE')
    expect(await deliverNotificationEmail(db, mailer, n.id, new Date())).toBe('skipped')
  })
})
