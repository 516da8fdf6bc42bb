// Several web processes (and `npm run workers`) may start at once on one
// empty PostgreSQL database. Migrating and seeding the demo run under one
// PostgreSQL advisory lock, so exactly one process does each step and the
// others wait, then see its work (an empty database is seeded once). The lock
// belongs to a connection of its own: a process that dies releases it.
import pg from 'pg'

/** Any constant of our own (Prisma's `migrate` uses 72707369 for its lock). */
const STARTUP_LOCK = 72_707_370

export async function withStartupLock<T>(databaseUrl: string | undefined, step: () => Promise<T>): Promise<T> {
  // The embedded PGlite database belongs to one process: nothing to share.
  if (!databaseUrl) return step()
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK])
    return await step()
  } finally {
    await client.end().catch(() => undefined)
  }
}
