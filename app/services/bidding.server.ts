// Placing a bid: the one atomic step every transport (socket, page, proxy)
// goes through. It is the hot path, so it is three SQL statements inside one
// transaction, not a dozen ORM calls: one takes the lot's row lock
// (SELECT … FOR UPDATE), one reads it with everything the rules need about the
// bidder, the domain decides, and one statement writes the bids, their
// pseudonyms, the chained log entries, the audit entries and the lot's new
// state. The lock orders bids on a lot across processes; the time that counts
// is the server's arrival time passed in by the caller.
import { randomUUID } from 'node:crypto'
import type { Principal } from '~/domain/access.ts'
import {
  BID_REJECTION_MESSAGES,
  biddingState,
  decideBid,
  nextMinimumBid,
  resolveProxies,
  type BidDecision,
  type BidRejection,
  type LotRules,
  type LotState,
  type LotStatus,
} from '~/domain/auction.ts'
import { extendChain, type ChainedLotLogEntry } from '~/domain/lot-log.ts'
import { fenFromDb, fenToDb, formatFen } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from './errors.ts'
import { hasPaidDeposit } from './payments.server.ts'

export type BidInput = { lotId: string; amountFen: number; clientBidId: string }

export type AcceptedBid = { seq: number; bidder: string; amountFen: number; at: string; proxy: boolean }

export type LotSnapshot = {
  id: string
  status: LotStatus
  currentPriceFen: number | null
  nextMinimumFen: number
  bidCount: number
  seq: number
  endsAt: string
  /** Set while paused: the countdown shows endsAt − pausedAt, frozen. */
  pausedAt: string | null
  leader: string | null
}

export type LotLogRow = ChainedLotLogEntry

export type BidOutcome =
  | { accepted: true; duplicate: boolean; bid: AcceptedBid; lot: LotSnapshot; events: LotLogRow[] }
  | { accepted: false; reason: BidRejection | 'not-found'; nextMinimumFen: number | null }

type ProxyRow = { bidderId: string; maxFen: string; setAt: string; number: number | null; eligible: boolean }

/** The lot's row (locked by the caller's transaction), with what the rules need to know about this bidder. */
type LotContext = {
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
  bidderCount: number
  seq: number
  lastHash: string | null
  pausedAt: Date | null
  registration: string | null
  depositPaid: boolean
  earlier: { seq: number; amountFen: string; at: string; proxy: boolean } | null
  myNumber: number | null
  leaderNumber: number | null
  proxies: ProxyRow[]
}

// An enterprise may bid when staff approved it for the session and its deposit
// for the session has succeeded (the same facts payments.server.ts `hasPaidDeposit` reads).
const ELIGIBLE = (org: string) => `
  EXISTS (SELECT 1 FROM "Registration" g WHERE g."sessionId" = l."sessionId" AND g."enterpriseId" = ${org} AND g.status = 'APPROVED')
  AND EXISTS (SELECT 1 FROM "Payment" d WHERE d."sessionId" = l."sessionId" AND d."payerId" = ${org} AND d.kind = 'DEPOSIT' AND d.status = 'SUCCEEDED')`

const LOT_CONTEXT_SQL = `
SELECT l.id, l."sessionId", r."ownerId", l.status::text AS status, l."startingPriceFen", l."incrementFen", l."reserveFen",
       l."startsAt", l."endsAt", l."extensionMinutes", l."currentPriceFen", l."leaderId", l."bidCount", l."bidderCount",
       l.seq, l."lastHash", l."pausedAt",
       (SELECT g.status::text FROM "Registration" g WHERE g."sessionId" = l."sessionId" AND g."enterpriseId" = $2) AS registration,
       EXISTS (SELECT 1 FROM "Payment" d WHERE d."sessionId" = l."sessionId" AND d."payerId" = $2 AND d.kind = 'DEPOSIT' AND d.status = 'SUCCEEDED') AS "depositPaid",
       (SELECT json_build_object('seq', b.seq, 'amountFen', b."amountFen"::text, 'at', b."receivedAt", 'proxy', b."isProxy")
          FROM "Bid" b WHERE b."lotId" = l.id AND b."bidderId" = $2 AND b."clientBidId" = $3) AS earlier,
       (SELECT n.number FROM "LotBidder" n WHERE n."lotId" = l.id AND n."bidderId" = $2) AS "myNumber",
       (SELECT n.number FROM "LotBidder" n WHERE n."lotId" = l.id AND n."bidderId" = l."leaderId") AS "leaderNumber",
       (SELECT coalesce(json_agg(json_build_object(
                 'bidderId', p."bidderId", 'maxFen', p."maxFen"::text, 'setAt', p."updatedAt", 'number', n.number,
                 'eligible', p."bidderId" <> r."ownerId" AND ${ELIGIBLE('p."bidderId"')}) ORDER BY p."updatedAt"), '[]'::json)
          FROM "ProxyBid" p LEFT JOIN "LotBidder" n ON n."lotId" = p."lotId" AND n."bidderId" = p."bidderId"
         WHERE p."lotId" = l.id) AS proxies
  FROM "Lot" l JOIN "ResearchResult" r ON r.id = l."resultId"
 WHERE l.id = $1`

export function rulesOfLot(lot: Pick<LotContext, 'startingPriceFen' | 'incrementFen' | 'reserveFen' | 'extensionMinutes'>): LotRules {
  return {
    startingPriceFen: fenFromDb(lot.startingPriceFen),
    incrementFen: fenFromDb(lot.incrementFen),
    reserveFen: fenFromDb(lot.reserveFen),
    extensionMs: lot.extensionMinutes * 60_000,
  }
}

export function stateOfLot(
  lot: Pick<LotContext, 'status' | 'startsAt' | 'endsAt' | 'currentPriceFen' | 'leaderId' | 'bidCount' | 'pausedAt'>,
): LotState {
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

export function pseudonym(number: number): string {
  return `A${number}`
}

/** Collects positional parameters for one SQL statement. */
function params() {
  const values: unknown[] = []
  return { values, p: (v: unknown, cast = '') => (values.push(v), `$${values.length}${cast}`) }
}

export async function placeBid(db: Db, bidder: Principal, input: BidInput, arrivedAt: Date): Promise<BidOutcome> {
  return db.$transaction(async (tx) => {
    // Lock first, then read: a statement that waited for the lock would still see, in its
    // subqueries, the snapshot from before the wait (READ COMMITTED), missing the bid just committed.
    await tx.$executeRaw`SELECT 1 FROM "Lot" WHERE id = ${input.lotId} FOR UPDATE`
    const [lot] = await tx.$queryRawUnsafe<LotContext[]>(LOT_CONTEXT_SQL, input.lotId, bidder.organizationId, input.clientBidId)
    if (!lot) return { accepted: false, reason: 'not-found', nextMinimumFen: null }
    const rules = rulesOfLot(lot)
    const state = stateOfLot(lot)

    // The same client bid id again: the first answer again, never a second bid.
    if (lot.earlier) {
      const e = lot.earlier
      return {
        accepted: true,
        duplicate: true,
        bid: { seq: e.seq, bidder: pseudonym(lot.myNumber!), amountFen: Number(e.amountFen), at: new Date(e.at).toISOString(), proxy: e.proxy },
        lot: snapshot(lot.id, rules, state, lot.seq, lot.leaderNumber),
        events: [],
      }
    }

    const eligibility = { id: bidder.organizationId, approved: lot.registration === 'APPROVED', depositPaid: lot.depositPaid, ownsLot: lot.ownerId === bidder.organizationId }
    const first = decideBid(rules, state, eligibility, input.amountFen, arrivedAt.getTime())
    if (!first.ok) return { accepted: false, reason: first.reason, nextMinimumFen: first.nextMinimumFen }

    // Proxies answer at once, in the same step (rules in app/domain/auction.ts).
    const numbers = new Map<string, number>()
    if (lot.myNumber !== null) numbers.set(bidder.organizationId, lot.myNumber)
    for (const p of lot.proxies) if (p.number !== null) numbers.set(p.bidderId, p.number)
    if (lot.leaderId && lot.leaderNumber !== null) numbers.set(lot.leaderId, lot.leaderNumber)
    let bidderCount = lot.bidderCount
    const newBidders: { bidderId: string; number: number }[] = []
    const numberOf = (id: string) => {
      let n = numbers.get(id)
      if (n === undefined) {
        n = ++bidderCount
        numbers.set(id, n)
        newBidders.push({ bidderId: id, number: n })
      }
      return n
    }

    type Placed = { bidderId: string; amountFen: number; clientBidId: string; proxy: boolean; decision: Extract<BidDecision, { ok: true }> }
    const placed: Placed[] = [{ bidderId: bidder.organizationId, amountFen: input.amountFen, clientBidId: input.clientBidId, proxy: false, decision: first }]
    let current = first.state
    const eligibleProxies = lot.proxies.filter((p) => p.eligible)
    const planned = resolveProxies(rules, current, eligibleProxies.map((p) => ({ bidderId: p.bidderId, maxFen: Number(p.maxFen), setAt: Date.parse(p.setAt) })))
    for (const plan of planned) {
      const decision = decideBid(rules, current, { id: plan.bidderId, approved: true, depositPaid: true, ownsLot: false }, plan.amountFen, arrivedAt.getTime())
      if (!decision.ok) break
      placed.push({ bidderId: plan.bidderId, amountFen: plan.amountFen, clientBidId: `proxy-${lot.seq + placed.length + 1}`, proxy: true, decision })
      current = decision.state
    }

    // Log entries: each bid, then its extension when it moved the end.
    const at = arrivedAt.toISOString()
    const pending: { kind: string; at: string; payload: Record<string, unknown> }[] = []
    const bidSeqs: number[] = []
    for (const b of placed) {
      pending.push({ kind: 'bid', at, payload: { bidder: pseudonym(numberOf(b.bidderId)), amountFen: b.amountFen, proxy: b.proxy } })
      bidSeqs.push(lot.seq + pending.length)
      if (b.decision.extended) pending.push({ kind: 'extension', at, payload: { endsAt: new Date(b.decision.state.endsAt).toISOString(), bySeq: lot.seq + pending.length } })
    }
    const events = await extendChain(lot.seq, lot.lastHash, pending)
    const last = events[events.length - 1]!

    const { values, p } = params()
    const lotRef = p(lot.id)
    const atRef = p(at, '::timestamptz')
    const ctes: string[] = []
    if (newBidders.length) {
      ctes.push(`nb AS (INSERT INTO "LotBidder" ("lotId", "bidderId", number) VALUES ${newBidders.map((n) => `(${lotRef}, ${p(n.bidderId)}, ${p(n.number, '::int')})`).join(', ')})`)
    }
    ctes.push(
      `b AS (INSERT INTO "Bid" (id, "lotId", "bidderId", "amountFen", seq, "clientBidId", "isProxy", "receivedAt") VALUES ${placed
        .map((b, i) => `(${p(randomUUID())}, ${lotRef}, ${p(b.bidderId)}, ${p(String(b.amountFen), '::bigint')}, ${p(bidSeqs[i], '::int')}, ${p(b.clientBidId)}, ${p(b.proxy, '::boolean')}, ${atRef})`)
        .join(', ')})`,
    )
    ctes.push(
      `e AS (INSERT INTO "LotEvent" (id, "lotId", seq, kind, payload, at, "prevHash", hash) VALUES ${events
        .map((e) => `(${p(randomUUID())}, ${lotRef}, ${p(e.seq, '::int')}, ${p(e.kind)}, ${p(JSON.stringify(e.payload), '::jsonb')}, ${atRef}, ${p(e.prevHash)}, ${p(e.hash)})`)
        .join(', ')})`,
    )
    // The audit log keeps who did it (the bid's log entry names only the pseudonym).
    const statusChanged = lot.status !== 'LIVE'
    ctes.push(
      `a AS (INSERT INTO "AuditLog" (id, at, "actorId", action, "entityType", "entityId", "fromStatus", "toStatus", data) VALUES ${events
        .map((e, i) => {
          const bid = e.kind === 'bid' ? placed[bidSeqs.indexOf(e.seq)]! : null
          const data = bid ? { seq: e.seq, bidderId: bid.bidderId, amountFen: bid.amountFen, clientBidId: bid.clientBidId, proxy: bid.proxy } : { seq: e.seq, ...e.payload }
          const actor = bid && !bid.proxy ? bidder.userId : null
          const [from, to] = i === 0 && statusChanged ? [lot.status, 'LIVE'] : [null, null]
          return `(${p(randomUUID())}, ${atRef}, ${p(actor)}, ${p(bid ? 'lot.bid' : 'lot.extend')}, 'Lot', ${lotRef}, ${p(from)}, ${p(to)}, ${p(JSON.stringify(data), '::jsonb')})`
        })
        .join(', ')})`,
    )
    await tx.$executeRawUnsafe(
      `WITH ${ctes.join(',\n')}
       UPDATE "Lot" SET status = 'LIVE', "currentPriceFen" = ${p(String(current.currentPriceFen), '::bigint')}, "leaderId" = ${p(current.leaderId)},
              "bidCount" = ${p(current.bidCount, '::int')}, "bidderCount" = ${p(bidderCount, '::int')}, "endsAt" = ${p(new Date(current.endsAt).toISOString(), '::timestamptz')},
              seq = ${p(last.seq, '::int')}, "lastHash" = ${p(last.hash)}
        WHERE id = ${lotRef}`,
      ...values,
    )
    const mine = placed[0]!
    return {
      accepted: true,
      duplicate: false,
      bid: { seq: bidSeqs[0]!, bidder: pseudonym(numbers.get(mine.bidderId)!), amountFen: mine.amountFen, at, proxy: false },
      lot: snapshot(lot.id, rules, current, last.seq, numbers.get(current.leaderId!) ?? null),
      events,
    }
  })
}

function snapshot(id: string, rules: LotRules, state: LotState, seq: number, leaderNumber: number | null): LotSnapshot {
  return {
    id,
    status: state.status,
    currentPriceFen: state.currentPriceFen,
    nextMinimumFen: nextMinimumBid(rules, state),
    bidCount: state.bidCount,
    seq,
    endsAt: new Date(state.endsAt).toISOString(),
    pausedAt: state.pausedAt === null ? null : new Date(state.pausedAt).toISOString(),
    leader: leaderNumber === null ? null : pseudonym(leaderNumber),
  }
}

/** Locks a lot's row for a staff action or the close, in the caller's transaction. */
export async function lockLot(tx: Tx, lotId: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Lot" WHERE id = ${lotId} FOR UPDATE`
  if (!row) return null
  return tx.lot.findUniqueOrThrow({ where: { id: lotId }, include: { result: { select: { id: true, ownerId: true, status: true } } } })
}

export type ProxyOutcome = { maxFen: number | null; bid: BidOutcome | null }

/**
 * Sets (or with null clears) the bidder's maximum for a lot. When the bidder
 * is not leading and the maximum reaches the next minimum, it bids that at once
 * (the same placeBid, so other proxies answer in the same step).
 */
export async function setProxyBid(db: Db, bidder: Principal, lotId: string, maxFen: number | null, arrivedAt: Date): Promise<ProxyOutcome> {
  if (bidder.role !== 'ENTERPRISE') throw new ServiceError('forbidden', '只有企业可以委托代理出价')
  const lot = await db.lot.findUnique({ where: { id: lotId }, include: { result: { select: { ownerId: true } } } })
  if (!lot) throw new ServiceError('not-found', '找不到该标的')
  if (maxFen === null) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.proxyBid.deleteMany({ where: { lotId, bidderId: bidder.organizationId } })
      if (count) await audit(tx, { actorId: bidder.userId, action: 'lot.proxy-clear', entityType: 'Lot', entityId: lotId, at: arrivedAt })
    })
    return { maxFen: null, bid: null }
  }
  const rules = rulesOfLot(lot)
  const state = stateOfLot(lot)
  if (!Number.isSafeInteger(maxFen) || maxFen <= 0) throw new ServiceError('invalid', '请输入有效的最高出价', 'maxFen')
  const min = nextMinimumBid(rules, state)
  const leading = state.leaderId === bidder.organizationId
  if (maxFen < (leading ? state.currentPriceFen! + rules.incrementFen : min)) {
    throw new ServiceError('invalid', `代理最高价须不低于 ${formatFen(leading ? state.currentPriceFen! + rules.incrementFen : min)}`, 'maxFen')
  }
  const open = biddingState(state, arrivedAt.getTime())
  if (open !== 'open') throw new ServiceError('wrong-status', BID_REJECTION_MESSAGES[open])
  if (lot.result.ownerId === bidder.organizationId) throw new ServiceError('not-allowed', BID_REJECTION_MESSAGES['own-lot'])
  const [registration, deposit] = await Promise.all([
    db.registration.findUnique({ where: { sessionId_enterpriseId: { sessionId: lot.sessionId, enterpriseId: bidder.organizationId } } }),
    hasPaidDeposit(db, lot.sessionId, bidder.organizationId),
  ])
  if (registration?.status !== 'APPROVED') throw new ServiceError('not-allowed', BID_REJECTION_MESSAGES['not-approved'])
  if (!deposit) throw new ServiceError('not-allowed', BID_REJECTION_MESSAGES['deposit-unpaid'])
  await db.$transaction(async (tx) => {
    await tx.proxyBid.upsert({
      where: { lotId_bidderId: { lotId, bidderId: bidder.organizationId } },
      create: { lotId, bidderId: bidder.organizationId, maxFen: fenToDb(maxFen), createdAt: arrivedAt, updatedAt: arrivedAt },
      update: { maxFen: fenToDb(maxFen), updatedAt: arrivedAt },
    })
    await audit(tx, { actorId: bidder.userId, action: 'lot.proxy-set', entityType: 'Lot', entityId: lotId, data: { maxFen }, at: arrivedAt })
  })
  const bid = leading ? null : await placeBid(db, bidder, { lotId, amountFen: min, clientBidId: `proxy-set-${arrivedAt.getTime()}` }, arrivedAt)
  return { maxFen, bid }
}
