// Redis restarts (issue 11, part 3). Two web processes (server/index.ts,
// WORKERS_IN_PROCESS=false) and a worker process (workers/main.ts) on one
// PostgreSQL database and a redis-server of this test's own (AOF, fsync on
// every write, as docs/deploy.md asks of production). During live bidding on
// both processes and a reward run, Redis is killed (SIGKILL), stays away
// 10 s, and is started again on the same data. Throughout: pages are served,
// sign-in says plainly that it needs Redis, bids go on. After: the sockets
// hear the whole log again (resync), no acknowledged bid or job is lost, the
// worker resumes, the lot that ended during the outage closed once.
// Skips, saying why, where PostgreSQL or redis-server is absent.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { verifyLotLog } from '~/domain/lot-log.ts'
import { enableRewardJobs, disableRewardJobs, requestRewardJobs } from '~/services/reward-jobs.server.ts'
import { commitLoginCookie, createLoginSession, issueBearerToken } from '~/utils/auth.server.ts'
import { createAdapterFactory, createPrismaClient } from '~/utils/database.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { closeQueues, getQueue, QUEUE_NAMES } from '~/utils/queues.server.ts'
import { HISTORY_LIMIT } from '~/services/lot-view.server.ts'
import { classifyUpdate, type Ack, type BidAnswer, type ClientToServerEvents, type LotUpdate, type ServerToClientEvents } from '~/utils/realtime-contract.ts'
import { applyMigrations } from '../../app/utils/migrations.server.ts'
import { ensureBuild, startProcess, stopAllProcesses, stopProcess, type AppProcess } from '../support/app-process.ts'
import { WEB_BUNDLE } from '../../server/node-flags.mjs'
import { createAuctionFixture } from '../support/auction.ts'
import { createScratchPostgresDatabase } from '../support/database.ts'
import { makePrincipal } from '../support/payments.ts'
import { makeContract, makeInstalment, seedShaoxingPolicy } from '../support/rewards.ts'

const DATABASE_URL = process.env.DATABASE_URL
const REDIS_BIN = spawnSync('sh', ['-c', 'command -v redis-server']).stdout?.toString().trim() || null
const skip = !DATABASE_URL ? 'set DATABASE_URL=postgresql://… (processes share PostgreSQL)' : !REDIS_BIN ? 'redis-server is not installed (apt-get install -y redis-server)' : null
if (skip) console.log(`redis-restart.test.ts skipped: ${skip}`)

/** This test's own Redis, which it kills: never the shared one. */
const REDIS_PORT = Number(process.env.REDIS_RESTART_PORT ?? 6385)
const REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`
const OUTAGE_MS = 10_000
const MIN = 60_000
const INCREMENT = 5_000_00
const PREFIX = `redisdown-${process.pid}-${Date.now().toString(36)}`
/** A client that keeps the log it heard per lot, as the lot page does (use-lot-room.ts): updates by seq, a join on a gap. */
type Heard = { lastSeq: number; entries: Map<number, string> }
type Client = Socket<ServerToClientEvents, ClientToServerEvents> & { lots: Map<string, Heard>; joins: number }
const entry = (e: { seq: number; kind: string; payload: unknown }) => `${e.seq}:${e.kind}:${String((e.payload as Record<string, unknown>).amountFen ?? '')}`

let db: Db
let dropDatabase: (() => Promise<void>) | undefined
let dir: string
let redis: AppProcess | undefined
const webs: AppProcess[] = []
const ports: number[] = []
let worker: AppProcess | undefined
const clients: Client[] = []

function startRedis(): Promise<AppProcess> {
  const p = startProcess('redis', REDIS_BIN!, ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], {})
  return p.waitForLine(/Ready to accept connections/, 10_000).then(() => p)
}

beforeAll(async () => {
  if (skip) return
  ensureBuild()
  dir = mkdtempSync(join(tmpdir(), 'kjj-redis-'))
  redis = await startRedis()
  const scratch = await createScratchPostgresDatabase(DATABASE_URL!)
  dropDatabase = scratch.drop
  const factory = createAdapterFactory({ databaseUrl: scratch.url })
  await applyMigrations(factory)
  db = createPrismaClient(factory)
  const env = {
    DATABASE_URL: scratch.url,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    SESSION_SECRET: getEnv().SESSION_SECRET,
    DATA_DIR: join(dir, 'data'),
    SEED_DEMO: 'never',
    WORKERS_IN_PROCESS: 'false',
    NODE_ENV: 'development',
    PORT: '0',
  }
  for (let i = 1; i <= 2; i++) webs.push(startProcess(`web${i}`, WEB_BUNDLE, [], env))
  for (const w of webs) ports.push(Number((await w.waitForLine(/is running at http:\/\/localhost:(\d+)/, 90_000))[1]))
  worker = startProcess('worker', 'workers/main.ts', [], { ...env, PORT: String(ports[0]) })
  await worker.waitForLine(/^workers: /, 60_000)
}, 180_000)

afterAll(async () => {
  for (const c of clients) c.disconnect()
  disableRewardJobs()
  await closeQueues()
  await stopAllProcesses()
  await db?.$disconnect()
  await dropDatabase?.()
}, 60_000)

async function connect(port: number, who: Principal): Promise<Client> {
  const token = issueBearerToken(who, getEnv().SESSION_SECRET, new Date()).token
  // Reconnecting as a browser does: if the socket drops it comes back and joins again.
  const c = io(`http://127.0.0.1:${port}`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 200 }) as Client
  c.lots = new Map()
  c.joins = 0
  c.on('lot:update', (u: LotUpdate) => {
    const heard = c.lots.get(u.lotId)
    if (!heard) return
    const kind = classifyUpdate(heard.lastSeq, u)
    if (kind === 'stale') return
    if (kind === 'gap') return void joinLot(c, u.lotId)
    for (const e of u.events) heard.entries.set(e.seq, entry(e))
    heard.lastSeq = u.lot.seq
  })
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve())
    c.once('connect_error', reject)
  })
  clients.push(c)
  return c
}

/** lot:join as the page does it: the lot's state and its recent log replace what the client had. */
async function joinLot(c: Client, lotId: string) {
  c.joins++
  const answer = await c.emitWithAck('lot:join', { lotId })
  if (!('data' in answer)) return answer
  const heard = c.lots.get(lotId) ?? { lastSeq: 0, entries: new Map<number, string>() }
  if (answer.data.seq >= heard.lastSeq) {
    for (const e of answer.data.history) heard.entries.set(e.seq, entry(e))
    heard.lastSeq = answer.data.seq
  }
  c.lots.set(lotId, heard)
  return answer
}

/** GET through a web process within `ms`: the status, or 'timeout'/'error'. */
async function get(port: number, path: string, ms = 5000): Promise<number | string> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(ms) })
    await r.arrayBuffer()
    return r.status
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timeout' : 'error'
  }
}

test.skipIf(Boolean(skip))(
  'Redis away for 10 s during live bidding and a reward run: pages served, bids go on, sockets resync, no bid or job lost, the lot closes once',
  async () => {
    // This process's own queue client logs each failed reconnect while Redis is away (BullMQ's console.error).
    const queueErrors: string[] = []
    vi.mocked(console.error).mockImplementation((...args: unknown[]) => void queueErrors.push(args.map(String).join(' ')))
    const fx = await createAuctionFixture(db, { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000) })
    const live = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
    // This lot ends while Redis is away (its clock is the database's).
    const ending = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 6_000), extensionMinutes: 0 })
    const bidders = await Promise.all([0, 1, 2, 3].map(() => fx.bidder()))
    const sockets = await Promise.all(bidders.map((b, i) => connect(ports[i % 2]!, b)))
    const watcher = await connect(ports[1]!, fx.staff)
    for (const c of [...sockets, watcher]) for (const lotId of [live, ending]) expect(await joinLot(c, lotId)).toHaveProperty('data')
    expect(await sockets[0]!.emitWithAck('auction:bid', { lotId: ending, amountFen: 100_000_00, clientBidId: 'ending-1' })).toHaveProperty('data')

    // The reward run: payments whose jobs are in Redis when it dies (delayed into the outage), and more asked for during it.
    await seedShaoxingPolicy(db)
    const staff = await makePrincipal(db, 'BUREAU', '绍兴市科技局')
    const buyer = await makePrincipal(db, 'ENTERPRISE', '绍兴企业')
    const contract = await makeContract(db, { buyer, registrar: staff, amountFen: 100_000_000 })
    const payments = await Promise.all([0, 1, 2, 3, 4, 5].map((k) => makeInstalment(db, contract, 1_000_000 + k, new Date('2026-02-01T00:00:00+08:00'))))
    const queue = enableRewardJobs(getQueue(QUEUE_NAMES.rewards, { redisUrl: REDIS_URL, prefix: PREFIX }))
    await queue.addBulk(payments.slice(0, 3).map((p) => ({ name: 'reward', data: { paymentId: p.id }, opts: { jobId: `reward-${p.id}`, delay: 2000 } })))

    // Bidding goes on all the time, on both processes.
    const acked: BidAnswer[] = []
    const refusals = new Map<string, number>()
    let bidding = true
    const loops = sockets.map(async (c, i) => {
      let k = 0
      while (bidding) {
        const current = await db.lot.findUniqueOrThrow({ where: { id: live }, select: { currentPriceFen: true } })
        const amount = current.currentPriceFen === null ? 100_000_00 : Number(current.currentPriceFen) + INCREMENT * (1 + (i % 2))
        const a: Ack<BidAnswer> | { error: 'timeout' } = await (c.timeout(5000).emitWithAck('auction:bid', { lotId: live, amountFen: amount, clientBidId: `b${i}-${k++}` }) as Promise<Ack<BidAnswer>>).catch(() => ({ error: 'timeout' as const }))
        if ('data' in a) acked.push(a.data)
        else refusals.set(a.error, (refusals.get(a.error) ?? 0) + 1)
        await new Promise((r) => setTimeout(r, 150 + 50 * i))
      }
    })
    await new Promise((r) => setTimeout(r, 1500))
    const beforeOutage = acked.length

    const staffCookie = (await commitLoginCookie(new Request('http://127.0.0.1/'), await createLoginSession(db, fx.staff.userId, new Date()))).split(';')[0]!

    // Redis goes away.
    redis!.child.kill('SIGKILL')
    await redis!.exited
    const outageStarted = Date.now()
    const duringOutage: { what: string; result: unknown }[] = []
    const asked = requestRewardJobs(payments.slice(3).map((p) => ({ paymentId: p.id, op: 'reward' as const })))
    await new Promise((r) => setTimeout(r, 1000))
    for (const port of ports) {
      for (const path of ['/', '/auctions', `/auctions/lots/${live}`, '/healthz']) duringOutage.push({ what: `GET ${path} on ${port}`, result: await get(port, path) })
      // A staff page that reads a queue says plainly that this part needs Redis, and serves the rest.
      const rewardsPage = await fetch(`http://127.0.0.1:${port}/staff/rewards`, { headers: { cookie: staffCookie }, signal: AbortSignal.timeout(5000) }).then(
        async (r) => ({ status: r.status, says: (await r.text()).includes('Redis 暂时无法连接') }),
        (e: Error) => ({ status: e.name, says: false }),
      )
      duringOutage.push({ what: `GET /staff/rewards on ${port}`, result: rewardsPage })
      // Sign-in needs Redis (its limiter): a clear 503, at once, not a 500 or a hang.
      const signIn = await fetch(`http://127.0.0.1:${port}/api/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'x'.repeat(12) }),
        signal: AbortSignal.timeout(5000),
      }).then(async (r) => ({ status: r.status, body: await r.text() }), (e: Error) => ({ status: e.name, body: '' }))
      duringOutage.push({ what: `POST /api/token on ${port}`, result: signIn })
    }
    const bidsDuringOutage = () => acked.filter((a) => Date.parse(a.bid.at) >= outageStarted).length
    await new Promise((r) => setTimeout(r, Math.max(0, outageStarted + OUTAGE_MS - Date.now())))
    const acceptedDuringOutage = bidsDuringOutage()
    redis = await startRedis()
    const outageMs = Date.now() - outageStarted
    await asked
    await new Promise((r) => setTimeout(r, 2000))
    bidding = false
    await Promise.all(loops)

    console.log(
      `Redis away ${outageMs} ms: ${beforeOutage} bids before, ${acceptedDuringOutage} accepted while away, ${acked.length} in all; refusals ${JSON.stringify(Object.fromEntries(refusals))}; during the outage ${JSON.stringify(duringOutage)}`,
    )
    for (const d of duringOutage) {
      if (d.what.startsWith('GET /staff/rewards')) expect(d.result, d.what).toEqual({ status: 200, says: true })
      else if (d.what.startsWith('GET')) expect(d.result, d.what).toBe(200)
      else expect(d.result, d.what).toMatchObject({ status: 503, body: expect.stringContaining('redis-unavailable') })
    }
    expect(acceptedDuringOutage).toBeGreaterThan(0)
    expect(refusals.get('timeout') ?? 0).toBe(0)
    expect(refusals.get('unknown') ?? 0).toBe(0)

    // No acknowledged bid lost; the log verifies.
    const events = await db.lotEvent.findMany({ where: { lotId: live }, orderBy: { seq: 'asc' } })
    const log = events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }))
    expect(await verifyLotLog(log)).toBeNull()
    const bySeq = new Map(log.map((e) => [e.seq, e]))
    for (const a of acked) expect(bySeq.get(a.bid.seq)?.payload).toMatchObject({ amountFen: a.bid.amountFen })
    const truth = log.map(entry)

    // Every socket, on either process, catches up (the processes resync their rooms; a client that missed
    // more than the recent log joins again): it ends at the lot's last entry, holds the whole recent log,
    // and everything it heard is the log's own entry.
    const recent = truth.slice(-HISTORY_LIMIT)
    for (const c of [...sockets, watcher]) {
      const deadline = Date.now() + 15_000
      const heard = () => c.lots.get(live)!
      while (heard().lastSeq < log.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      expect(heard().lastSeq).toBe(log.length)
      for (const [seq, e] of heard().entries) expect(e).toBe(truth[seq - 1])
      expect(recent.every((e, i) => heard().entries.get(log.length - recent.length + i + 1) === e)).toBe(true)
    }

    // The lot that ended while Redis was away closed once, sold to its only bidder.
    const ended = await db.lot.findUniqueOrThrow({ where: { id: ending } })
    expect(ended.status).toBe('SOLD')
    expect(await db.lotEvent.count({ where: { lotId: ending, kind: 'close' } })).toBe(1)
    expect(await db.auditLog.count({ where: { entityType: 'Lot', entityId: ending, action: 'lot.close' } })).toBe(1)
    expect(await db.deal.count({ where: { lotId: ending } })).toBe(1)

    // The worker resumed: every reward job (in Redis when it died, or asked for while it was away) ran once.
    const deadline = Date.now() + 30_000
    const rewarded = () => db.reward.count({ where: { paymentId: { in: payments.map((p) => p.id) }, isReversal: false } })
    while ((await rewarded()) < payments.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    expect(await rewarded()).toBe(payments.length)
    for (const p of [...webs, worker!]) expect(p.child.exitCode, `${p.name} died: ${p.output().slice(-2000)}`).toBeNull()
    expect(queueErrors.every((e) => /ECONNREFUSED|Connection is closed/.test(e)), queueErrors.join('\n')).toBe(true)
  },
  150_000,
)

test.skipIf(Boolean(skip))('after the outage the processes stop cleanly on SIGTERM', async () => {
  for (const p of [...webs, worker!]) await stopProcess(p)
  for (const p of [...webs, worker!]) expect((await p.exited).code, p.name).toBe(0)
  if (redis) await stopProcess(redis)
})
