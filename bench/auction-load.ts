// The load generator: one socket per bidder, a bid due every 1/rate s whatever happened before (latency from the
// intended send time), a warm-up, then the measured window; and what the window came to.
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks'
import { io as connect, type Socket } from 'socket.io-client'
import type { Principal } from '../app/domain/access.ts'
import { maximumBid } from '../app/domain/auction.ts'
import { issueBearerToken } from '../app/utils/auth.server.ts'
import type { Ack, BidAnswer, ClientToServerEvents, LotUpdate, ServerToClientEvents } from '../app/utils/realtime-contract.ts'
import { prng } from '../tests/support/random.ts'
import { ask, type Child, type ServerKind } from './auction-children.ts'
import { benchBackendTicks, machineTicks, postgresTicks, postgresTicksBetween, TICKS_PER_SECOND } from './auction-machine.ts'
import type { LotSpec } from './auction-seed.ts'
import type { ServerStats } from './auction-server.ts'
import { summarize, type Summary } from './auction-stats.ts'
import type { TransactionSplit } from './auction-timing.ts'

export type Strategy = 'heard' | 'ladder'
type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>

const ACK_TIMEOUT_MS = 10_000
const CONNECT_CONCURRENCY = 200

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

export type RunPlan = {
  name: string
  /** The scratch database (its backends' CPU is measured) and the secret that signs the bidders' tokens. */
  databaseUrl: string
  secret: string
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
  /** After a full GC: before any client connected, and once every bidder had connected and joined (before bids). */
  idle: { rssMB: number; heapMB: number; externalMB: number }
  connectedAfterGc: { rssMB: number; heapMB: number; externalMB: number }
  rssPeakMB: number
  rssEndMB: number
  rssAfterGcMB: number
  heapAfterGcMB: number
  externalAfterGcMB: number
  /** After the full GC at the end: V8's committed heap, and resident memory by mapping (malloc's brk heap, anonymous, files), MB. */
  afterGc: { heapTotalMB: number; brkHeapMB: number; anonymousMB: number; filesMB: number }
  serverCpuPct: number
  serverEventLoopDelayP99: number
  transactions: TransactionSplit | null
  pool: ServerStats['pool']
  generatorCpuPct: number
  generatorEventLoopDelayP99: number
  /** The generator's longest event-loop delay and its garbage collections in the window: count, longest pause (ms). */
  generatorLoopMaxMs: number
  generatorGc: { count: number; maxMs: number }
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
  /** Inside the server: packet decoded → ack handed to Socket.IO (ours only). */
  serverAcks: Summary | null
}

export type Acked = { lotId: string; seq: number; amountFen: number; bidderId: string; clientBidId: string }

async function connectAll(port: number, plan: RunPlan, heardOf: (c: Client, u: LotUpdate) => void): Promise<{ clients: Client[]; ms: number }> {
  const clients: Client[] = new Array(plan.bidders.length)
  const started = performance.now()
  let next = 0
  const worker = async () => {
    while (next < plan.bidders.length) {
      const index = next++
      const bidder = plan.bidders[index]!
      const lot = plan.lotOf(index)
      const token = issueBearerToken(bidder, plan.secret, new Date()).token
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

export async function runLoad(child: Child, plan: RunPlan, acked: Acked[] | null, unknown: Map<string, number> | null): Promise<RunResult> {
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
  const memory = async () => {
    const { stats } = await ask<{ stats: ServerStats }>(child, { type: 'stats', gc: true }, 'stats')
    return { rssMB: stats.rss / 2 ** 20, heapMB: stats.heapUsed / 2 ** 20, externalMB: stats.external / 2 ** 20 }
  }
  const idle = await memory()
  const { clients, ms: connectMs } = await connectAll(child.port, plan, heardOf)
  const connectedAfterGc = await memory()
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
  const generatorGc: number[] = []
  const generatorGcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) generatorGc.push(e.duration)
  })
  const sampler = setInterval(() => void ask<{ stats: ServerStats }>(child, { type: 'stats' }, 'stats').then((m) => rss.push(m.stats.rss)), 1000)
  const windowTimer = setTimeout(() => {
    void ask(child, { type: 'reset' }, 'reset-done')
    rss.length = 0
    generatorDelay.enable()
    generatorGc.length = 0
    generatorGcObserver.observe({ entryTypes: ['gc'] })
    windowFigures = { machine: machineTicks(), pg: postgresTicks(), bench: child.kind === 'ours' ? benchBackendTicks(plan.databaseUrl) : null, cpu: process.cpuUsage(), wall: performance.now() }
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
  const end = { machine: machineTicks(), pg: postgresTicks(), bench: child.kind === 'ours' ? await benchBackendTicks(plan.databaseUrl) : null, cpu: process.cpuUsage(windowFigures!.cpu), wall: performance.now() }
  generatorDelay.disable()
  generatorGcObserver.disconnect()
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
    idle,
    connectedAfterGc,
    rssPeakMB: Math.max(...rss) / 2 ** 20,
    rssEndMB: stats.rss / 2 ** 20,
    rssAfterGcMB: collected.rss / 2 ** 20,
    heapAfterGcMB: collected.heapUsed / 2 ** 20,
    externalAfterGcMB: collected.external / 2 ** 20,
    afterGc: {
      heapTotalMB: collected.heapTotal / 2 ** 20,
      brkHeapMB: (collected.mappings?.brkHeap ?? Number.NaN) / 2 ** 20,
      anonymousMB: (collected.mappings?.anonymous ?? Number.NaN) / 2 ** 20,
      filesMB: (collected.mappings?.files ?? Number.NaN) / 2 ** 20,
    },
    serverCpuPct: (100 * stats.cpuMs) / stats.wallMs,
    serverEventLoopDelayP99: stats.eventLoopDelay.p99,
    transactions: stats.transactions,
    pool: stats.pool,
    generatorCpuPct: (100 * (end.cpu.user + end.cpu.system)) / 1000 / (wallS * 1000),
    generatorEventLoopDelayP99: generatorDelay.percentile(99) / 1e6,
    generatorLoopMaxMs: generatorDelay.max / 1e6,
    generatorGc: { count: generatorGc.length, maxMs: Math.max(0, ...generatorGc) },
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
    serverAcks: stats.acks ?? null,
  }
}
