// The database's cost per decided bid, without Socket.IO: `tsx bench/auction-db-cost.ts [--rate 500] [--seconds 20] [--lots 100]`
//
// On a scratch PostgreSQL database, 1,000 approved bidders and `--lots` live lots; this process calls placeBid
// open loop at `--rate` bids a second, each a bid at the minimum last heard on a random lot by a random bidder
// (so some are too low, as in bench/auction.ts's 'heard' spread). Over the window it reads the CPU time of the
// PostgreSQL backends serving this database (/proc/<pid>/stat of the pids pg_stat_activity lists for it) and the
// SQL port's counters, and prints per decided bid: database CPU ms, statements, round trips, transactions; and
// the bids' latency. Without Socket.IO in the process, the machine's load moves these figures much less than
// bench/auction.ts's. BENCH_BID_WINDOW_MS / BENCH_BID_CADENCE_MS / BENCH_BID_IN_FLIGHT / BENCH_BID_SHARDS / BENCH_BID_MAX set the committer (when the build has one).
// `--sql FILE` runs that SQL on the scratch database after the migrations (an index or a foreign key dropped or added
// back), so a schema variant is measured against the same code in the same minutes.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
// Session-wide deposits (the form from before decision 021, still valid for every lot of their session) keep the
// set-up to one row per bidder; the bid path reads them through the same fragment as per-lot ones.
import type { Db } from '../app/utils/db.server.ts'
import { summarize } from './auction-stats.ts'
import { numberOption, option } from './cli.ts'
import { ensurePrismaClient } from './prisma-client.ts'

ensurePrismaClient()
const { legacySessionDepositKey } = await import('../app/domain/payments.ts')
const bidding = await import('../app/services/bidding.server.ts')
const { createAdapterFactory, createPrismaClient } = await import('../app/utils/database.server.ts')
const { closeSqlPort, sqlPort } = await import('../app/utils/sql.server.ts')
const { applyMigrations } = await import('../app/utils/migrations.server.ts')
const { createScratchPostgresDatabase } = await import('../tests/support/database.ts')

const RATE = numberOption('--rate', 500)
const SECONDS = numberOption('--seconds', 20)
const WARMUP = numberOption('--warmup', 3)
const LOTS = numberOption('--lots', 100)
const VARIANT_SQL = option('--sql', '')
// `--batch N`: instead of the open loop, N bids at once (one transaction: one committer), the next N when all are
// answered. Every transaction then carries the same number of bids, so designs compare per row and per transaction.
const BATCH = numberOption('--batch', 0)
const BIDDERS = 1000
const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

const configure = (bidding as { configureBidBatching?: (s: Record<string, number>) => void }).configureBidBatching
const settings: Record<string, number> = {}
if (process.env.BENCH_BID_WINDOW_MS) settings.windowMs = Number(process.env.BENCH_BID_WINDOW_MS)
if (process.env.BENCH_BID_SHARDS) settings.shards = Number(process.env.BENCH_BID_SHARDS)
if (process.env.BENCH_BID_CADENCE_MS) settings.cadenceMs = Number(process.env.BENCH_BID_CADENCE_MS)
if (process.env.BENCH_BID_IN_FLIGHT) settings.maxInFlight = Number(process.env.BENCH_BID_IN_FLIGHT)
if (process.env.BENCH_BID_MAX) settings.maxBids = Number(process.env.BENCH_BID_MAX)
if (BATCH > 0) settings.shards = 1
configure?.(settings)
const label = (bidding as { bidBatching?: () => object }).bidBatching ? JSON.stringify((bidding as { bidBatching: () => object }).bidBatching()) : 'per-lot (one transaction per lot at a time)'

async function seed(db: Db) {
  const now = Date.now()
  const owner = await db.organization.create({ data: { kind: 'UNIVERSITY', name: '压测大学', creditCode: 'DCOWNER', county: '西湖区' } })
  const bureauId = (await db.organization.create({ data: { kind: 'BUREAU', name: '压测科技局', creditCode: 'BENCHBUREAUDC', county: '莲都区' } })).id
  const session = await db.auctionSession.create({ data: { bureauId, quarter: 'DC', title: '压测', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 86_400_000), status: 'LIVE' } })
  const ids = Array.from({ length: BIDDERS }, (_, i) => i)
  await db.organization.createMany({ data: ids.map((i) => ({ id: `dc-org-${i}`, kind: 'ENTERPRISE' as const, name: `压测企业${i}`, creditCode: `DC${i}`, county: '莲都区' })) })
  await db.user.createMany({ data: ids.map((i) => ({ id: `dc-user-${i}`, email: `dc${i}@bench.example`, name: `b${i}`, role: 'ENTERPRISE' as const, organizationId: `dc-org-${i}`, passwordHash: 'x' })) })
  await db.registration.createMany({ data: ids.map((i) => ({ sessionId: session.id, enterpriseId: `dc-org-${i}`, status: 'APPROVED' as const })) })
  await db.payment.createMany({
    data: ids.map((i) => ({ kind: 'DEPOSIT' as const, status: 'SUCCEEDED' as const, amountFen: 1n, payerId: `dc-org-${i}`, sessionId: session.id, idempotencyKey: legacySessionDepositKey(session.id, `dc-org-${i}`) })),
  })
  const lots = Array.from({ length: LOTS }, (_, i) => i + 1)
  await db.researchResult.createMany({
    data: lots.map((n) => ({ id: `dc-result-${n}`, ownerId: owner.id, title: `压测 ${n}`, summary: '…', field: 'equipment', ipKind: 'KNOW_HOW' as const, maturity: 'PILOT' as const, contactName: 'x', contactPhone: 'x', status: 'IN_AUCTION' as const })),
  })
  await db.lot.createMany({
    data: lots.map((n) => ({ id: `dc-lot-${n}`, sessionId: session.id, number: n, resultId: `dc-result-${n}`, startingPriceFen: 100_000_00n, incrementFen: 5_000_00n, depositFen: 1n, startsAt: new Date(now - 3600_000), endsAt: new Date(now + 86_400_000), extensionMinutes: 5, status: 'LIVE' as const })),
  })
  await db.$executeRawUnsafe('ANALYZE')
  return { bidders: ids.map((i) => ({ userId: `dc-user-${i}`, role: 'ENTERPRISE' as const, organizationId: `dc-org-${i}` })), lots: lots.map((n) => `dc-lot-${n}`) }
}

function backendTicks(pids: number[]): number {
  let sum = 0
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      sum += Number(fields[11]) + Number(fields[12])
    } catch {
      // gone
    }
  }
  return sum
}

async function main() {
  const scratch = await createScratchPostgresDatabase(SERVER_URL)
  const factory = createAdapterFactory({ databaseUrl: scratch.url })
  let db: Db | null = null
  try {
    await applyMigrations(factory)
    if (VARIANT_SQL) {
      const variant = new pg.Client({ connectionString: scratch.url })
      await variant.connect()
      await variant.query(readFileSync(VARIANT_SQL, 'utf8'))
      await variant.end()
    }
    db = createPrismaClient(factory)
    const { bidders, lots } = await seed(db)
    const heard = new Map(lots.map((l) => [l, 100_000_00]))
    let seed32 = 7
    const random = () => ((seed32 = (Math.imul(seed32, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const latencies: number[] = []
    const outcomes: Record<string, number> = {}
    let inWindow = false
    let pending = 0
    const admin = new pg.Client({ connectionString: scratch.url })
    await admin.connect()
    const pids = async () => (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid)
    const interval = 1000 / RATE
    const total = Math.round((WARMUP + SECONDS) * RATE)
    const start = performance.now() + 50
    const win: { v: { ticks: number; pids: number[]; sql: ReturnType<ReturnType<typeof sqlPort>['stats']> } | null } = { v: null }
    let i = 0
    let counter = 0
    let windowStart = 0
    const openWindow = async () => {
      inWindow = true
      windowStart = performance.now()
      const p = await pids()
      win.v = { ticks: backendTicks(p), pids: p, sql: sqlPort(db!).stats() }
    }
    const placeOne = (intended: number) => {
      const lotId = lots[Math.floor(random() * lots.length)]!
      const bidder = bidders[Math.floor(random() * bidders.length)]!
      const measured = inWindow
      pending++
      return bidding.placeBid(db!, bidder, { lotId, amountFen: heard.get(lotId)!, clientBidId: `dc-${++counter}` }, new Date()).then(
        (o) => {
          pending--
          if (o.accepted) heard.set(lotId, Math.max(heard.get(lotId)!, o.lot.nextMinimumFen))
          else if (o.nextMinimumFen) heard.set(lotId, Math.max(heard.get(lotId)!, o.nextMinimumFen))
          if (!measured) return
          latencies.push(performance.now() - intended)
          const key = o.accepted ? 'accepted' : o.reason
          outcomes[key] = (outcomes[key] ?? 0) + 1
        },
        () => {
          pending--
          if (measured) outcomes.error = (outcomes.error ?? 0) + 1
        },
      )
    }
    if (BATCH > 0) {
      // Closed loop: BATCH bids at once, all answered before the next BATCH; one committer, so one transaction each.
      while (i < total) {
        if (!inWindow && i >= Math.round(WARMUP * RATE)) await openWindow()
        const intended = performance.now()
        const round: Promise<void>[] = []
        for (let k = 0; k < BATCH && i < total; k++, i++) round.push(placeOne(intended))
        await Promise.all(round)
      }
    } else {
      await new Promise<void>((resolve) => {
        const pump = () => {
          const now = performance.now()
          while (i < total && start + i * interval <= now) {
            if (i === Math.round(WARMUP * RATE)) void openWindow()
            void placeOne(start + i * interval)
            i++
          }
          if (i >= total) return resolve()
          setTimeout(pump, Math.max(0, start + i * interval - performance.now()))
        }
        pump()
      })
    }
    while (pending > 0) await new Promise((r) => setTimeout(r, 10))
    const w = win.v
    if (!w) throw new Error('the window never started')
    const seconds = BATCH > 0 ? (performance.now() - windowStart) / 1000 : SECONDS
    const ticks = backendTicks([...new Set([...w.pids, ...(await pids())])]) - w.ticks
    const sql = sqlPort(db).stats()
    const decided = latencies.length
    const s = summarize(latencies)
    const per = (n: number) => (n / Math.max(1, decided)).toFixed(3)
    console.log(`bench:auction-db-cost — ${BATCH > 0 ? `closed loop, ${BATCH} bids at once` : `${RATE} bids/s`} over ${LOTS} lots, ${SECONDS} s; bid path: ${label}${VARIANT_SQL ? `; schema variant ${VARIANT_SQL}` : ''}`)
    console.log(`  decided bids ${decided} (${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')})`)
    console.log(`  database CPU per decided bid: ${((ticks * 10) / Math.max(1, decided)).toFixed(3)} ms (${((ticks * 10) / (seconds * 10)).toFixed(0)} % of a core)`)
    console.log(`  per decided bid: statements ${per(sql.statements - w.sql.statements)}, round trips ${per(sql.roundTrips - w.sql.roundTrips)}, transactions ${per(sql.transactions - w.sql.transactions)}`)
    console.log(`  latency ms: p50 ${s.p50.toFixed(1)}, p99 ${s.p99.toFixed(1)}, max ${s.max.toFixed(1)}; machine load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`)
    // How PostgreSQL planned the prepared statements on the pool's connections (custom plans are planned per call).
    const PLANS = { name: 'bench-plans', text: "SELECT name, generic_plans::int, custom_plans::int, pg_sleep(0.05)::text FROM pg_prepared_statements WHERE name LIKE 'bid-%' OR name LIKE 'tx:bid-%'" }
    const plans = new Map<string, { generic: number; custom: number }>()
    for (const rows of await Promise.all(Array.from({ length: 25 }, () => sqlPort(db!).query<{ name: string; generic_plans: number; custom_plans: number }>(PLANS)))) {
      for (const r of rows) {
        const p = plans.get(r.name) ?? { generic: 0, custom: 0 }
        plans.set(r.name, { generic: p.generic + r.generic_plans, custom: p.custom + r.custom_plans })
      }
    }
    console.log(`  plans of the bid statements (some pool connections): ${[...plans].map(([n, p]) => `${n} generic ${p.generic} custom ${p.custom}`).join('; ')}`)
    await admin.end()
  } finally {
    if (db) await closeSqlPort(db)
    await db?.$disconnect()
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${scratch.url}`)
    else await scratch.drop().catch(() => undefined)
  }
  process.exit(0)
}

void main()
