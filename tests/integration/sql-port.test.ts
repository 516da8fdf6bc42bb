// The one plain-SQL port (app/utils/sql.server.ts): one per database and process, the same behaviour on
// PGlite and PostgreSQL, statements fixed where they are declared.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { lockRow, sqlPort, statement } from '../../app/utils/sql.server.ts'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.close())

const COUNT_ORGS = statement<{ n: string }>('SELECT count(*)::text AS n FROM "Organization" WHERE name = $1', 'test-count-orgs')
const INSERT_ORG = statement<{ id: string }>(
  `INSERT INTO "Organization" (id, kind, name, "creditCode", county) VALUES ($1, 'ENTERPRISE', $2, $1, '莲都区') RETURNING id`,
  'test-insert-org',
)

describe('the SQL port', () => {
  test('one port per database and process, whichever client copy asks', () => {
    expect(sqlPort(t.prisma)).toBe(sqlPort(t.prisma))
  })

  test('a transaction commits when its work resolves and leaves nothing when it throws', async () => {
    const port = sqlPort(t.prisma)
    await port.transaction((tx) => tx.query(INSERT_ORG, ['SQLPORT1', 'port-commit']))
    await expect(port.transaction(async (tx) => {
      await tx.query(INSERT_ORG, ['SQLPORT2', 'port-rollback'])
      throw new Error('changed my mind')
    })).rejects.toThrow('changed my mind')
    expect(await port.query(COUNT_ORGS, ['port-commit'])).toEqual([{ n: '1' }])
    expect(await port.query(COUNT_ORGS, ['port-rollback'])).toEqual([{ n: '0' }])
  })

  test('a value is never SQL text: a quote and a NUL-free control character are stored as given', async () => {
    const name = `x'); DROP TABLE "Organization"; --\u0007`
    await sqlPort(t.prisma).query(INSERT_ORG, ['SQLPORT3', name])
    expect(await sqlPort(t.prisma).query(COUNT_ORGS, [name])).toEqual([{ n: '1' }])
  })

  test('inside a transaction too, a value is stored as given: quotes, backslashes, braces, commas, NULL in arrays', async () => {
    const odd = [`a'b`, 'c\\d', 'e"f', '{g,h}', ' i ', 'NULL', '', '中文\u0007']
    const ECHO = statement<{ v: (string | null)[]; s: string; n: number; b: boolean }>(
      'SELECT $1::text[] AS v, $2::text AS s, $3::int AS n, $4::boolean AS b',
      'test-echo-literals',
    )
    // keyPlans: BEGIN carries SET LOCALs too (several results before the statement's own).
    for (const keyPlans of [false, true]) {
      for (const value of odd) {
        const [row] = await sqlPort(t.prisma).transaction((tx) => tx.query(ECHO, [[value, null, value], value, 42, true]), { keyPlans })
        expect(row).toEqual({ v: [value, null, value], s: value, n: 42, b: true })
        const [last] = await sqlPort(t.prisma).transaction((tx) => tx.queryAndCommit(ECHO, [[value], value, -1, false]), { keyPlans })
        expect(last).toEqual({ v: [value], s: value, n: -1, b: false })
      }
    }
    const name = `x'); DROP TABLE "Organization"; --\\'`
    await sqlPort(t.prisma).transaction((tx) => tx.queryAndCommit(INSERT_ORG, ['SQLPORT6', name]))
    expect(await sqlPort(t.prisma).query(COUNT_ORGS, [name])).toEqual([{ n: '1' }])
  })

  test('queryAndCommit commits with the last statement; when it fails nothing of the transaction is stored', async () => {
    const port = sqlPort(t.prisma)
    const before = port.stats()
    await port.transaction(async (tx) => {
      await tx.query(INSERT_ORG, ['SQLPORT4', 'port-last-ok-1'])
      await tx.queryAndCommit(INSERT_ORG, ['SQLPORT5', 'port-last-ok-2'])
      await expect(tx.query(COUNT_ORGS, ['x'])).rejects.toThrow(/after the transaction's commit/)
    })
    const after = port.stats()
    expect(await port.query(COUNT_ORGS, ['port-last-ok-1'])).toEqual([{ n: '1' }])
    expect(await port.query(COUNT_ORGS, ['port-last-ok-2'])).toEqual([{ n: '1' }])
    // On PostgreSQL BEGIN rides with the first statement and COMMIT with the last: two round trips (the statements
    // were prepared on this connection by the tests above or now, once).
    if (process.env.DATABASE_URL) expect(after.roundTrips - before.roundTrips).toBeLessThanOrEqual(2 + 1)
    await expect(port.transaction(async (tx) => {
      await tx.query(INSERT_ORG, ['SQLPORT7', 'port-last-fails'])
      await tx.queryAndCommit(INSERT_ORG, ['SQLPORT4', 'duplicate id']) // the id is taken: the write fails
    })).rejects.toThrow()
    expect(await port.query(COUNT_ORGS, ['port-last-fails'])).toEqual([{ n: '0' }])
    // The connection is usable again afterwards (rolled back, not left in a failed transaction).
    await port.transaction((tx) => tx.queryAndCommit(INSERT_ORG, ['SQLPORT8', 'port-after-failure']))
    expect(await port.query(COUNT_ORGS, ['port-after-failure'])).toEqual([{ n: '1' }])
  })

  test('a snapshot: independent reads in one round trip, their rows in order, odd values as given; a failing read fails it all and the connection goes on', async () => {
    const port = sqlPort(t.prisma)
    await port.query(INSERT_ORG, ['SQLPORT9', `snap'shot\\{a,"b"}`])
    const ECHO = statement<{ v: (string | null)[]; s: string | null }>('SELECT $1::text[] AS v, $2::text AS s', 'test-snapshot-echo')
    const read = () =>
      port.snapshot([
        [COUNT_ORGS, [`snap'shot\\{a,"b"}`]],
        [ECHO, [[`a'b`, null, '{c}'], null]],
        [COUNT_ORGS, ['no such organization']],
      ])
    await read() // prepares the statements on a connection
    const before = port.stats()
    expect(await read()).toEqual([[{ n: '1' }], [{ v: [`a'b`, null, '{c}'], s: null }], [{ n: '0' }]])
    // On PostgreSQL the three reads, with their BEGIN and COMMIT, are one round trip once prepared.
    if (process.env.DATABASE_URL) expect(port.stats().roundTrips - before.roundTrips).toBeLessThanOrEqual(1 + 1)
    const FAILS = statement<{ n: number }>('SELECT 1 / ($1::int) AS n', 'test-snapshot-divide')
    await expect(port.snapshot([[COUNT_ORGS, ['x']], [FAILS, [0]]])).rejects.toThrow(/division by zero/)
    expect(await port.snapshot([[FAILS, [1]]])).toEqual([[{ n: 1 }]])
    expect(await port.query(COUNT_ORGS, [`snap'shot\\{a,"b"}`])).toEqual([{ n: '1' }])
  })

  test('a snapshot sees one state of the database, even when a write commits between its reads', async () => {
    const port = sqlPort(t.prisma)
    const slowCount = statement<{ n: string }>(
      'SELECT count(*)::text AS n FROM "Organization", pg_sleep(0.2) WHERE name = $1',
      'test-snapshot-slow-count',
    )
    // The write commits while the first read sleeps; the second read still sees the state the first one saw.
    const reading = port.snapshot([[slowCount, ['port-snapshot-late']], [COUNT_ORGS, ['port-snapshot-late']]])
    await new Promise((resolve) => setTimeout(resolve, 50))
    await port.query(INSERT_ORG, ['SQLPORT10', 'port-snapshot-late'])
    const [first, second] = await reading
    if (process.env.DATABASE_URL) expect([first, second]).toEqual([[{ n: '0' }], [{ n: '0' }]])
    else expect(first).toEqual(second) // PGlite runs one statement at a time: the write waits for the snapshot
    expect(await port.query(COUNT_ORGS, ['port-snapshot-late'])).toEqual([{ n: '1' }])
  })

  test('a statement name means one text', () => {
    expect(statement('SELECT 1', 'test-one')).toEqual(statement('SELECT 1', 'test-one'))
    expect(() => statement('SELECT 2', 'test-one')).toThrow(/declared twice/)
  })

  test('lockRow inside a Prisma transaction tells a missing row', async () => {
    const [lot, session] = await t.prisma.$transaction(async (tx) => [await lockRow(tx, 'Lot', 'no-such-lot'), await lockRow(tx, 'AuctionSession', 'no-such-session')])
    expect([lot, session]).toEqual([false, false])
  })
})
