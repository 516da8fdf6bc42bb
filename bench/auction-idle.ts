// Where the realtime server's idle memory goes (issue 17): `npx tsx bench/auction-idle.ts` (node ≥ 22.15 for the
// module list). A child process loads what bench/auction-server.ts loads, one step at a time, and prints RSS, JS
// heap, external and array buffers after a full collection at each step, and the packages each step brought in
// (largest first, by the size of their loaded files). The last steps open a Prisma client on a scratch database
// (made and migrated by this parent on DATABASE_URL's server, default the local one, and dropped after) and
// start createRealtime with its lot clock, as the benchmark's server does, and wait while nothing is connected.
import { fork } from 'node:child_process'
import { statSync } from 'node:fs'
import { createServer } from 'node:http'
import * as nodeModule from 'node:module'
import { fileURLToPath } from 'node:url'

if (!process.env.IDLE_PROBE_DATABASE_URL) {
  // The parent: a scratch database with the schema (the migrations' WASM engine stays out of the measured child).
  const { createScratchPostgresDatabase } = await import('../tests/support/database.ts')
  const { createAdapterFactory } = await import('../app/utils/database.server.ts')
  const { applyMigrations } = await import('../app/utils/migrations.server.ts')
  const scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres')
  let code = 1
  try {
    await applyMigrations(createAdapterFactory({ databaseUrl: scratch.url }))
    const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, IDLE_PROBE_DATABASE_URL: scratch.url },
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
await step('a Prisma client, first query (the query compiler)', () => db.lot.findFirst({ select: { id: true } }))
const { closeSqlPort, sqlPort, statement } = await import('../app/utils/sql.server.ts')
await step('the SQL port, first statement', () => sqlPort(db).query(statement('SELECT 1 AS one', 'idle-probe')))
const http = createServer()
const realtime = createRealtime(http, { db })
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
await step('createRealtime listening, lot clock running, 3 s idle', () => new Promise((r) => setTimeout(r, 3000)))
await realtime.close()
await new Promise<void>((resolve) => http.close(() => resolve()))
await closeSqlPort(db)
await db.$disconnect()
process.exit(0)
