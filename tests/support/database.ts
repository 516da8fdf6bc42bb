// A migrated, empty database of its own for each caller:
// - by default an in-memory PGlite, loaded from a copy of a migrated cluster
//   (app/utils/migrations.server.ts keeps it in node_modules/.cache/pglite, keyed by
//   the migrations' content; about 0.5 s a database once it exists);
// - when DATABASE_URL is set, a fresh database `t_<random>` on that server,
//   migrated through the schema engine like production, dropped by close().
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import {
  createAdapterFactory,
  createPrismaClient,
  pgliteAdapterFactory,
  type AdapterFactory,
} from '../../app/utils/database.server.ts'
import { closeSqlPort } from '../../app/utils/sql.server.ts'
import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { applyMigrations, freshPglite, migratedPglite } from '../../app/utils/migrations.server.ts'

export type TestDatabase = {
  prisma: PrismaClient
  adapterFactory: AdapterFactory
  /** For messages: which database this is. */
  label: string
  close(): Promise<void>
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL
  return url ? createPostgresTestDatabase(url) : createPgliteDatabase()
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const pglite = await migratedPglite()
  const adapterFactory = pgliteAdapterFactory(pglite, freshPglite)
  const prisma = createPrismaClient(adapterFactory)
  return {
    prisma,
    adapterFactory,
    label: 'PGlite (in memory)',
    close: async () => {
      await prisma.$disconnect()
      if (!pglite.closed) await pglite.close()
    },
  }
}

/** Creates database `t_<random>` on the server of `serverUrl`; drop it with the returned function. */
export async function createScratchPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.href,
    name,
    // FORCE ends connections a test left open (PostgreSQL 13+).
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  }
}

/** A migrated database `t_<random>` on the server of `serverUrl`; `url` for processes a test starts on it. */
export async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase & { url: string }> {
  const scratch = await createScratchPostgresDatabase(serverUrl)
  try {
    const adapterFactory = createAdapterFactory({ databaseUrl: scratch.url })
    await applyMigrations(adapterFactory)
    const prisma = createPrismaClient(adapterFactory)
    return {
      prisma,
      adapterFactory,
      url: scratch.url,
      label: `PostgreSQL database ${scratch.name}`,
      close: async () => {
        await closeSqlPort(prisma)
        await prisma.$disconnect()
        await scratch.drop()
      },
    }
  } catch (error) {
    await scratch.drop().catch(() => undefined)
    throw error
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
