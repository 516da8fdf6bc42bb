// The one way to run plain SQL: the hot paths (placing bids, joining a lot's
// room, the socket handshake, the reward worker) where Prisma's per-statement
// pipeline would cost more than the statements. Everything else uses Prisma.
//
// One port per database per process, over the same database as the Prisma
// client: on PostgreSQL one node-postgres pool (SQL_POOL_MAX connections), with
// every statement prepared per connection under its name (parsed and planned
// once, not per execution); on PGlite the same statements through PGlite's own
// queries and transactions. A statement's text is fixed where it is declared,
// with positional parameters ($1 …): values never become SQL text.
import { createHash } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { databaseBehind, UTC_SESSION } from './database.server.ts'
import type { Db, Tx } from './db.server.ts'
import { getEnv } from './env.server.ts'
import { singleton } from './singleton.server.ts'

/** What a parameter may be: both drivers send these alike (arrays for `unnest($n::text[])`). */
export type SqlArg = string | number | boolean | null | readonly (string | null)[]

/** A statement with the shape of its rows; `R` is checked by the statement's author, not at run time. */
export type Statement<R> = { readonly name: string; readonly text: string; readonly rowShape?: R }

const names = new Map<string, string>()

/**
 * Declares a statement. `name` (stable, readable in pg_stat_statements and logs) defaults to a hash of the
 * text, which is what a statement built at run time (a multi-row INSERT of n rows) gets.
 */
export function statement<R = Record<string, unknown>>(text: string, name?: string): Statement<R> {
  const key = name ?? `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
  const known = names.get(key)
  if (known !== undefined && known !== text) throw new Error(`SQL statement name ${key} is declared twice with different texts`)
  if (known === undefined && name !== undefined) names.set(key, text)
  return { name: key, text }
}

export type SqlTx = { query<R>(statement: Statement<R>, args?: readonly SqlArg[]): Promise<R[]> }
export type SqlPort = SqlTx & {
  /**
   * Runs `work` in one transaction (READ COMMITTED), committed when it resolves, rolled back when it throws.
   * `keyPlans`: the transaction's statements are all key lookups and writes by key, planned once per connection
   * (see KEY_PLANS).
   */
  transaction<T>(work: (tx: SqlTx) => Promise<T>, options?: { keyPlans?: boolean }): Promise<T>
  /** Counters since the port opened, for the benchmarks. */
  stats(): SqlStats
  close(): Promise<void>
}
export type SqlStats = { statements: number; transactions: number; roundTrips: number }

/**
 * For a transaction whose statements only look rows up by key (the bid path): each prepared statement keeps one
 * generic plan per connection instead of PostgreSQL's default of planning again on every call when the
 * parameters are arrays (planning the bid read cost ≈ 0.9 ms a transaction, more than running it), and that
 * plan uses indexes whatever the statistics said when it was made (a plan made while a table was tiny would
 * otherwise scan it for the connection's life: docs/decisions/010-bid-path-headroom.md). In the BEGIN's text,
 * so it costs no round trip; LOCAL, so it ends with the transaction.
 */
const KEY_PLANS = 'BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_seqscan = off'

function postgresPort(url: string, max: number): SqlPort {
  const pool = new pg.Pool({ connectionString: url, options: UTC_SESSION, max })
  // A dropped connection (server restart, a test's DROP DATABASE) must not crash the process.
  pool.on('error', () => undefined)
  const stats: SqlStats = { statements: 0, transactions: 0, roundTrips: 0 }
  const run = async <R>(client: pg.Pool | pg.PoolClient, s: Statement<R>, args: readonly SqlArg[] = []) => {
    stats.statements++
    stats.roundTrips++
    return (await client.query({ name: s.name, text: s.text, values: args as unknown[] })).rows as R[]
  }
  return {
    query: (s, args) => run(pool, s, args),
    async transaction(work, options) {
      const client = await pool.connect()
      stats.transactions++
      stats.roundTrips += 2
      try {
        await client.query(options?.keyPlans ? KEY_PLANS : 'BEGIN')
        const result = await work({ query: (s, args) => run(client, s, args) })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    stats: () => ({ ...stats }),
    close: () => pool.end(),
  }
}

function pglitePort(database: Promise<PGlite>): SqlPort {
  const stats: SqlStats = { statements: 0, transactions: 0, roundTrips: 0 }
  const on = (q: Pick<PGlite, 'query'>): SqlTx => ({
    async query<R>(s: Statement<R>, args: readonly SqlArg[] = []) {
      stats.statements++
      stats.roundTrips++
      return (await q.query(s.text, args as unknown[])).rows as R[]
    },
  })
  return {
    query: async (s, args) => on(await database).query(s, args),
    transaction: async (work) => {
      const pglite = await database
      stats.transactions++
      stats.roundTrips += 2
      return pglite.transaction((tx) => work(on(tx)))
    },
    stats: () => ({ ...stats }),
    close: async () => undefined,
  }
}

// One per process (singleton): the Remix build carries its own copy of this module, and a route must find the port server/index.ts made.
const ports = singleton('sql-ports', () => new WeakMap<object, SqlPort>())

/** The process's SQL port on the database behind `db` (a client made by createPrismaClient). */
export function sqlPort(db: Db | object): SqlPort {
  const database = databaseBehind(db)
  let port = ports.get(database.key)
  if (!port) {
    port = 'url' in database ? postgresPort(database.url, getEnv().SQL_POOL_MAX) : pglitePort(database.pglite)
    ports.set(database.key, port)
  }
  return port
}

/** Ends the port's pool, if one was opened (before dropping a test database, or at shutdown). */
export async function closeSqlPort(db: Db | object): Promise<void> {
  const database = databaseBehind(db)
  const port = ports.get(database.key)
  if (port) {
    ports.delete(database.key)
    await port.close()
  }
}

/**
 * The same statements inside a Prisma interactive transaction: for the few that Prisma cannot express
 * (row locks, the reward totals) in a use-case whose other writes are Prisma's.
 */
export function inPrismaTx(tx: Tx): SqlTx {
  return { query: <R>(s: Statement<R>, args: readonly SqlArg[] = []) => tx.$queryRawUnsafe<R[]>(s.text, ...args) }
}

const LOCK_STATEMENTS = {
  Lot: statement<{ id: string }>('SELECT id FROM "Lot" WHERE id = $1 FOR UPDATE', 'lock-lot'),
  AuctionSession: statement<{ id: string }>('SELECT id FROM "AuctionSession" WHERE id = $1 FOR UPDATE', 'lock-session'),
} as const

/** Locks one row of a table for the rest of the caller's Prisma transaction; false when there is no such row. */
export async function lockRow(tx: Tx, table: keyof typeof LOCK_STATEMENTS, id: string): Promise<boolean> {
  return (await inPrismaTx(tx).query(LOCK_STATEMENTS[table], [id])).length > 0
}
