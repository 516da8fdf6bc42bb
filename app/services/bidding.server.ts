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
import { createHash, randomUUID } from 'node:crypto'
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
import { extendChainSync, type ChainedLotLogEntry, type LotLogEntry } from '~/domain/lot-log.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { lockRow, sqlPort, statement, type SqlArg } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { bidderFacts, eligibilitySql } from './eligibility-sql.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { AcceptedBid, LotLogRow, LotSnapshot } from '~/utils/realtime-contract.ts'
import { hasPaidDeposit } from './deposits.server.ts'
import { singleton } from '~/utils/singleton.server.ts'

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
const BIDDER = eligibilitySql('l."sessionId"', 'l.id', 'o.id')
const PROXY = eligibilitySql('l."sessionId"', 'l.id', 'p."bidderId"')

/** An instant as epoch milliseconds in text: the same from pg and from PGlite. */
const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::bigint::text`

// Every lot of a batch in one statement. $1: the lots; $2, $3: (lot, bidder) of each bidder in the batch; $4, $5,
// $6: (lot, bidder, client bid id) of each bid, to find ones already stored. `lock`: the same statement also takes
// the lots' row locks, in one fixed order (by id) for every batch of every process, so two batches that share lots
// never wait on each other in a cycle, and says whether its read is current (see commitBatch).
const lotsContextSql = (lock: boolean) => `
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
          FROM unnest($2::text[], $3::text[]) AS o(lot, id) WHERE o.lot = l.id) AS bidders,
       (SELECT coalesce(json_agg(json_build_object('bidderId', b."bidderId", 'clientBidId', b."clientBidId", 'seq', b.seq,
                 'amountFen', b."amountFen"::text, 'at', ${MS('b."receivedAt"')}, 'proxy', b."isProxy")), '[]'::json)
          FROM unnest($4::text[], $5::text[], $6::text[]) AS k(lot, bidder, client)
          -- LATERAL: one probe of the unique (lot, bidder, client bid id) index per bid, never a scan of the lot's bids.
          -- OFFSET 0 keeps the subquery apart, so its only conditions are the three parameters whatever the statistics
          -- say (pulled up, the planner may probe by the lot alone and filter the lot's bids: O(bids of the lot)).
          CROSS JOIN LATERAL (SELECT * FROM "Bid" x WHERE x."lotId" = k.lot AND x."bidderId" = k.bidder AND x."clientBidId" = k.client OFFSET 0) b
         WHERE k.lot = l.id) AS earlier,
       (SELECT n.number FROM "LotBidder" n WHERE n."lotId" = l.id AND n."bidderId" = l."leaderId") AS "leaderNumber",
       (SELECT coalesce(json_agg(json_build_object(
                 'bidderId', p."bidderId", 'maxFen', p."maxFen"::text, 'setAt', ${MS('p."updatedAt"')}, 'number', n.number,
                 'registration', ${PROXY.registration}, 'depositPaid', ${PROXY.depositPaid}) ORDER BY p."updatedAt"), '[]'::json)
          FROM "ProxyBid" p LEFT JOIN "LotBidder" n ON n."lotId" = p."lotId" AND n."bidderId" = p."bidderId"
         WHERE p."lotId" = l.id) AS proxies
  FROM "Lot" l JOIN "ResearchResult" r ON r.id = l."resultId"
 WHERE l.id = ANY($1::text[])${
   lock
     ? `
 ORDER BY l.id FOR UPDATE OF l`
     : ''
 }`

// The lock and the read in one round trip. A statement that waited for a lock returns the row as the other
// transaction committed it, but its subqueries still read the snapshot from before the wait (READ COMMITTED), and
// would miss the bids just committed. So it also reads the lot's row version in that snapshot ("current": the
// same version it locked): where any lot's differs (another process or a staff action committed on it meanwhile),
// the read is done again by LOTS_CONTEXT_SQL, a new statement with a new snapshot, the locks already held.
const LOCK_LOTS_CONTEXT_SQL = statement<LotContextRow & { current: boolean }>(
  lotsContextSql(true).replace('SELECT l.id,', `SELECT l.id, l.xmin::text = (SELECT s.xmin::text FROM "Lot" s WHERE s.id = l.id) AS current,`),
  'bid-lock-lots-context',
)
const LOTS_CONTEXT_SQL = statement<LotContextRow>(lotsContextSql(false), 'bid-lots-context')

// Everything a batch decided, for all its lots, in one statement whose text never changes (arrays, unnested), so
// PostgreSQL parses and plans it once per connection: pseudonyms, bids, log entries, audit entries, lots' states.
const WRITE_BIDS_SQL = statement(`
WITH nb AS (
  INSERT INTO "LotBidder" ("lotId", "bidderId", number)
  SELECT x.lot, x.bidder, x.number::int FROM unnest($1::text[], $2::text[], $3::text[]) AS x(lot, bidder, number)
), b AS (
  INSERT INTO "Bid" (id, "lotId", "bidderId", "amountFen", seq, "clientBidId", "isProxy", "receivedAt")
  SELECT x.id, x.lot, x.bidder, x.amount::bigint, x.seq::int, x.client, x.proxy::boolean, x.at::timestamptz
    FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) AS x(id, lot, bidder, amount, seq, client, proxy, at)
), e AS (
  INSERT INTO "LotEvent" (id, "lotId", seq, kind, payload, at, "prevHash", hash)
  SELECT x.id, x.lot, x.seq::int, x.kind, x.payload::jsonb, x.at::timestamptz, x.prev, x.hash
    FROM unnest($12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[]) AS x(id, lot, seq, kind, payload, at, prev, hash)
), a AS (
  INSERT INTO "AuditLog" (id, at, "actorId", action, "entityType", "entityId", "fromStatus", "toStatus", data)
  SELECT x.id, x.at::timestamptz, x.actor, x.action, 'Lot', x.lot, x.from_status, x.to_status, x.data::jsonb
    FROM unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[]) AS x(id, at, actor, action, lot, from_status, to_status, data)
)
UPDATE "Lot" l
   SET status = 'LIVE', "currentPriceFen" = v.price::bigint, "leaderId" = v.leader, "bidCount" = v.bids::int, "bidderCount" = v.bidders::int,
       "endsAt" = v.ends::timestamptz, seq = v.seq::int, "lastHash" = v.hash
  FROM unnest($28::text[], $29::text[], $30::text[], $31::text[], $32::text[], $33::text[], $34::text[], $35::text[]) AS v(id, price, leader, bids, bidders, ends, seq, hash)
 WHERE l.id = v.id`, 'bid-write')

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

type PendingBid = { bidder: Principal; input: BidInput; arrivedAt: Date; resolve: (o: BidOutcome) => void; reject: (e: unknown) => void }

/**
 * How bids reach the database (docs/decisions/010-bid-path-headroom.md). A committer per database and process (or
 * a few, by a hash of the lot's id, when `shards` > 1) takes every bid that arrived for lots not already in one of
 * its transactions and decides them together: the lots' rows locked in id order, one read of everything the rules
 * need for all of them, the domain deciding each bid in order of arrival on the state the one before left, one
 * write, one commit. Nobody is answered before that commit. So a lot's bids are decided in arrival order within a
 * process (a lot is in one transaction of a process at a time); across processes its row lock orders them.
 *
 * When transactions start is what the database pays per bid: each costs about as much as four bids' rows, whatever
 * it holds. So a committer starts at most one transaction every `cadenceMs` (the bids of that window share it), with
 * up to `maxInFlight` in flight so one slow round trip does not hold up the lots of the next window; after an idle
 * moment the first bid waits `windowMs` for company. A bid waits at most `cadenceMs` for its transaction to start
 * (`windowMs` when none started within the last `cadenceMs`); under a heavy load the transactions carry
 * `rate × cadenceMs` bids each.
 */
type Committer = { pending: PendingBid[]; inFlight: Set<string>; running: number; timer: NodeJS.Timeout | null; lastStart: number }

export type BidBatching = {
  /** After an idle moment, how long the first bid waits for others to share its transaction (ms). */
  windowMs: number
  /** Least time between the starts of two transactions of a committer (ms). */
  cadenceMs: number
  /** Transactions of a committer in flight at once. */
  maxInFlight: number
  /** Committers per process, each lot always with the same one. */
  shards: number
  /** Most bids one transaction takes. */
  maxBids: number
}
// cadenceMs 15 rather than 10 (decision 010, session 9: the same quiet machine, runs interleaved): at 500 bids/s
// 0.25–0.27 ms of database CPU a bid instead of 0.32–0.36 and ack p99 35–38 ms instead of 41–43; p50 3 ms higher.
const batching = singleton('bid-batching', (): BidBatching => ({ windowMs: 2, cadenceMs: 15, maxInFlight: 4, shards: 1, maxBids: 500 }))

/** Tunes the committer (the benchmark compares settings; the defaults are what it chose). */
export function configureBidBatching(settings: Partial<BidBatching>): void {
  Object.assign(batching, settings)
}

/** The committer's settings now (the benchmarks print them). */
export function bidBatching(): BidBatching {
  return { ...batching }
}

const committers = new WeakMap<object, Committer[]>()

function committerOf(db: Db, lotId: string): Committer {
  let all = committers.get(db)
  if (!all) committers.set(db, (all = []))
  let h = 2166136261
  for (let i = 0; i < lotId.length; i++) h = Math.imul(h ^ lotId.charCodeAt(i), 16777619)
  const shard = (h >>> 0) % Math.max(1, batching.shards)
  return (all[shard] ??= { pending: [], inFlight: new Set(), running: 0, timer: null, lastStart: -Infinity })
}

/** What this process saw committed: each lot's latest state, and the accepted bids' first answers. */
type Known = { lots: Map<string, { snapshot: LotSnapshot; rules: LotRules }>; answers: Map<string, AcceptedBid> }
const knownOf = new WeakMap<object, Known>()
const ANSWERS_KEPT = 100_000

function known(db: Db): Known {
  let k = knownOf.get(db)
  if (!k) knownOf.set(db, (k = { lots: new Map(), answers: new Map() }))
  return k
}

const answerKey = (lotId: string, bidderId: string, clientBidId: string) => `${lotId}\n${bidderId}\n${clientBidId}`

/**
 * Places a bid: decided and, if accepted, durable (committed with its log and audit entries) before this resolves.
 * A resend of a bid this process saw accepted needs no transaction (answerWithoutTransaction); every other bid
 * waits for the committer.
 */
export function placeBid(db: Db, bidder: Principal, input: BidInput, arrivedAt: Date): Promise<BidOutcome> {
  const quick = answerWithoutTransaction(db, bidder, input)
  if (quick) return Promise.resolve(quick)
  return new Promise((resolve, reject) => {
    const c = committerOf(db, input.lotId)
    c.pending.push({ bidder, input, arrivedAt, resolve, reject })
    schedule(db, c)
  })
}

/**
 * The first answer again, for a client bid id this process saw accepted and committed: a stored bid never changes,
 * so a transaction could only find it and say the same. Null when only a transaction can tell. (A stale amount is
 * not answered here: the same id may have been stored by another process or before a restart, and then its first
 * answer is due, not "too low"; the transaction's read finds it.)
 */
export function answerWithoutTransaction(db: Db, bidder: Principal, input: Pick<BidInput, 'lotId' | 'clientBidId'>): Extract<BidOutcome, { accepted: true }> | null {
  const k = known(db)
  const lot = k.lots.get(input.lotId)
  const first = lot && k.answers.get(answerKey(input.lotId, bidder.organizationId, input.clientBidId))
  return lot && first ? { accepted: true, duplicate: true, bid: first, lot: lot.snapshot, events: [] } : null
}

function remember(db: Db, lotId: string, rules: LotRules, snap: LotSnapshot, accepted: { bidderId: string; clientBidId: string; bid: AcceptedBid }[]) {
  const k = known(db)
  const was = k.lots.get(lotId)
  if (!was || was.snapshot.seq <= snap.seq) k.lots.set(lotId, { snapshot: snap, rules })
  for (const a of accepted) k.answers.set(answerKey(lotId, a.bidderId, a.clientBidId), a.bid)
  // Oldest first (a Map keeps insertion order): a retry comes within seconds, not after 100,000 other bids.
  if (k.answers.size > ANSWERS_KEPT) {
    for (const key of k.answers.keys()) {
      k.answers.delete(key)
      if (k.answers.size <= ANSWERS_KEPT * 0.9) break
    }
  }
}

/** Forgets what this process saw committed about a lot: a staff action or the close changed it outside the bid path. */
export function forgetLot(db: Db, lotId: string): void {
  known(db).lots.delete(lotId)
}

function schedule(db: Db, c: Committer) {
  const settings = batching
  if (c.timer || c.running >= Math.max(1, settings.maxInFlight)) return
  if (!c.pending.some((p) => !c.inFlight.has(p.input.lotId))) return
  const now = performance.now()
  const wait = Math.max(c.lastStart + settings.cadenceMs - now, c.running === 0 ? settings.windowMs : 0)
  if (wait <= 0) return start(db, c)
  c.timer = setTimeout(() => {
    c.timer = null
    start(db, c)
  }, wait)
}

function start(db: Db, c: Committer) {
  const settings = batching
  if (c.running >= Math.max(1, settings.maxInFlight)) return
  // In order of arrival; a lot already in a transaction of this process waits for it.
  const batch: PendingBid[] = []
  const rest: PendingBid[] = []
  for (const p of c.pending) (batch.length < settings.maxBids && !c.inFlight.has(p.input.lotId) ? batch : rest).push(p)
  if (!batch.length) return
  c.pending = rest
  c.lastStart = performance.now()
  const lots = new Set(batch.map((p) => p.input.lotId))
  for (const id of lots) c.inFlight.add(id)
  c.running++
  void commitOrSplit(db, batch).finally(() => {
    for (const id of lots) c.inFlight.delete(id)
    c.running--
    schedule(db, c)
  })
  // What is left (bids of lots in flight, or past maxBids) waits for the next start.
  schedule(db, c)
}

/**
 * Commits a batch. When its transaction fails (a deadlock, a lost connection, a row PostgreSQL refuses) nothing of
 * it was stored, so its lots are tried again one by one, and a failing lot's bids one by one: one bidder's bad row
 * never fails another bidder's bid. A bid that fails alone gets the error.
 */
async function commitOrSplit(db: Db, batch: PendingBid[]): Promise<void> {
  let outcomes: BidOutcome[]
  try {
    outcomes = await commitBatch(db, batch)
  } catch (error) {
    if (batch.length === 1) return batch[0]!.reject(error)
    const lots = [...new Set(batch.map((p) => p.input.lotId))]
    if (lots.length > 1) for (const lot of lots) await commitOrSplit(db, batch.filter((p) => p.input.lotId === lot))
    else for (const p of batch) await commitOrSplit(db, [p])
    return
  }
  batch.forEach((p, i) => p.resolve(outcomes[i]!))
}

type Placed = { bidderId: string; actorId: string | null; amountFen: number; clientBidId: string; proxy: boolean; at: Date; seq: number }
type LotWrite = { lot: LotContext; placed: Placed[]; entries: ChainedLotLogEntry[]; newBidders: { bidderId: string; number: number }[]; state: LotState; bidderCount: number; seq: number; lastHash: string }
type Decided = ReturnType<typeof decideLot>

async function commitBatch(db: Db, batch: PendingBid[]): Promise<BidOutcome[]> {
  const ordered = batch.map((p, i) => ({ p, i })).sort((a, b) => a.p.arrivedAt.getTime() - b.p.arrivedAt.getTime() || a.i - b.i)
  const lotIds = [...new Set(batch.map((p) => p.input.lotId))].sort()
  const pairs = [...new Map(batch.map((p) => [`${p.input.lotId}\n${p.bidder.organizationId}`, p])).values()]
  const decidedLots: { lotId: string; decided: Decided }[] = []
  const outcomes = await sqlPort(db).transaction(async (tx): Promise<BidOutcome[]> => {
    decidedLots.length = 0
    const readArgs = [
      lotIds,
      pairs.map((p) => p.input.lotId),
      pairs.map((p) => p.bidder.organizationId),
      batch.map((p) => p.input.lotId),
      batch.map((p) => p.bidder.organizationId),
      batch.map((p) => p.input.clientBidId),
    ]
    const locked = await tx.query(LOCK_LOTS_CONTEXT_SQL, readArgs)
    const rows: LotContextRow[] = locked.every((r) => r.current) ? locked : await tx.query(LOTS_CONTEXT_SQL, readArgs)
    const contexts = new Map(rows.map((r) => [r.id, contextOf(r)]))
    const result: BidOutcome[] = new Array(batch.length)
    const writes: LotWrite[] = []
    for (const lotId of lotIds) {
      const lot = contexts.get(lotId)
      const mine = ordered.filter((o) => o.p.input.lotId === lotId)
      if (!lot) {
        for (const o of mine) result[o.i] = { accepted: false, reason: 'not-found', nextMinimumFen: null }
        continue
      }
      const decided = decideLot(lot, mine.map((o) => o.p))
      mine.forEach((o, j) => (result[o.i] = decided.outcomes[j]!))
      if (decided.write) writes.push(decided.write)
      decidedLots.push({ lotId, decided })
    }
    // The write and the commit in one round trip: nobody is answered before it resolves.
    if (writes.length) await tx.queryAndCommit(WRITE_BIDS_SQL, writeArgs(writes))
    return result
  }, { keyPlans: true })
  // Committed: what later bids may be answered from without a transaction.
  for (const { lotId, decided } of decidedLots) remember(db, lotId, decided.rules, decided.snapshot, decided.accepted)
  return outcomes
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** Decides one lot's bids of the batch, in order of arrival, on the locked state. */
function decideLot(lot: LotContext, bids: PendingBid[]) {
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
  const accepted: { bidderId: string; clientBidId: string; bid: AcceptedBid }[] = []
  for (const { bidder, input, arrivedAt } of bids) {
    const key = `${bidder.organizationId}\n${input.clientBidId}`
    const earlier = answered.get(key)
    if (earlier) {
      outcomes.push({ accepted: true, duplicate: true, bid: earlier, lot: snapshot(lot.id, rules, state, seq, leaderName()), events: [] })
      accepted.push({ bidderId: bidder.organizationId, clientBidId: input.clientBidId, bid: earlier })
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
    const chained = extendChainSync(seq, lastHash, pending, sha256Hex)
    steps.forEach((step, i) =>
      placed.push({ bidderId: step.bidderId, actorId: step.proxy ? null : bidder.userId, amountFen: step.amountFen, clientBidId: step.clientBidId, proxy: step.proxy, at: arrivedAt, seq: seqs[i]! }),
    )
    entries.push(...chained)
    seq = chained[chained.length - 1]!.seq
    lastHash = chained[chained.length - 1]!.hash
    state = current
    const mine: AcceptedBid = { seq: seqs[0]!, bidder: pseudonym(numbers.get(bidder.organizationId)!), amountFen: input.amountFen, at: iso, proxy: false }
    answered.set(key, mine)
    accepted.push({ bidderId: bidder.organizationId, clientBidId: input.clientBidId, bid: mine })
    outcomes.push({ accepted: true, duplicate: false, bid: mine, lot: snapshot(lot.id, rules, state, seq, leaderName()), events: chained })
  }
  const write: LotWrite | null = placed.length ? { lot, placed, entries, newBidders, state, bidderCount, seq, lastHash: lastHash! } : null
  return { outcomes, write, rules, snapshot: snapshot(lot.id, rules, state, seq, leaderName()), accepted }
}

/** The arguments of WRITE_BIDS_SQL: one text array per column (the statement casts), rows of every lot. */
function writeArgs(writes: LotWrite[]): SqlArg[] {
  const columns = (n: number) => Array.from({ length: n }, () => [] as (string | null)[])
  const add = (table: (string | null)[][], row: (string | null)[]) => row.forEach((v, i) => table[i]!.push(v))
  const bidders = columns(3)
  const bids = columns(8)
  const events = columns(8)
  const audits = columns(8)
  const lots = columns(8)
  for (const w of writes) {
    const lotId = w.lot.id
    for (const n of w.newBidders) add(bidders, [lotId, n.bidderId, String(n.number)])
    for (const b of w.placed) add(bids, [randomUUID(), lotId, b.bidderId, String(b.amountFen), String(b.seq), b.clientBidId, String(b.proxy), b.at.toISOString()])
    for (const e of w.entries) add(events, [randomUUID(), lotId, String(e.seq), e.kind, JSON.stringify(e.payload), e.at, e.prevHash, e.hash])
    // The audit log keeps who did it (the log entry names only the pseudonym).
    const bySeq = new Map(w.placed.map((b) => [b.seq, b]))
    w.entries.forEach((e, i) => {
      const b = e.kind === 'bid' ? bySeq.get(e.seq)! : null
      const data = b ? { seq: e.seq, bidderId: b.bidderId, amountFen: b.amountFen, clientBidId: b.clientBidId, proxy: b.proxy } : { seq: e.seq, ...e.payload }
      const [from, to] = i === 0 && w.lot.status !== 'LIVE' ? [w.lot.status, 'LIVE'] : [null, null]
      add(audits, [randomUUID(), e.at, b?.actorId ?? null, b ? 'lot.bid' : 'lot.extend', lotId, from, to, JSON.stringify(data)])
    })
    add(lots, [lotId, String(w.state.currentPriceFen), w.state.leaderId, String(w.state.bidCount), String(w.bidderCount), new Date(w.state.endsAt).toISOString(), String(w.seq), w.lastHash])
  }
  return [...bidders, ...bids, ...events, ...audits, ...lots]
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
    hasPaidDeposit(db, { id: lot.id, sessionId: lot.sessionId }, bidder.organizationId),
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

const PREVIOUS_BID_SQL = statement<{ seq: number; amountFen: string; at: string; proxy: boolean; number: number }>(`
SELECT b.seq, b."amountFen"::text AS "amountFen", ${MS('b."receivedAt"')} AS at, b."isProxy" AS proxy, n.number
  FROM "Bid" b JOIN "LotBidder" n ON n."lotId" = b."lotId" AND n."bidderId" = b."bidderId"
 WHERE b."lotId" = $1 AND b."bidderId" = $2 AND b."clientBidId" = $3`, 'bid-previous')

/** The bid already accepted under this client bid id (from any process), or null: a resend's first answer. */
export async function previousBid(db: Db, bidder: Principal, input: Pick<BidInput, 'lotId' | 'clientBidId'>): Promise<AcceptedBid | null> {
  const cached = known(db).answers.get(answerKey(input.lotId, bidder.organizationId, input.clientBidId))
  if (cached) return cached
  const [row] = await sqlPort(db).query(PREVIOUS_BID_SQL, [input.lotId, bidder.organizationId, input.clientBidId])
  return row ? { seq: row.seq, bidder: pseudonym(row.number), amountFen: fenFromDb(row.amountFen), at: new Date(Number(row.at)).toISOString(), proxy: row.proxy } : null
}
