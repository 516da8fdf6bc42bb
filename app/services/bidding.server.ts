// Placing a bid: the one atomic step every transport (socket, page, proxy)
// goes through. The lot's row is locked (SELECT … FOR UPDATE), the domain
// decides, and the bid, its log entries and the lot's new state are written in
// the same transaction, before anyone is told. The lock orders bids on a lot;
// the time that counts is the server's arrival time passed in by the caller.
import type { Principal } from '~/domain/access.ts'
import { decideBid, resolveProxies, type BidRejection, type LotRules, type LotState, type LotStatus } from '~/domain/auction.ts'
import { hashLotEntry } from '~/domain/lot-log.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { hasPaidDeposit } from './payments.server.ts'

export type BidInput = { lotId: string; amountFen: number; clientBidId: string }

export type AcceptedBid = { seq: number; bidder: string; amountFen: number; at: string; proxy: boolean }

export type BidOutcome =
  | { accepted: true; duplicate: boolean; bid: AcceptedBid; lot: LotSnapshot; events: LotLogRow[] }
  | { accepted: false; reason: BidRejection | 'not-found'; nextMinimumFen: number | null }

export type LotSnapshot = { id: string; status: LotStatus; currentPriceFen: number | null; bidCount: number; seq: number; endsAt: string; leader: string | null }
export type LotLogRow = { seq: number; kind: string; at: string; payload: Record<string, unknown>; prevHash: string | null; hash: string }

type LockedLot = {
  id: string
  sessionId: string
  ownerId: string
  status: LotStatus
  startingPriceFen: bigint
  incrementFen: bigint
  reserveFen: bigint | null
  startsAt: Date
  endsAt: Date
  extensionMinutes: number
  currentPriceFen: bigint | null
  leaderId: string | null
  bidCount: number
  seq: number
  lastHash: string | null
  pausedAt: Date | null
}

function rulesOf(lot: LockedLot): LotRules {
  return {
    startingPriceFen: fenFromDb(lot.startingPriceFen),
    incrementFen: fenFromDb(lot.incrementFen),
    reserveFen: fenFromDb(lot.reserveFen),
    extensionMs: lot.extensionMinutes * 60_000,
  }
}

function stateOf(lot: LockedLot): LotState {
  return {
    status: lot.status,
    startsAt: lot.startsAt.getTime(),
    endsAt: lot.endsAt.getTime(),
    currentPriceFen: fenFromDb(lot.currentPriceFen),
    leaderId: lot.leaderId,
    bidCount: lot.bidCount,
    pausedAt: lot.pausedAt?.getTime() ?? null,
  }
}

/** 竞买人 A1, A2 … in the order bidders first bid on this lot; real names are for staff only. */
async function pseudonymFor(tx: Tx, lotId: string, bidderId: string): Promise<string> {
  const firsts = await tx.bid.groupBy({ by: ['bidderId'], where: { lotId }, _min: { seq: true }, orderBy: { _min: { seq: 'asc' } } })
  const index = firsts.findIndex((f) => f.bidderId === bidderId)
  return `A${index === -1 ? firsts.length + 1 : index + 1}`
}

async function eligibility(tx: Tx, lot: LockedLot, bidderId: string) {
  const registration = await tx.registration.findUnique({
    where: { sessionId_enterpriseId: { sessionId: lot.sessionId, enterpriseId: bidderId } },
    select: { status: true },
  })
  return {
    id: bidderId,
    approved: registration?.status === 'APPROVED',
    depositPaid: await hasPaidDeposit(tx, lot.sessionId, bidderId),
    ownsLot: lot.ownerId === bidderId,
  }
}

export async function placeBid(db: Db, bidder: Principal, input: BidInput, arrivedAt: Date): Promise<BidOutcome> {
  return db.$transaction(async (tx) => {
    const [lot] = await tx.$queryRaw<LockedLot[]>`
      SELECT l.id, l."sessionId", r."ownerId", l.status::text AS status, l."startingPriceFen", l."incrementFen", l."reserveFen",
             l."startsAt", l."endsAt", l."extensionMinutes", l."currentPriceFen", l."leaderId", l."bidCount", l.seq,
             l."lastHash", l."pausedAt"
        FROM "Lot" l JOIN "ResearchResult" r ON r.id = l."resultId"
       WHERE l.id = ${input.lotId}
         FOR UPDATE OF l`
    if (!lot) return { accepted: false, reason: 'not-found', nextMinimumFen: null }

    // The same client bid id again: the first answer again, never a second bid.
    const earlier = await tx.bid.findUnique({
      where: { lotId_bidderId_clientBidId: { lotId: lot.id, bidderId: bidder.organizationId, clientBidId: input.clientBidId } },
    })
    if (earlier) {
      return {
        accepted: true,
        duplicate: true,
        bid: { seq: earlier.seq, bidder: await pseudonymFor(tx, lot.id, earlier.bidderId), amountFen: fenFromDb(earlier.amountFen), at: earlier.receivedAt.toISOString(), proxy: earlier.isProxy },
        lot: snapshot(lot, stateOf(lot), lot.seq, lot.leaderId ? await pseudonymFor(tx, lot.id, lot.leaderId) : null),
        events: [],
      }
    }

    const rules = rulesOf(lot)
    let state = stateOf(lot)
    const first = decideBid(rules, state, await eligibility(tx, lot, bidder.organizationId), input.amountFen, arrivedAt.getTime())
    if (!first.ok) return { accepted: false, reason: first.reason, nextMinimumFen: first.nextMinimumFen }

    let seq = lot.seq
    let prevHash = lot.lastHash
    const events: LotLogRow[] = []
    const append = async (kind: string, at: Date, payload: Record<string, unknown>) => {
      seq += 1
      const entry = { seq, kind, at: at.toISOString(), payload }
      const hash = await hashLotEntry(prevHash, entry)
      await tx.lotEvent.create({ data: { lotId: lot.id, seq, kind, at, payload: payload as object, prevHash, hash } })
      events.push({ ...entry, prevHash, hash })
      prevHash = hash
    }
    const record = async (bidderId: string, amountFen: number, clientBidId: string, proxy: boolean, decision: Extract<ReturnType<typeof decideBid>, { ok: true }>) => {
      const pseudonym = await pseudonymFor(tx, lot.id, bidderId)
      await append('bid', arrivedAt, { bidder: pseudonym, amountFen, proxy })
      await tx.bid.create({ data: { lotId: lot.id, bidderId, amountFen: fenToDb(amountFen), seq, clientBidId, isProxy: proxy, receivedAt: arrivedAt } })
      const bidSeq = seq
      if (decision.extended) await append('extension', arrivedAt, { endsAt: new Date(decision.state.endsAt).toISOString(), bySeq: bidSeq })
      state = decision.state
      return { seq: bidSeq, bidder: pseudonym, amountFen, at: arrivedAt.toISOString(), proxy }
    }

    const accepted = await record(bidder.organizationId, input.amountFen, input.clientBidId, false, first)

    // Proxies answer at once, in the same step (rules in app/domain/auction.ts).
    const proxies = await tx.proxyBid.findMany({ where: { lotId: lot.id } })
    const planned = resolveProxies(rules, state, proxies.map((p) => ({ bidderId: p.bidderId, maxFen: fenFromDb(p.maxFen), setAt: p.createdAt.getTime() })))
    for (const p of planned) {
      const decision = decideBid(rules, state, await eligibility(tx, lot, p.bidderId), p.amountFen, arrivedAt.getTime())
      if (!decision.ok) break // a proxy whose owner lost eligibility stops bidding
      await record(p.bidderId, p.amountFen, `proxy-${lot.id}-${seq + 1}`, true, decision)
    }

    await tx.lot.update({
      where: { id: lot.id },
      data: {
        status: 'LIVE',
        currentPriceFen: fenToDb(state.currentPriceFen),
        leaderId: state.leaderId,
        bidCount: state.bidCount,
        endsAt: new Date(state.endsAt),
        seq,
        lastHash: prevHash,
      },
    })
    const leader = state.leaderId ? await pseudonymFor(tx, lot.id, state.leaderId) : null
    return { accepted: true, duplicate: false, bid: accepted, lot: snapshot(lot, state, seq, leader), events }
  })
}

function snapshot(lot: LockedLot, state: LotState, seq: number, leader: string | null): LotSnapshot {
  return { id: lot.id, status: state.status, currentPriceFen: state.currentPriceFen, bidCount: state.bidCount, seq, endsAt: new Date(state.endsAt).toISOString(), leader }
}
