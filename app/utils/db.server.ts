// The process's one database client. Services take a `Db` as their first
// argument so tests pass their own; routes and sockets pass getDb().
import type { PrismaClient, Prisma } from '~/generated/prisma/client.ts'
import { createAdapterFactory, createPrismaClient } from './database.server.ts'
import { getEnv } from './env.server.ts'
import { join } from 'node:path'
import { singleton } from './singleton.server.ts'

export type Db = PrismaClient
export type Tx = Prisma.TransactionClient

// One per process: the Remix build and server/index.ts must use the one client
// the web process migrated (a second PGlite on the same folder would lose writes).
const holder = singleton('db', () => ({ db: undefined as Db | undefined }))

export function getDb(): Db {
  holder.db ??= createPrismaClient(
    createAdapterFactory({ databaseUrl: getEnv().DATABASE_URL, dataDir: join(getEnv().DATA_DIR, 'pglite') }),
  )
  return holder.db
}

/** The web process sets the client it migrated at start-up, so there is only one per process. */
export function setDb(db: Db): void {
  holder.db = db
}
