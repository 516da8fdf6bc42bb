// A realtime server as a process of its own, for the process-level tests
// (tests/integration/realtime-processes.test.ts): PostgreSQL from DATABASE_URL
// (the caller migrated it), Socket.IO with the Redis adapter, the lot clock
// unless LOT_CLOCK=false (COALESCE_MS, BIDS_PER_SECOND and CLOCK_OFFSET_MS
// set the other options). It prints one line per fact the tests wait on:
// `READY <port>` once listening, `SESSION-CLOSED <id>` when a session's last
// lot closed here. SIGTERM closes it cleanly; the tests also kill it with
// SIGKILL to stand for a crash.
// Run: DATABASE_URL=postgresql://… SESSION_SECRET=… node --import tsx tests/support/realtime-server.ts
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdapterFactory, createPrismaClient } from '../../app/utils/database.server.ts'
import { createRealtime } from '../../server/realtime.ts'

const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  // PGlite lives inside one process, so several servers can only share PostgreSQL.
  console.error('realtime-server: DATABASE_URL must name a PostgreSQL database')
  process.exit(2)
}

const db = createPrismaClient(createAdapterFactory({ databaseUrl }))
const http = createServer()
const realtime = createRealtime(http, {
  db,
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  clock: process.env.LOT_CLOCK !== 'false',
  // CLOCK_OFFSET_MS stands for a process whose bids reach the database that long after they were stamped.
  now: process.env.CLOCK_OFFSET_MS ? () => new Date(Date.now() + Number(process.env.CLOCK_OFFSET_MS)) : undefined,
  coalesceMs: process.env.COALESCE_MS ? Number(process.env.COALESCE_MS) : undefined,
  // The tests raise it: they test bid order across processes, not the per-organization limit.
  bidsPerSecond: process.env.BIDS_PER_SECOND ? Number(process.env.BIDS_PER_SECOND) : undefined,
  onSessionClosed: (sessionId) => void process.stdout.write(`SESSION-CLOSED ${sessionId}\n`),
})

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${(http.address() as AddressInfo).port}\n`)
})

process.once('SIGTERM', () => {
  // realtime.close() also closes the HTTP server (io.close does) and waits for a running clock tick.
  void realtime
    .close()
    .then(() => db.$disconnect())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('realtime-server: shutdown failed:', error)
        process.exit(1)
      },
    )
})
