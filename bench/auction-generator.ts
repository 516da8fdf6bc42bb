// One process of the load generator (bench/auction-load.ts forks one or a few, each with whole lots): it connects
// its bidders (one socket each), then sends its share of the bids at their intended times whatever happened before
// (latency from the intended send time), and reports what its window came to. With thousands of sockets a single
// generator's own pauses (its garbage collections walk every socket) showed in the acks of ours and of the
// baseline alike; split over processes, each heap is smaller and one process's pause delays only its own bids.
//
// Over IPC: 'connect' {spec} → 'connected' {ms}; 'go' {startEpoch} → 'acked' {rows} now and then (ours: every
// acknowledged bid, for the checks, sent on rather than kept, so this process's heap stays small), then 'done'
// {result}; 'stop' → exits.
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks'
import { io as connect, type Socket } from 'socket.io-client'
import type { Principal } from '../app/domain/access.ts'
import { maximumBid } from '../app/domain/auction.ts'
import { issueBearerToken } from '../app/utils/auth.server.ts'
import type { Ack, BidAnswer, ClientToServerEvents, LotUpdate, ServerToClientEvents } from '../app/utils/realtime-contract.ts'
import { prng } from '../tests/support/random.ts'
import type { LotSpec } from './auction-seed.ts'

export type Strategy = 'heard' | 'ladder'
type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>

const ACK_TIMEOUT_MS = 10_000
const CONNECT_CONCURRENCY = 200

/** What one generator process plays: its lots (whole: every bidder of a lot is here), their bidders, its bids. */
export type GeneratorSpec = {
  port: number
  secret: string
  /** Its lots, with their index in the run's list. */
  lots: { index: number; spec: LotSpec }[]
  /** Its bidders: their index in the run (client bid ids are unique across processes) and lot index. */
  bidders: { index: number; bidder: Principal; lot: number }[]
  strategy: Strategy
  /** The run's bids: one every 1000 / rate ms; this process sends those whose number ≡ part (mod parts). */
  rate: number
  part: number
  parts: number
  warmupS: number
  measureS: number
  /** Whether to return every acknowledged bid (ours: the correctness checks read them). */
  keepAcked: boolean
}

export type Acked = { lotId: string; seq: number; amountFen: number; bidderId: string; clientBidId: string }

/** What one process's window came to (latencies in ms from the intended send time). */
export type GeneratorResult = {
  offered: number
  accepted: number
  rejected: Record<string, number>
  errors: Record<string, number>
  ack: number[]
  ackAccepted: number[]
  seen: number[]
  unseen: number
  lateness: number[]
  /** Unanswered bids (timeouts) per lot id: the checks allow them to be stored or not. */
  unknown: [string, number][]
  cpuMs: number
  wallMs: number
  loopDelayP99: number
  loopDelayMax: number
  gc: number[]
}

type Client = {
  index: number
  socket: BenchSocket
  bidder: Principal
  lot: number
  heard: { seq: number; nextMinimumFen: number; leader: string | null }
  me: string | null
  bids: number
}

type BidRecord = { intended: number; lot: number; client: number; amountFen: number; clientBidId: string; answeredAt: number; outcome: string; seq: number; duplicate: boolean }

/** Per lot and seq: who heard an update with that seq first, when, and the first other client after it. */
type Receipt = { t1: number; c1: number; t2: number }

/** Connections tried again after a failed or timed-out attempt (printed by the conductor when not 0). */
let connectRetries = 0

async function connectAll(spec: GeneratorSpec, lotSpec: Map<number, LotSpec>, heardOf: (c: Client, u: LotUpdate) => void): Promise<Client[]> {
  const clients: Client[] = []
  let next = 0
  const worker = async () => {
    while (next < spec.bidders.length) {
      const { index, bidder, lot } = spec.bidders[next++]!
      const token = issueBearerToken(bidder, spec.secret, new Date()).token
      // A connection that fails or times out is tried again, as a browser's Socket.IO client does (up to three times,
      // counted in `connectRetries`); the time to join all still runs from the first attempt.
      let socket: BenchSocket | null = null
      for (let attempt = 1; !socket; attempt++) {
        const s: BenchSocket = connect(`http://127.0.0.1:${spec.port}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 30_000 })
        try {
          await new Promise<void>((resolve, reject) => {
            s.once('connect', () => resolve())
            s.once('connect_error', reject)
          })
          socket = s
        } catch (error) {
          s.close()
          if (attempt >= 3) throw error
          connectRetries++
        }
      }
      const client: Client = { index, socket, bidder, lot, heard: { seq: 0, nextMinimumFen: lotSpec.get(lot)!.startingPriceFen, leader: null }, me: null, bids: 0 }
      clients.push(client)
      socket.on('lot:update', (u) => heardOf(client, u))
      const joined = (await socket.timeout(30_000).emitWithAck('lot:join', { lotId: lotSpec.get(lot)!.id })) as Ack<{ seq: number; nextMinimumFen: number; leader: string | null; me?: { pseudonym: string | null } | null }>
      if (!('data' in joined)) throw new Error(`lot:join refused: ${joined.error} ${joined.message}`)
      if (joined.data.seq >= client.heard.seq) client.heard = { seq: joined.data.seq, nextMinimumFen: joined.data.nextMinimumFen, leader: joined.data.leader }
      client.me = joined.data.me?.pseudonym ?? client.me
    }
  }
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker))
  return clients
}

/** Connects, then (on `go`) bids; resolves with the window's figures once every bid is answered or timed out. */
async function run(spec: GeneratorSpec, go: Promise<number>, connected: (ms: number, count: number) => void, sendAcked: (rows: Acked[]) => void): Promise<{ result: GeneratorResult; clients: Client[] }> {
  const random = prng(4242 + spec.part)
  const lotSpec = new Map(spec.lots.map((l) => [l.index, l.spec]))
  const receipts = new Map(spec.lots.map((l) => [l.index, new Map<number, Receipt>()]))
  const heardOf = (client: Client, u: LotUpdate) => {
    const t = performance.now()
    const lot = receipts.get(client.lot)!
    const r = lot.get(u.lot.seq)
    if (!r) lot.set(u.lot.seq, { t1: t, c1: client.index, t2: Number.NaN })
    else if (Number.isNaN(r.t2) && r.c1 !== client.index) r.t2 = t
    if (u.lot.seq > client.heard.seq) client.heard = { seq: u.lot.seq, nextMinimumFen: u.lot.nextMinimumFen, leader: u.lot.leader }
  }
  const began = performance.now()
  const clients = await connectAll(spec, lotSpec, heardOf)
  connected(performance.now() - began, clients.length)
  if (connectRetries) console.log(`  load generator ${spec.part}: ${connectRetries} connection(s) tried again after a failed or timed-out attempt`)
  const lotIndexes = spec.lots.map((l) => l.index)
  const roomOf = new Map(lotIndexes.map((i) => [i, [] as Client[]]))
  for (const c of clients) roomOf.get(c.lot)!.push(c)
  const ladder = new Map(lotIndexes.map((i) => [i, 0]))

  // The run's clock: bid number j is due at start + j × interval in every process (epoch → this process's clock).
  const startEpoch = await go
  const interval = 1000 / spec.rate
  const total = Math.round((spec.warmupS + spec.measureS) * spec.rate)
  const warmupCount = Math.round(spec.warmupS * spec.rate)
  const start = startEpoch - performance.timeOrigin
  const windowStart = start + warmupCount * interval
  const windowEnd = start + total * interval

  const records: BidRecord[] = []
  const lateness: number[] = []
  const acked: Acked[] = []
  const unknown = new Map<string, number>()
  let outstanding = 0
  const send = (intended: number, measured: boolean) => {
    const lot = lotIndexes[Math.floor(random() * lotIndexes.length)]!
    const room = roomOf.get(lot)!
    // A bidder who knows it leads would only be told so: pick another (a real bidder waits to be outbid).
    let client = room[Math.floor(random() * room.length)]!
    for (let tries = 0; tries < 8 && client.me !== null && client.heard.leader === client.me; tries++) client = room[Math.floor(random() * room.length)]!
    const lotOf = lotSpec.get(lot)!
    const step = ladder.get(lot)!
    ladder.set(lot, step + 1)
    // A ladder that ran past the lot's ceiling as this bidder last heard it (app/domain/auction.ts maximumBid: a
    // lagging server) starts again from what the bidder heard: no bidder jumps a hundred increments at once.
    const ceiling = maximumBid({ startingPriceFen: lotOf.startingPriceFen, incrementFen: lotOf.incrementFen, reserveFen: null, extensionMs: 0 }, { currentPriceFen: client.heard.nextMinimumFen - lotOf.incrementFen })
    let ladderFen = lotOf.startingPriceFen + step * lotOf.incrementFen
    if (ladderFen > ceiling) {
      ladder.set(lot, (client.heard.nextMinimumFen - lotOf.startingPriceFen) / lotOf.incrementFen + 1)
      ladderFen = client.heard.nextMinimumFen
    }
    const amountFen = spec.strategy === 'ladder' ? Math.max(client.heard.nextMinimumFen, ladderFen) : client.heard.nextMinimumFen
    const record: BidRecord = { intended, lot, client: client.index, amountFen, clientBidId: `c${client.index}-${++client.bids}`, answeredAt: 0, outcome: 'pending', seq: 0, duplicate: false }
    if (measured) {
      records.push(record)
      lateness.push(performance.now() - intended)
    }
    outstanding++
    client.socket.timeout(ACK_TIMEOUT_MS).emit('auction:bid', { lotId: lotOf.id, amountFen, clientBidId: record.clientBidId }, (err: Error | null, answer: Ack<BidAnswer>) => {
      outstanding--
      record.answeredAt = performance.now()
      if (err) {
        record.outcome = 'error:timeout'
        unknown.set(lotOf.id, (unknown.get(lotOf.id) ?? 0) + 1)
        return
      }
      if ('data' in answer) {
        record.outcome = 'accepted'
        record.seq = answer.data.bid.seq
        record.duplicate = answer.data.duplicate
        client.me = answer.data.bid.bidder
        if (answer.data.lot.seq > client.heard.seq) client.heard = { seq: answer.data.lot.seq, nextMinimumFen: answer.data.lot.nextMinimumFen, leader: answer.data.lot.leader }
        if (spec.keepAcked) {
          acked.push({ lotId: lotOf.id, seq: answer.data.bid.seq, amountFen, bidderId: client.bidder.organizationId, clientBidId: record.clientBidId })
          if (acked.length >= 1000) sendAcked(acked.splice(0))
        }
      } else {
        const business = ['too-low', 'too-high', 'already-leading', 'not-increment'].includes(answer.error)
        record.outcome = business ? `rejected:${answer.error}` : `error:${answer.error}`
        if (answer.nextMinimumFen && answer.nextMinimumFen > client.heard.nextMinimumFen) client.heard = { ...client.heard, nextMinimumFen: answer.nextMinimumFen }
      }
    })
  }

  // This process's own figures over the window: CPU, event-loop delay, garbage collections.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 })
  const gc: number[] = []
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc.push(e.duration)
  })
  let window: { cpu: NodeJS.CpuUsage; wall: number } | null = null
  const windowTimer = setTimeout(() => {
    loopDelay.enable()
    gcObserver.observe({ entryTypes: ['gc'] })
    window = { cpu: process.cpuUsage(), wall: performance.now() }
  }, Math.max(0, windowStart - performance.now()))

  let j = spec.part
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now()
      while (j < total && start + j * interval <= now) {
        send(start + j * interval, j >= warmupCount)
        j += spec.parts
      }
      if (j >= total) return resolve()
      setTimeout(pump, Math.max(0, start + j * interval - performance.now()))
    }
    pump()
  })
  const wait = windowEnd - performance.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  clearTimeout(windowTimer)
  loopDelay.disable()
  gcObserver.disconnect()
  const windowFigures = window as { cpu: NodeJS.CpuUsage; wall: number } | null
  const cpu = windowFigures ? process.cpuUsage(windowFigures.cpu) : { user: 0, system: 0 }
  const wallMs = windowFigures ? performance.now() - windowFigures.wall : 0
  const drainUntil = performance.now() + ACK_TIMEOUT_MS + 1000
  while (outstanding > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20))
  await new Promise((r) => setTimeout(r, 300)) // the last coalesced updates
  if (acked.length) sendAcked(acked.splice(0))

  const result: GeneratorResult = {
    offered: records.length,
    accepted: 0,
    rejected: {},
    errors: {},
    ack: [],
    ackAccepted: [],
    seen: [],
    unseen: 0,
    lateness,
    unknown: [...unknown],
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    loopDelayP99: loopDelay.percentile(99) / 1e6,
    loopDelayMax: loopDelay.max / 1e6,
    gc,
  }
  const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1)
  for (const r of records) {
    if (r.outcome === 'pending') count(result.errors, 'no-answer')
    else if (r.outcome.startsWith('error:')) count(result.errors, r.outcome.slice(6))
    else result.ack.push(r.answeredAt - r.intended)
    if (r.outcome.startsWith('rejected:')) count(result.rejected, r.outcome.slice(9))
    if (r.outcome !== 'accepted' || r.duplicate) continue
    result.accepted++
    result.ackAccepted.push(r.answeredAt - r.intended)
    // The first other bidder in the room to hear this seq or a later one.
    const lot = receipts.get(r.lot)!
    let best = Number.POSITIVE_INFINITY
    for (let s = r.seq, checked = 0; s <= r.seq + 500 && checked < 4; s++) {
      const h = lot.get(s)
      if (!h) continue
      checked++
      const t = h.c1 !== r.client ? h.t1 : h.t2
      if (!Number.isNaN(t) && t < best) best = t
    }
    if (Number.isFinite(best)) result.seen.push(best - r.intended)
    else result.unseen++
  }
  return { result, clients }
}

if (process.send) {
  let startGo: (startEpoch: number) => void = () => {}
  const go = new Promise<number>((resolve) => (startGo = resolve))
  let clients: Client[] = []
  process.on('message', (message: { type: string; spec?: GeneratorSpec; startEpoch?: number }) => {
    if (message.type === 'connect') {
      run(message.spec!, go, (ms, count) => process.send!({ type: 'connected', ms, count }), (rows) => process.send!({ type: 'acked', rows }))
        .then((done) => {
          clients = done.clients
          process.send!({ type: 'done', result: done.result })
        })
        .catch((error: Error) => process.send!({ type: 'failed', message: error.stack ?? error.message }))
    } else if (message.type === 'go') startGo(message.startEpoch!)
    else if (message.type === 'stop') {
      for (const c of clients) c.socket.disconnect()
      setTimeout(() => process.exit(0), 100)
    }
  })
  process.on('disconnect', () => process.exit(0))
}
