// How the process reaches its database: PostgreSQL when DATABASE_URL is set,
// otherwise PGlite (PostgreSQL compiled to WASM, in this process) in a folder
// on disk. Both go through a Prisma driver adapter factory, which the Prisma
// client and the WASM schema engine (app/utils/migrations.server.ts) share.
// PGlite and its adapter load only when a PGlite factory is made: a process on
// PostgreSQL never reads them (under tsx, PGlite's modules cost ≈ 25 MB of RSS).
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaClient } from '~/generated/prisma/client.ts'
import { singleton } from './singleton.server.ts'

/** A driver adapter factory that also opens shadow databases, so the schema engine can use it. */
export type AdapterFactory = SqlMigrationAwareDriverAdapterFactory

export type DatabaseOptions = {
  /** A postgresql:// URL; when set, PostgreSQL is used and dataDir is ignored. */
  databaseUrl?: string
  /** PGlite's folder (created if missing); undefined or 'memory://' keeps the database in memory. */
  dataDir?: string
}

// One per process (singleton), like the client in db.server.ts: the Remix build carries its own copy of this module, and a route's
// sqlPort(getDb()) must find the client server/index.ts made (module-local maps threw "not made by createPrismaClient").
const { pglites, postgresUrls, clientFactories } = singleton('database-maps', () => ({
  pglites: new WeakMap<object, Promise<PGlite>>(),
  postgresUrls: new WeakMap<object, string>(),
  clientFactories: new WeakMap<object, AdapterFactory>(),
}))

export function createAdapterFactory(opts: DatabaseOptions = {}): AdapterFactory {
  if (opts.databaseUrl) return postgresAdapterFactory(opts.databaseUrl)
  const inMemory = !opts.dataDir || opts.dataDir.startsWith('memory://')
  if (!inMemory) mkdirSync(opts.dataDir!, { recursive: true })
  return pgliteAdapterFactory(import('@electric-sql/pglite').then(({ PGlite }) => (inMemory ? new PGlite() : new PGlite(opts.dataDir))))
}

/**
 * @prisma/adapter-pg's factory, with a shadow database that really is a new
 * database. PrismaPg (7.10.1) creates one, then opens its pool with
 * `{ ...config, database }`; a connectionString overrides `database`, so its
 * "shadow" is the main database, which the schema engine may empty.
 */
/**
 * Every connection runs in UTC. @prisma/adapter-pg writes a DateTime as UTC
 * wall-clock text without an offset and reads a timestamptz by replacing its
 * offset with +00:00, so on a server whose TimeZone is not UTC (Asia/Shanghai
 * is common here) every instant would be written and read eight hours off
 * (tests/integration/migrations.test.ts runs against such a database).
 */
export const UTC_SESSION = '-c TimeZone=UTC'

export function postgresAdapterFactory(url: string): AdapterFactory {
  const inner = new PrismaPg({ connectionString: url, options: UTC_SESSION })
  const factory: AdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => inner.connect(),
    connectToShadowDb: async () => {
      const main = await inner.connect()
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`
      await main.executeScript(`CREATE DATABASE "${name}"`)
      const shadowUrl = new URL(url)
      shadowUrl.pathname = `/${name}`
      const shadow = await new PrismaPg({ connectionString: shadowUrl.href, options: UTC_SESSION }).connect()
      return {
        ...bindAll(shadow),
        dispose: async () => {
          await shadow.dispose()
          try {
            await main.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
          } finally {
            await main.dispose()
          }
        },
      }
    },
  }
  postgresUrls.set(factory, url)
  return factory
}

/**
 * pglite-prisma-adapter's factory, with two changes the schema engine needs:
 * its `executeScript` does not wait for the script (so a failing migration
 * would be recorded as applied and its error surface later as an unhandled
 * rejection), and its shadow database, a fresh in-memory PGlite, is never
 * closed. `newShadow` makes the shadow database (default: `PGlite.create()`).
 * `pglite` may be a promise (createAdapterFactory's, made once PGlite is loaded).
 */
export function pgliteAdapterFactory(pglite: PGlite | Promise<PGlite>, newShadow?: () => Promise<PGlite>): AdapterFactory {
  const database = Promise.resolve(pglite)
  // Awaited by connect and the SQL port; a failed start must not also be an unhandled rejection here.
  database.catch(() => undefined)
  const adapter = import('pglite-prisma-adapter').then(({ PrismaPGlite }) => PrismaPGlite)
  adapter.catch(() => undefined)
  const factory: AdapterFactory = {
    // pglite-prisma-adapter's own (PrismaPGlite's provider and adapterName), known without loading it.
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: async () => {
      const [PrismaPGlite, db] = await Promise.all([adapter, database])
      return withAwaitedScripts(await new PrismaPGlite(db).connect(), db)
    },
    connectToShadowDb: async () => {
      const shadow = await (newShadow ?? (async () => (await import('@electric-sql/pglite')).PGlite.create()))()
      const PrismaPGlite = await adapter
      const connected = withAwaitedScripts(await new PrismaPGlite(shadow).connect(), shadow)
      return { ...connected, dispose: async () => (shadow.closed ? undefined : shadow.close()) } // a plain object
    },
  }
  pglites.set(factory, database)
  return factory
}

function withAwaitedScripts(adapter: SqlDriverAdapter, pglite: PGlite): SqlDriverAdapter {
  return {
    ...bindAll(adapter),
    // One simple-protocol message: PostgreSQL runs the whole script as one implicit transaction.
    executeScript: async (script: string) => {
      await pglite.exec(script)
    },
  }
}

/** A plain object whose methods are the adapter's, bound (adapters are class instances, so `{ ...adapter }` loses them). */
export function bindAll(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: adapter.queryRaw.bind(adapter),
    executeRaw: adapter.executeRaw.bind(adapter),
    executeScript: adapter.executeScript.bind(adapter),
    startTransaction: adapter.startTransaction.bind(adapter),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: adapter.dispose.bind(adapter),
  }
}

/** The PGlite instance behind a factory made here, or undefined for PostgreSQL. */
export async function getPglite(factory: AdapterFactory): Promise<PGlite | undefined> {
  return pglites.get(factory)
}

/**
 * Closes the PGlite instance behind the factory (one process at a time may
 * hold a PGlite folder). For PostgreSQL there is nothing to close here: the
 * Prisma client's $disconnect() ends its pool.
 */
export async function closeAdapterFactory(factory: AdapterFactory): Promise<void> {
  const pglite = await pglites.get(factory)
  if (pglite && !pglite.closed) await pglite.close()
}

export function createPrismaClient(adapterFactory: AdapterFactory): PrismaClient {
  const client = new PrismaClient({ adapter: adapterFactory })
  clientFactories.set(client, adapterFactory)
  return client
}

/**
 * What a client made by createPrismaClient runs on, for the plain-SQL port (app/utils/sql.server.ts): the
 * PostgreSQL URL or the PGlite instance, and a key that is the same for every client on that database.
 */
export function databaseBehind(client: object): { key: object; url: string } | { key: object; pglite: Promise<PGlite> } {
  const factory = clientFactories.get(client)
  if (!factory) throw new Error('sqlPort: this Prisma client was not made by createPrismaClient')
  const url = postgresUrls.get(factory)
  if (url) return { key: factory, url }
  const pglite = pglites.get(factory)
  if (pglite) return { key: factory, pglite }
  throw new Error('sqlPort: unknown database behind this client')
}
