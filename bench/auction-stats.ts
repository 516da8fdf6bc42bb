// Small statistics for bench/auction.ts and its children: percentiles by the
// nearest-rank method on a sorted copy (exact, no histogram buckets); a child's window figures.
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

export type Summary = { count: number; mean: number; p50: number; p95: number; p99: number; max: number }

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** The middle value (the mean of the two middle ones for an even count): the "median run" of `--runs`. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const v of sorted) sum += v
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  }
}

/** A server child's own figures over a window: memory now, CPU, wall time and event-loop delay since the last reset. */
export type ProcessFigures = {
  rss: number
  heapUsed: number
  /** Memory of C++ objects bound to JS (buffers, WebAssembly memories count in RSS only). */
  external: number
  arrayBuffers: number
  /** V8's heap as committed (used or not). */
  heapTotal: number
  /** Resident memory by kind of mapping (/proc/self/smaps; only when asked with `detail`, it reads every mapping): malloc's brk heap, anonymous mappings (V8's pages, large mallocs), files. */
  mappings: { brkHeap: number; anonymous: number; files: number } | null
  /** CPU time (user + system) since the last reset, ms. */
  cpuMs: number
  wallMs: number
  eventLoopDelay: { p50: number; p99: number; max: number }
}

export function processWindow(): { reset: () => void; figures: (detail?: boolean) => ProcessFigures } {
  const eld = monitorEventLoopDelay({ resolution: 5 })
  eld.enable()
  let start = { cpu: process.cpuUsage(), wall: performance.now() }
  return {
    reset: () => {
      eld.reset()
      start = { cpu: process.cpuUsage(), wall: performance.now() }
    },
    figures: (detail = false) => {
      const cpu = process.cpuUsage(start.cpu)
      const memory = process.memoryUsage()
      return {
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        external: memory.external,
        arrayBuffers: memory.arrayBuffers,
        heapTotal: memory.heapTotal,
        mappings: detail ? residentByMapping() : null,
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: performance.now() - start.wall,
        eventLoopDelay: { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 },
      }
    },
  }
}

/** Resident bytes of this process by kind of mapping, from /proc/self/smaps (zeros where there is none). */
export function residentByMapping(): NonNullable<ProcessFigures['mappings']> {
  const out = { brkHeap: 0, anonymous: 0, files: 0 }
  let text: string
  try {
    text = readFileSync('/proc/self/smaps', 'utf8')
  } catch {
    return out
  }
  let kind: keyof typeof out = 'anonymous'
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (header) {
      const name = header[1]!.trim()
      kind = name === '[heap]' ? 'brkHeap' : name === '' || name.startsWith('[') ? 'anonymous' : 'files'
    } else if (line.startsWith('Rss:')) out[kind] += Number(line.split(/\s+/)[1]) * 1024
  }
  return out
}
