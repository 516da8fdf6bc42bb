// The benchmark's printed report: ours beside the baseline, figure by figure.
import type { RunResult } from './auction-load.ts'
import { median, type Summary } from './auction-stats.ts'
import { describeSplit } from './auction-timing.ts'

export const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–')
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–')
export const counts = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || '0'

const mem = (m: RunResult['idle']) => `${m.rssMB.toFixed(0)} / ${m.heapMB.toFixed(0)} / ${m.externalMB.toFixed(0)}`
const afterGc = (r: RunResult) => (r.afterGc ? `${r.afterGc.heapTotalMB.toFixed(0)} / ${r.afterGc.brkHeapMB.toFixed(0)} / ${r.afterGc.anonymousMB.toFixed(0)} / ${r.afterGc.filesMB.toFixed(0)}` : '–')
const gen = (r: RunResult) => `${r.generators} / ${r.generatorCpuPct.toFixed(0)} / ${ms(r.generatorEventLoopDelayP99)} / ${ms(r.generatorLoopMaxMs)}`
const perBidder = (r: RunResult) =>
  `${(((r.connectedAfterGc.rssMB - r.idle.rssMB) * 1024) / Math.max(1, r.connected)).toFixed(1)} / ${(((r.connectedAfterGc.heapMB - r.idle.heapMB) * 1024) / Math.max(1, r.connected)).toFixed(1)}`

export function printPair(ours: RunResult, base: RunResult) {
  const rows: [string, string, string, string][] = [
    ['bids offered in the window', `${ours.offered}`, `${base.offered}`, ''],
    ['accepted bids / s', ours.acceptedPerSecond.toFixed(1), base.acceptedPerSecond.toFixed(1), ratio(ours.acceptedPerSecond, base.acceptedPerSecond)],
    ['rejected (business rules)', counts(ours.rejected), counts(base.rejected), ''],
    ['errors', counts(ours.errors), counts(base.errors), ''],
    ['ack p50 ms (emit → ack)', ms(ours.ack.p50), ms(base.ack.p50), ratio(ours.ack.p50, base.ack.p50)],
    ['ack p95 ms', ms(ours.ack.p95), ms(base.ack.p95), ratio(ours.ack.p95, base.ack.p95)],
    ['ack p99 ms', ms(ours.ack.p99), ms(base.ack.p99), ratio(ours.ack.p99, base.ack.p99)],
    ['ack max ms', ms(ours.ack.max), ms(base.ack.max), ''],
    ['  inside the server: packet decoded → ack, p50 / p99 / max ms', ours.serverAcks ? `${ms(ours.serverAcks.p50)} / ${ms(ours.serverAcks.p99)} / ${ms(ours.serverAcks.max)}` : '–', '', ''],
    ['others see the price p99 ms', ms(ours.seen.p99), ms(base.seen.p99), ratio(ours.seen.p99, base.seen.p99)],
    ['others see the price p50 ms', ms(ours.seen.p50), ms(base.seen.p50), ratio(ours.seen.p50, base.seen.p50)],
    ['server idle, no client: RSS / JS heap / external MB (after GC)', mem(ours.idle), mem(base.idle), ''],
    ['all bidders joined: RSS / JS heap / external MB (after GC)', mem(ours.connectedAfterGc), mem(base.connectedAfterGc), ''],
    ['  per connected bidder KB (RSS / JS heap)', perBidder(ours), perBidder(base), ''],
    ['server RSS peak MB', ours.rssPeakMB.toFixed(0), base.rssPeakMB.toFixed(0), ratio(ours.rssPeakMB, base.rssPeakMB)],
    ['server RSS / JS heap / external after a full GC, MB', `${ours.rssAfterGcMB.toFixed(0)} / ${ours.heapAfterGcMB.toFixed(0)} / ${ours.externalAfterGcMB.toFixed(0)}`, `${base.rssAfterGcMB.toFixed(0)} / ${base.heapAfterGcMB.toFixed(0)} / ${base.externalAfterGcMB.toFixed(0)}`, ''],
    ['  V8 heap committed / malloc brk heap / anonymous / files, MB', afterGc(ours), afterGc(base), ''],
    ['server CPU % of a core', ours.serverCpuPct.toFixed(0), base.serverCpuPct.toFixed(0), ''],
    ['server event-loop delay p99 ms', ms(ours.serverEventLoopDelayP99), ms(base.serverEventLoopDelayP99), ''],
    ['server GC pauses: count / total / longest / longest major ms', ours.gc ? `${ours.gc.count} / ${ms(ours.gc.totalMs)} / ${ms(ours.gc.maxMs)} / ${ms(ours.gc.majorMaxMs)}` : '–', '', ''],
    ['PostgreSQL CPU % of a core (all backends)', ours.postgresCpuPct.toFixed(0), base.postgresCpuPct.toFixed(0), ''],
    ['our database\'s backends: CPU % of a core', ours.dbCpuPct.toFixed(0), '', ''],
    ['  database CPU ms per decided bid', ours.dbCpuMsPerBid.toFixed(3), '', ''],
    ['  statements / round trips / transactions per bid', `${ours.statementsPerBid.toFixed(2)} / ${ours.roundTripsPerBid.toFixed(2)} / ${ours.transactionsPerBid.toFixed(3)}`, '', ''],
    ['  decided bids in the window (accepted + refused)', `${ours.decided}`, '', ''],
    ['load generator processes / CPU % / loop delay p99 / max ms (the worst process)', gen(ours), gen(base), ''],
    ['  load generator GC pauses: count / longest ms', `${ours.generatorGc.count} / ${ms(ours.generatorGc.maxMs)}`, `${base.generatorGc.count} / ${ms(base.generatorGc.maxMs)}`, ''],
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

/** With `--runs N`: per scenario, the median and the worst run of the figures issue 17 judges, ours beside the baseline. */
export function printRuns(runs: Map<string, { ours: RunResult; base: RunResult }[]>) {
  const figures: [string, (r: RunResult) => number, 'high' | 'low', (v: number) => string][] = [
    ['accepted bids / s', (r) => r.acceptedPerSecond, 'low', (v) => v.toFixed(0)],
    ['ack p50 ms', (r) => r.ack.p50, 'high', ms],
    ['ack p99 ms', (r) => r.ack.p99, 'high', ms],
    ['server RSS peak MB', (r) => r.rssPeakMB, 'high', (v) => v.toFixed(0)],
    ['database CPU ms per decided bid', (r) => r.dbCpuMsPerBid, 'high', (v) => v.toFixed(3)],
    ['transactions per decided bid', (r) => r.transactionsPerBid, 'high', (v) => v.toFixed(3)],
    ['machine CPU busy %', (r) => r.machineBusyPct, 'high', (v) => v.toFixed(0)],
  ]
  console.log('\nover the runs: median / worst (ours) · median / worst (baseline); worst = the highest, or the lowest for accepted bids/s')
  for (const [scenario, pairs] of runs) {
    console.log(`  ${scenario} (${pairs.length} runs)`)
    for (const [name, of, bad, fmt] of figures) {
      const row = (side: 'ours' | 'base') => {
        const xs = pairs.map((p) => of(p[side]))
        const worst = bad === 'high' ? Math.max(...xs) : Math.min(...xs)
        return `${fmt(median(xs))} / ${fmt(worst)}`
      }
      const base = name.startsWith('database') || name.startsWith('transactions') ? '' : ` · ${row('base')}`
      console.log(`    ${name.padEnd(34)} ${row('ours')}${base}`)
    }
  }
}
