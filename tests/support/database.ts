// A migrated, empty database of its own for each caller:
// - by default an in-memory PGlite, loaded from a copy of a migrated cluster
//   (app/utils/migrations.server.ts keeps it in node_modules/.cache/pglite, keyed by
//   the migrations' content; about 0.5 s a database once it exists);
// - when DATABASE_URL is set, a fresh database `t_<random>` on that server,
//   dropped by close(): a copy (CREATE DATABASE … TEMPLATE) of `tpl_<migrations key>`,
//   which the first caller migrates through the schema engine like production
//   (a copy takes a fraction of a second, migrating a database seconds).
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
import { applyMigrations, freshPglite, migratedPglite, migrationsKey } from '../../app/utils/migrations.server.ts'

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
  template?: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.href,
    name,
    // FORCE ends connections a test left open (PostgreSQL 13+).
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  }
}

/** A migrated database `t_<random>` (a copy of the migrated template) on the server of `serverUrl`; `url` for processes a test starts on it. */
export async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase & { url: string }> {
  const scratch = await createScratchPostgresDatabase(serverUrl, await migratedTemplate(serverUrl))
  try {
    const adapterFactory = createAdapterFactory({ databaseUrl: scratch.url })
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

/** Any number: the advisory lock under which one test process at a time makes a missing template. */
const TEMPLATE_LOCK = 7_108_222
const templates = new Map<string, Promise<string>>()

/**
 * `tpl_<migrations key>` on the server of `serverUrl`, every migration applied by the schema engine; made once per
 * server and migrations' content, by whichever test process (of any run) comes first: the others wait on the lock.
 * A template is made under a scratch name and renamed when complete, so a half-migrated one is never copied.
 */
function migratedTemplate(serverUrl: string): Promise<string> {
  let template = templates.get(serverUrl)
  if (!template) {
    template = makeTemplate(serverUrl)
    template.catch(() => templates.delete(serverUrl))
    templates.set(serverUrl, template)
  }
  return template
}

async function makeTemplate(serverUrl: string): Promise<string> {
  const name = `tpl_${await migrationsKey()}`
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK])
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) {
      const scratch = await createScratchPostgresDatabase(serverUrl)
      try {
        await applyMigrations(createAdapterFactory({ databaseUrl: scratch.url }))
        await client.query(`ALTER DATABASE "${scratch.name}" RENAME TO "${name}"`)
      } catch (error) {
        await scratch.drop().catch(() => undefined)
        throw error
      }
    }
    return name
  } finally {
    await client.end() // ends the session, and with it the advisory lock
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
