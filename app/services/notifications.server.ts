// Notifications: an outbox in the database, delivered by BullMQ jobs.
//
// - `notify(tx, …)` writes one row per user in the caller's transaction (one
//   statement: the users of an organization and their preferences are read by
//   the INSERT … SELECT itself), so a notification exists exactly when the
//   change that caused it committed. It stores a kind code and parameters;
//   texts are rendered in the reader's language when shown or mailed.
// - Lot events (open, bids → outbid, extension, cancel, close → won/lost) are
//   derived from the lot's hash-chained log, which already is an outbox the
//   bid path writes in its one statement: `deriveLotNotifications` moves a
//   per-lot cursor in the same transaction as the notifications it writes, so
//   each log entry notifies once and the bid transaction gains no round trip.
// - The relay (`relayNotifications`, a scheduled job, kicked right after a
//   notify) derives lot notifications, writes time reminders and enqueues one
//   delivery job per pending e-mail with the job id `email-<notification id>`;
//   the delivery job claims the row, sends over SMTP and marks it sent, so a
//   second run or a second job sends nothing, and a failed send retries.
import type { Queue } from 'bullmq'
import {
  DEFAULT_CHANNEL,
  isNotificationKind,
  renderNotification,
  wantsEmail,
  wantsInApp,
  type Channel,
  type Locale,
  type NotificationKind,
  type NotificationParams,
} from '~/domain/notifications.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { fenFromDb } from '~/domain/money.ts'
import { depositForDeal, heldFen } from './deposit-of-lot.server.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import type { Mailer } from '~/utils/mail.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { singleton } from '~/utils/singleton.server.ts'
import { getEnv } from '~/utils/env.server.ts'

export type NotifyTarget = { userIds?: string[]; orgIds?: string[] }

export type Notice = { kind: NotificationKind; params: NotificationParams; eventKey: string }

/**
 * The INSERT … SELECT of notifications for the users `users` selects (a condition on "User" u), each by
 * their channel for the kind or its default, once per (user, event). SQL expressions for the parameters,
 * so another statement can carry it as a CTE (the reward worker writes its notification in its one statement).
 */
export function notificationInsertSql(e: { kind: NotificationKind; params: string; eventKey: string; at: string; users: string }): string {
  // Kinds and channels are our own constants (checked here), so they are written into the text.
  if (!isNotificationKind(e.kind)) throw new RangeError(`unknown notification kind ${String(e.kind)}`)
  const channel = `coalesce(p.channel::text, '${DEFAULT_CHANNEL[e.kind]}')`
  return `INSERT INTO "Notification" (id, "userId", kind, params, "eventKey", "inApp", "emailStatus", "createdAt")
     SELECT 'n' || replace(gen_random_uuid()::text, '-', ''), u.id, '${e.kind}', ${e.params}, ${e.eventKey},
            ${channel} <> 'EMAIL',
            (CASE WHEN ${channel} = 'IN_APP' THEN 'NONE' ELSE 'PENDING' END)::"EmailStatus",
            ${e.at}
       FROM "User" u LEFT JOIN "NotificationPreference" p ON p."userId" = u.id AND p.kind = '${e.kind}'
      WHERE ${e.users}
     ON CONFLICT ("userId", "eventKey") DO NOTHING`
}

/**
 * Writes a notification for every user of the target (users and the users of organizations), once per
 * (user, eventKey), in the caller's transaction. Returns how many rows were written.
 */
export async function notify(tx: Tx | Db, target: NotifyTarget, notice: Notice, at: Date): Promise<number> {
  const userIds = target.userIds ?? []
  const orgIds = target.orgIds ?? []
  if (!userIds.length && !orgIds.length) return 0
  const count = await tx.$executeRawUnsafe(
    notificationInsertSql({ kind: notice.kind, params: '$1::jsonb', eventKey: '$2', at: '$3::timestamptz', users: 'u.id = ANY($4::text[]) OR u."organizationId" = ANY($5::text[])' }),
    JSON.stringify(notice.params),
    notice.eventKey,
    at.toISOString(),
    userIds,
    orgIds,
  )
  if (count > 0) kickSoon()
  return count
}

// ---------------------------------------------------------------------------
// The relay's queue. Switched on by the processes that own the queue (web
// process, workers, tests with their own prefix); until then kicks are no-ops.
// They pass the queue in (getQueue(QUEUE_NAMES.notifications, …)), so this
// module needs BullMQ's types only: a process that writes notifications but
// never switches the jobs on (the socket path, closing lots) does not load it.

const holder = singleton('notification-relay', () => ({ queue: null as Queue | null, kick: null as NodeJS.Timeout | null }))

export const NOTIFICATION_JOBS = { relay: 'relay', email: 'email', lot: 'lot' } as const

export function enableNotificationJobs(queue: Queue): Queue {
  holder.queue = queue
  return queue
}

export function disableNotificationJobs(): void {
  holder.queue = null
}

/** Asks for a relay pass soon (after a statement that wrote notifications without `notify`). */
export function kickNotificationRelay(): void {
  kickSoon()
}

/** The relay runs shortly after a notify (its transaction will have committed by then); the schedule catches the rest. */
function kickSoon(delayMs = 150) {
  const queue = holder.queue
  if (!queue || holder.kick) return
  holder.kick = setTimeout(() => {
    holder.kick = null
    queue.add(NOTIFICATION_JOBS.relay, {}, { removeOnComplete: true, removeOnFail: 100 }).catch(() => undefined)
  }, delayMs)
  holder.kick.unref?.()
}

/** Called after a lot's new log entries are broadcast: derive their notifications now (deduplicated per lot and seq). */
export function kickLotNotifications(lotId: string, seq: number): void {
  const queue = holder.queue
  if (!queue || lotId.includes(':')) return
  queue.add(NOTIFICATION_JOBS.lot, { lotId }, { jobId: `lot-${lotId}-${seq}`, removeOnComplete: 1000, removeOnFail: 100 }).catch(() => undefined)
}

export async function scheduleNotificationRelay(queue: Queue, everyMs = 5_000): Promise<void> {
  await queue.upsertJobScheduler('notification-relay', { every: everyMs }, { name: NOTIFICATION_JOBS.relay, data: {}, opts: { removeOnComplete: 10, removeOnFail: 10 } })
}

export function emailJobId(notificationId: string): string {
  return `email-${notificationId}`
}

// ---------------------------------------------------------------------------
// Lot events from the lot's log.

/** Log entries older than this when first seen (a backlog, a seeded history) advance the cursor without notifying. */
const STALE_MS = 60 * 60_000

type LotLogRow = { seq: number; kind: string; at: Date; payload: Record<string, unknown> }

/** Organizations approved for the lot's session and users watching the lot or its result. */
async function lotAudience(tx: Tx, lot: { id: string; sessionId: string; resultId: string }) {
  const [registrations, watchers] = await Promise.all([
    tx.registration.findMany({ where: { sessionId: lot.sessionId, status: 'APPROVED' }, select: { enterpriseId: true } }),
    tx.watchItem.findMany({ where: { OR: [{ lotId: lot.id }, { resultId: lot.resultId }] }, select: { userId: true } }),
  ])
  return { orgIds: registrations.map((r) => r.enterpriseId), userIds: watchers.map((w) => w.userId) }
}

/** Turns the lot's log entries after its cursor into notifications; returns how many rows were written. */
export async function deriveLotNotifications(db: Db, lotId: string, now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "LotNotificationCursor" ("lotId", seq) VALUES (${lotId}, 0) ON CONFLICT ("lotId") DO NOTHING`
    const [cursor] = await tx.$queryRaw<{ seq: number }[]>`SELECT seq FROM "LotNotificationCursor" WHERE "lotId" = ${lotId} FOR UPDATE`
    const from = cursor?.seq ?? 0
    const lot = await tx.lot.findUnique({
      where: { id: lotId },
      select: { id: true, number: true, sessionId: true, resultId: true, seq: true, result: { select: { title: true } }, deal: { select: { id: true, buyerId: true, priceFen: true, paymentDeadline: true } } },
    })
    if (!lot || lot.seq <= from) return 0
    const events = (await tx.lotEvent.findMany({ where: { lotId, seq: { gt: from } }, orderBy: { seq: 'asc' }, select: { seq: true, kind: true, at: true, payload: true } })) as LotLogRow[]
    const fresh = events.filter((e) => now.getTime() - e.at.getTime() <= STALE_MS)
    let written = 0
    const title = lot.result.title
    const base = { lotId, title }
    if (fresh.length) {
      const audience = await lotAudience(tx, lot)
      // Bids of the new entries and the one before them: the previous bidder is the one outbid.
      const bidSeqs = fresh.filter((e) => e.kind === 'bid').map((e) => e.seq)
      const pick = { seq: true, bidderId: true, amountFen: true, isProxy: true, receivedAt: true } as const
      const first = bidSeqs.length ? Math.min(...bidSeqs) : 0
      const bids = bidSeqs.length ? await tx.bid.findMany({ where: { lotId, seq: { gte: first } }, orderBy: { seq: 'asc' }, select: pick }) : []
      const before = bidSeqs.length ? await tx.bid.findFirst({ where: { lotId, seq: { lt: first } }, orderBy: { seq: 'desc' }, select: pick }) : null
      const ordered = before ? [before, ...bids] : bids
      const proxies = bidSeqs.length ? await tx.proxyBid.findMany({ where: { lotId }, select: { bidderId: true, maxFen: true } }) : []
      for (const e of fresh) {
        if (e.kind === 'open') {
          written += await notify(tx, audience, { kind: 'lot-opening', params: { ...base, endsAt: String(e.payload.endsAt ?? '') }, eventKey: `lot-open:${lotId}` }, now)
        } else if (e.kind === 'extension') {
          written += await notify(tx, audience, { kind: 'lot-extended', params: { ...base, endsAt: String(e.payload.endsAt ?? '') }, eventKey: `lot-extended:${lotId}:${e.seq}` }, now)
        } else if (e.kind === 'cancel') {
          written += await notify(tx, audience, { kind: 'lot-cancelled', params: { ...base, reason: String(e.payload.reason ?? '') }, eventKey: `lot-cancel:${lotId}` }, now)
        } else if (e.kind === 'bid') {
          const i = ordered.findIndex((b) => b.seq === e.seq)
          const bid = ordered[i]
          const previous = i > 0 ? ordered[i - 1] : undefined
          if (!bid || !previous || previous.bidderId === bid.bidderId) continue
          // The previous leader's proxy answered in the same step: still leading, not outbid.
          const next = ordered[i + 1]
          if (next && next.bidderId === previous.bidderId && next.isProxy && next.receivedAt.getTime() === bid.receivedAt.getTime()) continue
          const amountFen = fenFromDb(bid.amountFen)
          const proxy = proxies.find((p) => p.bidderId === previous.bidderId)
          const params: NotificationParams = { ...base, amountFen }
          if (proxy && fenFromDb(proxy.maxFen) < amountFen + 1) params.proxyMaxFen = fenFromDb(proxy.maxFen)
          written += await notify(tx, { orgIds: [previous.bidderId] }, { kind: 'outbid', params, eventKey: `outbid:${lotId}:${e.seq}` }, now)
        } else if (e.kind === 'close') {
          const bidders = await tx.lotBidder.findMany({ where: { lotId }, select: { bidderId: true } })
          const sold = e.payload.outcome === 'SOLD' && lot.deal
          const losers = bidders.map((b) => b.bidderId).filter((id) => !sold || id !== lot.deal!.buyerId)
          if (sold) {
            written += await notify(
              tx,
              { orgIds: [lot.deal!.buyerId] },
              { kind: 'lot-won', params: { ...base, priceFen: fenFromDb(lot.deal!.priceFen), deadline: lot.deal!.paymentDeadline.toISOString(), dealId: lot.deal!.id }, eventKey: `lot-won:${lotId}` },
              now,
            )
          }
          const lostParams: NotificationParams = { ...base, priceFen: sold ? fenFromDb(lot.deal!.priceFen) : null, reason: String(e.payload.reason ?? '') }
          written += await notify(tx, { orgIds: losers }, { kind: 'lot-lost', params: lostParams, eventKey: `lot-lost:${lotId}` }, now)
        }
      }
    }
    await tx.lotNotificationCursor.update({ where: { lotId }, data: { seq: events[events.length - 1]!.seq } })
    return written
  })
}

/** Lots whose log has entries past their cursor. */
export async function lotsWithUnnotifiedEvents(db: Db, limit = 200): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT l.id FROM "Lot" l LEFT JOIN "LotNotificationCursor" c ON c."lotId" = l.id
     WHERE l.seq > coalesce(c.seq, 0) LIMIT ${limit}`
  return rows.map((r) => r.id)
}

// ---------------------------------------------------------------------------
// Reminders that come from the clock, not from a change.

export const ENDING_SOON_MS = 10 * 60_000
export const BALANCE_DUE_NOTICE_MS = 3 * 24 * 60 * 60_000

export async function writeReminders(db: Db, now: Date): Promise<number> {
  let written = 0
  const ending = await db.lot.findMany({
    where: { status: 'LIVE', endsAt: { gt: now, lte: new Date(now.getTime() + ENDING_SOON_MS) } },
    select: { id: true, sessionId: true, resultId: true, endsAt: true, currentPriceFen: true, result: { select: { title: true } } },
  })
  for (const lot of ending) {
    written += await db.$transaction(async (tx) =>
      notify(
        tx,
        await lotAudience(tx, lot),
        { kind: 'lot-ending', params: { lotId: lot.id, title: lot.result.title, endsAt: lot.endsAt.toISOString(), priceFen: fenFromDb(lot.currentPriceFen) }, eventKey: `lot-ending:${lot.id}` },
        now,
      ),
    )
  }
  const deals = await db.deal.findMany({
    where: { status: 'AWAITING_PAYMENT', paymentDeadline: { lte: new Date(now.getTime() + BALANCE_DUE_NOTICE_MS) } },
    select: BALANCE_NOTICE_DEAL,
  })
  for (const deal of deals) written += await noticeBalance(db, deal, now)
  return written
}

/** What the balance notice needs of a deal. */
export const BALANCE_NOTICE_DEAL = {
  id: true,
  buyerId: true,
  priceFen: true,
  paymentDeadline: true,
  lot: { select: { id: true, sessionId: true } },
  result: { select: { title: true } },
} as const

type BalanceNoticeDeal = { id: string; buyerId: string; priceFen: bigint; paymentDeadline: Date; lot: { id: string; sessionId: string } | null; result: { title: string } }


/**
 * 尾款 reminder, once per deal and kind: due within three days, or overdue once the deadline has passed. The relay
 * writes it; the forfeit's transaction writes the overdue one too (a no-op when the relay was first), so a defaulter
 * always hears "overdue" before or with "悔拍", whichever job ran first.
 */
export async function noticeBalance(tx: Db | Tx, deal: BalanceNoticeDeal, now: Date): Promise<number> {
  const overdue = deal.paymentDeadline <= now
  // The deposit that stands for this deal: held toward the price, or (once defaulted) forfeited for this deal.
  const deposit = deal.lot ? await depositForDeal(tx, { ...deal, lot: deal.lot }) : null
  const depositFen = deposit?.status === 'FORFEITED' ? fenFromDb(deposit.amountFen) : heldFen(deposit)
  const kind = overdue ? 'balance-overdue' : 'balance-due'
  return notify(
    tx,
    { orgIds: [deal.buyerId] },
    { kind, params: { dealId: deal.id, title: deal.result.title, deadline: deal.paymentDeadline.toISOString(), amountFen: Math.max(0, fenFromDb(deal.priceFen) - depositFen) }, eventKey: `${kind}:${deal.id}` },
    now,
  )
}

// ---------------------------------------------------------------------------
// Delivery.

/** A claim older than this is taken over (the job that held it died). */
const CLAIM_MS = 5 * 60_000

/** Notifications whose e-mail waits for a delivery job. */
export async function pendingEmails(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await db.notification.findMany({
    where: { OR: [{ emailStatus: 'PENDING' }, { emailStatus: 'SENDING', emailClaimedAt: { lt: new Date(now.getTime() - CLAIM_MS) } }] },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: limit,
  })
  return rows.map((r) => r.id)
}

export type RelayOutcome = { lots: number; derived: number; reminders: number; enqueued: number }

/** One pass of the relay: lot events, reminders, then a delivery job per pending e-mail. */
export async function relayNotifications(db: Db, queue: Queue | null, now: Date): Promise<RelayOutcome> {
  const lots = await lotsWithUnnotifiedEvents(db)
  let derived = 0
  for (const lotId of lots) derived += await deriveLotNotifications(db, lotId, now)
  const reminders = await writeReminders(db, now)
  const pending = await pendingEmails(db, now)
  if (queue && pending.length) {
    await queue.addBulk(pending.map((id) => ({ name: NOTIFICATION_JOBS.email, data: { notificationId: id }, opts: { jobId: emailJobId(id) } })))
  }
  return { lots: lots.length, derived, reminders, enqueued: pending.length }
}

export type DeliveryOutcome = 'sent' | 'skipped'

function localeOf(value: unknown): Locale {
  return value === 'en' ? 'en' : 'zh-CN'
}

/**
 * Sends one notification's e-mail once: claims the row (PENDING, or a stale claim), sends, marks it SENT.
 * A second run finds it SENT and sends nothing. A failed send puts it back to PENDING and throws, so the
 * job retries; `finalAttempt` marks it FAILED instead (staff see it; the relay leaves FAILED alone).
 */
export async function deliverNotificationEmail(db: Db, mailer: Mailer, notificationId: string, now: Date, opts: { finalAttempt?: boolean; baseUrl?: string } = {}): Promise<DeliveryOutcome> {
  const claimed = await db.notification.updateMany({
    where: {
      id: notificationId,
      OR: [{ emailStatus: 'PENDING' }, { emailStatus: 'SENDING', emailClaimedAt: { lt: new Date(now.getTime() - CLAIM_MS) } }],
    },
    data: { emailStatus: 'SENDING', emailClaimedAt: now, emailAttempts: { increment: 1 } },
  })
  if (claimed.count !== 1) return 'skipped'
  const n = await db.notification.findUniqueOrThrow({ where: { id: notificationId }, include: { user: true } })
  const locale = localeOf((n.user as { locale?: unknown }).locale)
  const text = renderNotification(n.kind, n.params as NotificationParams, locale)
  const link = text.href ? `\n\n${(opts.baseUrl ?? getEnv().PUBLIC_URL).replace(/\/$/, '')}${text.href}` : ''
  const t = fixedT(locale)
  const footer = `\n\n${t('serverText.email.footer')}`
  try {
    await mailer.send({ to: n.user.email, fromName: t('app.name'), subject: text.title, text: `${text.body}${link}${footer}`, messageId: `<${n.id}@notifications.kjj.example>` })
  } catch (error) {
    await db.notification.update({
      where: { id: notificationId },
      data: { emailStatus: opts.finalAttempt ? 'FAILED' : 'PENDING', emailClaimedAt: null, emailError: (error as Error).message.slice(0, 500) },
    })
    throw error
  }
  await db.notification.update({ where: { id: notificationId }, data: { emailStatus: 'SENT', emailSentAt: new Date(), emailError: null } })
  return 'sent'
}

// ---------------------------------------------------------------------------
// The notification centre.

export type NotificationView = { id: string; kind: string; title: string; body: string; href: string | null; createdAt: string; read: boolean }

export async function listNotifications(db: Db, userId: string, locale: Locale = 'zh-CN', opts: { take?: number } = {}): Promise<NotificationView[]> {
  const rows = await db.notification.findMany({ where: { userId, inApp: true }, orderBy: { createdAt: 'desc' }, take: opts.take ?? 100 })
  return rows.map((r) => ({ id: r.id, kind: r.kind, ...renderNotification(r.kind, r.params as NotificationParams, locale), createdAt: r.createdAt.toISOString(), read: r.readAt !== null }))
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, inApp: true, readAt: null } })
}

/** Marks the user's notifications read (all of them without ids); only the user's own rows change. */
export async function markRead(db: Db, userId: string, ids: string[] | 'all', now: Date): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null, ...(ids === 'all' ? {} : { id: { in: ids } }) }, data: { readAt: now } })
  return count
}

export async function preferencesOf(db: Db, userId: string): Promise<Record<NotificationKind, Channel>> {
  const rows = await db.notificationPreference.findMany({ where: { userId } })
  const chosen = new Map(rows.map((r) => [r.kind, r.channel as Channel]))
  return Object.fromEntries(Object.entries(DEFAULT_CHANNEL).map(([kind, channel]) => [kind, chosen.get(kind) ?? channel])) as Record<NotificationKind, Channel>
}

export async function setPreference(db: Db, userId: string, kind: string, channel: Channel): Promise<void> {
  if (!isNotificationKind(kind)) throw new ServiceError('invalid', 'notification.unknown-kind', { field: 'kind' })
  await db.notificationPreference.upsert({ where: { userId_kind: { userId, kind } }, create: { userId, kind, channel }, update: { channel } })
}

export { wantsEmail, wantsInApp }

// ---------------------------------------------------------------------------
// 收藏 (watchlist).

export async function setWatch(db: Db, userId: string, target: { lotId: string } | { resultId: string }, watching: boolean): Promise<void> {
  if ('lotId' in target) {
    const lot = await db.lot.findUnique({ where: { id: target.lotId }, select: { id: true } })
    if (!lot) throw new ServiceError('not-found', 'lot.not-found')
    if (watching) await db.watchItem.upsert({ where: { userId_lotId: { userId, lotId: target.lotId } }, create: { userId, lotId: target.lotId }, update: {} })
    else await db.watchItem.deleteMany({ where: { userId, lotId: target.lotId } })
  } else {
    const result = await db.researchResult.findUnique({ where: { id: target.resultId }, select: { id: true } })
    if (!result) throw new ServiceError('not-found', 'result.not-found')
    if (watching) await db.watchItem.upsert({ where: { userId_resultId: { userId, resultId: target.resultId } }, create: { userId, resultId: target.resultId }, update: {} })
    else await db.watchItem.deleteMany({ where: { userId, resultId: target.resultId } })
  }
}

export async function isWatching(db: Db, userId: string, target: { lotId: string } | { resultId: string }): Promise<boolean> {
  return (await db.watchItem.count({ where: { userId, ...target } })) > 0
}

export async function watchlist(db: Db, userId: string) {
  const items = await db.watchItem.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } })
  const lotIds = items.flatMap((i) => (i.lotId ? [i.lotId] : []))
  const resultIds = items.flatMap((i) => (i.resultId ? [i.resultId] : []))
  const [lots, results] = await Promise.all([
    db.lot.findMany({ where: { id: { in: lotIds } }, select: { id: true, number: true, status: true, endsAt: true, currentPriceFen: true, session: { select: { title: true } }, result: { select: { title: true } } } }),
    db.researchResult.findMany({ where: { id: { in: resultIds } }, select: { id: true, title: true, status: true } }),
  ])
  return {
    lots: lots.map((l) => ({ id: l.id, number: l.number, status: l.status, endsAt: l.endsAt.toISOString(), currentPriceFen: fenFromDb(l.currentPriceFen), sessionTitle: l.session.title, title: l.result.title })),
    results: results.map((r) => ({ id: r.id, title: r.title, status: r.status })),
  }
}

export { renderNotification, isNotificationKind }
