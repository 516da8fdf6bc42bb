// Machine figures from Linux /proc: total CPU busy, PostgreSQL's share, and the backends of one database.
import { readdirSync, readFileSync } from 'node:fs'
import pg from 'pg'

export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const idle = line[3]! + (line[4] ?? 0)
  const total = line.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

/** utime + stime per PostgreSQL process; compare two readings over the pids present in both. */
export function postgresTicks(): Map<string, number> {
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
export function postgresTicksBetween(before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0)
  return sum
}
export const TICKS_PER_SECOND = 100

/**
 * CPU ticks of the backends serving the benchmark's own database (pg_stat_activity, then /proc/<pid>/stat): the
 * database's cost of our bid path alone, whatever else runs on the shared PostgreSQL server. Background processes
 * (WAL writer, checkpointer) serve every database and are in "all backends" only.
 */
export async function benchBackendTicks(databaseUrl: string): Promise<Map<string, number>> {
  const all = postgresTicks()
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
    return new Map(rows.flatMap((r) => (all.has(String(r.pid)) ? [[String(r.pid), all.get(String(r.pid))!] as [string, number]] : [])))
  } finally {
    await client.end()
  }
}
