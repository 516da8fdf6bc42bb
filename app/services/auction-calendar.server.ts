// Calendar files (iCalendar, RFC 5545) of the announced auctions: a session's registration deadline and its lots, one
// lot, or every announced lot still to come. Built with ical-generator; times are instants (UTC in the file), so a
// calendar shows them in its own zone. Drafts are never in a calendar.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import type { T } from '~/i18n/catalogue.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { fenFromDb, formatMoney } from '~/domain/money.ts'
import type { Locale } from '~/i18n/catalogue.ts'

type LotRow = {
  id: string
  number: number
  status: string
  startsAt: Date
  endsAt: Date
  startingPriceFen: bigint
  depositFen: bigint
  cancelReason: string | null
  result: { title: string }
}
type SessionRow = { id: string; title: string; registrationClosesAt: Date | null; bureau: { name: string }; lots: LotRow[] }

const lotSelect = {
  id: true,
  number: true,
  status: true,
  startsAt: true,
  endsAt: true,
  startingPriceFen: true,
  depositFen: true,
  cancelReason: true,
  result: { select: { title: true } },
} as const

function calendar(t: T, name: string) {
  return ical({ name, prodId: { company: 'kjj', product: 'tech-market', language: 'ZH' }, method: ICalCalendarMethod.PUBLISH, ttl: 3600 })
}

function addLot(cal: ReturnType<typeof calendar>, t: T, locale: Locale, origin: string, session: SessionRow, lot: LotRow) {
  const url = `${origin}/auctions/lots/${lot.id}`
  cal.createEvent({
    id: `lot-${lot.id}@kjj`,
    start: lot.startsAt,
    end: lot.endsAt,
    summary: t('auctionNotice.calendar.lotSummary', { number: lot.number, title: lot.result.title }),
    description: [
      `${session.title} · ${session.bureau.name}`,
      t('auctionNotice.calendar.lotTerms', { start: formatMoney(fenFromDb(lot.startingPriceFen)!, locale), deposit: formatMoney(fenFromDb(lot.depositFen)!, locale) }),
      ...(lot.status === 'CANCELLED' ? [t('auctionNotice.calendar.withdrawn', { reason: lot.cancelReason ?? '' })] : []),
      url,
    ].join('\n'),
    url,
    status: lot.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  })
}

function addDeadline(cal: ReturnType<typeof calendar>, t: T, origin: string, session: SessionRow) {
  if (!session.registrationClosesAt) return
  cal.createEvent({
    id: `registration-${session.id}@kjj`,
    start: new Date(session.registrationClosesAt.getTime() - 30 * 60_000),
    end: session.registrationClosesAt,
    summary: t('auctionNotice.calendar.deadlineSummary', { title: session.title }),
    description: `${session.bureau.name}\n${origin}/auctions/${session.id}`,
    url: `${origin}/auctions/${session.id}`,
  })
}

async function publishedSession(db: Db, sessionId: string): Promise<SessionRow> {
  const s = await db.auctionSession.findUnique({
    where: { id: sessionId },
    select: { id: true, title: true, publishedAt: true, registrationClosesAt: true, bureau: { select: { name: true } }, lots: { select: lotSelect, orderBy: { number: 'asc' } } },
  })
  if (!s || !s.publishedAt) throw new ServiceError('not-found', 'session.not-found')
  return s
}

/** A session's calendar: its registration deadline and every lot (a withdrawn one as cancelled). */
export async function sessionCalendar(db: Db, sessionId: string, t: T, locale: Locale, origin: string): Promise<{ name: string; text: string }> {
  const session = await publishedSession(db, sessionId)
  const cal = calendar(t, session.title)
  addDeadline(cal, t, origin, session)
  for (const lot of session.lots) addLot(cal, t, locale, origin, session, lot)
  return { name: `session-${session.id}`, text: cal.toString() }
}

/** One lot's calendar entry. */
export async function lotCalendar(db: Db, lotId: string, t: T, locale: Locale, origin: string): Promise<{ name: string; text: string }> {
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: { sessionId: true } })
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  const session = await publishedSession(db, lot.sessionId).catch(() => {
    throw new ServiceError('not-found', 'lot.not-found')
  })
  const cal = calendar(t, session.title)
  addLot(cal, t, locale, origin, session, session.lots.find((l) => l.id === lotId)!)
  return { name: `lot-${lotId}`, text: cal.toString() }
}

/** The announced lots still to come (and those ended in the last week), with their sessions: the auction calendar. */
export async function upcomingAuctions(db: Db, now: Date) {
  const since = new Date(now.getTime() - 7 * 86_400_000)
  const sessions = await db.auctionSession.findMany({
    where: { publishedAt: { not: null }, lots: { some: { endsAt: { gte: since } } } },
    orderBy: { startsAt: 'asc' },
    select: { id: true, title: true, registrationClosesAt: true, bureau: { select: { name: true } }, lots: { where: { endsAt: { gte: since } }, select: lotSelect, orderBy: { startsAt: 'asc' } } },
  })
  return sessions
}

/** Every announced lot still to come, as one calendar (a feed people can subscribe to). */
export async function upcomingCalendar(db: Db, now: Date, t: T, locale: Locale, origin: string): Promise<string> {
  const cal = calendar(t, t('auctionNotice.calendar.feedName'))
  for (const session of await upcomingAuctions(db, now)) {
    addDeadline(cal, t, origin, session)
    for (const lot of session.lots) addLot(cal, t, locale, origin, session, lot)
  }
  return cal.toString()
}

/** The calendar page's rows: each announced lot to come, by day (Asia/Shanghai), with its session. */
export async function auctionCalendarPage(db: Db, now: Date) {
  const sessions = await upcomingAuctions(db, now)
  return sessions.map((s) => ({
    id: s.id,
    title: s.title,
    bureau: s.bureau.name,
    registrationClosesAt: s.registrationClosesAt?.toISOString() ?? null,
    lots: s.lots.map((l) => ({
      id: l.id,
      number: l.number,
      title: l.result.title,
      status: l.status,
      startsAt: l.startsAt.toISOString(),
      endsAt: l.endsAt.toISOString(),
      startingPriceFen: fenFromDb(l.startingPriceFen)!,
      depositFen: fenFromDb(l.depositFen)!,
      cancelReason: l.cancelReason,
    })),
  }))
}
