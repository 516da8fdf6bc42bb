// Live-auction benchmark: `npm run bench:auction` (tsx bench/auction.ts)
//   [--scenario spread|hot|connections|all, or a list: spread,hot] [--seconds 60] [--warmup 10]
//   [--rate 500] [--stretch-rate 1000] [--hot-rate 400] [--hot-strategy ladder|heard]
//   [--coalesce-ms 25] [--baseline-coalesce-ms <same>] [--no-redis] [--json FILE] [--cpu-prof DIR] [--keep-db]
//
// Open-loop load at fixed rates against our server (bench/auction-server.ts,
// a child process: createRealtime + placeBid on real PostgreSQL) and, in the
// same run with the same clients, a bare Socket.IO baseline with the bid check
// in memory (bench/auction-baseline.ts, another child). The load generator is
// this process: socket.io-client over websocket, one connection per bidder,
// a bid due every 1/rate s whatever happened before (latency is measured from
// that intended send time, so a slow server or a late generator cannot hide
// queueing), a warm-up, then the measured window.
//
// Scenarios (targets from issue #4, on the 2-core machine, load generator included):
//   spread       1,000 bidders over 100 lots at 500 bids/s: p50 ≤ 10 ms, p99 ≤ 50 ms;
//                stretch: the same at 1,000 bids/s, p99 ≤ 100 ms
//   hot          one lot, 200 bidders: ≥ 300 accepted bids/s, p99 ≤ 100 ms
//   connections  10,000 bidders (--connections N) connected to one process: RSS ≤ 400 MB, all connected
//                (and joined to their lot) within 30 s; 100 bids/s meanwhile
// Bidders bid the lot's next minimum as they last heard it (join, lot:update,
// their own acknowledgements), so some are too low; accepted and rejected are
// counted apart. On the hot lot that strategy cannot reach 300 accepted/s with
// any server (a coalesced room hears at most 40 prices a second and every bid
// made from the same price but the first is too low), so the hot target is
// measured with 'ladder' bidders: each bid is one increment above the one
// scheduled before it on the lot (or the heard minimum when higher), which
// the server accepts unless two bids overtake each other on the way.
//
// Afterwards it closes every lot (the server's lot clock and this process
// racing it with closeLotIfDue) and checks from the database: every
// acknowledged bid is stored with its seq, amount, bidder and client bid id;
// no bid was stored that was not acknowledged (beyond answers that timed out);
// LotEvent seq per lot has no gaps and the hash chain verifies; prices rise
// strictly along seq; an audit entry per bid; each closed lot has exactly one
// close entry, last in its log, and exactly one Deal when sold (at the last
// price, to the leader), none otherwise. Exit 1 when a check fails, 2 when
// only a target was missed, 0 otherwise.

import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import pg from 'pg'
import { io as connect, type Socket } from 'socket.io-client'
import type { Principal } from '../app/domain/access.ts'
import { CLOSE_GRACE_MS, maximumBid } from '../app/domain/auction.ts'
import { verifyLotLog } from '../app/domain/lot-log.ts'
import { depositKey } from '../app/domain/payments.ts'
import { closeLotIfDue } from '../app/services/lot-control.server.ts'
import { issueBearerToken } from '../app/utils/auth.server.ts'
import { createAdapterFactory, createPrismaClient } from '../app/utils/database.server.ts'
import { closeSqlPort } from '../app/utils/sql.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import type { Ack, BidAnswer, ClientToServerEvents, LotUpdate, ServerToClientEvents } from '../app/utils/realtime-contract.ts'
import { applyMigrations } from '../app/utils/migrations.server.ts'
import { createScratchPostgresDatabase } from '../tests/support/database.ts'
import type { ServerStats } from './auction-server.ts'
import { describeSplit, type TransactionSplit } from './auction-timing.ts'
import { summarize, type Summary } from './auction-stats.ts'

// ---- options

const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(name)
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(name)
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback
}
const SCENARIOS = option('--scenario', 'all').split(',')
if (SCENARIOS.some((s) => !['spread', 'hot', 'connections', 'all'].includes(s))) {
  console.error(`--scenario must be spread, hot, connections or all, or a list of them with commas (got ${SCENARIOS.join(',')})`)
  process.exit(1)
}
const wants = (scenario: string) => SCENARIOS.includes('all') || SCENARIOS.includes(scenario)
const MEASURE_S = Number(option('--seconds', '60'))
const WARMUP_S = Number(option('--warmup', '10'))
const SPREAD_RATE = Number(option('--rate', '500'))
const STRETCH_RATE = Number(option('--stretch-rate', '1000'))
const HOT_RATE = Number(option('--hot-rate', '1100'))
/** Bidders connected in the connections scenario (issue 17: 10,000 on one process). */
const CONNECTIONS = Number(option('--connections', '10000'))
const HOT_STRATEGY = option('--hot-strategy', 'ladder') as Strategy
const COALESCE_MS = option('--coalesce-ms', '25')
const BASELINE_COALESCE_MS = option('--baseline-coalesce-ms', COALESCE_MS)
const REDIS_URL = flag('--no-redis') ? '' : (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
const JSON_OUT = option('--json', '')
const CPU_PROF_DIR = option('--cpu-prof', '')
const KEEP_DB = flag('--keep-db')
const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const ACK_TIMEOUT_MS = 10_000
const CONNECT_CONCURRENCY = 200

// Parent and children must sign and check bearer tokens with one secret.
process.env.SESSION_SECRET ??= randomBytes(32).toString('hex')
const SECRET = process.env.SESSION_SECRET

type Strategy = 'heard' | 'ladder'
type ServerKind = 'ours' | 'baseline'
type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>
type LotSpec = { id: string; startingPriceFen: number; incrementFen: number }

const START_FEN = 100_000_00
const INCREMENT_FEN = 5_000_00

// mulberry32: seeded, so every run makes the same choices.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---- seeding (bulk SQL through createMany)

type Seeded = { sessionId: string; ownerId: string; bidders: Principal[]; lotCounter: number }

async function chunked<T>(rows: T[], size: number, write: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size))
}

async function seedBidders(db: Db, count: number): Promise<Seeded> {
  const now = Date.now()
  const owner = await db.organization.create({ data: { kind: 'UNIVERSITY', name: '压测大学', creditCode: 'BENCHOWNER', county: '西湖区' } })
  const bureau = await db.organization.create({ data: { kind: 'BUREAU', name: '压测科技局', creditCode: 'BENCHBUREAU', county: '莲都区' } })
  const session = await db.auctionSession.create({
    data: { bureauId: bureau.id, quarter: 'BENCH', title: '压测场次', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 7 * 86_400_000), status: 'LIVE' },
  })
  const ids = Array.from({ length: count }, (_, i) => i)
  const org = (i: number) => `bench-org-${i}`
  await chunked(ids, 2000, (part) =>
    db.organization.createMany({ data: part.map((i) => ({ id: org(i), kind: 'ENTERPRISE' as const, name: `压测企业${i}`, creditCode: `BENCH${i}`, county: '莲都区' })) }),
  )
  await chunked(ids, 2000, (part) =>
    db.user.createMany({ data: part.map((i) => ({ id: `bench-user-${i}`, email: `b${i}@bench.example`, name: `竞买人${i}`, role: 'ENTERPRISE' as const, organizationId: org(i), passwordHash: 'x' })) }),
  )
  await chunked(ids, 2000, (part) => db.registration.createMany({ data: part.map((i) => ({ sessionId: session.id, enterpriseId: org(i), status: 'APPROVED' as const })) }))
  await chunked(ids, 2000, (part) =>
    db.payment.createMany({
      data: part.map((i) => ({ kind: 'DEPOSIT' as const, status: 'SUCCEEDED' as const, amountFen: 10_000_00n, payerId: org(i), sessionId: session.id, idempotencyKey: depositKey(session.id, org(i)) })),
    }),
  )
  // Statistics as autovacuum would have them on a database that has lived a while: without them the
  // planner reads the deposit check through the session's index and filters every payment of the session.
  await db.$executeRawUnsafe('ANALYZE')
  return {
    sessionId: session.id,
    ownerId: owner.id,
    bidders: ids.map((i) => ({ userId: `bench-user-${i}`, role: 'ENTERPRISE', organizationId: org(i) })),
    lotCounter: 0,
  }
}

async function seedLots(db: Db, seeded: Seeded, count: number, tag: string): Promise<LotSpec[]> {
  const now = Date.now()
  const numbers = Array.from({ length: count }, () => ++seeded.lotCounter)
  await db.researchResult.createMany({
    data: numbers.map((n) => ({
      id: `bench-result-${n}`, ownerId: seeded.ownerId, title: `压测成果 ${tag} ${n}`, summary: '压测', field: 'equipment', ipKind: 'KNOW_HOW' as const,
      maturity: 'PILOT' as const, contactName: '压测', contactPhone: '0', status: 'IN_AUCTION' as const,
    })),
  })
  await db.lot.createMany({
    data: numbers.map((n) => ({
      id: `bench-lot-${n}`, sessionId: seeded.sessionId, number: n, resultId: `bench-result-${n}`, startingPriceFen: BigInt(START_FEN), incrementFen: BigInt(INCREMENT_FEN),
      depositFen: 10_000_00n, startsAt: new Date(now - 3600_000), endsAt: new Date(now + 86_400_000), extensionMinutes: 5, status: 'LIVE' as const,
    })),
  })
  return numbers.map((n) => ({ id: `bench-lot-${n}`, startingPriceFen: START_FEN, incrementFen: INCREMENT_FEN }))
}

// ---- child processes

type Child = { kind: ServerKind; process: ChildProcess; port: number; pid: number }

function startChild(kind: ServerKind, env: Record<string, string>): Promise<Child> {
  const file = join(import.meta.dirname, kind === 'ours' ? 'auction-server.ts' : 'auction-baseline.ts')
  const execArgv = ['--import', 'tsx', '--expose-gc']
  if (CPU_PROF_DIR && kind === 'ours') execArgv.push('--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`)
  const child = fork(file, [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${kind} server exited with ${code} before it was ready`))
    child.once('exit', onExit)
    child.once('message', (m: { type: string; port: number; pid: number }) => {
      child.off('exit', onExit)
      if (m.type === 'ready') resolve({ kind, process: child, port: m.port, pid: m.pid })
      else reject(new Error(`unexpected message ${m.type}`))
    })
  })
}

function ask<T>(child: Child, message: object, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== answer) return
      child.process.off('message', on)
      resolve(m as T)
    }
    child.process.on('message', on)
    child.process.send(message)
  })
}

async function stopChild(child: Child) {
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()))
  child.process.send({ type: 'stop' })
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

function startServer(kind: ServerKind, databaseUrl: string): Promise<Child> {
  if (kind === 'baseline') return startChild('baseline', { BENCH_COALESCE_MS: BASELINE_COALESCE_MS })
  return startChild('ours', {
    DATABASE_URL: databaseUrl,
    BENCH_COALESCE_MS: COALESCE_MS,
    BENCH_BIDS_PER_SECOND: '1000',
    BENCH_REDIS_URL: REDIS_URL,
    // The Redis adapter's channel prefix: ours alone on the shared Redis.
    QUEUE_PREFIX: `bench-auction-${randomBytes(4).toString('hex')}`,
  })
}

// ---- machine figures (Linux /proc): total CPU busy and PostgreSQL's share

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const idle = line[3]! + (line[4] ?? 0)
  const total = line.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

/** utime + stime per PostgreSQL process; compare two readings over the pids present in both. */
function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>()
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue
      const fields = stat.slice(close + 2).split(' ')
      ticks.set(pid, Number(fields[11]) + Number(fields[12]))
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks
}
function postgresTicksBetween(before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0)
  return sum
}
const TICKS_PER_SECOND = 100

/**
 * CPU ticks of the backends serving the benchmark's own database (pg_stat_activity, then /proc/<pid>/stat): the
 * database's cost of our bid path alone, whatever else runs on the shared PostgreSQL server. Background processes
 * (WAL writer, checkpointer) serve every database and are in "all backends" only.
 */
let benchDatabaseUrl = ''
async function benchBackendTicks(): Promise<Map<string, number>> {
  const all = postgresTicks()
  const client = new pg.Client({ connectionString: benchDatabaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
    return new Map(rows.flatMap((r) => (all.has(String(r.pid)) ? [[String(r.pid), all.get(String(r.pid))!] as [string, number]] : [])))
  } finally {
    await client.end()
  }
}

// ---- the load generator

type Client = {
  index: number
  socket: BenchSocket
  bidder: Principal
  lot: number
  heard: { seq: number; nextMinimumFen: number; leader: string | null }
  me: string | null
  bids: number
}

type BidRecord = {
  intended: number
  lot: number
  client: number
  amountFen: number
  clientBidId: string
  answeredAt: number
  outcome: string
  seq: number
  duplicate: boolean
}

/** Per lot and seq: who heard an update with that seq first, when, and the first other client after it. */
type Receipt = { t1: number; c1: number; t2: number }

type RunPlan = {
  name: string
  lots: LotSpec[]
  bidders: Principal[]
  /** Lot index of each bidder (a bidder is in one lot's room). */
  lotOf: (bidder: number) => number
  rate: number
  strategy: Strategy
  measureS: number
  warmupS: number
}

export type RunResult = {
  name: string
  server: ServerKind
  rate: number
  strategy: Strategy
  bidders: number
  lots: number
  measureS: number
  connectMs: number
  connected: number
  offered: number
  answered: number
  accepted: number
  acceptedPerSecond: number
  rejected: Record<string, number>
  errors: Record<string, number>
  ack: Summary
  ackAccepted: Summary
  seen: Summary
  unseen: number
  lateSends: Summary
  rssPeakMB: number
  rssEndMB: number
  rssAfterGcMB: number
  heapAfterGcMB: number
  externalAfterGcMB: number
  serverCpuPct: number
  serverEventLoopDelayP99: number
  transactions: TransactionSplit | null
  pool: ServerStats['pool']
  generatorCpuPct: number
  generatorEventLoopDelayP99: number
  machineBusyPct: number
  postgresCpuPct: number
  /** CPU of the backends of the benchmark's database over the window, per decided bid (accepted or refused), ms. */
  dbCpuMsPerBid: number
  dbCpuPct: number
  decided: number
  statementsPerBid: number
  roundTripsPerBid: number
  transactionsPerBid: number
  batching: string
  gc: ServerStats['gc'] | null
}

type Acked = { lotId: string; seq: number; amountFen: number; bidderId: string; clientBidId: string }

async function connectAll(port: number, plan: RunPlan, heardOf: (c: Client, u: LotUpdate) => void): Promise<{ clients: Client[]; ms: number }> {
  const clients: Client[] = new Array(plan.bidders.length)
  const started = performance.now()
  let next = 0
  const worker = async () => {
    while (next < plan.bidders.length) {
      const index = next++
      const bidder = plan.bidders[index]!
      const lot = plan.lotOf(index)
      const token = issueBearerToken(bidder, SECRET, new Date()).token
      const socket: BenchSocket = connect(`http://127.0.0.1:${port}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 30_000 })
      const client: Client = { index, socket, bidder, lot, heard: { seq: 0, nextMinimumFen: plan.lots[lot]!.startingPriceFen, leader: null }, me: null, bids: 0 }
      clients[index] = client
      socket.on('lot:update', (u) => heardOf(client, u))
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve())
        socket.once('connect_error', reject)
      })
      const joined = (await socket.timeout(30_000).emitWithAck('lot:join', { lotId: plan.lots[lot]!.id })) as Ack<{ seq: number; nextMinimumFen: number; leader: string | null; me?: { pseudonym: string | null } | null }>
      if (!('data' in joined)) throw new Error(`lot:join refused: ${joined.error} ${joined.message}`)
      if (joined.data.seq >= client.heard.seq) client.heard = { seq: joined.data.seq, nextMinimumFen: joined.data.nextMinimumFen, leader: joined.data.leader }
      client.me = joined.data.me?.pseudonym ?? client.me
    }
  }
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker))
  return { clients, ms: performance.now() - started }
}

async function runLoad(child: Child, plan: RunPlan, acked: Acked[] | null, unknown: Map<string, number> | null): Promise<RunResult> {
  const random = prng(4242)
  const receipts = plan.lots.map(() => new Map<number, Receipt>())
  const heardOf = (client: Client, u: LotUpdate) => {
    const t = performance.now()
    const lot = receipts[client.lot]!
    const r = lot.get(u.lot.seq)
    if (!r) lot.set(u.lot.seq, { t1: t, c1: client.index, t2: Number.NaN })
    else if (Number.isNaN(r.t2) && r.c1 !== client.index) r.t2 = t
    if (u.lot.seq > client.heard.seq) client.heard = { seq: u.lot.seq, nextMinimumFen: u.lot.nextMinimumFen, leader: u.lot.leader }
  }
  const { clients, ms: connectMs } = await connectAll(child.port, plan, heardOf)
  const roomOf = plan.lots.map(() => [] as Client[])
  for (const c of clients) roomOf[c.lot]!.push(c)
  const ladder = plan.lots.map(() => 0)

  const records: BidRecord[] = []
  let outstanding = 0
  const lateness: number[] = []
  const send = (intended: number, measured: boolean) => {
    const lot = Math.floor(random() * plan.lots.length)
    const room = roomOf[lot]!
    // A bidder who knows it leads would only be told so: pick another (a real bidder waits to be outbid).
    let client = room[Math.floor(random() * room.length)]!
    for (let tries = 0; tries < 8 && client.me !== null && client.heard.leader === client.me; tries++) client = room[Math.floor(random() * room.length)]!
    const spec = plan.lots[lot]!
    const step = ladder[lot]!++
    // A ladder that ran past the lot's ceiling as this bidder last heard it (app/domain/auction.ts maximumBid: a
    // lagging server) starts again from what the bidder heard: no bidder jumps a hundred increments at once.
    const ceiling = maximumBid({ startingPriceFen: spec.startingPriceFen, incrementFen: spec.incrementFen, reserveFen: null, extensionMs: 0 }, { currentPriceFen: client.heard.nextMinimumFen - spec.incrementFen })
    let ladderFen = spec.startingPriceFen + step * spec.incrementFen
    if (ladderFen > ceiling) {
      ladder[lot] = (client.heard.nextMinimumFen - spec.startingPriceFen) / spec.incrementFen + 1
      ladderFen = client.heard.nextMinimumFen
    }
    const amountFen = plan.strategy === 'ladder' ? Math.max(client.heard.nextMinimumFen, ladderFen) : client.heard.nextMinimumFen
    const record: BidRecord = { intended, lot, client: client.index, amountFen, clientBidId: `c${client.index}-${++client.bids}`, answeredAt: 0, outcome: 'pending', seq: 0, duplicate: false }
    if (measured) {
      records.push(record)
      lateness.push(performance.now() - intended)
    }
    outstanding++
    client.socket.timeout(ACK_TIMEOUT_MS).emit('auction:bid', { lotId: spec.id, amountFen, clientBidId: record.clientBidId }, (err: Error | null, answer: Ack<BidAnswer>) => {
      outstanding--
      record.answeredAt = performance.now()
      if (err) {
        record.outcome = 'error:timeout'
        if (unknown) unknown.set(spec.id, (unknown.get(spec.id) ?? 0) + 1)
        return
      }
      if ('data' in answer) {
        record.outcome = 'accepted'
        record.seq = answer.data.bid.seq
        record.duplicate = answer.data.duplicate
        client.me = answer.data.bid.bidder
        if (answer.data.lot.seq > client.heard.seq) client.heard = { seq: answer.data.lot.seq, nextMinimumFen: answer.data.lot.nextMinimumFen, leader: answer.data.lot.leader }
        acked?.push({ lotId: spec.id, seq: answer.data.bid.seq, amountFen, bidderId: client.bidder.organizationId, clientBidId: record.clientBidId })
      } else {
        const business = ['too-low', 'too-high', 'already-leading', 'not-increment'].includes(answer.error)
        record.outcome = business ? `rejected:${answer.error}` : `error:${answer.error}`
        if (answer.nextMinimumFen && answer.nextMinimumFen > client.heard.nextMinimumFen) client.heard = { ...client.heard, nextMinimumFen: answer.nextMinimumFen }
      }
    })
  }

  const interval = 1000 / plan.rate
  const total = Math.round((plan.warmupS + plan.measureS) * plan.rate)
  const warmupCount = Math.round(plan.warmupS * plan.rate)
  const start = performance.now() + 100
  const windowStart = start + warmupCount * interval
  const windowEnd = start + total * interval

  // Figures of the measured window: server (over IPC), this process, the machine.
  const rss: number[] = []
  let windowFigures: { machine: ReturnType<typeof machineTicks>; pg: Map<string, number>; bench: Promise<Map<string, number>> | null; cpu: NodeJS.CpuUsage; wall: number } | null = null
  const generatorDelay = monitorEventLoopDelay({ resolution: 5 })
  const sampler = setInterval(() => void ask<{ stats: ServerStats }>(child, { type: 'stats' }, 'stats').then((m) => rss.push(m.stats.rss)), 1000)
  const windowTimer = setTimeout(() => {
    void ask(child, { type: 'reset' }, 'reset-done')
    rss.length = 0
    generatorDelay.enable()
    windowFigures = { machine: machineTicks(), pg: postgresTicks(), bench: child.kind === 'ours' ? benchBackendTicks() : null, cpu: process.cpuUsage(), wall: performance.now() }
  }, windowStart - performance.now())

  let i = 0
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now()
      while (i < total && start + i * interval <= now) {
        send(start + i * interval, i >= warmupCount)
        i++
      }
      if (i >= total) return resolve()
      setTimeout(pump, Math.max(0, start + i * interval - performance.now()))
    }
    pump()
  })
  clearTimeout(windowTimer)
  const wait = windowEnd - performance.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  const end = { machine: machineTicks(), pg: postgresTicks(), bench: child.kind === 'ours' ? await benchBackendTicks() : null, cpu: process.cpuUsage(windowFigures!.cpu), wall: performance.now() }
  generatorDelay.disable()
  const { stats } = await ask<{ stats: ServerStats }>(child, { type: 'stats' }, 'stats')
  clearInterval(sampler)
  // For the record: what is left after a full collection (the target is on the RSS as it is).
  const { stats: collected } = await ask<{ stats: ServerStats }>(child, { type: 'stats', gc: true }, 'stats')
  rss.push(stats.rss)
  const drainUntil = performance.now() + ACK_TIMEOUT_MS + 1000
  while (outstanding > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20))
  await new Promise((r) => setTimeout(r, 300)) // the last coalesced updates
  for (const c of clients) c.socket.disconnect()

  // What the window's bids came to.
  const rejected: Record<string, number> = {}
  const errors: Record<string, number> = {}
  const ack: number[] = []
  const ackAccepted: number[] = []
  const seen: number[] = []
  let accepted = 0
  let unseen = 0
  for (const r of records) {
    if (r.outcome === 'pending') errors['no-answer'] = (errors['no-answer'] ?? 0) + 1
    else if (r.outcome.startsWith('error:')) errors[r.outcome.slice(6)] = (errors[r.outcome.slice(6)] ?? 0) + 1
    else ack.push(r.answeredAt - r.intended)
    if (r.outcome.startsWith('rejected:')) rejected[r.outcome.slice(9)] = (rejected[r.outcome.slice(9)] ?? 0) + 1
    if (r.outcome !== 'accepted' || r.duplicate) continue
    accepted++
    ackAccepted.push(r.answeredAt - r.intended)
    // The first other bidder in the room to hear this seq or a later one.
    const lot = receipts[r.lot]!
    let best = Number.POSITIVE_INFINITY
    for (let s = r.seq, checked = 0; s <= r.seq + 500 && checked < 4; s++) {
      const h = lot.get(s)
      if (!h) continue
      checked++
      const t = h.c1 !== r.client ? h.t1 : h.t2
      if (!Number.isNaN(t) && t < best) best = t
    }
    if (Number.isFinite(best)) seen.push(best - r.intended)
    else unseen++
  }
  const wallS = (end.wall - windowFigures!.wall) / 1000
  const benchStart = windowFigures!.bench ? await windowFigures!.bench : null
  const dbCpuMs = benchStart && end.bench ? (1000 * postgresTicksBetween(benchStart, end.bench)) / TICKS_PER_SECOND : Number.NaN
  const decided = ack.length
  const machineDelta = { busy: end.machine.busy - windowFigures!.machine.busy, total: end.machine.total - windowFigures!.machine.total }
  return {
    name: plan.name,
    server: child.kind,
    rate: plan.rate,
    strategy: plan.strategy,
    bidders: plan.bidders.length,
    lots: plan.lots.length,
    measureS: plan.measureS,
    connectMs,
    connected: clients.length,
    offered: records.length,
    answered: ack.length,
    accepted,
    acceptedPerSecond: accepted / plan.measureS,
    rejected,
    errors,
    ack: summarize(ack),
    ackAccepted: summarize(ackAccepted),
    seen: summarize(seen),
    unseen,
    lateSends: summarize(lateness),
    rssPeakMB: Math.max(...rss) / 2 ** 20,
    rssEndMB: stats.rss / 2 ** 20,
    rssAfterGcMB: collected.rss / 2 ** 20,
    heapAfterGcMB: collected.heapUsed / 2 ** 20,
    externalAfterGcMB: collected.external / 2 ** 20,
    serverCpuPct: (100 * stats.cpuMs) / stats.wallMs,
    serverEventLoopDelayP99: stats.eventLoopDelay.p99,
    transactions: stats.transactions,
    pool: stats.pool,
    generatorCpuPct: (100 * (end.cpu.user + end.cpu.system)) / 1000 / (wallS * 1000),
    generatorEventLoopDelayP99: generatorDelay.percentile(99) / 1e6,
    machineBusyPct: (100 * machineDelta.busy) / Math.max(1, machineDelta.total),
    postgresCpuPct: (100 * postgresTicksBetween(windowFigures!.pg, end.pg)) / TICKS_PER_SECOND / wallS,
    dbCpuMsPerBid: dbCpuMs / Math.max(1, decided),
    dbCpuPct: dbCpuMs / 10 / wallS,
    decided,
    statementsPerBid: stats.sql ? stats.sql.statements / Math.max(1, decided) : Number.NaN,
    roundTripsPerBid: stats.sql ? stats.sql.roundTrips / Math.max(1, decided) : Number.NaN,
    transactionsPerBid: stats.sql ? stats.sql.transactions / Math.max(1, decided) : Number.NaN,
    batching: stats.batching ?? '',
    gc: stats.gc ?? null,
  }
}

// ---- the correctness checks (our server only; the baseline keeps nothing)

type Check = { name: string; ok: boolean; detail: string }

async function closeAllLots(db: Db, databaseUrl: string, lotIds: string[]): Promise<void> {
  // The server's own clock closes them; this process races it with the same
  // service, so "exactly once" is tested under contention, not assumed.
  const server = await startServer('ours', databaseUrl)
  try {
    await db.lot.updateMany({ where: { id: { in: lotIds } }, data: { endsAt: new Date(Date.now() - CLOSE_GRACE_MS) } })
    let next = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < lotIds.length) await closeLotIfDue(db, lotIds[next++]!, new Date())
      }),
    )
    const until = Date.now() + 60_000
    while ((await db.lot.count({ where: { id: { in: lotIds }, status: 'LIVE' } })) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200))
    await new Promise((r) => setTimeout(r, 1500)) // one more clock tick: it must find nothing to close
  } finally {
    await stopChild(server)
  }
}

async function checkDatabase(db: Db, lotIds: string[], acked: Acked[], unknown: Map<string, number>): Promise<Check[]> {
  const checks: Check[] = []
  const fail = (name: string, problems: string[], okDetail: string) =>
    checks.push({ name, ok: problems.length === 0, detail: problems.length ? `${problems.length} problem(s), e.g. ${problems.slice(0, 3).join('; ')}` : okDetail })

  const bids = await db.bid.findMany({ where: { lotId: { in: lotIds } }, select: { lotId: true, seq: true, amountFen: true, bidderId: true, clientBidId: true }, orderBy: [{ lotId: 'asc' }, { seq: 'asc' }] })
  const byKey = new Map(bids.map((b) => [`${b.lotId}#${b.seq}`, b]))
  const missing: string[] = []
  for (const a of acked) {
    const b = byKey.get(`${a.lotId}#${a.seq}`)
    if (!b) missing.push(`${a.lotId} seq ${a.seq} not stored`)
    else if (Number(b.amountFen) !== a.amountFen || b.bidderId !== a.bidderId || b.clientBidId !== a.clientBidId) missing.push(`${a.lotId} seq ${a.seq} stored differently`)
  }
  fail('every acknowledged bid is stored (seq, amount, bidder, client bid id)', missing, `${acked.length} acknowledged bids, all stored`)

  const ackedPerLot = new Map<string, number>()
  for (const a of acked) ackedPerLot.set(a.lotId, (ackedPerLot.get(a.lotId) ?? 0) + 1)
  const storedPerLot = new Map<string, number>()
  for (const b of bids) storedPerLot.set(b.lotId, (storedPerLot.get(b.lotId) ?? 0) + 1)
  const extra: string[] = []
  for (const id of lotIds) {
    const stored = storedPerLot.get(id) ?? 0
    const known = ackedPerLot.get(id) ?? 0
    if (stored < known || stored > known + (unknown.get(id) ?? 0)) extra.push(`${id}: ${stored} stored, ${known} acknowledged, ${unknown.get(id) ?? 0} unanswered`)
  }
  fail('no bid stored that was not acknowledged (beyond unanswered ones)', extra, `${bids.length} stored = acknowledged`)

  const rising: string[] = []
  let previous: { lotId: string; amount: bigint } | null = null
  for (const b of bids) {
    if (previous && previous.lotId === b.lotId && b.amountFen <= previous.amount) rising.push(`${b.lotId} seq ${b.seq}: ${b.amountFen} after ${previous.amount}`)
    previous = { lotId: b.lotId, amount: b.amountFen }
  }
  fail('prices rise strictly along seq', rising, `${bids.length} bids over ${lotIds.length} lots`)

  const lots = await db.lot.findMany({ where: { id: { in: lotIds } }, include: { deal: true } })
  const chain: string[] = []
  const closes: string[] = []
  let events = 0
  for (const lot of lots) {
    const log = await db.lotEvent.findMany({ where: { lotId: lot.id }, orderBy: { seq: 'asc' } })
    events += log.length
    const rows = log.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }))
    const problem = await verifyLotLog(rows)
    if (problem) chain.push(`${lot.id}: ${problem.problem} at seq ${problem.seq}`)
    else if (log.length !== lot.seq || log.some((e, i) => e.seq !== i + 1)) chain.push(`${lot.id}: ${log.length} entries, lot.seq ${lot.seq}`)
    const lotBids = log.filter((e) => e.kind === 'bid')
    if (lotBids.length !== (storedPerLot.get(lot.id) ?? 0)) chain.push(`${lot.id}: ${lotBids.length} bid entries, ${storedPerLot.get(lot.id) ?? 0} bids`)

    const closeEntries = log.filter((e) => e.kind === 'close')
    const sold = lot.status === 'SOLD'
    const lastBid = bids.filter((b) => b.lotId === lot.id).at(-1)
    if (closeEntries.length !== 1) closes.push(`${lot.id}: ${closeEntries.length} close entries`)
    else if (log.at(-1)!.kind !== 'close') closes.push(`${lot.id}: entries after the close`)
    if (lot.status !== 'SOLD' && lot.status !== 'UNSOLD') closes.push(`${lot.id}: status ${lot.status}`)
    if (sold !== Boolean(lastBid)) closes.push(`${lot.id}: ${lot.status} with ${lastBid ? 'bids' : 'no bids'}`)
    if (sold && (!lot.deal || lot.deal.priceFen !== lastBid!.amountFen || lot.deal.buyerId !== lastBid!.bidderId || lot.leaderId !== lastBid!.bidderId)) {
      closes.push(`${lot.id}: deal ${lot.deal ? `${lot.deal.priceFen} to ${lot.deal.buyerId}` : 'missing'}, last bid ${lastBid!.amountFen} by ${lastBid!.bidderId}`)
    }
    if (!sold && lot.deal) closes.push(`${lot.id}: a deal on an unsold lot`)
  }
  fail('LotEvent seq per lot has no gaps, hash chain verifies, one entry per bid', chain, `${events} entries over ${lots.length} lots`)
  fail('each closed lot has exactly one close entry (last) and one deal iff sold, at the last price to the leader', closes, `${lots.length} lots closed once, ${lots.filter((l) => l.deal).length} deals`)

  const audits = await db.auditLog.groupBy({ by: ['entityId'], where: { entityType: 'Lot', action: 'lot.bid', entityId: { in: lotIds } }, _count: { _all: true } })
  const auditOf = new Map(audits.map((a) => [a.entityId, a._count._all]))
  const audit: string[] = []
  for (const id of lotIds) if ((auditOf.get(id) ?? 0) !== (storedPerLot.get(id) ?? 0)) audit.push(`${id}: ${auditOf.get(id) ?? 0} audit entries, ${storedPerLot.get(id) ?? 0} bids`)
  fail('an audit entry for every stored bid', audit, `${bids.length} lot.bid audit entries`)
  return checks
}

// ---- report

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–')
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–')
const counts = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || '0'

function printPair(ours: RunResult, base: RunResult) {
  const rows: [string, string, string, string][] = [
    ['bids offered in the window', `${ours.offered}`, `${base.offered}`, ''],
    ['accepted bids / s', ours.acceptedPerSecond.toFixed(1), base.acceptedPerSecond.toFixed(1), ratio(ours.acceptedPerSecond, base.acceptedPerSecond)],
    ['rejected (business rules)', counts(ours.rejected), counts(base.rejected), ''],
    ['errors', counts(ours.errors), counts(base.errors), ''],
    ['ack p50 ms (emit → ack)', ms(ours.ack.p50), ms(base.ack.p50), ratio(ours.ack.p50, base.ack.p50)],
    ['ack p95 ms', ms(ours.ack.p95), ms(base.ack.p95), ratio(ours.ack.p95, base.ack.p95)],
    ['ack p99 ms', ms(ours.ack.p99), ms(base.ack.p99), ratio(ours.ack.p99, base.ack.p99)],
    ['ack max ms', ms(ours.ack.max), ms(base.ack.max), ''],
    ['others see the price p99 ms', ms(ours.seen.p99), ms(base.seen.p99), ratio(ours.seen.p99, base.seen.p99)],
    ['others see the price p50 ms', ms(ours.seen.p50), ms(base.seen.p50), ratio(ours.seen.p50, base.seen.p50)],
    ['server RSS peak MB', ours.rssPeakMB.toFixed(0), base.rssPeakMB.toFixed(0), ratio(ours.rssPeakMB, base.rssPeakMB)],
    ['server RSS / JS heap / external after a full GC, MB', `${ours.rssAfterGcMB.toFixed(0)} / ${ours.heapAfterGcMB.toFixed(0)} / ${ours.externalAfterGcMB.toFixed(0)}`, `${base.rssAfterGcMB.toFixed(0)} / ${base.heapAfterGcMB.toFixed(0)} / ${base.externalAfterGcMB.toFixed(0)}`, ''],
    ['server CPU % of a core', ours.serverCpuPct.toFixed(0), base.serverCpuPct.toFixed(0), ''],
    ['server event-loop delay p99 ms', ms(ours.serverEventLoopDelayP99), ms(base.serverEventLoopDelayP99), ''],
    ['server GC pauses: count / total / longest / longest major ms', ours.gc ? `${ours.gc.count} / ${ms(ours.gc.totalMs)} / ${ms(ours.gc.maxMs)} / ${ms(ours.gc.majorMaxMs)}` : '–', '', ''],
    ['PostgreSQL CPU % of a core (all backends)', ours.postgresCpuPct.toFixed(0), base.postgresCpuPct.toFixed(0), ''],
    ['our database\'s backends: CPU % of a core', ours.dbCpuPct.toFixed(0), '', ''],
    ['  database CPU ms per decided bid', ours.dbCpuMsPerBid.toFixed(3), '', ''],
    ['  statements / round trips / transactions per bid', `${ours.statementsPerBid.toFixed(2)} / ${ours.roundTripsPerBid.toFixed(2)} / ${ours.transactionsPerBid.toFixed(3)}`, '', ''],
    ['  decided bids in the window (accepted + refused)', `${ours.decided}`, '', ''],
    ['load generator CPU % / loop delay p99 ms', `${ours.generatorCpuPct.toFixed(0)} / ${ms(ours.generatorEventLoopDelayP99)}`, `${base.generatorCpuPct.toFixed(0)} / ${ms(base.generatorEventLoopDelayP99)}`, ''],
    ['late sends p99 ms (generator behind schedule)', ms(ours.lateSends.p99), ms(base.lateSends.p99), ''],
    ['machine CPU busy % (2 cores)', ours.machineBusyPct.toFixed(0), base.machineBusyPct.toFixed(0), ''],
    ['connect + join all bidders ms', ours.connectMs.toFixed(0), base.connectMs.toFixed(0), ''],
  ]
  console.log(`\n== ${ours.name}: ${ours.bidders} bidders over ${ours.lots} lot(s), ${ours.rate} bids/s offered, '${ours.strategy}' bidders, ${ours.measureS} s measured; bid batching ${ours.batching}`)
  const w = [46, 28, 28, 8]
  console.log(['figure', 'ours', 'baseline', 'ratio'].map((s, i) => s.padEnd(w[i]!)).join(' '))
  for (const row of rows) console.log(row.map((s, i) => s.padEnd(w[i]!)).join(' '))
  if (ours.pool) {
    const f = (x: Summary) => `p50 ${ms(x.p50)} / p99 ${ms(x.p99)} ms`
    console.log(`   ours, bid transactions on the node-postgres pool (${ours.pool.count}): waiting for a connection ${f(ours.pool.wait)}; holding it ${f(ours.pool.hold)}`)
  }
  if (ours.transactions) console.log(`   ours, Prisma transactions (staff actions, closes; bids run on their own pool): ${describeSplit(ours.transactions)}`)
}

type Target = { name: string; ok: boolean; stretch?: boolean }

async function main() {
  const scratch = await createScratchPostgresDatabase(SERVER_URL)
  benchDatabaseUrl = scratch.url
  console.log(`bench:auction — scratch database ${scratch.name} on ${new URL(SERVER_URL).host}; Redis adapter ${REDIS_URL ? 'on' : 'off'}; coalescing ours ${COALESCE_MS} ms, baseline ${BASELINE_COALESCE_MS} ms`)
  const factory = createAdapterFactory({ databaseUrl: scratch.url })
  let exitCode = 0
  let db: Db | null = null
  try {
    await applyMigrations(factory)
    db = createPrismaClient(factory)
    const wantConnections = wants('connections')
    const seeded = await seedBidders(db, wantConnections ? CONNECTIONS : 1000)
    console.log(`seeded ${seeded.bidders.length} approved bidders with paid deposits`)
    const acked: Acked[] = []
    const unknown = new Map<string, number>()
    const ourLots: string[] = []
    const results: RunResult[] = []
    const targets: Target[] = []

    const runPair = async (plan: Omit<RunPlan, 'lots'>, lotCount: number) => {
      const pair: RunResult[] = []
      for (const kind of ['ours', 'baseline'] as const) {
        const lots = kind === 'ours' ? await seedLots(db!, seeded, lotCount, plan.name) : Array.from({ length: lotCount }, (_, i) => ({ id: `base-lot-${i}`, startingPriceFen: START_FEN, incrementFen: INCREMENT_FEN }))
        if (kind === 'ours') ourLots.push(...lots.map((l) => l.id))
        const child = await startServer(kind, scratch.url)
        try {
          if (kind === 'baseline') await ask(child, { type: 'lots', lots }, 'lots-done')
          process.stdout.write(`${plan.name}: ${kind}… `)
          const result = await runLoad(child, { ...plan, lots }, kind === 'ours' ? acked : null, kind === 'ours' ? unknown : null)
          console.log(`${result.acceptedPerSecond.toFixed(0)} accepted/s, ack p99 ${ms(result.ack.p99)} ms`)
          pair.push(result)
        } finally {
          await stopChild(child)
        }
      }
      results.push(...pair)
      printPair(pair[0]!, pair[1]!)
      return pair[0]!
    }

    const base = { measureS: MEASURE_S, warmupS: WARMUP_S }
    if (wants('spread')) {
      const bidders = seeded.bidders.slice(0, 1000)
      const spread = { ...base, bidders, lotOf: (b: number) => b % 100, strategy: 'heard' as const }
      const r = await runPair({ ...spread, name: 'spread', rate: SPREAD_RATE }, 100)
      targets.push({ name: `spread ${SPREAD_RATE} bids/s: p50 ≤ 10 ms (${ms(r.ack.p50)})`, ok: r.ack.p50 <= 10 })
      targets.push({ name: `spread ${SPREAD_RATE} bids/s: p99 ≤ 50 ms (${ms(r.ack.p99)})`, ok: r.ack.p99 <= 50 })
      targets.push({ name: `spread ${SPREAD_RATE} bids/s: no errors (${counts(r.errors)})`, ok: Object.keys(r.errors).length === 0 })
      if (STRETCH_RATE > 0) {
        const s = await runPair({ ...spread, name: 'spread-stretch', rate: STRETCH_RATE }, 100)
        targets.push({ name: `stretch: spread ${STRETCH_RATE} bids/s: p99 ≤ 100 ms (${ms(s.ack.p99)})`, ok: s.ack.p99 <= 100, stretch: true })
      }
    }
    if (wants('hot')) {
      const hot = { ...base, bidders: seeded.bidders.slice(0, 200), lotOf: () => 0 }
      const r = await runPair({ ...hot, name: 'hot', rate: HOT_RATE, strategy: HOT_STRATEGY }, 1)
      targets.push({ name: `hot lot, 200 'ladder' bidders: ≥ 1,000 accepted bids/s (${r.acceptedPerSecond.toFixed(0)})`, ok: r.acceptedPerSecond >= 1000 })
      targets.push({ name: `hot lot, 200 bidders: p99 ≤ 100 ms (${ms(r.ack.p99)})`, ok: r.ack.p99 <= 100 })
      if (HOT_STRATEGY === 'ladder') await runPair({ ...hot, name: 'hot-heard (no target: bidders bid the minimum they heard)', rate: HOT_RATE, strategy: 'heard' }, 1)
    }
    if (wants('connections')) {
      const r = await runPair({ ...base, name: 'connections', bidders: seeded.bidders, lotOf: (b) => b % 100, rate: 100, strategy: 'heard' }, 100)
      targets.push({ name: `${CONNECTIONS} bidders on one process: RSS ≤ 400 MB (${r.rssPeakMB.toFixed(0)} MB)`, ok: r.rssPeakMB <= 400 })
      targets.push({ name: `${CONNECTIONS} bidders on one process: p99 ≤ 50 ms at 100 bids/s (${ms(r.ack.p99)})`, ok: r.ack.p99 <= 50 })
      targets.push({ name: `${CONNECTIONS} bidders connected and joined within 30 s (${(r.connectMs / 1000).toFixed(1)} s)`, ok: r.connectMs <= 30_000 && r.connected === CONNECTIONS })
    }

    console.log(`\nclosing ${ourLots.length} lots (the server's lot clock racing closeLotIfDue from here)…`)
    await closeAllLots(db, scratch.url, ourLots)
    const checks = await checkDatabase(db, ourLots, acked, unknown)
    console.log('\ncorrectness (from the database):')
    for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`)
    console.log('\ntargets (issue #4):')
    for (const t of targets) console.log(`  ${t.ok ? 'met   ' : 'MISSED'}  ${t.name}`)
    if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), options: argv, results, checks, targets }, null, 2))
    exitCode = checks.some((c) => !c.ok) ? 1 : targets.some((t) => !t.ok && !t.stretch) ? 2 : 0
    console.log(checks.some((c) => !c.ok) ? '\nFAIL' : '\nPASS (correctness)')
  } catch (error) {
    console.error(error)
    exitCode = 1
  } finally {
    if (db) await closeSqlPort(db)
    await db?.$disconnect()
    if (KEEP_DB) console.log(`kept ${scratch.url} (drop it with: psql -c 'DROP DATABASE "${scratch.name}"')`)
    else await scratch.drop().catch((e) => console.error(`could not drop ${scratch.name}: ${(e as Error).message}`))
  }
  process.exit(exitCode)
}

void main()
