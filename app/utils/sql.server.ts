// The one way to run plain SQL: the hot paths (placing bids, joining a lot's
// room, the socket handshake, the reward worker) where Prisma's per-statement
// pipeline would cost more than the statements. Everything else uses Prisma.
//
// One port per database per process, over the same database as the Prisma
// client: on PostgreSQL one node-postgres pool (SQL_POOL_MAX connections), with
// every statement prepared per connection under its name (parsed and planned
// once, not per execution); on PGlite the same statements through PGlite's own
// queries and transactions. A statement's text is fixed where it is declared,
// with positional parameters ($1 …). Outside transactions values travel apart
// from the text; inside a transaction on PostgreSQL they are the quoted literals
// of an `EXECUTE` (executeIn: fewer round trips), escaped by node-postgres.
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
/** A port transaction: its statements, and the last one with the commit. */
export type SqlTransaction = SqlTx & {
  /**
   * Runs the transaction's last statement and commits with it, in one round trip on PostgreSQL; resolves once both
   * are done (the change is durable), rejects (and nothing is stored) when either fails. Nothing may run after it.
   */
  queryAndCommit<R>(statement: Statement<R>, args?: readonly SqlArg[]): Promise<R[]>
}
/** Independent reads for `SqlPort.snapshot`: each statement with its arguments. */
export type SqlRead<R> = readonly [Statement<R>, readonly SqlArg[]]
type RowsOf<Q extends readonly SqlRead<unknown>[] | []> = { -readonly [K in keyof Q]: Q[K] extends SqlRead<infer R> ? R[] : never }

export type SqlPort = SqlTx & {
  /**
   * Reads that do not depend on one another, in one read-only transaction that sees one snapshot (REPEATABLE READ):
   * on PostgreSQL one round trip for them all once their statements are prepared on the connection. Their rows, in
   * order.
   */
  snapshot<Q extends readonly SqlRead<unknown>[] | []>(reads: Q): Promise<RowsOf<Q>>
  /**
   * Runs `work` in one transaction (READ COMMITTED), committed when it resolves (or by its queryAndCommit), rolled
   * back when it throws. `keyPlans`: the transaction's statements are all key lookups and writes by key, planned
   * once per connection (see KEY_PLANS).
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: { keyPlans?: boolean }): Promise<T>
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

/**
 * How a port transaction's statements reach PostgreSQL. node-postgres sends one statement per round trip and waits
 * for its answer, so BEGIN, a read, a write and COMMIT would be four. Here each statement is prepared once per
 * connection under its name (SQL PREPARE, which outlives transactions, like the extended protocol's named
 * statements) and run as `EXECUTE name(…)` in a simple query that may also carry the BEGIN before it and the COMMIT
 * after it: a transaction of a read and a write is two round trips. Plans are the prepared statements' own, as
 * before; the parameters travel as quoted literals (escapeLiteral, arrays in PostgreSQL's array syntax), typed by
 * the statement's own casts or context, as unspecified parameters of the extended protocol are. A statement that
 * fails skips the rest of its simple query (the COMMIT included) and leaves the transaction to be rolled back.
 * Measured in docs/decisions/010-bid-path-headroom.md (session 10).
 */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>()

/** Prepares `s` on this connection unless it is already (a failed PREPARE leaves nothing behind). */
async function prepareOn(client: pg.PoolClient, s: Statement<unknown>): Promise<boolean> {
  let prepared = preparedOn.get(client)
  if (!prepared) preparedOn.set(client, (prepared = new Set()))
  if (prepared.has(s.name)) return false
  await client.query(`PREPARE ${client.escapeIdentifier(`tx:${s.name}`)} AS ${s.text}`)
  prepared.add(s.name)
  return true
}

/** A snapshot's BEGIN: one view of the database for all its reads, which write nothing. */
const SNAPSHOT_BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'

/** The SQL that runs prepared statement `s` with `args`. */
function executeText(client: pg.PoolClient, s: Statement<unknown>, args: readonly SqlArg[]): string {
  const name = client.escapeIdentifier(`tx:${s.name}`)
  return args.length ? `EXECUTE ${name}(${args.map((a) => sqlLiteral(client, a)).join(', ')})` : `EXECUTE ${name}`
}

/** `EXECUTE` of a prepared statement, with the transaction's BEGIN before it and its COMMIT after it when given. */
async function executeIn<R>(client: pg.PoolClient, s: Statement<R>, args: readonly SqlArg[], begin: string | null, commit: boolean): Promise<R[]> {
  const parts = begin ? [begin] : []
  parts.push(executeText(client, s, args))
  if (commit) parts.push('COMMIT')
  const results: pg.QueryResult | pg.QueryResult[] = await client.query(parts.join(';\n'))
  // One result per statement (BEGIN may be several): the EXECUTE's is the last but the COMMIT's.
  return ((Array.isArray(results) ? results.at(commit ? -2 : -1) : results)?.rows ?? []) as R[]
}

/** A parameter as an SQL literal: NULL, or a quoted string PostgreSQL casts to the parameter's type. */
function sqlLiteral(client: pg.PoolClient, value: SqlArg): string {
  if (value === null) return 'NULL'
  if (Array.isArray(value)) return client.escapeLiteral(`{${value.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`)
  return client.escapeLiteral(String(value))
}

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
    async snapshot(reads) {
      const client = await pool.connect()
      stats.transactions++
      try {
        for (const [s] of reads) if (await prepareOn(client, s)) stats.roundTrips++
        stats.statements += reads.length
        stats.roundTrips++
        // BEGIN, the EXECUTEs and COMMIT in one simple query. A failing statement skips the rest, the COMMIT included,
        // and leaves the transaction aborted: rolled back below before the connection goes back to the pool.
        const text = [SNAPSHOT_BEGIN, ...reads.map(([s, args]) => executeText(client, s, args)), 'COMMIT'].join(';\n')
        const results = (await client.query(text)) as unknown as pg.QueryResult[]
        return results.slice(1, -1).map((r) => r.rows) as never
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    async transaction(work, options) {
      const client = await pool.connect()
      stats.transactions++
      // BEGIN travels with the first statement and COMMIT with the last (queryAndCommit), each a simple query of
      // several statements, so a transaction of a read and a write is two round trips, not four (executeIn).
      let state = 'idle' as 'idle' | 'open' | 'committed'
      const begin = options?.keyPlans ? KEY_PLANS : 'BEGIN'
      const send = async <R>(s: Statement<R>, args: readonly SqlArg[], commit: boolean) => {
        if (state === 'committed') throw new Error(`SQL statement ${s.name} after the transaction's commit`)
        // The first time on this connection: PREPARE (outside the transaction when it has not begun, else inside it,
        // where a PREPARE outlives a rollback), one round trip more, once per statement and connection.
        if (await prepareOn(client, s)) stats.roundTrips++
        const opening = state === 'idle'
        state = 'open'
        stats.statements++
        stats.roundTrips++
        const rows = await executeIn<R>(client, s, args, opening ? begin : null, commit)
        if (commit) state = 'committed'
        return rows
      }
      try {
        const result = await work({ query: (s, args = []) => send(s, args, false), queryAndCommit: (s, args = []) => send(s, args, true) })
        if (state === 'open') {
          stats.roundTrips++
          await client.query('COMMIT')
          state = 'committed'
        }
        return result
      } catch (error) {
        if (state === 'open') await client.query('ROLLBACK').catch(() => undefined)
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
    snapshot: async (reads) => {
      const pglite = await database
      stats.transactions++
      stats.roundTrips += 2
      // One statement at a time in PGlite: nothing can change between the reads of its transaction.
      return pglite.transaction(async (tx) => {
        const port = on(tx)
        const rows: unknown[][] = []
        for (const [s, args] of reads) rows.push(await port.query(s, args))
        return rows as never
      })
    },
    transaction: async (work) => {
      const pglite = await database
      stats.transactions++
      stats.roundTrips += 2
      // PGlite runs in this process: no round trips to save; its transaction commits when `work` resolves.
      return pglite.transaction((tx) => {
        const port = on(tx)
        let last = false
        const query: SqlTx['query'] = (s, args) => {
          if (last) return Promise.reject(new Error(`SQL statement ${s.name} after the transaction's commit`))
          return port.query(s, args)
        }
        return work({ query, queryAndCommit: (s, args) => query(s, args).finally(() => void (last = true)) })
      })
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
