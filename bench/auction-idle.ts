// Where the realtime server's idle memory goes (issue 17): `npx tsx bench/auction-idle.ts` (node ≥ 22.15 for the
// module list). A child process loads what bench/auction-server.ts loads, one step at a time, and prints RSS, JS
// heap, external and array buffers after a full collection at each step, and the packages each step brought in
// (largest first, by the size of their loaded files). The last steps open a Prisma client on a scratch database
// (made and migrated by this parent on DATABASE_URL's server, default the local one, and dropped after) and
// start createRealtime with its lot clock, as the benchmark's server does, and wait while nothing is connected.
// `--sockets N`: then N seeded bidders connect from this parent (bearer tokens, websocket) and join one of 100
// lots, as in `bench/auction.ts --scenario connections`, and the child says what each bidder costs.
import { fork } from 'node:child_process'
import { statSync } from 'node:fs'
import { createServer } from 'node:http'
import * as nodeModule from 'node:module'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Socket } from 'socket.io-client'
import type { Principal } from '../app/domain/access.ts'
import type { LotSpec } from './auction-seed.ts'
import { numberOption } from './cli.ts'
import { WEB_NODE_FLAGS } from '../server/node-flags.mjs'

if (!process.env.IDLE_PROBE_DATABASE_URL) {
  // The parent: a scratch database with the schema (the migrations' WASM engine stays out of the measured child).
  const { createScratchPostgresDatabase } = await import('../tests/support/database.ts')
  const { createAdapterFactory } = await import('../app/utils/database.server.ts')
  const { applyMigrations } = await import('../app/utils/migrations.server.ts')
  const { seedBidders, seedLots } = await import('./auction-seed.ts')
  const { issueBearerToken } = await import('../app/utils/auth.server.ts')
  const { io: connect } = await import('socket.io-client')
  const scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres')
  const sockets = numberOption('--sockets', 0)
  let code = 1
  try {
    const factory = createAdapterFactory({ databaseUrl: scratch.url })
    await applyMigrations(factory)
    let lots: LotSpec[] = []
    let bidders: Principal[] = []
    if (sockets > 0) {
      const { createPrismaClient } = await import('../app/utils/database.server.ts')
      const db = createPrismaClient(factory)
      const seeded = await seedBidders(db, sockets)
      bidders = seeded.bidders
      lots = await seedLots(db, seeded, 100, 'idle')
      await db.$disconnect()
    }
    process.env.SESSION_SECRET ??= 'x'.repeat(64)
    const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
      execArgv: [...WEB_NODE_FLAGS, '--import', 'tsx', '--expose-gc'],
      env: { ...process.env, IDLE_PROBE_DATABASE_URL: scratch.url },
    })
    child.on('message', (m: { type: string; port?: number }) => {
      if (m.type !== 'listening') return
      void (async () => {
        const clients: Socket[] = []
        const started = performance.now()
        let next = 0
        const worker = async () => {
          while (next < bidders.length) {
            const i = next++
            const token = issueBearerToken(bidders[i]!, process.env.SESSION_SECRET!, new Date()).token
            const socket = connect(`http://127.0.0.1:${m.port}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 })
            clients.push(socket)
            await new Promise<void>((resolve, reject) => {
              socket.once('connect', () => resolve())
              socket.once('connect_error', reject)
            })
            const joined = (await socket.timeout(60_000).emitWithAck('lot:join', { lotId: lots[i % lots.length]!.id })) as { error?: string }
            if (joined.error) throw new Error(`lot:join refused: ${joined.error}`)
          }
        }
        await Promise.all(Array.from({ length: 200 }, worker))
        console.log(`\n${bidders.length} bidders connected and joined in ${((performance.now() - started) / 1000).toFixed(1)} s`)
        child.send({ type: 'connected', count: bidders.length })
        child.once('message', () => {
          for (const c of clients) c.disconnect()
          child.send({ type: 'done' })
        })
      })().catch((error: unknown) => {
        console.error(error)
        child.kill()
      })
    })
    code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)))
  } finally {
    await scratch.drop()
  }
  process.exit(code)
}

const gc = (globalThis as { gc?: () => void }).gc!

// Every module file loaded from here on, to name what each step pulled in.
const loaded = new Set<string>()
const registerHooks = (nodeModule as { registerHooks?: (hooks: object) => void }).registerHooks
registerHooks?.({
  resolve: (specifier: string, context: object, next: (s: string, c: object) => { url: string }) => {
    const resolved = next(specifier, context)
    if (resolved.url.startsWith('file:')) loaded.add(resolved.url)
    return resolved
  },
})

function packageOf(url: string): string {
  const path = fileURLToPath(url)
  const at = path.lastIndexOf('/node_modules/')
  if (at < 0) return path.includes('/app/generated/') ? '(generated Prisma client)' : '(our code)'
  const rest = path.slice(at + 14).split('/')
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
}

const MB = 2 ** 20
let seen = new Set<string>()
let before = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }

async function step(name: string, work: () => Promise<unknown> | unknown) {
  await work()
  await new Promise((r) => setTimeout(r, 200))
  gc()
  const m = process.memoryUsage()
  const d = (k: keyof typeof before) => `${(m[k] / MB).toFixed(1)} (${m[k] >= before[k] ? '+' : ''}${((m[k] - before[k]) / MB).toFixed(1)})`
  console.log(`\n${name}\n  rss ${d('rss')}  heap ${d('heapUsed')}  external ${d('external')}  arrayBuffers ${d('arrayBuffers')} MB`)
  before = { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers }
  const fresh = [...loaded].filter((u) => !seen.has(u))
  seen = new Set(loaded)
  const bytes = new Map<string, { files: number; bytes: number }>()
  for (const url of fresh) {
    const p = packageOf(url)
    const b = bytes.get(p) ?? { files: 0, bytes: 0 }
    b.files++
    try {
      b.bytes += statSync(fileURLToPath(url)).size
    } catch {
      // a virtual or removed file
    }
    bytes.set(p, b)
  }
  const top = [...bytes].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 12)
  if (top.length) console.log(`  loaded: ${top.map(([p, b]) => `${p} ${b.files} files ${(b.bytes / 1024).toFixed(0)} KB`).join('; ')}`)
}

const databaseUrl = process.env.IDLE_PROBE_DATABASE_URL
process.env.SESSION_SECRET ??= 'x'.repeat(64)

await step('node + tsx', () => undefined)
await step('socket.io, ioredis, the Redis adapter, pg', async () => {
  await import('socket.io')
  await import('ioredis')
  await import('@socket.io/redis-adapter')
  await import('pg')
})
const database = await import('../app/utils/database.server.ts')
await step('app/utils/database.server.ts (Prisma client, PGlite, adapters)', () => undefined)
const { createRealtime } = await import('../server/realtime.ts')
await step('server/realtime.ts and all it imports', () => undefined)
const db = database.createPrismaClient(database.createAdapterFactory({ databaseUrl }))
const { closeSqlPort, sqlPort, statement } = await import('../app/utils/sql.server.ts')
await step('a Prisma client, and the SQL port\'s first statement', () => sqlPort(db).query(statement('SELECT 1 AS one', 'idle-probe')))
const http = createServer()
// As bench/auction-server.ts builds it: the Redis adapter (its own channel prefix), one address for every bidder.
process.env.QUEUE_PREFIX = `bench-idle-${process.pid}`
const realtime = createRealtime(http, {
  db,
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  limits: { connectionsPerAddress: 1_000_000, joinsPerSecondPerAddress: 1_000_000 },
})
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
await step('createRealtime listening, lot clock running, 3 s idle', () => new Promise((r) => setTimeout(r, 3000)))
if (process.send) {
  const idle = process.memoryUsage()
  process.send({ type: 'listening', port: (http.address() as AddressInfo).port })
  if (numberOption('--sockets', 0) > 0) {
    const count = await new Promise<number>((resolve) => process.once('message', (m: { count: number }) => resolve(m.count)))
    await step(`${count} bidders connected, each in its lot's room`, () => undefined)
    const m = process.memoryUsage()
    const kb = (k: 'rss' | 'heapUsed' | 'external') => (((m[k] - idle[k]) / 1024 / count)).toFixed(2)
    console.log(`  per bidder: rss ${kb('rss')} KB, heap ${kb('heapUsed')} KB, external ${kb('external')} KB`)
    const v8 = await import('node:v8')
    const spaces = v8.getHeapSpaceStatistics().map((x) => `${x.space_name} ${(x.space_used_size / MB).toFixed(1)}`).join(', ')
    console.log(`  heap spaces (MB used): ${spaces}`)
    // `--snapshot FILE`: a heap snapshot with every bidder connected (count objects per constructor to see a socket's).
    const snapshot = process.argv.includes('--snapshot') ? process.argv[process.argv.indexOf('--snapshot') + 1] : undefined
    if (snapshot) console.log(`  heap snapshot: ${v8.writeHeapSnapshot(snapshot)}`)
    process.send({ type: 'measured' })
    await new Promise((resolve) => process.once('message', resolve))
    await new Promise((r) => setTimeout(r, 500))
  }
}
// What a process pays once anything asks Prisma (a staff action, a lot opening or closing, a page).
await step('a Prisma query (its query compiler)', () => db.lot.findFirst({ select: { id: true } }))
await realtime.close()
await new Promise<void>((resolve) => http.close(() => resolve()))
await closeSqlPort(db)
await db.$disconnect()
process.exit(0)
