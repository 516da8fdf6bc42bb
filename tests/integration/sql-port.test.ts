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

  test('a statement name means one text', () => {
    expect(statement('SELECT 1', 'test-one')).toEqual(statement('SELECT 1', 'test-one'))
    expect(() => statement('SELECT 2', 'test-one')).toThrow(/declared twice/)
  })

  test('lockRow inside a Prisma transaction tells a missing row', async () => {
    const [lot, session] = await t.prisma.$transaction(async (tx) => [await lockRow(tx, 'Lot', 'no-such-lot'), await lockRow(tx, 'AuctionSession', 'no-such-session')])
    expect([lot, session]).toEqual([false, false])
  })
})
