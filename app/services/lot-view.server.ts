// What a lot looks like to one viewer: the room's state on joining, the lot
// page's loader, the downloadable log. Bidders appear as per-lot pseudonyms
// (竞买人 A3); real names only for staff. The reserve stays secret until the close.
import { isStaff, type Principal } from '~/domain/access.ts'
import { bidderBar, isFinished, nextMinimumBid, type Bidder, type LotStatus } from '~/domain/auction.ts'
import type { ChainedLotLogEntry } from '~/domain/lot-log.ts'
import { fenFromDb } from '~/domain/money.ts'
import type { Db } from '~/utils/db.server.ts'
import { sqlPort, statement } from '~/utils/sql.server.ts'
import { pseudonym, rulesOfLot, stateOfLot } from './bidding.server.ts'
import { bidderFacts, eligibilitySql } from './eligibility-sql.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { LotSnapshot, LotView } from '~/utils/realtime-contract.ts'

/** How many of the latest log entries the room's state carries; the whole log is a download. */
export const HISTORY_LIMIT = 200

/** The bid path's own rule (the domain's bidderBar), so the room offers the bid form exactly when a bid could pass. */
function eligibility(role: Principal['role'], { id, ...facts }: Bidder) {
  return { ...facts, mayBid: role === 'ENTERPRISE' && bidderBar({ id, ...facts }) === null }
}

export function toLogRow(e: { seq: number; kind: string; at: Date; payload: unknown; prevHash: string | null; hash: string }): ChainedLotLogEntry {
  return { seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }
}

/** An instant as epoch milliseconds in text: the same from pg and from PGlite. */
const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::bigint::text`

const LOT_SQL = statement<LotRow>(`
SELECT l.id, l.number, l.status::text AS status, l."sessionId", s.quarter, s.title AS "sessionTitle", s."bureauId",
       r.id AS "resultId", r.title AS "resultTitle", r."ownerId", o.name AS "ownerName",
       l."startingPriceFen"::text AS "startingPriceFen", l."incrementFen"::text AS "incrementFen", l."reserveFen"::text AS "reserveFen",
       l."depositFen"::text AS "depositFen", l."extensionMinutes", l."currentPriceFen"::text AS "currentPriceFen", l."leaderId",
       l."bidCount", l.seq, l."cancelReason",
       ${MS('l."startsAt"')} AS "startsAt", ${MS('l."endsAt"')} AS "endsAt", ${MS('l."pausedAt"')} AS "pausedAt", ${MS('l."closedAt"')} AS "closedAt",
       d."priceFen"::text AS "dealPriceFen", ${MS('d."paymentDeadline"')} AS "dealDeadline", d.status::text AS "dealStatus", d."buyerId" AS "dealBuyerId"
  FROM "Lot" l
  JOIN "AuctionSession" s ON s.id = l."sessionId"
  JOIN "ResearchResult" r ON r.id = l."resultId"
  JOIN "Organization" o ON o.id = r."ownerId"
  LEFT JOIN "Deal" d ON d."lotId" = l.id
 WHERE l.id = $1`, 'lot-view-lot')

const EVENTS_SQL = statement<EventRow>(`
SELECT seq, kind, ${MS('at')} AS at, payload, "prevHash", hash FROM "LotEvent" WHERE "lotId" = $1 ORDER BY seq DESC LIMIT ${HISTORY_LIMIT}`, 'lot-view-events')

const BIDDERS_SQL = statement<BidderRow>(`
SELECT n."bidderId", n.number, o.name FROM "LotBidder" n JOIN "Organization" o ON o.id = n."bidderId" WHERE n."lotId" = $1`, 'lot-view-bidders')

// Each viewer's own facts, for every viewer of one read at once ($2: their organizations).
const VIEWER = eligibilitySql('l."sessionId"', '$1', 'v.org')
const VIEWERS_SQL = statement<{ org: string; registration: string | null; depositPaid: boolean; proxyMaxFen: string | null }>(`
SELECT v.org, ${VIEWER.registration} AS registration, ${VIEWER.depositPaid} AS "depositPaid",
       (SELECT p."maxFen"::text FROM "ProxyBid" p WHERE p."lotId" = $1 AND p."bidderId" = v.org) AS "proxyMaxFen"
  FROM "Lot" l, unnest($2::text[]) AS v(org)
 WHERE l.id = $1`, 'lot-view-viewers')

type LotRow = Record<'id' | 'status' | 'sessionId' | 'bureauId' | 'quarter' | 'sessionTitle' | 'resultId' | 'resultTitle' | 'ownerId' | 'ownerName' | 'startingPriceFen' | 'incrementFen' | 'depositFen' | 'startsAt' | 'endsAt', string> &
  Record<'reserveFen' | 'currentPriceFen' | 'leaderId' | 'cancelReason' | 'pausedAt' | 'closedAt' | 'dealPriceFen' | 'dealDeadline' | 'dealStatus' | 'dealBuyerId', string | null> & {
    number: number
    extensionMinutes: number
    bidCount: number
    seq: number
  }

/**
 * Read by every join, so plain SQL in one read-only transaction (as the bid path): thousands of
 * joins through the ORM at a session's opening cost more memory and time than the reads themselves.
 */
export async function getLotView(db: Db, viewer: Principal | null, lotId: string, now: Date): Promise<LotView> {
  return (await getLotViews(db, lotId, [viewer], now))[0]!
}

/**
 * One lot as each of several viewers sees it, from one read: the lot, its recent log and its bidders once, and every
 * viewer's own facts in one statement. Sockets that join a lot together (a session's opening) share it
 * (server/realtime.ts); the answers are in the order of `viewers`.
 */
export async function getLotViews(db: Db, lotId: string, viewers: readonly (Principal | null)[], now: Date): Promise<LotView[]> {
  const orgs = [...new Set(viewers.flatMap((v) => (v ? [v.organizationId] : [])))]
  // Four reads of one snapshot, in one round trip: thousands join at a session's opening.
  const [[lot], events, bidders, facts] = await sqlPort(db).snapshot([
    [LOT_SQL, [lotId]],
    [EVENTS_SQL, [lotId]],
    [BIDDERS_SQL, [lotId]],
    [VIEWERS_SQL, [lotId, orgs]],
  ])
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  const factsOf = new Map(facts.map((f) => [f.org, f]))
  return viewers.map((viewer) => viewOf(lot, events, bidders, viewer, viewer ? factsOf.get(viewer.organizationId)! : null, now))
}

type EventRow = { seq: number; kind: string; at: string; payload: Record<string, unknown>; prevHash: string | null; hash: string }
type BidderRow = { bidderId: string; number: number; name: string }
type ViewerRow = { registration: string | null; depositPaid: boolean; proxyMaxFen: string | null }

function viewOf(lot: LotRow, events: readonly EventRow[], bidders: readonly BidderRow[], viewer: Principal | null, mine: ViewerRow | null, now: Date): LotView {
  const fen = (v: string | null) => fenFromDb(v)
  const iso = (v: string | null) => (v === null ? null : new Date(Number(v)).toISOString())
  // The running bureau's staff see names and the reserve; another bureau's staff see what the public sees.
  const staff = viewer ? isStaff(viewer) && viewer.organizationId === lot.bureauId : false
  const status = lot.status as LotStatus
  const rules = { startingPriceFen: fenFromDb(lot.startingPriceFen), incrementFen: fenFromDb(lot.incrementFen), reserveFen: fen(lot.reserveFen), extensionMs: lot.extensionMinutes * 60_000 }
  const numberOf = new Map(bidders.map((b) => [b.bidderId, b.number]))
  const leaderNumber = lot.leaderId ? numberOf.get(lot.leaderId) : undefined
  const org = viewer?.organizationId
  const myNumber = org ? numberOf.get(org) : undefined
  return {
    id: lot.id,
    number: lot.number,
    session: { id: lot.sessionId, quarter: lot.quarter, title: lot.sessionTitle },
    result: { id: lot.resultId, title: lot.resultTitle, ownerName: lot.ownerName },
    status,
    startingPriceFen: rules.startingPriceFen,
    incrementFen: rules.incrementFen,
    depositFen: fenFromDb(lot.depositFen),
    extensionMinutes: lot.extensionMinutes,
    hasReserve: lot.reserveFen !== null,
    reserveFen: staff || isFinished(status) ? fen(lot.reserveFen) : null,
    currentPriceFen: fen(lot.currentPriceFen),
    nextMinimumFen: nextMinimumBid(rules, { currentPriceFen: fen(lot.currentPriceFen) }),
    bidCount: lot.bidCount,
    seq: lot.seq,
    startsAt: iso(lot.startsAt)!,
    endsAt: iso(lot.endsAt)!,
    pausedAt: iso(lot.pausedAt),
    closedAt: iso(lot.closedAt),
    cancelReason: lot.cancelReason,
    leader: leaderNumber === undefined ? null : pseudonym(leaderNumber),
    history: events.toReversed().map((e) => ({ seq: e.seq, kind: e.kind, at: iso(e.at)!, payload: e.payload, prevHash: e.prevHash, hash: e.hash })),
    historyComplete: lot.seq <= HISTORY_LIMIT,
    names: staff ? Object.fromEntries(bidders.map((b) => [pseudonym(b.number), b.name])) : null,
    me:
      viewer && mine
        ? {
            role: viewer.role,
            pseudonym: myNumber === undefined ? null : pseudonym(myNumber),
            leading: lot.leaderId === org,
            ...eligibility(viewer.role, { id: org!, ownsLot: lot.ownerId === org, ...bidderFacts(mine) }),
            registration: (mine.registration as 'PENDING' | 'APPROVED' | 'REFUSED' | null) ?? null,
            proxyMaxFen: fen(mine.proxyMaxFen),
          }
        : null,
    deal:
      lot.dealPriceFen !== null
        ? { priceFen: fenFromDb(lot.dealPriceFen), paymentDeadline: iso(lot.dealDeadline)!, status: lot.dealStatus!, mine: org === lot.dealBuyerId }
        : null,
    serverTime: now.toISOString(),
  }
}

/** The whole chained log of a lot, for download and checking (public once the lot is finished; staff any time). */
export async function getLotLog(db: Db, viewer: Principal | null, lotId: string) {
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: { id: true, number: true, status: true, sessionId: true, session: { select: { bureauId: true } } } })
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  if (!isFinished(lot.status) && !(viewer && isStaff(viewer) && viewer.organizationId === lot.session.bureauId)) throw new ServiceError('not-allowed', 'lot.log-after-close')
  const events = await db.lotEvent.findMany({ where: { lotId }, orderBy: { seq: 'asc' } })
  return { lotId: lot.id, number: lot.number, status: lot.status, entries: events.map(toLogRow) }
}

/** The lot's state as the room hears it after a change (the bid path builds its own without this read). */
export async function lotSnapshot(db: Db, lotId: string): Promise<LotSnapshot> {
  const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId } })
  const leader = lot.leaderId ? await db.lotBidder.findUnique({ where: { lotId_bidderId: { lotId, bidderId: lot.leaderId } } }) : null
  const rules = rulesOfLot(lot)
  const state = stateOfLot(lot)
  return {
    id: lot.id,
    status: lot.status,
    currentPriceFen: state.currentPriceFen,
    nextMinimumFen: nextMinimumBid(rules, state),
    bidCount: lot.bidCount,
    seq: lot.seq,
    endsAt: lot.endsAt.toISOString(),
    pausedAt: lot.pausedAt?.toISOString() ?? null,
    leader: leader ? pseudonym(leader.number) : null,
  }
}
