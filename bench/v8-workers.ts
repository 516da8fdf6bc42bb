// BENCH_V8_NICE=N (bench/auction-server.ts): V8's helper threads (concurrent marking, parallel scavenges,
// background compilation) at a lower priority than the main thread, PostgreSQL and the load generators, to see
// whether a major collection's marker threads taking the two cores are the 10,000 bidders' tail (issue 17,
// docs/decisions/010, "Session 12": measured, not adopted).
import { readdirSync, readFileSync } from 'node:fs'
import { setPriority } from 'node:os'

/** Node names its V8 platform threads this way (Node ≥ 22). */
const V8_WORKER = 'V8Worker'

/**
 * Sets the nice value of this process's V8 worker threads (Linux: setpriority on a thread id acts on that thread
 * alone; raising it needs no privilege). Returns how many threads it set; 0 where /proc is missing.
 */
export function lowerV8WorkerPriority(nice: number): number {
  let tasks: string[]
  try {
    tasks = readdirSync('/proc/self/task')
  } catch {
    return 0
  }
  let set = 0
  for (const task of tasks) {
    try {
      if (readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() !== V8_WORKER) continue
      setPriority(Number(task), nice)
      set++
    } catch {
      // A thread that ended between the listing and here, or a system that refuses: leave it as it is.
    }
  }
  return set
}
