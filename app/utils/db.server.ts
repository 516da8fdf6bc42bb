// The process's one database client. Services take a `Db` as their first
// argument so tests pass their own; routes and sockets pass getDb().
import type { PrismaClient, Prisma } from '~/generated/prisma/client.ts'
import { createAdapterFactory, createPrismaClient } from './database.server.ts'
import { getEnv } from './env.server.ts'
import { join } from 'node:path'

export type Db = PrismaClient
export type Tx = Prisma.TransactionClient

let client: Db | undefined

export function getDb(): Db {
  client ??= createPrismaClient(createAdapterFactory({ databaseUrl: getEnv().DATABASE_URL, dataDir: join(getEnv().DATA_DIR, 'pglite') }))
  return client
}

/** The web process sets the client it migrated at start-up, so there is only one per process. */
export function setDb(db: Db): void {
  client = db
}
