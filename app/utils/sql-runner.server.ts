// A minimal SQL port for the hot path of the reward worker: a transaction
// that runs parameterised statements and returns rows as objects. Two
// implementations: over a Prisma interactive transaction (any PrismaClient,
// tests, the web process) and straight over the Prisma driver adapter (the
// worker processes): the same SQL, without the client's per-query pipeline,
// which costs about twice the node CPU of the queries themselves
// (docs/benchmarks.md). Arguments are strings or numbers and the SQL casts
// them, so both drivers read them alike.
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlQueryable } from '@prisma/driver-adapter-utils'
import type { Db } from './db.server.ts'

// Statements run on every job are prepared once per connection on PostgreSQL
// (a named statement: parsed and planned once, not per execution).
const PREPARED = new Map<string, string>()

/** Registers a hot statement under a name; returns its text unchanged. */
export function preparedStatement(name: string, sql: string): string {
  PREPARED.set(sql, name)
  return sql
}

/** A PostgreSQL driver adapter whose registered statements are prepared (for `adapterSqlRunner`). */
export async function preparingPostgresAdapter(url: string): Promise<SqlDriverAdapter> {
  return new PrismaPg({ connectionString: url, options: '-c TimeZone=UTC' /* see UTC_SESSION in database.server.ts */ }, { statementNameGenerator: (query) => PREPARED.get(query.sql) as string /* undefined: an unnamed statement, as pg allows */ }).connect()
}

export type SqlArg = string | number | boolean | null
export type SqlTx = { query(sql: string, args?: readonly SqlArg[]): Promise<Record<string, unknown>[]> }
export type SqlRunner = SqlTx & { transaction<T>(work: (tx: SqlTx) => Promise<T>, options?: { timeoutMs?: number }): Promise<T> }

export function prismaSqlRunner(db: Db): SqlRunner {
  return {
    query: (sql, args = []) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...args),
    transaction: (work, options) =>
      db.$transaction((tx) => work({ query: (sql, args = []) => tx.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...args) }), {
        maxWait: 20_000,
        timeout: options?.timeoutMs ?? 30_000,
      }),
  }
}

function queryOn(conn: SqlQueryable) {
  return async (sql: string, args: readonly SqlArg[] = []) => {
    const result = await conn.queryRaw({ sql, args: [...args], argTypes: args.map(() => ({ scalarType: 'string' as const, arity: 'scalar' as const })) })
    return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])))
  }
}

const COMMIT = { sql: 'COMMIT', args: [], argTypes: [] }
const ROLLBACK = { sql: 'ROLLBACK', args: [], argTypes: [] }

/** Over a driver adapter (from `adapterFactory.connect()`), as Prisma's own transaction manager drives it. */
export function adapterSqlRunner(adapter: SqlDriverAdapter): SqlRunner {
  return {
    query: queryOn(adapter),
    async transaction(work) {
      const tx = await adapter.startTransaction()
      let result
      try {
        result = await work({ query: queryOn(tx) })
      } catch (error) {
        try {
          if (!tx.options.usePhantomQuery) await tx.executeRaw(ROLLBACK)
        } finally {
          await tx.rollback()
        }
        throw error
      }
      if (tx.options.usePhantomQuery) {
        await tx.commit()
      } else {
        try {
          await tx.executeRaw(COMMIT)
        } catch (error) {
          await tx.rollback()
          throw error
        }
        await tx.commit()
      }
      return result
    },
  }
}
