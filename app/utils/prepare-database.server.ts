// What every process does with the database before it works: migrate it, and
// (the web process only) seed the demo on an empty one. Processes starting
// together on one empty PostgreSQL database do each step once (startup-lock).
// The seed is passed in, so this module depends on nothing outside app/utils.
import { join } from 'node:path'
import { createAdapterFactory, createPrismaClient, type AdapterFactory } from './database.server.ts'
import type { Db } from './db.server.ts'
import type { Env } from './env.server.ts'
import { applyMigrations } from './migrations.server.ts'
import { withStartupLock } from './startup-lock.server.ts'

export type Seeder = (db: Db) => Promise<{ organizations: number; users: number; results: number; needs: number }>

export async function prepareDatabase(env: Env, seed?: Seeder): Promise<{ db: Db; adapterFactory: AdapterFactory }> {
  const adapterFactory = createAdapterFactory({ databaseUrl: env.DATABASE_URL, dataDir: join(env.DATA_DIR, 'pglite') })
  const db = await withStartupLock(env.DATABASE_URL, async () => {
    const applied = await applyMigrations(adapterFactory)
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`)
    const db = createPrismaClient(adapterFactory)
    if (!seed) return db
    const empty = (await db.user.count()) === 0
    if (env.SEED_DEMO === 'always' || (env.SEED_DEMO === 'auto' && empty)) {
      const counts = await seed(db)
      console.log(`Demo data: ${counts.organizations} organizations, ${counts.users} users, ${counts.results} results, ${counts.needs} needs`)
    }
    return db
  })
  return { db, adapterFactory }
}
