// The process's one database client. Services take a `Db` as their first
// argument so tests pass their own; routes and sockets pass getDb().
import type { PrismaClient, Prisma } from '~/generated/prisma/client.ts'
import { createAdapterFactory, createPrismaClient } from './database.server.ts'
import { getEnv } from './env.server.ts'
import { join } from 'node:path'

export type Db = PrismaClient
export type Tx = Prisma.TransactionClient

// Kept on globalThis: the Remix server build carries its own copy of this
// module, and server/index.ts another; both must use the one client the web
// process migrated (a second PGlite on the same folder would lose writes).
const holder = globalThis as typeof globalThis & { __kjjDb?: Db }

export function getDb(): Db {
  holder.__kjjDb ??= createPrismaClient(
    createAdapterFactory({ databaseUrl: getEnv().DATABASE_URL, dataDir: join(getEnv().DATA_DIR, 'pglite') }),
  )
  return holder.__kjjDb
}

/** The web process sets the client it migrated at start-up, so there is only one per process. */
export function setDb(db: Db): void {
  holder.__kjjDb = db
}
