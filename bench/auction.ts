// Live-auction benchmark: `npm run bench:auction` (tsx bench/auction.ts)
//   [--scenario spread|hot|connections|all, or a list: spread,hot] [--seconds 60] [--warmup 10]
//   [--rate 500] [--stretch-rate 1000] [--hot-rate 400] [--hot-strategy ladder|heard]
//   [--coalesce-ms 25] [--baseline-coalesce-ms <same>] [--no-redis] [--json FILE] [--cpu-prof DIR] [--keep-db]
//   [--generators 4] [--spread-generators 2] (load generator processes of those scenarios, each with whole lots)
//   [--runs 5] (each scenario five times: median and worst printed, targets judged on the worst run)
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
// Scenarios (targets from issue 17, on the 2-core machine, load generator included; each judged on the worst run):
//   spread       1,000 bidders over 100 lots at 500 bids/s: p99 ≤ 50 ms, no errors;
//                spread-stretch: the same at 1,000 bids/s, p99 ≤ 100 ms
//   hot          one lot, 200 ladder bidders: ≥ 1,000 accepted bids/s, p99 ≤ 100 ms
//   connections  10,000 bidders (--connections N) connected to one process: RSS ≤ 400 MB, all connected
//                (and joined to their lot) within 30 s; 100 bids/s meanwhile, p99 ≤ 50 ms
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
//
// The parts: auction-seed.ts (bidders, lots), auction-children.ts (the two servers), auction-load.ts (the load
// generator), auction-machine.ts (/proc figures), auction-checks.ts (the database checks), auction-report.ts.

import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createAdapterFactory, createPrismaClient } from '../app/utils/database.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { applyMigrations } from '../app/utils/migrations.server.ts'
import { closeSqlPort } from '../app/utils/sql.server.ts'
import { createScratchPostgresDatabase } from '../tests/support/database.ts'
import { checkDatabase, closeAllLots } from './auction-checks.ts'
import { ask, startServer, stopChild, type ChildSettings } from './auction-children.ts'
import { median } from './auction-stats.ts'
import { runLoad, type Acked, type RunPlan, type RunResult, type Strategy } from './auction-load.ts'
import { ms, printPair, printRuns } from './auction-report.ts'
import { INCREMENT_FEN, seedBidders, seedLots, START_FEN } from './auction-seed.ts'
import { args, flag, numberOption, option } from './cli.ts'

// ---- options

const SCENARIOS = option('--scenario', 'all').split(',')
if (SCENARIOS.some((s) => !['spread', 'hot', 'connections', 'all'].includes(s))) {
  console.error(`--scenario must be spread, hot, connections or all, or a list of them with commas (got ${SCENARIOS.join(',')})`)
  process.exit(1)
}
const wants = (scenario: string) => SCENARIOS.includes('all') || SCENARIOS.includes(scenario)
const MEASURE_S = numberOption('--seconds', 60)
const WARMUP_S = numberOption('--warmup', 10)
const SPREAD_RATE = numberOption('--rate', 500)
const STRETCH_RATE = numberOption('--stretch-rate', 1000)
const HOT_RATE = numberOption('--hot-rate', 1100)
/** Bidders connected in the connections scenario (issue 17: 10,000 on one process). */
const CONNECTIONS = numberOption('--connections', 10000)
/**
 * Load generator processes of the connections scenario (the others use one). With 10,000 sockets in one generator,
 * its own pauses made the ack tail of ours and of the baseline alike (late sends p99 up to 95 ms, loop max 130 ms).
 */
const CONNECTION_GENERATORS = numberOption('--generators', 4)
/** Load generator processes of the spread scenarios (1,000 bidders, 100 lots): two, so each heap stays small. */
const SPREAD_GENERATORS = numberOption('--spread-generators', 2)
const HOT_STRATEGY = option('--hot-strategy', 'ladder') as Strategy
/** `--runs N`: every chosen scenario N times (issue 17 asks for five), then median and worst of each figure. */
const RUNS = numberOption('--runs', 1)
/** With ladder bidders, also run the hot lot with bidders who bid the minimum they heard (no target; skipped with --runs > 1 unless --hot-heard). */
const HEARD_TOO = RUNS === 1 || flag('--hot-heard')
const COALESCE_MS = option('--coalesce-ms', '25')
const BASELINE_COALESCE_MS = option('--baseline-coalesce-ms', COALESCE_MS)
const REDIS_URL = flag('--no-redis') ? '' : (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
const JSON_OUT = option('--json', '')
const CPU_PROF_DIR = option('--cpu-prof', '')
const KEEP_DB = flag('--keep-db')
const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const CHILD: ChildSettings = { cpuProfDir: CPU_PROF_DIR, coalesceMs: COALESCE_MS, baselineCoalesceMs: BASELINE_COALESCE_MS, redisUrl: REDIS_URL }

// Parent and children must sign and check bearer tokens with one secret.
process.env.SESSION_SECRET ??= randomBytes(32).toString('hex')
const SECRET = process.env.SESSION_SECRET

type Target = { name: string; ok: boolean }
type TargetSpec = { scenario: string; name: string; of: (r: RunResult) => number; limit: number; at: 'most' | 'least' }


async function main() {
  const scratch = await createScratchPostgresDatabase(SERVER_URL)
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

    // Each scenario's pairs (ours, baseline), one per run.
    const runs = new Map<string, { ours: RunResult; base: RunResult }[]>()
    const runPair = async (plan: Omit<RunPlan, 'lots'>, lotCount: number) => {
      const pair: RunResult[] = []
      for (const kind of ['ours', 'baseline'] as const) {
        const lots = kind === 'ours' ? await seedLots(db!, seeded, lotCount, plan.name) : Array.from({ length: lotCount }, (_, i) => ({ id: `base-lot-${i}`, startingPriceFen: START_FEN, incrementFen: INCREMENT_FEN }))
        if (kind === 'ours') ourLots.push(...lots.map((l) => l.id))
        const child = await startServer(kind, scratch.url, CHILD)
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
      runs.set(plan.name, [...(runs.get(plan.name) ?? []), { ours: pair[0]!, base: pair[1]! }])
    }

    const base = { measureS: MEASURE_S, warmupS: WARMUP_S, databaseUrl: scratch.url, secret: SECRET }
    for (let run = 1; run <= RUNS; run++) {
      if (RUNS > 1) console.log(`\n——— run ${run} of ${RUNS} ———`)
      if (wants('spread')) {
        const bidders = seeded.bidders.slice(0, 1000)
        const spread = { ...base, bidders, lotOf: (b: number) => b % 100, strategy: 'heard' as const, generators: SPREAD_GENERATORS }
        await runPair({ ...spread, name: 'spread', rate: SPREAD_RATE }, 100)
        if (STRETCH_RATE > 0) await runPair({ ...spread, name: 'spread-stretch', rate: STRETCH_RATE }, 100)
      }
      if (wants('hot')) {
        const hot = { ...base, bidders: seeded.bidders.slice(0, 200), lotOf: () => 0 }
        await runPair({ ...hot, name: 'hot', rate: HOT_RATE, strategy: HOT_STRATEGY }, 1)
        if (HOT_STRATEGY === 'ladder' && HEARD_TOO) await runPair({ ...hot, name: 'hot-heard (no target: bidders bid the minimum they heard)', rate: HOT_RATE, strategy: 'heard' }, 1)
      }
      if (wants('connections')) {
        await runPair({ ...base, name: 'connections', bidders: seeded.bidders, lotOf: (b) => b % 100, rate: 100, strategy: 'heard', generators: CONNECTION_GENERATORS }, 100)
      }
    }
    // Issue 17's targets, each judged on the worst of the runs (a target counts when the worst run meets it).
    const specs: TargetSpec[] = [
      { scenario: 'spread', name: `spread ${SPREAD_RATE} bids/s: ack p99 ≤ 50 ms`, of: (r) => r.ack.p99, limit: 50, at: 'most' },
      { scenario: 'spread', name: `spread ${SPREAD_RATE} bids/s: errors`, of: (r) => Object.values(r.errors).reduce((a, b) => a + b, 0), limit: 0, at: 'most' },
      { scenario: 'spread-stretch', name: `spread ${STRETCH_RATE} bids/s: ack p99 ≤ 100 ms`, of: (r) => r.ack.p99, limit: 100, at: 'most' },
      { scenario: 'hot', name: `hot lot, 200 '${HOT_STRATEGY}' bidders: accepted bids/s ≥ 1,000`, of: (r) => r.acceptedPerSecond, limit: 1000, at: 'least' },
      { scenario: 'hot', name: 'hot lot: ack p99 ≤ 100 ms', of: (r) => r.ack.p99, limit: 100, at: 'most' },
      { scenario: 'connections', name: `${CONNECTIONS} bidders on one process: server RSS peak ≤ 400 MB`, of: (r) => r.rssPeakMB, limit: 400, at: 'most' },
      { scenario: 'connections', name: `${CONNECTIONS} bidders: ack p99 ≤ 50 ms at 100 bids/s`, of: (r) => r.ack.p99, limit: 50, at: 'most' },
      { scenario: 'connections', name: `${CONNECTIONS} bidders connected and joined ≤ 30 s`, of: (r) => (r.connected === CONNECTIONS ? r.connectMs / 1000 : Infinity), limit: 30, at: 'most' },
    ]
    for (const spec of specs) {
      const pairs = runs.get(spec.scenario)
      if (!pairs) continue
      const values = pairs.map((p) => spec.of(p.ours))
      const baseValues = pairs.map((p) => spec.of(p.base))
      const worst = spec.at === 'most' ? Math.max(...values) : Math.min(...values)
      const ok = spec.at === 'most' ? worst <= spec.limit : worst >= spec.limit
      const f = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : '–')
      targets.push({
        name: `${spec.name}: median ${f(median(values))}, worst ${f(worst)} of ${values.length} run${values.length > 1 ? 's' : ''} (${values.map(f).join(', ')}); baseline median ${f(median(baseValues))}`,
        ok,
      })
    }
    if (RUNS > 1) printRuns(runs)

    console.log(`\nclosing ${ourLots.length} lots (the server's lot clock racing closeLotIfDue from here)…`)
    await closeAllLots(db, () => startServer('ours', scratch.url, CHILD), ourLots)
    const checks = await checkDatabase(db, ourLots, acked, unknown)
    console.log('\ncorrectness (from the database):')
    for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`)
    console.log('\ntargets (issue 17; each on the worst run):')
    for (const t of targets) console.log(`  ${t.ok ? 'met   ' : 'MISSED'}  ${t.name}`)
    if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), options: args(), results, checks, targets }, null, 2))
    exitCode = checks.some((c) => !c.ok) ? 1 : targets.some((t) => !t.ok) ? 2 : 0
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
