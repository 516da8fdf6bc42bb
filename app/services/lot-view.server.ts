// What a lot looks like to one viewer: the room's state on joining, the lot
// page's loader, the downloadable log. Bidders appear as per-lot pseudonyms
// (竞买人 A3); real names only for staff. The reserve stays secret until the close.
import { isStaff, type Principal } from '~/domain/access.ts'
import { isFinished, nextMinimumBid, type LotStatus } from '~/domain/auction.ts'
import type { ChainedLotLogEntry } from '~/domain/lot-log.ts'
import { fenFromDb } from '~/domain/money.ts'
import type { Db } from '~/utils/db.server.ts'
import { pseudonym, rulesOfLot, stateOfLot, type LotSnapshot } from './bidding.server.ts'
import { ServiceError } from './errors.ts'
import { hasPaidDeposit } from './payments.server.ts'

/** How many of the latest log entries the room's state carries; the whole log is a download. */
export const HISTORY_LIMIT = 200

export type LotView = {
  id: string
  number: number
  session: { id: string; quarter: string; title: string }
  result: { id: string; title: string; ownerName: string }
  status: LotStatus
  startingPriceFen: number
  incrementFen: number
  depositFen: number
  extensionMinutes: number
  hasReserve: boolean
  reserveFen: number | null
  currentPriceFen: number | null
  nextMinimumFen: number
  bidCount: number
  seq: number
  startsAt: string
  endsAt: string
  pausedAt: string | null
  closedAt: string | null
  cancelReason: string | null
  leader: string | null
  history: ChainedLotLogEntry[]
  historyComplete: boolean
  /** Staff only: pseudonym → organization name. */
  names: Record<string, string> | null
  me: {
    role: Principal['role']
    pseudonym: string | null
    leading: boolean
    ownsLot: boolean
    approved: boolean
    depositPaid: boolean
    proxyMaxFen: number | null
  } | null
  deal: { priceFen: number; paymentDeadline: string; status: string; mine: boolean } | null
  serverTime: string
}

export function toLogRow(e: { seq: number; kind: string; at: Date; payload: unknown; prevHash: string | null; hash: string }): ChainedLotLogEntry {
  return { seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }
}

export async function getLotView(db: Db, viewer: Principal | null, lotId: string, now: Date): Promise<LotView> {
  const lot = await db.lot.findUnique({
    where: { id: lotId },
    include: {
      session: { select: { id: true, quarter: true, title: true } },
      result: { select: { id: true, title: true, ownerId: true, owner: { select: { name: true } } } },
      events: { orderBy: { seq: 'desc' }, take: HISTORY_LIMIT },
      deal: { select: { priceFen: true, paymentDeadline: true, status: true, buyerId: true } },
    },
  })
  if (!lot) throw new ServiceError('not-found', '找不到该标的')
  const staff = viewer ? isStaff(viewer) : false
  const rules = rulesOfLot(lot)
  const state = stateOfLot(lot)
  const finished = isFinished(lot.status)
  const bidders = await db.lotBidder.findMany({ where: { lotId }, include: { bidder: { select: { name: true } } } })
  const numberOf = new Map(bidders.map((b) => [b.bidderId, b.number]))
  const leaderNumber = lot.leaderId ? numberOf.get(lot.leaderId) : undefined
  let me: LotView['me'] = null
  if (viewer) {
    const org = viewer.organizationId
    const [registration, depositPaid, proxy] = await Promise.all([
      db.registration.findUnique({ where: { sessionId_enterpriseId: { sessionId: lot.sessionId, enterpriseId: org } }, select: { status: true } }),
      hasPaidDeposit(db, lot.sessionId, org),
      db.proxyBid.findUnique({ where: { lotId_bidderId: { lotId, bidderId: org } }, select: { maxFen: true } }),
    ])
    const n = numberOf.get(org)
    me = {
      role: viewer.role,
      pseudonym: n === undefined ? null : pseudonym(n),
      leading: lot.leaderId === org,
      ownsLot: lot.result.ownerId === org,
      approved: registration?.status === 'APPROVED',
      depositPaid,
      proxyMaxFen: fenFromDb(proxy?.maxFen ?? null),
    }
  }
  return {
    id: lot.id,
    number: lot.number,
    session: lot.session,
    result: { id: lot.result.id, title: lot.result.title, ownerName: lot.result.owner.name },
    status: lot.status,
    startingPriceFen: rules.startingPriceFen,
    incrementFen: rules.incrementFen,
    depositFen: fenFromDb(lot.depositFen),
    extensionMinutes: lot.extensionMinutes,
    hasReserve: lot.reserveFen !== null,
    reserveFen: staff || finished ? rules.reserveFen : null,
    currentPriceFen: state.currentPriceFen,
    nextMinimumFen: nextMinimumBid(rules, state),
    bidCount: lot.bidCount,
    seq: lot.seq,
    startsAt: lot.startsAt.toISOString(),
    endsAt: lot.endsAt.toISOString(),
    pausedAt: lot.pausedAt?.toISOString() ?? null,
    closedAt: lot.closedAt?.toISOString() ?? null,
    cancelReason: lot.cancelReason,
    leader: leaderNumber === undefined ? null : pseudonym(leaderNumber),
    history: lot.events.reverse().map(toLogRow),
    historyComplete: lot.seq <= HISTORY_LIMIT,
    names: staff ? Object.fromEntries(bidders.map((b) => [pseudonym(b.number), b.bidder.name])) : null,
    me,
    deal: lot.deal
      ? { priceFen: fenFromDb(lot.deal.priceFen), paymentDeadline: lot.deal.paymentDeadline.toISOString(), status: lot.deal.status, mine: viewer?.organizationId === lot.deal.buyerId }
      : null,
    serverTime: now.toISOString(),
  }
}

/** The whole chained log of a lot, for download and checking (public once the lot is finished; staff any time). */
export async function getLotLog(db: Db, viewer: Principal | null, lotId: string) {
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: { id: true, number: true, status: true, sessionId: true } })
  if (!lot) throw new ServiceError('not-found', '找不到该标的')
  if (!isFinished(lot.status) && !(viewer && isStaff(viewer))) throw new ServiceError('not-allowed', '竞价结束后可下载完整日志')
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
