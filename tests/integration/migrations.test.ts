// The migrations folder against schema.prisma, and applying it through the
// WASM schema engine on PGlite and on PostgreSQL (app/utils/migrations.server.ts).
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAdapterFactory, createPrismaClient, pgliteAdapterFactory, type AdapterFactory } from '~/utils/database.server.ts'
import { applyMigrations, freshPglite, migrationsDir, schemaDrift, schemaPath } from '../../app/utils/migrations.server.ts'
import { createScratchPostgresDatabase, createTestDatabase } from '../support/database.ts'

const schemaText = await readFile(schemaPath, 'utf8')
const modelTables = [...schemaText.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!).sort()
const enumTypes = [...schemaText.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]!).sort()
const migrationNames = (await readdir(migrationsDir, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'migrations-test-'))
})
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

/** Tables, enums and applied migrations, read with the Prisma client through the factory. */
async function describeDatabase(factory: AdapterFactory) {
  const prisma = createPrismaClient(factory)
  try {
    const tables = await prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
    const enums = await prisma.$queryRaw<{ name: string }[]>`
      SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() AND t.typtype = 'e' ORDER BY 1`
    const applied = await prisma.$queryRaw<{ name: string; finished: boolean }[]>`
      SELECT migration_name AS name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY 1`
    const organizations = await prisma.organization.count()
    return { tables: tables.map((t) => t.name), enums: enums.map((e) => e.name), applied, organizations }
  } finally {
    await prisma.$disconnect()
  }
}

async function expectMigratesTwice(factory: AdapterFactory) {
  expect(migrationNames.length).toBeGreaterThan(0)
  expect(await applyMigrations(factory)).toEqual(migrationNames)
  const db = await describeDatabase(factory)
  expect(db.tables).toEqual([...modelTables, '_prisma_migrations'].sort())
  expect(db.enums).toEqual(enumTypes)
  expect(db.applied).toEqual(migrationNames.map((name) => ({ name, finished: true })))
  expect(db.organizations).toBe(0)
  expect(await applyMigrations(factory)).toEqual([])
}

describe('schema.prisma and prisma/migrations agree', () => {
  test('replaying the migrations gives exactly the schema (no drift)', async () => {
    const drift = await schemaDrift()
    // If this fails, schema.prisma changed without a migration: run `npm run db:new NAME`.
    expect(drift, `schema.prisma needs a migration:\n${drift}`).toBe('')
    // Replaying every migration in a shadow PGlite takes a while beside the rest of the suite on two cores (it timed out at 30 s).
  }, 120_000)

  test('the drift check does see a change the migrations lack', async () => {
    const changed = join(scratch, 'schema.prisma')
    await writeFile(changed, `${schemaText}\nmodel DriftProbe {\n  id String @id\n}\n`)
    const drift = await schemaDrift({ schemaPath: changed })
    expect(drift).toContain('CREATE TABLE "DriftProbe"')
    expect(drift).not.toContain('"Organization"')
  }, 120_000)
})

describe('applying the migrations', () => {
  test('on a fresh in-memory PGlite: creates every table; a second run applies nothing', async () => {
    const pglite = await freshPglite()
    try {
      await expectMigratesTwice(pgliteAdapterFactory(pglite))
    } finally {
      await pglite.close()
    }
  })

  test('the first start on an empty PGlite folder filters by an enum array at once (finding 3: no "malformed array literal")', async () => {
    const pglite = await freshPglite()
    const factory = pgliteAdapterFactory(pglite)
    const prisma = createPrismaClient(factory)
    try {
      await applyMigrations(factory)
      expect(await prisma.researchResult.count({ where: { transferModes: { has: 'TRANSFER' } } })).toBe(0)
      expect(await prisma.technicalNeed.count({ where: { acceptedModes: { has: 'LICENCE' } } })).toBe(0)
    } finally {
      await prisma.$disconnect()
      await pglite.close()
    }
  })

  test('on PostgreSQL (DATABASE_URL): creates every table; a second run applies nothing', async (ctx) => {
    const serverUrl = process.env.DATABASE_URL
    if (!serverUrl) return ctx.skip('DATABASE_URL is not set; e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test')
    const database = await createScratchPostgresDatabase(serverUrl)
    const factory = createAdapterFactory({ databaseUrl: database.url })
    try {
      await expectMigratesTwice(factory)
    } finally {
      await database.drop()
    }
  })

  test('a failing migration is reported, leaves nothing half-applied, and blocks later runs', async () => {
    const dir = join(scratch, 'migrations')
    await mkdir(dir)
    await cp(migrationsDir, dir, { recursive: true })
    await mkdir(join(dir, '99990101000000_broken'))
    await writeFile(
      join(dir, '99990101000000_broken', 'migration.sql'),
      'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;\n',
    )
    const pglite = await freshPglite()
    try {
      const factory = pgliteAdapterFactory(pglite)
      await expect(applyMigrations(factory, { migrationsDir: dir })).rejects.toThrow(/"NoSuchTable" does not exist/)
      const half = await pglite.query(`SELECT to_regclass('"Half"') AS t`)
      expect(half.rows).toEqual([{ t: null }])
      await expect(applyMigrations(factory, { migrationsDir: dir })).rejects.toThrow(/99990101000000_broken.*failed/s)
    } finally {
      await pglite.close()
    }
  })
})

describe('createTestDatabase (tests/support/database.ts)', () => {
  test('gives a migrated, empty database of its own', async () => {
    const [a, b] = [await createTestDatabase(), await createTestDatabase()]
    try {
      await a.prisma.organization.create({ data: { kind: 'BUREAU', name: 'A', creditCode: 'A', county: 'x' } })
      expect(await a.prisma.organization.count()).toBe(1)
      expect(await b.prisma.organization.count()).toBe(0)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})

// 20261202160700_payment_times_timestamptz: the three payment times that the
// payments migration stored without a time zone become timestamptz, every
// instant unchanged. Written before the migration by the Prisma client (as the
// app wrote them: UTC wall-clock), read after it. The migration runs in a
// session whose zone is Asia/Shanghai, where a bare type change would shift
// each instant by eight hours; and on PostgreSQL the database's own default
// zone is Asia/Shanghai, which the app's connections must override (UTC_SESSION).
describe('payment times move to timestamptz without changing any instant', () => {
  const TIMESTAMPTZ_MIGRATION = '20261202160700_payment_times_timestamptz'
  const instants = ['2026-03-01T02:00:00.123Z', '2026-12-31T16:30:00.000Z', '2027-01-01T00:00:00.999Z'].map((s) => new Date(s))

  async function migrationsBefore(): Promise<string> {
    expect(migrationNames).toContain(TIMESTAMPTZ_MIGRATION)
    const dir = join(scratch, `before-${Math.random().toString(36).slice(2)}`)
    await mkdir(dir)
    await cp(join(migrationsDir, 'migration_lock.toml'), join(dir, 'migration_lock.toml'))
    for (const name of migrationNames.filter((n) => n < TIMESTAMPTZ_MIGRATION)) await cp(join(migrationsDir, name), join(dir, name), { recursive: true })
    return dir
  }

  async function columnType(prisma: ReturnType<typeof createPrismaClient>): Promise<string | undefined> {
    const [column] = await prisma.$queryRaw<{ type: string }[]>`SELECT data_type AS type FROM information_schema.columns WHERE table_name = 'LedgerEntry' AND column_name = 'at'`
    return column?.type
  }

  async function writeTimes(factory: AdapterFactory): Promise<string[]> {
    const prisma = createPrismaClient(factory)
    try {
      expect(await columnType(prisma)).toBe('timestamp without time zone')
      const ids: string[] = []
      // Plain SQL (later migrations add Payment columns the current client would write); Date parameters go out
      // as the client sends them, UTC wall-clock text.
      for (const [i, at] of instants.entries()) {
        const id = `tz-payment-${i}`
        await prisma.$executeRaw`INSERT INTO "Payment" (id, kind, "amountFen", "idempotencyKey", "updatedAt") VALUES (${id}, 'DEPOSIT', 100, ${id}, ${at})`
        await prisma.$executeRaw`INSERT INTO "LedgerEntry" (id, "paymentId", kind, debit, credit, "amountFen", at) VALUES (${`le-${i}`}, ${id}, 'capture', 'a', 'b', 100, ${at})`
        await prisma.$executeRaw`INSERT INTO "PaymentEvent" (id, "providerEventId", type, "paymentId", outcome, payload, "occurredAt", "receivedAt")
          VALUES (${`pe-${i}`}, ${`evt-${i}`}, 't', ${id}, 'applied', '{}'::jsonb, ${at}, ${new Date(at.getTime() + 1)})`
        ids.push(id)
      }
      return ids
    } finally {
      await prisma.$disconnect()
    }
  }

  async function expectSameInstants(factory: AdapterFactory, ids: string[]) {
    const prisma = createPrismaClient(factory)
    try {
      expect(await columnType(prisma)).toBe('timestamp with time zone')
      for (const [i, id] of ids.entries()) {
        const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { paymentId: id } })
        const event = await prisma.paymentEvent.findFirstOrThrow({ where: { paymentId: id } })
        expect(entry.at.toISOString()).toBe(instants[i]!.toISOString())
        expect(event.occurredAt.toISOString()).toBe(instants[i]!.toISOString())
        expect(event.receivedAt.getTime()).toBe(instants[i]!.getTime() + 1)
      }
      // The database itself agrees, whatever the client's reading of it.
      const rows = await prisma.$queryRaw<{ epoch: string }[]>`SELECT (extract(epoch FROM "at") * 1000)::bigint::text AS epoch FROM "LedgerEntry" ORDER BY "at"`
      expect(rows.map((r) => Number(r.epoch))).toEqual(instants.map((d) => d.getTime()))
    } finally {
      await prisma.$disconnect()
    }
  }

  test('on PGlite, the migration run in Asia/Shanghai time', async () => {
    const pglite = await freshPglite()
    try {
      const factory = pgliteAdapterFactory(pglite)
      await applyMigrations(factory, { migrationsDir: await migrationsBefore() })
      const ids = await writeTimes(factory)
      await pglite.query(`SET TIME ZONE 'Asia/Shanghai'`)
      expect(await applyMigrations(factory)).toEqual(migrationNames.filter((n) => n >= TIMESTAMPTZ_MIGRATION))
      await pglite.query(`SET TIME ZONE 'UTC'`)
      await expectSameInstants(factory, ids)
    } finally {
      await pglite.close()
    }
  })

  test('on PostgreSQL (DATABASE_URL), a database whose default zone is Asia/Shanghai', async (ctx) => {
    const serverUrl = process.env.DATABASE_URL
    if (!serverUrl) return ctx.skip('DATABASE_URL is not set; e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test')
    const database = await createScratchPostgresDatabase(serverUrl)
    try {
      const admin = createPrismaClient(createAdapterFactory({ databaseUrl: serverUrl }))
      await admin.$executeRawUnsafe(`ALTER DATABASE "${database.name}" SET timezone TO 'Asia/Shanghai'`)
      await admin.$disconnect()
      const before = createAdapterFactory({ databaseUrl: database.url })
      await applyMigrations(before, { migrationsDir: await migrationsBefore() })
      const ids = await writeTimes(before)
      const after = createAdapterFactory({ databaseUrl: database.url })
      expect(await applyMigrations(after)).toEqual(migrationNames.filter((n) => n >= TIMESTAMPTZ_MIGRATION))
      await expectSameInstants(after, ids)
    } finally {
      await database.drop()
    }
  })
})
