// More than one machine (issue 11, part 4), on one: three web processes
// (server/index.ts, WORKERS_IN_PROCESS=false) and a separate worker process
// (workers/main.ts) on one PostgreSQL database and one Redis, behind nginx
// from Debian running deploy/nginx.conf as deploy/render-nginx.mjs renders
// it. Bidders connect through the proxy over WebSocket, long-polling, and
// polling upgraded to WebSocket; the access log shows that each client stayed
// on one process (sticky polling) and that all three processes served
// bidders; every client sees one and the same order of bids, the one in the
// database. Pages are served through the proxy too.
// Skips, saying why, where nginx or PostgreSQL is absent (.ci/run installs nginx).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { verifyLotLog } from '~/domain/lot-log.ts'
import { issueBearerToken } from '~/utils/auth.server.ts'
import { createAdapterFactory, createPrismaClient } from '~/utils/database.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import type { Ack, BidAnswer, ClientToServerEvents, LotUpdate, ServerToClientEvents } from '~/utils/realtime-contract.ts'
import { renderNginxConf } from '../../deploy/render-nginx.mjs'
import { applyMigrations } from '../../app/utils/migrations.server.ts'
import { ensureBuild, startProcess, stopAllProcesses, stopProcess, type AppProcess } from '../support/app-process.ts'
import { WEB_BUNDLE } from '../../server/node-flags.mjs'
import { createAuctionFixture } from '../support/auction.ts'
import { createScratchPostgresDatabase } from '../support/database.ts'

const DATABASE_URL = process.env.DATABASE_URL
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null
const skip = !DATABASE_URL ? 'set DATABASE_URL=postgresql://… (processes share PostgreSQL)' : !NGINX ? 'nginx is not installed (apt-get install -y nginx; .ci/run does)' : null
if (skip) console.log(`deploy-nginx.test.ts skipped: ${skip}`)

const MIN = 60_000
const INCREMENT = 5_000_00
const PREFIX = `nginx-${process.pid}-${Date.now().toString(36)}`
type Client = Socket<ServerToClientEvents, ClientToServerEvents> & { updates: LotUpdate[]; tag: string }

let db: Db
let dropDatabase: (() => Promise<void>) | undefined
let dir: string
let proxyPort: number
const webs: AppProcess[] = []
let worker: AppProcess | undefined
let nginx: AppProcess | undefined
const clients: Client[] = []

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

beforeAll(async () => {
  if (skip) return
  ensureBuild()
  const scratch = await createScratchPostgresDatabase(DATABASE_URL!)
  dropDatabase = scratch.drop
  const factory = createAdapterFactory({ databaseUrl: scratch.url })
  await applyMigrations(factory)
  db = createPrismaClient(factory)
  dir = mkdtempSync(join(tmpdir(), 'kjj-nginx-'))
  const env = {
    DATABASE_URL: scratch.url,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    SESSION_SECRET: getEnv().SESSION_SECRET,
    DATA_DIR: join(dir, 'data'),
    SEED_DEMO: 'never',
    WORKERS_IN_PROCESS: 'false',
    TRUST_PROXY: '1',
    NODE_ENV: 'development',
    PORT: '0',
  }
  for (let i = 1; i <= 3; i++) webs.push(startProcess(`web${i}`, WEB_BUNDLE, [], env))
  const ports = await Promise.all(webs.map(async (w) => Number((await w.waitForLine(/is running at http:\/\/localhost:(\d+)/, 90_000))[1])))
  webs.forEach((w, i) => (w.name = `web${i + 1}:${ports[i]}`))
  // The worker process finds the mock payment provider on the first web process (npm run workers).
  worker = startProcess('worker', 'workers/main.ts', [], { ...env, PORT: String(ports[0]) })
  await worker.waitForLine(/^workers: /, 60_000)

  proxyPort = await freePort()
  const prefix = join(dir, 'nginx')
  mkdirSync(prefix, { recursive: true })
  chmodSync(dir, 0o755)
  chmodSync(prefix, 0o777) // nginx's workers (nobody, when the master is root) write their temp files here
  const site = renderNginxConf({ listen: `127.0.0.1:${proxyPort}`, web: ports.map((p) => `127.0.0.1:${p}`), accessLog: join(prefix, 'access.log') })
  writeFileSync(join(prefix, 'kjj.conf'), site)
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      'worker_processes 1;',
      'daemon off;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(prefix, t)};`),
      `  include ${join(prefix, 'kjj.conf')};`,
      '}',
    ].join('\n'),
  )
  nginx = startProcess('nginx', NGINX!, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', join(prefix, 'nginx.conf')], {})
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${proxyPort}/healthz`).then((r) => r.ok, () => false)
    if (ok) break
    if (i > 100) throw new Error(`nginx does not answer: ${nginx.output()} ${readFileSync(join(prefix, 'error.log'), 'utf8')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}, 180_000)

afterAll(async () => {
  for (const c of clients) c.disconnect()
  await stopAllProcesses()
  await db?.$disconnect()
  await dropDatabase?.()
}, 60_000)

async function connect(who: Principal, tag: string, transports: ('polling' | 'websocket')[]): Promise<Client> {
  const token = issueBearerToken(who, getEnv().SESSION_SECRET, new Date()).token
  // withCredentials: the Node client keeps cookies as a browser does (nginx's kjj_node).
  const c = io(`http://127.0.0.1:${proxyPort}`, { auth: { token }, query: { client: tag }, transports, withCredentials: true, reconnection: false, forceNew: true }) as Client
  c.updates = []
  c.tag = tag
  c.on('lot:update', (u) => void c.updates.push(u))
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve())
    c.once('connect_error', reject)
  })
  clients.push(c)
  return c
}

test.skipIf(Boolean(skip))(
  'three web processes and a worker behind nginx: pages served, sockets sticky, bidders on all three see one order of bids',
  async () => {
    // Pages through the proxy.
    for (const path of ['/', '/auctions', '/results', '/healthz']) {
      const response = await fetch(`http://127.0.0.1:${proxyPort}${path}`)
      expect(response.status, path).toBe(200)
    }
    // The web processes left the jobs to the worker process, which took its queues.
    for (const w of webs) expect(w.output()).toMatch(/workers:\s+separate/)
    const queue = new Queue('payments', { connection: { url: REDIS_URL }, prefix: PREFIX })
    try {
      expect(await queue.getWorkersCount()).toBeGreaterThanOrEqual(1)
    } finally {
      await queue.close()
    }

    const fx = await createAuctionFixture(db, { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000) })
    const lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
    const transports: ('polling' | 'websocket')[][] = [['polling'], ['polling', 'websocket'], ['websocket']]
    const bidders: { who: Principal; c: Client }[] = []
    for (let i = 0; i < 9; i++) {
      const who = await fx.bidder()
      bidders.push({ who, c: await connect(who, `c${i}`, transports[i % 3]!) })
    }
    const watcher = await connect(fx.staff, 'watcher', ['polling', 'websocket'])
    for (const c of [...bidders.map((b) => b.c), watcher]) {
      const joined = await c.emitWithAck('lot:join', { lotId })
      expect(joined, c.tag).toHaveProperty('data')
    }

    // Rounds of concurrent raises: bidder i offers the next minimum plus i increments.
    const acked: BidAnswer[] = []
    let next = 100_000_00
    for (let round = 0; round < 8; round++) {
      const answers: Ack<BidAnswer>[] = await Promise.all(
        bidders.map(({ c }, i) => c.timeout(10_000).emitWithAck('auction:bid', { lotId, amountFen: next + i * INCREMENT, clientBidId: `r${round}-${i}` }) as Promise<Ack<BidAnswer>>),
      )
      for (const a of answers) {
        if ('data' in a) acked.push(a.data)
        else expect(['too-low', 'already-leading'], a.message).toContain(a.error)
      }
      const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId } })
      next = Number(lot.currentPriceFen) + INCREMENT
    }
    expect(acked.length).toBeGreaterThanOrEqual(8)

    // The database: one chain, every acknowledged bid in it at its acknowledged place.
    const events = await db.lotEvent.findMany({ where: { lotId }, orderBy: { seq: 'asc' } })
    const log = events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }))
    expect(await verifyLotLog(log)).toBeNull()
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1))
    const bySeq = new Map(log.map((e) => [e.seq, e]))
    for (const a of acked) expect(bySeq.get(a.bid.seq)?.payload).toMatchObject({ amountFen: a.bid.amountFen, bidder: a.bid.bidder })
    const finalSeq = log.at(-1)!.seq
    const truth = log.map((e) => `${e.seq}:${e.kind}:${String(e.payload.amountFen ?? '')}:${String(e.payload.bidder ?? '')}`)

    // Every client hears every entry (from whichever process made it) and so sees the database's order.
    for (const c of [...bidders.map((b) => b.c), watcher]) {
      const deadline = Date.now() + 15_000
      const heard = () => new Map(c.updates.filter((u) => u.lotId === lotId).flatMap((u) => u.events.map((e) => [e.seq, e] as const)))
      while (heard().size < finalSeq && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      const seen = [...heard().values()].sort((a, b) => a.seq - b.seq).map((e) => `${e.seq}:${e.kind}:${String(e.payload.amountFen ?? '')}:${String(e.payload.bidder ?? '')}`)
      expect(seen, c.tag).toEqual(truth)
    }

    // The access log: each client stayed on one process; the bidders were on all three.
    const engineTags = clients.map((c) => c.tag)
    for (const c of clients) c.disconnect()
    await new Promise((r) => setTimeout(r, 500)) // nginx logs a WebSocket when it closes
    const lines = readFileSync(join(dir, 'nginx', 'access.log'), 'utf8').split('\n').filter((l) => l.includes('/socket.io/'))
    const upstreamsOf = (tag: string) => new Set(lines.filter((l) => l.includes(`client=${tag}&`) || l.includes(`client=${tag} `)).map((l) => /upstream=(\S+)/.exec(l)?.[1] ?? '?'))
    const used = new Set<string>()
    for (const tag of engineTags) {
      const upstreams = upstreamsOf(tag)
      expect([...upstreams], `${tag} went to several processes`).toHaveLength(1)
      used.add([...upstreams][0]!)
    }
    const polled = lines.filter((l) => /transport=polling/.test(l) && / 200 /.test(l)).length
    console.log(`nginx: ${lines.length} Socket.IO requests (${polled} polling), clients on ${[...used].join(', ')}; ${acked.length} bids accepted, log of ${finalSeq} entries`)
    expect(used.size).toBe(3)
    for (const w of webs) expect(w.child.exitCode).toBeNull()
  },
  120_000,
)

test.skipIf(Boolean(skip))('SIGTERM stops the web processes, the worker and nginx cleanly', async () => {
  for (const w of webs) await stopProcess(w)
  if (worker) await stopProcess(worker)
  if (nginx) await stopProcess(nginx)
  for (const p of [...webs, worker!]) expect((await p.exited).code, p.name).toBe(0)
})
