// The public record of decided lots (成交公告 / 流拍公告): one lot's result,
// a session's results, all results by quarter. The outcome comes from each
// lot's log (app/domain/announcements.ts); the winner's name is shown only for
// a lot whose log says it sold, from the deal the close made.
import { announce, type Announcement } from '~/domain/announcements.ts'
import { fenFromDb } from '~/domain/money.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'

const DECIDED = ['SOLD', 'UNSOLD', 'CANCELLED'] as const

const lotSelect = {
  id: true,
  number: true,
  status: true,
  startingPriceFen: true,
  bidCount: true,
  bidderCount: true,
  closedAt: true,
  lastHash: true,
  seq: true,
  session: { select: { id: true, quarter: true, title: true } },
  result: { select: { id: true, title: true, owner: { select: { name: true } } } },
  deal: { select: { buyerId: true, sellerId: true, buyer: { select: { name: true } } } },
  events: { where: { kind: { in: ['close', 'cancel'] as string[] } }, select: { kind: true, payload: true } },
} as const

export type LotResultView = {
  lotId: string
  number: number
  status: string
  session: { id: string; quarter: string; title: string }
  result: { id: string; title: string; ownerName: string }
  announcement: Announcement
  winnerName: string | null
  bidCount: number
  bidderCount: number
  closedAt: string | null
  /** Hash of the lot's last log entry: anyone can check the downloaded log against it. */
  lastHash: string | null
  logEntries: number
  /** The deal's parties (organization ids): they, and staff, may download the confirmation of sale. */
  parties: string[]
}

type LotRow = {
  id: string
  number: number
  status: string
  startingPriceFen: bigint
  bidCount: number
  bidderCount: number
  closedAt: Date | null
  lastHash: string | null
  seq: number
  session: { id: string; quarter: string; title: string }
  result: { id: string; title: string; owner: { name: string } }
  deal: { buyerId: string; sellerId: string; buyer: { name: string } } | null
  events: { kind: string; payload: unknown }[]
}

function toView(lot: LotRow): LotResultView {
  const announcement = announce(
    fenFromDb(lot.startingPriceFen),
    lot.events.map((e) => ({ kind: e.kind, payload: (e.payload ?? {}) as Record<string, unknown> })),
  )
  return {
    lotId: lot.id,
    number: lot.number,
    status: lot.status,
    session: lot.session,
    result: { id: lot.result.id, title: lot.result.title, ownerName: lot.result.owner.name },
    announcement,
    winnerName: announcement.outcome === 'SOLD' ? (lot.deal?.buyer.name ?? null) : null,
    bidCount: lot.bidCount,
    bidderCount: lot.bidderCount,
    closedAt: lot.closedAt?.toISOString() ?? null,
    lastHash: lot.lastHash,
    logEntries: lot.seq,
    parties: lot.deal ? [lot.deal.buyerId, lot.deal.sellerId] : [],
  }
}

/** One decided lot's public result; a lot still open has none. */
export async function lotResult(db: Db, lotId: string): Promise<LotResultView | null> {
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: lotSelect })
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  if (!(DECIDED as readonly string[]).includes(lot.status)) return null
  return toView(lot)
}

export type ResultsFilter = { quarter?: string; sessionId?: string }

/** Decided lots, newest session first, then by lot number. */
export async function listLotResults(db: Db, filter: ResultsFilter = {}): Promise<LotResultView[]> {
  const lots = await db.lot.findMany({
    where: {
      status: { in: [...DECIDED] },
      ...(filter.sessionId ? { sessionId: filter.sessionId } : {}),
      ...(filter.quarter ? { session: { quarter: filter.quarter } } : {}),
    },
    select: lotSelect,
    orderBy: [{ session: { startsAt: 'desc' } }, { number: 'asc' }],
    take: 500,
  })
  return lots.map(toView)
}

/** Quarters that have at least one decided lot, newest first (the filter's choices). */
export async function quartersWithResults(db: Db): Promise<string[]> {
  const sessions = await db.auctionSession.findMany({ where: { lots: { some: { status: { in: [...DECIDED] } } } }, select: { quarter: true }, orderBy: { startsAt: 'desc' } })
  return [...new Set(sessions.map((s) => s.quarter))]
}
