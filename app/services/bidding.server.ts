// Placing a bid: the one atomic step every transport (socket, page, proxy)
// goes through. It is the hot path, so it is plain SQL (not Prisma, whose
// per-statement overhead would be most of the time the lot stays locked):
// one transaction takes the lot's row lock (SELECT … FOR UPDATE), reads the
// lot with everything the rules need about the bidders, lets the domain
// decide each bid in order of arrival, and writes the bids, their pseudonyms,
// the chained log entries, the audit entries and the lot's new state in one
// statement before anyone is answered. The lock orders bids on a lot across
// processes; the time that counts is the server's arrival time passed in by
// the caller.
import { randomUUID } from 'node:crypto'
import type { Principal } from '~/domain/access.ts'
import {
  bidderBar,
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
import { extendChain, type ChainedLotLogEntry, type LotLogEntry } from '~/domain/lot-log.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { lockRow, sqlPort, statement, type SqlArg, type SqlTx } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { bidderFacts, eligibilitySql } from './eligibility-sql.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { AcceptedBid, LotLogRow, LotSnapshot } from '~/utils/realtime-contract.ts'
import { hasPaidDeposit } from './payments.server.ts'

export type BidInput = { lotId: string; amountFen: number; clientBidId: string }

export type BidOutcome =
  | { accepted: true; duplicate: boolean; bid: AcceptedBid; lot: LotSnapshot; events: LotLogRow[] }
  | { accepted: false; reason: BidRejection | 'not-found'; nextMinimumFen: number | null }

type ProxyRow = { bidderId: string; maxFen: string; setAt: string | number; number: number | null; registration: string | null; depositPaid: boolean }

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
  /** What the rules need about each bidder in the batch. */
  bidders: { id: string; registration: string | null; depositPaid: boolean; number: number | null }[]
  /** Bids already stored under a (bidder, client bid id) of the batch. */
  earlier: { bidderId: string; clientBidId: string; seq: number; amountFen: string; at: string | number; proxy: boolean }[]
  leaderNumber: number | null
  proxies: ProxyRow[]
}

// What the rules need about each bidder of the batch and each proxy (app/services/eligibility-sql.server.ts).
const BIDDER = eligibilitySql('l."sessionId"', 'o.id')
const PROXY = eligibilitySql('l."sessionId"', 'p."bidderId"')

/** An instant as epoch milliseconds in text: the same from pg and from PGlite. */
const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::bigint::text`

const LOT_CONTEXT_SQL = statement<LotContextRow>(`
SELECT l.id, l."sessionId", r."ownerId", l.status::text AS status, l."startingPriceFen"::text AS "startingPriceFen",
       l."incrementFen"::text AS "incrementFen", l."reserveFen"::text AS "reserveFen",
       ${MS('l."startsAt"')} AS "startsAt", ${MS('l."endsAt"')} AS "endsAt", l."extensionMinutes",
       l."currentPriceFen"::text AS "currentPriceFen", l."leaderId", l."bidCount", l."bidderCount",
       l.seq, l."lastHash", ${MS('l."pausedAt"')} AS "pausedAt",
       (SELECT coalesce(json_agg(json_build_object(
                 'id', o.id,
                 'registration', ${BIDDER.registration},
                 'depositPaid', ${BIDDER.depositPaid},
                 'number', (SELECT n.number FROM "LotBidder" n WHERE n."lotId" = l.id AND n."bidderId" = o.id))), '[]'::json)
          FROM unnest($2::text[]) AS o(id)) AS bidders,
       (SELECT coalesce(json_agg(json_build_object('bidderId', b."bidderId", 'clientBidId', b."clientBidId", 'seq', b.seq,
                 'amountFen', b."amountFen"::text, 'at', ${MS('b."receivedAt"')}, 'proxy', b."isProxy")), '[]'::json)
          FROM "Bid" b JOIN unnest($3::text[], $4::text[]) AS k(bidder, client) ON b."bidderId" = k.bidder AND b."clientBidId" = k.client
         WHERE b."lotId" = l.id) AS earlier,
       (SELECT n.number FROM "LotBidder" n WHERE n."lotId" = l.id AND n."bidderId" = l."leaderId") AS "leaderNumber",
       (SELECT coalesce(json_agg(json_build_object(
                 'bidderId', p."bidderId", 'maxFen', p."maxFen"::text, 'setAt', ${MS('p."updatedAt"')}, 'number', n.number,
                 'registration', ${PROXY.registration}, 'depositPaid', ${PROXY.depositPaid}) ORDER BY p."updatedAt"), '[]'::json)
          FROM "ProxyBid" p LEFT JOIN "LotBidder" n ON n."lotId" = p."lotId" AND n."bidderId" = p."bidderId"
         WHERE p."lotId" = l.id) AS proxies
  FROM "Lot" l JOIN "ResearchResult" r ON r.id = l."resultId"
 WHERE l.id = $1`, 'bid-lot-context')

const LOCK_LOT_SQL = statement<{ sessionId: string }>('SELECT "sessionId" FROM "Lot" WHERE id = $1 FOR UPDATE', 'bid-lock-lot')

/** The context row as both drivers return it (numbers that may exceed 32 bits come as text). */
type LotContextRow = Omit<LotContext, 'startingPriceFen' | 'incrementFen' | 'reserveFen' | 'currentPriceFen' | 'startsAt' | 'endsAt' | 'pausedAt'> & {
  startingPriceFen: string
  incrementFen: string
  reserveFen: string | null
  currentPriceFen: string | null
  startsAt: string
  endsAt: string
  pausedAt: string | null
}

function contextOf(row: LotContextRow): LotContext {
  const big = (v: string | null) => (v === null ? null : BigInt(v))
  const date = (v: string | null) => (v === null ? null : new Date(Number(v)))
  return {
    ...row,
    startingPriceFen: BigInt(row.startingPriceFen),
    incrementFen: BigInt(row.incrementFen),
    reserveFen: big(row.reserveFen),
    currentPriceFen: big(row.currentPriceFen),
    startsAt: date(row.startsAt)!,
    endsAt: date(row.endsAt)!,
    pausedAt: date(row.pausedAt),
  }
}

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
  const values: SqlArg[] = []
  return { values, p: (v: SqlArg, cast = '') => (values.push(v), `$${values.length}${cast}`) }
}

type PendingBid = { bidder: Principal; input: BidInput; arrivedAt: Date; resolve: (o: BidOutcome) => void; reject: (e: unknown) => void }
type LotQueue = { items: PendingBid[]; running: boolean }

/** Most bids one transaction takes; the rest wait for the next. */
const MAX_BATCH = 200
const queues = new WeakMap<object, Map<string, LotQueue>>()

/**
 * Places a bid. Bids for one lot in this process queue behind the lot's
 * transaction in flight; when it commits, the next transaction takes all that
 * arrived meanwhile, in order of arrival, deciding each on the state left by
 * the one before, and commits them together: one WAL flush for many bids on a
 * hot lot (the flush, about 4 ms here, is most of a transaction). Each is
 * answered only after that commit. Across processes the row lock orders the
 * transactions.
 */
export function placeBid(db: Db, bidder: Principal, input: BidInput, arrivedAt: Date): Promise<BidOutcome> {
  return new Promise((resolve, reject) => {
    let lots = queues.get(db)
    if (!lots) queues.set(db, (lots = new Map()))
    let queue = lots.get(input.lotId)
    if (!queue) lots.set(input.lotId, (queue = { items: [], running: false }))
    queue.items.push({ bidder, input, arrivedAt, resolve, reject })
    if (!queue.running) void drain(db, input.lotId, queue, lots)
  })
}

async function drain(db: Db, lotId: string, queue: LotQueue, lots: Map<string, LotQueue>) {
  queue.running = true
  while (queue.items.length) {
    const batch = queue.items.splice(0, MAX_BATCH).sort((a, b) => a.arrivedAt.getTime() - b.arrivedAt.getTime())
    try {
      const outcomes = await placeBatch(db, lotId, batch)
      batch.forEach((p, i) => p.resolve(outcomes[i]!))
    } catch (error) {
      for (const p of batch) p.reject(error)
    }
  }
  queue.running = false
  lots.delete(lotId)
}

type Placed = { bidderId: string; actorId: string | null; amountFen: number; clientBidId: string; proxy: boolean; at: Date; seq: number }

async function placeBatch(db: Db, lotId: string, batch: PendingBid[]): Promise<BidOutcome[]> {
  return sqlPort(db).transaction(async (tx): Promise<BidOutcome[]> => {
    // Lock first, then read: a statement that waited for the lock would still see, in its
    // subqueries, the snapshot from before the wait (READ COMMITTED), missing the bids just committed.
    const [locked] = await tx.query(LOCK_LOT_SQL, [lotId])
    if (!locked) return batch.map(() => ({ accepted: false, reason: 'not-found', nextMinimumFen: null }))
    const orgs = [...new Set(batch.map((b) => b.bidder.organizationId))]
    const [row] = await tx.query(LOT_CONTEXT_SQL, [lotId, orgs, batch.map((b) => b.bidder.organizationId), batch.map((b) => b.input.clientBidId)])
    if (!row) return batch.map(() => ({ accepted: false, reason: 'not-found', nextMinimumFen: null }))
    const lot = contextOf(row)
    const rules = rulesOfLot(lot)
    let state = stateOfLot(lot)
    let seq = lot.seq
    let lastHash = lot.lastHash

    // Pseudonyms: known ones from the database, new ones numbered as bidders first bid.
    const numbers = new Map<string, number>()
    for (const b of lot.bidders) if (b.number !== null) numbers.set(b.id, b.number)
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
    const leaderName = () => (state.leaderId ? (numbers.get(state.leaderId) ?? null) : null)
    const info = new Map(lot.bidders.map((b) => [b.id, b]))
    // The same client bid id again (stored earlier, or earlier in this batch): the first answer again.
    const answered = new Map<string, AcceptedBid>()
    for (const e of lot.earlier) {
      answered.set(`${e.bidderId}\n${e.clientBidId}`, { seq: e.seq, bidder: pseudonym(numbers.get(e.bidderId)!), amountFen: fenFromDb(e.amountFen), at: new Date(Number(e.at)).toISOString(), proxy: e.proxy })
    }
    const proxyBidder = (p: ProxyRow) => ({ id: p.bidderId, ...bidderFacts(p), ownsLot: p.bidderId === lot.ownerId })
    const proxyFacts = new Map(lot.proxies.map((p) => [p.bidderId, proxyBidder(p)]))
    const eligibleProxies = lot.proxies.filter((p) => bidderBar(proxyBidder(p)) === null).map((p) => ({ bidderId: p.bidderId, maxFen: fenFromDb(p.maxFen), setAt: Number(p.setAt) }))

    const placed: Placed[] = []
    const entries: ChainedLotLogEntry[] = []
    const outcomes: BidOutcome[] = []
    for (const { bidder, input, arrivedAt } of batch) {
      const key = `${bidder.organizationId}\n${input.clientBidId}`
      const earlier = answered.get(key)
      if (earlier) {
        outcomes.push({ accepted: true, duplicate: true, bid: earlier, lot: snapshot(lot.id, rules, state, seq, leaderName()), events: [] })
        continue
      }
      const b = info.get(bidder.organizationId)!
      const eligibility = { id: bidder.organizationId, ...bidderFacts(b), ownsLot: lot.ownerId === bidder.organizationId }
      const at = arrivedAt.getTime()
      const first = decideBid(rules, state, eligibility, input.amountFen, at)
      if (!first.ok) {
        outcomes.push({ accepted: false, reason: first.reason, nextMinimumFen: first.nextMinimumFen })
        continue
      }
      // This bid, then the proxies' answers in the same step (rules in app/domain/auction.ts).
      const steps: { bidderId: string; amountFen: number; clientBidId: string; proxy: boolean; decision: Extract<BidDecision, { ok: true }> }[] = [
        { bidderId: bidder.organizationId, amountFen: input.amountFen, clientBidId: input.clientBidId, proxy: false, decision: first },
      ]
      let current = first.state
      for (const plan of resolveProxies(rules, current, eligibleProxies)) {
        const decision = decideBid(rules, current, proxyFacts.get(plan.bidderId)!, plan.amountFen, at)
        if (!decision.ok) break
        steps.push({ bidderId: plan.bidderId, amountFen: plan.amountFen, clientBidId: `proxy-${seq + steps.length + 1}-${at}`, proxy: true, decision })
        current = decision.state
      }
      const iso = arrivedAt.toISOString()
      const pending: Omit<LotLogEntry, 'seq'>[] = []
      const seqs: number[] = []
      for (const step of steps) {
        pending.push({ kind: 'bid', at: iso, payload: { bidder: pseudonym(numberOf(step.bidderId)), amountFen: step.amountFen, proxy: step.proxy } })
        seqs.push(seq + pending.length)
        if (step.decision.extended) pending.push({ kind: 'extension', at: iso, payload: { endsAt: new Date(step.decision.state.endsAt).toISOString(), bySeq: seq + pending.length } })
      }
      const chained = await extendChain(seq, lastHash, pending)
      steps.forEach((step, i) =>
        placed.push({ bidderId: step.bidderId, actorId: step.proxy ? null : bidder.userId, amountFen: step.amountFen, clientBidId: step.clientBidId, proxy: step.proxy, at: arrivedAt, seq: seqs[i]! }),
      )
      entries.push(...chained)
      seq = chained[chained.length - 1]!.seq
      lastHash = chained[chained.length - 1]!.hash
      state = current
      const mine: AcceptedBid = { seq: seqs[0]!, bidder: pseudonym(numbers.get(bidder.organizationId)!), amountFen: input.amountFen, at: iso, proxy: false }
      answered.set(key, mine)
      outcomes.push({ accepted: true, duplicate: false, bid: mine, lot: snapshot(lot.id, rules, state, seq, leaderName()), events: chained })
    }
    if (placed.length) await writeBids(tx, lot, { placed, entries, newBidders, state, bidderCount, seq, lastHash: lastHash! })
    return outcomes
  })
}

/** One statement: pseudonyms, bids, log entries, audit entries and the lot's new state. */
async function writeBids(
  tx: SqlTx,
  lot: LotContext,
  w: { placed: Placed[]; entries: ChainedLotLogEntry[]; newBidders: { bidderId: string; number: number }[]; state: LotState; bidderCount: number; seq: number; lastHash: string },
) {
  const { values, p } = params()
  const lotRef = p(lot.id)
  const ctes: string[] = []
  if (w.newBidders.length) {
    ctes.push(`nb AS (INSERT INTO "LotBidder" ("lotId", "bidderId", number) VALUES ${w.newBidders.map((n) => `(${lotRef}, ${p(n.bidderId)}, ${p(n.number, '::int')})`).join(', ')})`)
  }
  ctes.push(
    `b AS (INSERT INTO "Bid" (id, "lotId", "bidderId", "amountFen", seq, "clientBidId", "isProxy", "receivedAt") VALUES ${w.placed
      .map((b) => `(${p(randomUUID())}, ${lotRef}, ${p(b.bidderId)}, ${p(String(b.amountFen), '::bigint')}, ${p(b.seq, '::int')}, ${p(b.clientBidId)}, ${p(b.proxy, '::boolean')}, ${p(b.at.toISOString(), '::timestamptz')})`)
      .join(', ')})`,
  )
  ctes.push(
    `e AS (INSERT INTO "LotEvent" (id, "lotId", seq, kind, payload, at, "prevHash", hash) VALUES ${w.entries
      .map((e) => `(${p(randomUUID())}, ${lotRef}, ${p(e.seq, '::int')}, ${p(e.kind)}, ${p(JSON.stringify(e.payload), '::jsonb')}, ${p(e.at, '::timestamptz')}, ${p(e.prevHash)}, ${p(e.hash)})`)
      .join(', ')})`,
  )
  // The audit log keeps who did it (the log entry names only the pseudonym).
  const bySeq = new Map(w.placed.map((b) => [b.seq, b]))
  ctes.push(
    `a AS (INSERT INTO "AuditLog" (id, at, "actorId", action, "entityType", "entityId", "fromStatus", "toStatus", data) VALUES ${w.entries
      .map((e, i) => {
        const bid = e.kind === 'bid' ? bySeq.get(e.seq)! : null
        const data = bid ? { seq: e.seq, bidderId: bid.bidderId, amountFen: bid.amountFen, clientBidId: bid.clientBidId, proxy: bid.proxy } : { seq: e.seq, ...e.payload }
        const [from, to] = i === 0 && lot.status !== 'LIVE' ? [lot.status, 'LIVE'] : [null, null]
        return `(${p(randomUUID())}, ${p(e.at, '::timestamptz')}, ${p(bid?.actorId ?? null)}, ${p(bid ? 'lot.bid' : 'lot.extend')}, 'Lot', ${lotRef}, ${p(from)}, ${p(to)}, ${p(JSON.stringify(data), '::jsonb')})`
      })
      .join(', ')})`,
  )
  await tx.query(
    // Its text depends only on how many rows of each kind it writes, so a few shapes recur: prepared under a
    // name from its text, it is planned once per shape and connection (planning it every time cost PostgreSQL
    // more than running it).
    statement(`WITH ${ctes.join(',\n')}
     UPDATE "Lot" SET status = 'LIVE', "currentPriceFen" = ${p(String(w.state.currentPriceFen), '::bigint')}, "leaderId" = ${p(w.state.leaderId)},
            "bidCount" = ${p(w.state.bidCount, '::int')}, "bidderCount" = ${p(w.bidderCount, '::int')}, "endsAt" = ${p(new Date(w.state.endsAt).toISOString(), '::timestamptz')},
            seq = ${p(w.seq, '::int')}, "lastHash" = ${p(w.lastHash)}
      WHERE id = ${lotRef}`),
    values,
  )
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
  if (!(await lockRow(tx, 'Lot', lotId))) return null
  return tx.lot.findUniqueOrThrow({ where: { id: lotId }, include: { result: { select: { id: true, ownerId: true, status: true } } } })
}

export type ProxyOutcome = { maxFen: number | null; bid: BidOutcome | null }

/**
 * Sets (or with null clears) the bidder's maximum for a lot. When the bidder
 * is not leading and the maximum reaches the next minimum, it bids that at once
 * (the same placeBid, so other proxies answer in the same step).
 */
export async function setProxyBid(db: Db, bidder: Principal, lotId: string, maxFen: number | null, arrivedAt: Date): Promise<ProxyOutcome> {
  if (bidder.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.proxy-bids')
  const lot = await db.lot.findUnique({ where: { id: lotId }, include: { result: { select: { ownerId: true } } } })
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  if (maxFen === null) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.proxyBid.deleteMany({ where: { lotId, bidderId: bidder.organizationId } })
      if (count) await audit(tx, { actorId: bidder.userId, action: 'lot.proxy-clear', entityType: 'Lot', entityId: lotId, at: arrivedAt })
    })
    return { maxFen: null, bid: null }
  }
  const rules = rulesOfLot(lot)
  const state = stateOfLot(lot)
  if (!Number.isSafeInteger(maxFen) || maxFen <= 0) throw new ServiceError('invalid', 'proxy.max-invalid', { field: 'maxFen' })
  const min = nextMinimumBid(rules, state)
  const leading = state.leaderId === bidder.organizationId
  if (maxFen < (leading ? state.currentPriceFen! + rules.incrementFen : min)) {
    throw new ServiceError('invalid', 'proxy.max-too-low', { field: 'maxFen', params: { minFen: leading ? state.currentPriceFen! + rules.incrementFen : min } })
  }
  const open = biddingState(state, arrivedAt.getTime())
  if (open !== 'open') throw new ServiceError('wrong-status', `bid.${open}`)
  if (lot.result.ownerId === bidder.organizationId) throw new ServiceError('not-allowed', 'bid.own-lot')
  const [registration, deposit] = await Promise.all([
    db.registration.findUnique({ where: { sessionId_enterpriseId: { sessionId: lot.sessionId, enterpriseId: bidder.organizationId } } }),
    hasPaidDeposit(db, lot.sessionId, bidder.organizationId),
  ])
  if (registration?.status !== 'APPROVED') throw new ServiceError('not-allowed', 'bid.not-approved')
  if (!deposit) throw new ServiceError('not-allowed', 'bid.deposit-unpaid')
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
