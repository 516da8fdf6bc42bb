// The migration to deposits per lot (decision 021) on a database holding today's session-wide deposits: not a fen
// moves. Before and after, the same payments with the same amounts, statuses, keys and instants; the same sums per
// enterprise and session; the same ledger postings (which gain only their lot). Then the services read the old
// deposits as the decision says: valid for every lot of their session, refunded to losers once the session is over.
// On PGlite, and on PostgreSQL when DATABASE_URL is set.
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { createAdapterFactory, createPrismaClient, pgliteAdapterFactory, type AdapterFactory } from '~/utils/database.server.ts'
import { applyMigrations, freshPglite, migrationsDir } from '../../app/utils/migrations.server.ts'
import { legacySessionDepositKey } from '~/domain/payments.ts'
import { hasPaidDeposit, losingDepositsHeld } from '~/services/deposits.server.ts'
import { depositReport } from '~/services/payment-reports.server.ts'
import { closeSqlPort } from '~/utils/sql.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createScratchPostgresDatabase } from '../support/database.ts'

const MIGRATION = '20261205150000_deposits_per_lot'

async function migrationsBefore(): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kjj-deposits-'))
  const before = join(dir, 'before')
  await mkdir(before)
  await cp(join(migrationsDir, 'migration_lock.toml'), join(before, 'migration_lock.toml'))
  for (const name of (await readdir(migrationsDir)).filter((n) => /^\d{14}_/.test(n) && n < MIGRATION)) await cp(join(migrationsDir, name), join(before, name), { recursive: true })
  return { dir: before, done: () => rm(dir, { recursive: true, force: true }) }
}

// A past session (CLOSED: e1 won lot 1 and its deposit was applied, e2 defaulted on lot 2 and forfeited it, e3 lost
// and was refunded, e4 lost and still holds its deposit) and a coming one (e1 paid, e2's card was declined).
const OLD_DATA = [
  `INSERT INTO "Organization" (id, kind, name, "creditCode", county) VALUES
     ('bu', 'BUREAU', '绍兴市科学技术局', 'C0', '越城区'), ('un', 'UNIVERSITY', '绍兴文理学院', 'C9', '越城区'),
     ('e1', 'ENTERPRISE', '企业一', 'C1', '越城区'), ('e2', 'ENTERPRISE', '企业二', 'C2', '越城区'),
     ('e3', 'ENTERPRISE', '企业三', 'C3', '越城区'), ('e4', 'ENTERPRISE', '企业四', 'C4', '越城区')`,
  `INSERT INTO "AuctionSession" (id, quarter, "bureauId", title, "startsAt", "endsAt", status) VALUES
     ('past', '2026Q3', 'bu', '已结束', '2026-09-10T01:00:00Z', '2026-09-10T09:00:00Z', 'CLOSED'),
     ('next', '2027Q1', 'bu', '将举行', '2027-03-10T01:00:00Z', '2027-03-10T09:00:00Z', 'PLANNED')`,
  `INSERT INTO "ResearchResult" (id, "ownerId", title, summary, field, "ipKind", maturity, "contactName", "contactPhone", "updatedAt") VALUES
     ('r1', 'un', '成果一', '…', 'textiles', 'KNOW_HOW', 'PILOT', 'x', 'x', now()), ('r2', 'un', '成果二', '…', 'textiles', 'KNOW_HOW', 'PILOT', 'x', 'x', now()),
     ('r3', 'un', '成果三', '…', 'textiles', 'KNOW_HOW', 'PILOT', 'x', 'x', now()), ('r4', 'un', '成果四', '…', 'textiles', 'KNOW_HOW', 'PILOT', 'x', 'x', now())`,
  `INSERT INTO "Lot" (id, "sessionId", number, "resultId", "startingPriceFen", "incrementFen", "depositFen", "startsAt", "endsAt", status) VALUES
     ('p1', 'past', 1, 'r1', 40000000, 100000, 4000000, '2026-09-10T01:00:00Z', '2026-09-10T09:00:00Z', 'SOLD'),
     ('p2', 'past', 2, 'r2', 30000000, 100000, 3000000, '2026-09-10T01:00:00Z', '2026-09-10T09:00:00Z', 'SOLD'),
     ('n1', 'next', 1, 'r3', 50000000, 100000, 5000000, '2027-03-10T01:00:00Z', '2027-03-10T09:00:00Z', 'SCHEDULED'),
     ('n2', 'next', 2, 'r4', 20000000, 100000, 2000000, '2027-03-10T01:00:00Z', '2027-03-10T09:00:00Z', 'SCHEDULED')`,
  `INSERT INTO "Registration" (id, "sessionId", "enterpriseId", status) VALUES
     ('g1', 'past', 'e1', 'APPROVED'), ('g2', 'past', 'e2', 'APPROVED'), ('g3', 'past', 'e3', 'APPROVED'), ('g4', 'past', 'e4', 'APPROVED'),
     ('g5', 'next', 'e1', 'APPROVED'), ('g6', 'next', 'e2', 'APPROVED')`,
  `INSERT INTO "Deal" (id, "lotId", "resultId", "buyerId", "sellerId", "priceFen", "paymentDeadline", status) VALUES
     ('d1', 'p1', 'r1', 'e1', 'un', 45000000, '2026-09-17T09:00:00Z', 'PAID'), ('d2', 'p2', 'r2', 'e2', 'un', 32000000, '2026-09-17T09:00:00Z', 'DEFAULTED')`,
  `INSERT INTO "Payment" (id, kind, status, "amountFen", "payerId", "sessionId", "lotId", "dealId", "idempotencyKey", "paidAt", "createdAt", "updatedAt") VALUES
     ('x1', 'DEPOSIT', 'APPLIED', 4000000, 'e1', 'past', NULL, 'd1', 'deposit:past:e1', '2026-09-01T02:00:00Z', '2026-09-01T01:59:00Z', '2026-09-12T03:00:00Z'),
     ('x2', 'DEPOSIT', 'FORFEITED', 4000000, 'e2', 'past', NULL, NULL, 'deposit:past:e2', '2026-09-01T02:01:00Z', '2026-09-01T02:00:00Z', '2026-09-18T00:00:00Z'),
     ('x3', 'DEPOSIT', 'REFUNDED', 4000000, 'e3', 'past', NULL, NULL, 'deposit:past:e3', '2026-09-01T02:02:00Z', '2026-09-01T02:01:00Z', '2026-09-10T10:00:00Z'),
     ('x4', 'DEPOSIT', 'SUCCEEDED', 4000000, 'e4', 'past', NULL, NULL, 'deposit:past:e4', '2026-09-01T02:03:00Z', '2026-09-01T02:02:00Z', '2026-09-01T02:03:00Z'),
     ('x5', 'SETTLEMENT', 'SUCCEEDED', 41000000, 'e1', NULL, 'p1', 'd1', 'settlement:d1', '2026-09-12T03:00:00Z', '2026-09-12T02:59:00Z', '2026-09-12T03:00:00Z'),
     ('x6', 'DEPOSIT', 'SUCCEEDED', 5000000, 'e1', 'next', NULL, NULL, 'deposit:next:e1', '2026-11-01T02:00:00Z', '2026-11-01T01:59:00Z', '2026-11-01T02:00:00Z'),
     ('x7', 'DEPOSIT', 'FAILED', 5000000, 'e2', 'next', NULL, NULL, 'deposit:next:e2', NULL, '2026-11-01T02:10:00Z', '2026-11-01T02:11:00Z')`,
  `INSERT INTO "LedgerEntry" (id, "paymentId", "sessionId", kind, debit, credit, "amountFen", at) VALUES
     ('l1', 'x1', 'past', 'deposit_received', 'provider_cash', 'deposits_held', 4000000, '2026-09-01T02:00:00Z'),
     ('l2', 'x1', 'past', 'deposit_applied', 'deposits_held', 'seller_payable', 4000000, '2026-09-12T03:00:00Z'),
     ('l3', 'x2', 'past', 'deposit_received', 'provider_cash', 'deposits_held', 4000000, '2026-09-01T02:01:00Z'),
     ('l4', 'x2', 'past', 'deposit_forfeited', 'deposits_held', 'forfeited_deposits', 4000000, '2026-09-18T00:00:00Z'),
     ('l5', 'x3', 'past', 'deposit_received', 'provider_cash', 'deposits_held', 4000000, '2026-09-01T02:02:00Z'),
     ('l6', 'x3', 'past', 'deposit_refunded', 'deposits_held', 'provider_cash', 4000000, '2026-09-10T10:00:00Z'),
     ('l7', 'x4', 'past', 'deposit_received', 'provider_cash', 'deposits_held', 4000000, '2026-09-01T02:03:00Z'),
     ('l8', 'x5', NULL, 'settlement_received', 'provider_cash', 'seller_payable', 41000000, '2026-09-12T03:00:00Z'),
     ('l9', 'x6', 'next', 'deposit_received', 'provider_cash', 'deposits_held', 5000000, '2026-11-01T02:00:00Z')`,
]

type Query = (text: string) => Promise<Record<string, unknown>[]>

/** Everything the migration must keep: payments, ledger postings, sums per enterprise and session (as text). */
async function snapshot(query: Query) {
  return {
    payments: await query(`SELECT id, kind::text, status::text, "amountFen"::text, "payerId", "sessionId", "lotId", "dealId", "idempotencyKey",
                                  "paidAt"::text, "createdAt"::text, "updatedAt"::text FROM "Payment" ORDER BY id`),
    ledger: await query(`SELECT id, "paymentId", "sessionId", kind, debit, credit, "amountFen"::text, at::text FROM "LedgerEntry" ORDER BY id`),
    sums: await query(`SELECT "payerId", "sessionId", status::text, sum("amountFen")::text AS fen, count(*)::int AS n FROM "Payment"
                        WHERE kind = 'DEPOSIT' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
  }
}

async function migrateWithOldData(factory: AdapterFactory, query: Query, exec: (text: string) => Promise<unknown>) {
  const before = await migrationsBefore()
  try {
    await applyMigrations(factory, { migrationsDir: before.dir })
  } finally {
    await before.done()
  }
  for (const statement of OLD_DATA) await exec(statement)
  const old = await snapshot(query)
  expect(await applyMigrations(factory)).toContain(MIGRATION)
  const now = await snapshot(query)
  expect(now).toEqual(old)
  expect(old.sums).toContainEqual({ payerId: 'e4', sessionId: 'past', status: 'SUCCEEDED', fen: '4000000', n: 1 })
  // The postings gained their lot where their payment names one (the settlement); the old deposits' stay NULL.
  expect(await query(`SELECT id, "lotId" FROM "LedgerEntry" WHERE "lotId" IS NOT NULL ORDER BY id`)).toEqual([{ id: 'l8', lotId: 'p1' }])

  // The services read the old deposits as decision 021 says.
  const prisma = createPrismaClient(factory)
  const db = prisma as unknown as Db
  try {
    // e1's session-wide deposit for the coming session lets it bid on every lot; e2's declined one on none.
    for (const lot of [{ id: 'n1', sessionId: 'next' }, { id: 'n2', sessionId: 'next' }]) {
      expect(await hasPaidDeposit(db, lot, 'e1')).toBe(true)
      expect(await hasPaidDeposit(db, lot, 'e2')).toBe(false)
    }
    // The past session is over: only e4's (no deal) is still to refund; the books balance as before.
    expect((await losingDepositsHeld(db, 'past')).map((p) => p.idempotencyKey)).toEqual([legacySessionDepositKey('past', 'e4')])
    expect(await depositReport(db, 'past')).toMatchObject({ paid: 16_000_000, refunded: 4_000_000, applied: 4_000_000, forfeited: 4_000_000, held: 4_000_000, heldByStatus: 4_000_000, balanced: true })
    expect(await depositReport(db, 'next')).toMatchObject({ paid: 5_000_000, held: 5_000_000, balanced: true })
    // The coming session holds nothing to refund yet.
    expect(await losingDepositsHeld(db, 'next')).toEqual([])
  } finally {
    await closeSqlPort(prisma)
    await prisma.$disconnect()
  }
}

test('on PGlite: today’s session-wide deposits come through the migration to the fen, and stay valid for their session', async () => {
  const pglite = await freshPglite()
  try {
    const query: Query = async (text) => (await pglite.query<Record<string, unknown>>(text)).rows
    await migrateWithOldData(pgliteAdapterFactory(pglite), query, (text) => pglite.exec(text))
  } finally {
    await pglite.close()
  }
}, 180_000)

test.skipIf(!process.env.DATABASE_URL)('on PostgreSQL: the same', async () => {
  const scratch = await createScratchPostgresDatabase(process.env.DATABASE_URL!)
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: scratch.url })
  await client.connect()
  try {
    const query: Query = async (text) => (await client.query(text)).rows as Record<string, unknown>[]
    await migrateWithOldData(createAdapterFactory({ databaseUrl: scratch.url }), query, (text) => client.query(text))
  } finally {
    await client.end()
    await scratch.drop()
  }
}, 180_000)
