// The load generator's conductor: it forks the generator processes (bench/auction-generator.ts; one, or a few for
// thousands of sockets, each with whole lots), starts them on one clock, measures the server and the machine over
// the window, and puts their figures together.
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Principal } from '../app/domain/access.ts'
import { ask, type Child, type ServerKind } from './auction-children.ts'
import type { Acked, GeneratorResult, GeneratorSpec, Strategy } from './auction-generator.ts'
import { benchBackendTicks, machineTicks, postgresTicks, postgresTicksBetween, TICKS_PER_SECOND } from './auction-machine.ts'
import type { LotSpec } from './auction-seed.ts'
import type { ServerStats } from './auction-server.ts'
import { summarize, type Summary } from './auction-stats.ts'
import type { TransactionSplit } from './auction-timing.ts'

export type { Acked, Strategy }

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
  /** Generator processes (each takes whole lots; default 1). */
  generators?: number
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
  /** Generator processes, and their CPU summed, their worst event-loop delay p99 and longest delay. */
  generators: number
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


type Generator = { process: ChildProcess; messages: { type: string; ms?: number; count?: number; result?: GeneratorResult; message?: string }[]; wake: (() => void) | null }

function startGenerator(onAcked: (rows: Acked[]) => void): Generator {
  const child = fork(join(import.meta.dirname, 'auction-generator.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const g: Generator = { process: child, messages: [], wake: null }
  child.on('message', (m: Generator['messages'][number] & { rows?: Acked[] }) => {
    if (m.type === 'acked') return onAcked(m.rows ?? [])
    g.messages.push(m)
    g.wake?.()
  })
  child.once('exit', (code) => {
    g.messages.push({ type: 'failed', message: `generator exited with ${code}` })
    g.wake?.()
  })
  return g
}

async function next<T extends Generator['messages'][number]>(g: Generator, type: string): Promise<T> {
  for (;;) {
    const i = g.messages.findIndex((m) => m.type === type || m.type === 'failed')
    if (i >= 0) {
      const [m] = g.messages.splice(i, 1)
      if (m!.type === 'failed') throw new Error(`load generator failed: ${m!.message}`)
      return m as T
    }
    await new Promise<void>((resolve) => (g.wake = resolve))
    g.wake = null
  }
}

export async function runLoad(child: Child, plan: RunPlan, acked: Acked[] | null, unknown: Map<string, number> | null): Promise<RunResult> {
  const memory = async (gc = true) => {
    const { stats } = await ask<{ stats: ServerStats }>(child, { type: 'stats', gc }, 'stats')
    return { rssMB: stats.rss / 2 ** 20, heapMB: stats.heapUsed / 2 ** 20, externalMB: stats.external / 2 ** 20 }
  }
  const idle = await memory()

  // Whole lots to each generator process, round robin; a lot's bidders go with it.
  const parts = Math.max(1, Math.min(plan.generators ?? 1, plan.lots.length))
  const specs: GeneratorSpec[] = Array.from({ length: parts }, (_, part) => ({
    port: child.port,
    secret: plan.secret,
    lots: [],
    bidders: [],
    strategy: plan.strategy,
    rate: plan.rate,
    part,
    parts,
    warmupS: plan.warmupS,
    measureS: plan.measureS,
    keepAcked: acked !== null,
  }))
  plan.lots.forEach((spec, index) => specs[index % parts]!.lots.push({ index, spec }))
  plan.bidders.forEach((bidder, index) => {
    const lot = plan.lotOf(index)
    specs[lot % parts]!.bidders.push({ index, bidder, lot })
  })
  const generators = specs.map(() => startGenerator((rows) => acked?.push(...rows)))
  let results: GeneratorResult[] = []
  try {
    generators.forEach((g, i) => g.process.send({ type: 'connect', spec: specs[i] }))
    // The generators connect at once; each times its own bidders from its first connect to its last join.
    const joined = await Promise.all(generators.map((g) => next<{ type: string; ms: number; count: number }>(g, 'connected')))
    const connectMs = Math.max(...joined.map((m) => m.ms))
    // BENCH_JOINED_GC=0: the joined figures without a full collection, so the window starts from V8's own state
    // rather than one a forced collection left (session 12: both such runs were in V8's low heap mode too).
    const connectedAfterGc = await memory(process.env.BENCH_JOINED_GC !== '0')

    // One clock for every generator: bid j is due at start + j / rate.
    const interval = 1000 / plan.rate
    const total = Math.round((plan.warmupS + plan.measureS) * plan.rate)
    const warmupCount = Math.round(plan.warmupS * plan.rate)
    const start = performance.now() + 200
    const windowStart = start + warmupCount * interval
    const windowEnd = start + total * interval
    generators.forEach((g) => g.process.send({ type: 'go', startEpoch: performance.timeOrigin + start }))

    // Figures of the measured window: server (over IPC), the generators, the machine.
    const rss: number[] = []
    let windowFigures: { machine: ReturnType<typeof machineTicks>; pg: Map<string, number>; bench: Promise<Map<string, number>> | null; wall: number } | null = null
    const sampler = setInterval(() => void ask<{ stats: ServerStats }>(child, { type: 'stats' }, 'stats').then((m) => rss.push(m.stats.rss)), 1000)
    await new Promise((r) => setTimeout(r, Math.max(0, windowStart - performance.now())))
    void ask(child, { type: 'reset' }, 'reset-done')
    rss.length = 0
    windowFigures = { machine: machineTicks(), pg: postgresTicks(), bench: child.kind === 'ours' ? benchBackendTicks(plan.databaseUrl) : null, wall: performance.now() }
    await new Promise((r) => setTimeout(r, Math.max(0, windowEnd - performance.now())))
    const end = { machine: machineTicks(), pg: postgresTicks(), bench: child.kind === 'ours' ? await benchBackendTicks(plan.databaseUrl) : null, wall: performance.now() }
    const { stats } = await ask<{ stats: ServerStats }>(child, { type: 'stats' }, 'stats')
    clearInterval(sampler)
    // For the record: what is left after a full collection (the target is on the RSS as it is).
    const { stats: collected } = await ask<{ stats: ServerStats }>(child, { type: 'stats', gc: true }, 'stats')
    rss.push(stats.rss)
    results = (await Promise.all(generators.map((g) => next<{ type: string; result: GeneratorResult }>(g, 'done')))).map((m) => m.result)
    for (const r of results) for (const [lot, n] of r.unknown) unknown?.set(lot, (unknown.get(lot) ?? 0) + n)
    const all = <K extends 'ack' | 'ackAccepted' | 'seen' | 'lateness' | 'gc'>(key: K) => results.flatMap((r) => r[key])
    const tally = (key: 'rejected' | 'errors') => {
      const out: Record<string, number> = {}
      for (const r of results) for (const [k, n] of Object.entries(r[key])) out[k] = (out[k] ?? 0) + n
      return out
    }
    const ack = all('ack')
    const accepted = results.reduce((a, r) => a + r.accepted, 0)
    const generatorGc = all('gc')
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
      connected: joined.reduce((a, m) => a + m.count, 0),
      offered: results.reduce((a, r) => a + r.offered, 0),
      answered: ack.length,
      accepted,
      acceptedPerSecond: accepted / plan.measureS,
      rejected: tally('rejected'),
      errors: tally('errors'),
      ack: summarize(ack),
      ackAccepted: summarize(all('ackAccepted')),
      seen: summarize(all('seen')),
      unseen: results.reduce((a, r) => a + r.unseen, 0),
      lateSends: summarize(all('lateness')),
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
      generators: parts,
      generatorCpuPct: results.reduce((a, r) => a + (100 * r.cpuMs) / Math.max(1, r.wallMs), 0),
      generatorEventLoopDelayP99: Math.max(...results.map((r) => r.loopDelayP99)),
      generatorLoopMaxMs: Math.max(...results.map((r) => r.loopDelayMax)),
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
  } finally {
    for (const g of generators) g.process.send({ type: 'stop' })
  }
}
