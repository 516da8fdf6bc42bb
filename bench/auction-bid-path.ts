// Where a bid's time goes, without Socket.IO: `tsx bench/auction-bid-path.ts [--bids 2000] [--concurrency 1,8,32]`
//
// On a scratch PostgreSQL database (DATABASE_URL or postgresql://postgres@127.0.0.1:5432/postgres),
// one hot lot, valid bids (each one increment above the last handed out) from rotating bidders:
//   1. placeBid as the socket handler calls it, with 1, 8 and 32 callers at once on one lot
//      (accepted bids/s, latency, Node CPU per bid; with several callers, bids queue per lot
//      and go in together, app/services/bidding.server.ts);
//   2. the floor under any transaction: Prisma's interactive transaction with one trivial
//      statement, and the same through node-postgres directly;
//   3. one plain round trip (SELECT 1) through node-postgres.
// It prints the figures and exits; the correctness checks live in bench/auction.ts.
import { performance } from 'node:perf_hooks'
import pg from 'pg'
// Session-wide deposits (the form from before decision 021, still valid for every lot of their session) keep the
// set-up to one row per bidder; the bid path reads them through the same fragment as per-lot ones.
import type { Db } from '../app/utils/db.server.ts'
import { summarize } from './auction-stats.ts'
import { numberOption, option } from './cli.ts'
import { ensurePrismaClient } from './prisma-client.ts'

ensurePrismaClient()
const { legacySessionDepositKey } = await import('../app/domain/payments.ts')
const { placeBid } = await import('../app/services/bidding.server.ts')
const { createAdapterFactory, createPrismaClient } = await import('../app/utils/database.server.ts')
const { closeSqlPort } = await import('../app/utils/sql.server.ts')
const { applyMigrations } = await import('../app/utils/migrations.server.ts')
const { createScratchPostgresDatabase } = await import('../tests/support/database.ts')

const BIDS = numberOption('--bids', 2000)
const CONCURRENCY = option('--concurrency', '1,8,32').split(',').map(Number)
const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const BIDDERS = 64

async function seed(db: Db) {
  const now = Date.now()
  const owner = await db.organization.create({ data: { kind: 'UNIVERSITY', name: '压测大学', creditCode: 'BPOWNER', county: '西湖区' } })
  const bureauId = (await db.organization.create({ data: { kind: 'BUREAU', name: '压测科技局', creditCode: 'BENCHBUREAUBP', county: '莲都区' } })).id
  const session = await db.auctionSession.create({ data: { bureauId, quarter: 'BP', title: '压测', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 86_400_000), status: 'LIVE' } })
  const ids = Array.from({ length: BIDDERS }, (_, i) => i)
  await db.organization.createMany({ data: ids.map((i) => ({ id: `bp-org-${i}`, kind: 'ENTERPRISE' as const, name: `压测企业${i}`, creditCode: `BP${i}`, county: '莲都区' })) })
  await db.user.createMany({ data: ids.map((i) => ({ id: `bp-user-${i}`, email: `bp${i}@bench.example`, name: `b${i}`, role: 'ENTERPRISE' as const, organizationId: `bp-org-${i}`, passwordHash: 'x' })) })
  await db.registration.createMany({ data: ids.map((i) => ({ sessionId: session.id, enterpriseId: `bp-org-${i}`, status: 'APPROVED' as const })) })
  await db.payment.createMany({
    data: ids.map((i) => ({ kind: 'DEPOSIT' as const, status: 'SUCCEEDED' as const, amountFen: 1n, payerId: `bp-org-${i}`, sessionId: session.id, idempotencyKey: legacySessionDepositKey(session.id, `bp-org-${i}`) })),
  })
  let lots = 0
  return {
    bidders: ids.map((i) => ({ userId: `bp-user-${i}`, role: 'ENTERPRISE' as const, organizationId: `bp-org-${i}` })),
    async lot() {
      const n = ++lots
      await db.researchResult.create({
        data: { id: `bp-result-${n}`, ownerId: owner.id, title: `压测 ${n}`, summary: '…', field: 'equipment', ipKind: 'KNOW_HOW', maturity: 'PILOT', contactName: 'x', contactPhone: 'x', status: 'IN_AUCTION' },
      })
      await db.lot.create({
        data: { id: `bp-lot-${n}`, sessionId: session.id, number: n, resultId: `bp-result-${n}`, startingPriceFen: 100n, incrementFen: 100n, depositFen: 1n, startsAt: new Date(now - 3600_000), endsAt: new Date(now + 86_400_000), status: 'LIVE' },
      })
      return `bp-lot-${n}`
    },
  }
}

/** Runs `count` calls of `one(i)` with `concurrency` callers; latency per call, calls/s, Node CPU per call. */
async function measure(count: number, concurrency: number, one: (i: number) => Promise<boolean>) {
  const latencies: number[] = []
  let next = 0
  let ok = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        const s = performance.now()
        if (await one(i)) ok++
        latencies.push(performance.now() - s)
      }
    }),
  )
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const l = summarize(latencies)
  return `${((count / wall) * 1000).toFixed(0).padStart(5)} /s, p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, Node CPU ${((cpu.user + cpu.system) / count).toFixed(0)} µs each, ${ok}/${count} ok`
}

async function main() {
  const scratch = await createScratchPostgresDatabase(SERVER_URL)
  const factory = createAdapterFactory({ databaseUrl: scratch.url })
  const db = createPrismaClient(factory)
  const raw = new pg.Pool({ connectionString: scratch.url, max: 10 })
  // DROP DATABASE … WITH (FORCE) at the end ends connections the pools still hold.
  raw.on('error', () => undefined)
  try {
    await applyMigrations(factory)
    const s = await seed(db)
    console.log(`bid path on ${new URL(SERVER_URL).host}, ${BIDS} calls each`)
    for (const c of CONCURRENCY) {
      const lotId = await s.lot()
      // Warm-up: the first calls compile Prisma's queries and PostgreSQL's plans.
      for (let i = 0; i < 50; i++) await placeBid(db, s.bidders[i % 2]!, { lotId, amountFen: 100 + i * 100, clientBidId: `w${i}` }, new Date())
      let amount = 100 + 50 * 100
      const line = await measure(BIDS, c, async (i) => {
        const amountFen = (amount += 100)
        return (await placeBid(db, s.bidders[2 + (i % (BIDDERS - 2))]!, { lotId, amountFen, clientBidId: `b${i}` }, new Date())).accepted
      })
      console.log(`placeBid, one lot, ${String(c).padStart(2)} at once: ${line}`)
    }
    for (const c of [1, 8]) {
      console.log(
        `Prisma $transaction { SELECT 1 }, ${c} at once:   ${await measure(BIDS, c, async () => (await db.$transaction(async (tx) => tx.$executeRaw`SELECT 1`), true))}`,
      )
      console.log(
        `node-postgres BEGIN; SELECT 1; COMMIT, ${c} at once: ${await measure(BIDS, c, async () => {
          const client = await raw.connect()
          try {
            await client.query('BEGIN')
            await client.query('SELECT $1::int', [1])
            await client.query('COMMIT')
          } finally {
            client.release()
          }
          return true
        })}`,
      )
    }
    console.log(`node-postgres SELECT 1 (one round trip):       ${await measure(BIDS, 1, async () => (await raw.query('SELECT $1::int', [1]), true))}`)
  } finally {
    await raw.end()
    await closeSqlPort(db)
    await db.$disconnect()
    await scratch.drop()
  }
}

void main()
