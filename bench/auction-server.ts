// The server under test for `npm run bench:auction`, in a child process of its
// own so its RSS and its event loop are not the load generator's. It is the
// web process's realtime part as production builds it (server/index.ts):
// createRealtime on a plain HTTP server, the PostgreSQL client through the
// driver adapter, the Redis adapter when BENCH_REDIS_URL is set, the lot clock
// running. Only the per-organization rate limit is raised (the load generator
// is one machine sending for a thousand enterprises).
//
// It talks to its parent over the IPC channel: 'ready' {port} once listening;
// on 'reset' it starts a new measuring window, on 'stats' it answers with RSS,
// CPU, event-loop delay and the split of bid transactions (waiting for a pooled
// connection + BEGIN, the lot's row lock, the rest of the body, COMMIT), which
// is how the benchmark tells the database's share from Node's.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PerformanceObserver } from 'node:perf_hooks'
import pg from 'pg'
import { Socket } from 'socket.io'
import { createAdapterFactory, createPrismaClient } from '../app/utils/database.server.ts'
import { setDb } from '../app/utils/db.server.ts'
import * as bidding from '../app/services/bidding.server.ts'
import { sqlPort, type SqlStats } from '../app/utils/sql.server.ts'
import { createRealtime } from '../server/realtime.ts'
import { lowerV8WorkerPriority } from './v8-workers.ts'
import { allocationProfiler } from './auction-allocations.ts'
import { processWindow, summarize, type ProcessFigures, type Summary } from './auction-stats.ts'
import { timeTransactions, type TransactionSplit } from './auction-timing.ts'

const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl || !process.send) {
  console.error('bench/auction-server.ts is started by bench/auction.ts (needs DATABASE_URL and an IPC channel)')
  process.exit(1)
}
const coalesceMs = Number(process.env.BENCH_COALESCE_MS ?? 25)
const bidsPerSecond = Number(process.env.BENCH_BIDS_PER_SECOND ?? 1000)

export type ServerStats = ProcessFigures & {
  clients: number
  transactions: TransactionSplit | null
  /** node-postgres pools of this process (the bid path's): waiting for a connection, holding one. */
  pool: { count: number; wait: Summary; hold: Summary } | null
  /** The SQL port's statements, transactions and round trips since the last reset. */
  sql: SqlStats
  /** The bid path's batching as configured ('per-lot' when this build has none). */
  batching: string
  /**
   * Inside this process, from an acknowledged event's packet being decoded to its acknowledgement being handed to
   * Socket.IO (the bids, in the window): what the generator's ack latency has on top of this is the wire and the
   * two event loops.
   */
  acks: Summary | null
  /** Garbage collections in the window: how many, their total and longest pause (ms), the longest major one. */
  gc: { count: number; totalMs: number; maxMs: number; majorMaxMs: number }
}

// BENCH_TRACE=FILE: the window's timeline (performance.now() ms): each ack [decoded, acked], each bid transaction's
// pool connection [asked, got, released], each GC pause [start, end, kind] — to see what the slow acks overlapped.
const traceFile = process.env.BENCH_TRACE
let trace: { acks: number[][]; tx: number[][]; gc: number[][]; loop: number[][] } | null = traceFile ? { acks: [], tx: [], gc: [], loop: [] } : null
// The event loop's lateness in the trace: a timer due every 5 ms, recorded [due, fired, main thread's CPU ms since
// the previous tick] when 3 ms or more late (CPU close to the lateness: the thread was working; far below: it waited
// for a core).
if (traceFile) {
  let cpu = process.threadCpuUsage()
  const tick = (due: number) => {
    const fired = performance.now()
    const used = process.threadCpuUsage(cpu)
    cpu = process.threadCpuUsage()
    if (fired - due >= 3) trace?.loop.push([due, fired, (used.user + used.system) / 1000])
    setTimeout(() => tick(fired + 5), 5)
  }
  setTimeout(() => tick(performance.now() + 5), 5)
}

if (process.env.BENCH_V8_NICE) console.error(`bench server: ${lowerV8WorkerPriority(Number(process.env.BENCH_V8_NICE))} V8 workers at nice ${process.env.BENCH_V8_NICE}`)

const db = createPrismaClient(createAdapterFactory({ databaseUrl }))
setDb(db)

// BENCH_BID_WINDOW_MS / BENCH_BID_CADENCE_MS / BENCH_BID_IN_FLIGHT / BENCH_BID_SHARDS / BENCH_BID_MAX compare the committer's settings (docs/decisions/010).
const configure = (bidding as { configureBidBatching?: (s: Record<string, number>) => void }).configureBidBatching
const batching: Record<string, number> = {}
if (process.env.BENCH_BID_WINDOW_MS) batching.windowMs = Number(process.env.BENCH_BID_WINDOW_MS)
if (process.env.BENCH_BID_SHARDS) batching.shards = Number(process.env.BENCH_BID_SHARDS)
if (process.env.BENCH_BID_CADENCE_MS) batching.cadenceMs = Number(process.env.BENCH_BID_CADENCE_MS)
if (process.env.BENCH_BID_IN_FLIGHT) batching.maxInFlight = Number(process.env.BENCH_BID_IN_FLIGHT)
if (process.env.BENCH_BID_MAX) batching.maxBids = Number(process.env.BENCH_BID_MAX)
configure?.(batching)
const batchingLabel = (bidding as { bidBatching?: () => object }).bidBatching ? JSON.stringify((bidding as { bidBatching: () => object }).bidBatching()) : 'per-lot'
let sqlAtReset: SqlStats = sqlPort(db).stats()

// The bid path runs plain SQL on its own pool (sqlRunner), outside Prisma's transactions, so this
// Prisma-level timing now sees only the other writes (staff actions, closes).
const timing = timeTransactions(db)

// The bid path's own node-postgres pool, seen from outside: how long a bid's transaction waits for a
// pooled connection and how long it holds one (BEGIN … COMMIT). Wraps pg.Pool for this process only.
const poolWait: number[] = []
const poolHold: number[] = []
const connect = pg.Pool.prototype.connect as (this: pg.Pool) => Promise<pg.PoolClient>
pg.Pool.prototype.connect = function (this: pg.Pool, ...args: unknown[]) {
  if (args.length) return (connect as (...a: unknown[]) => unknown).apply(this, args)
  const asked = performance.now()
  return connect.call(this).then((client) => {
    const got = performance.now()
    poolWait.push(got - asked)
    const traced = trace ? [asked, got, 0] : null
    if (traced) trace!.tx.push(traced)
    const release = client.release.bind(client)
    client.release = (...r: Parameters<pg.PoolClient['release']>) => {
      poolHold.push(performance.now() - got)
      if (traced) traced[2] = performance.now()
      client.release = release
      return release(...r)
    }
    return client
  })
} as typeof pg.Pool.prototype.connect

// The server's own share of each acknowledgement (ServerStats.acks): Socket.IO makes an event's ack callback
// (Socket.prototype.ack, private) as it decodes the packet, before the middlewares and the handler run.
let serverAcks: number[] = []
const socketPrototype = Socket.prototype as unknown as { ack: (id: number) => (...args: unknown[]) => void }
const makeAck = socketPrototype.ack
socketPrototype.ack = function (this: unknown, id: number) {
  const decoded = performance.now()
  const ack = makeAck.call(this, id)
  return (...args: unknown[]) => {
    serverAcks.push(performance.now() - decoded)
    trace?.acks.push([decoded, performance.now()])
    ack(...args)
  }
}

const http = createServer()
const realtime = createRealtime(http, {
  db,
  redisUrl: process.env.BENCH_REDIS_URL || undefined,
  coalesceMs,
  bidsPerSecond,
  // One machine plays thousands of bidders from one address: the per-address limits would refuse them.
  limits: { connectionsPerAddress: 1_000_000, joinsPerSecondPerAddress: 1_000_000 },
})

// Pauses of the garbage collector: with thousands of sockets the heap is large, and a major collection stops
// the event loop (a suspect for the tail with 5,000 connected bidders).
let gcPauses: { ms: number; major: boolean }[] = []
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0
    gcPauses.push({ ms: e.duration, major: kind === 4 })
    trace?.gc.push([e.startTime, e.startTime + e.duration, kind])
  }
}).observe({ entryTypes: ['gc'] })

const window = processWindow()

const allocations = allocationProfiler('ours')

function stats(detail = false): ServerStats {
  return {
    ...window.figures(detail),
    clients: realtime.io.engine.clientsCount,
    transactions: timing.split(),
    pool: poolWait.length ? { count: poolWait.length, wait: summarize(poolWait), hold: summarize(poolHold) } : null,
    sql: (() => {
      const now = sqlPort(db).stats()
      return { statements: now.statements - sqlAtReset.statements, transactions: now.transactions - sqlAtReset.transactions, roundTrips: now.roundTrips - sqlAtReset.roundTrips }
    })(),
    batching: batchingLabel,
    acks: serverAcks.length ? summarize(serverAcks) : null,
    gc: {
      count: gcPauses.length,
      totalMs: gcPauses.reduce((a, p) => a + p.ms, 0),
      maxMs: Math.max(0, ...gcPauses.map((p) => p.ms)),
      majorMaxMs: Math.max(0, ...gcPauses.filter((p) => p.major).map((p) => p.ms)),
    },
  }
}

process.on('message', (message: { type: string; gc?: boolean }) => {
  if (message.type === 'reset') {
    timing.reset()
    poolWait.length = 0
    poolHold.length = 0
    sqlAtReset = sqlPort(db).stats()
    gcPauses = []
    serverAcks = []
    if (trace) trace = { acks: [], tx: [], gc: [], loop: [] }
    window.reset()
    void allocations.start().then(() => process.send!({ type: 'reset-done' }))
  } else if (message.type === 'stats') {
    if (message.gc) (globalThis as { gc?: () => void }).gc?.()
    const figures = stats(message.gc)
    if (message.gc && trace && traceFile) void import('node:fs').then(({ writeFileSync }) => writeFileSync(traceFile, JSON.stringify(trace)))
    if (message.gc) void allocations.write().then(() => process.send!({ type: 'stats', stats: figures }))
    else process.send!({ type: 'stats', stats: figures })
  } else if (message.type === 'stop') {
    void realtime
      .close()
      .then(() => new Promise<void>((resolve) => http.close(() => resolve())))
      .then(() => db.$disconnect())
      .finally(() => process.exit(0))
  }
})
process.on('disconnect', () => process.exit(0))

http.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', port: (http.address() as AddressInfo).port, pid: process.pid })
})
