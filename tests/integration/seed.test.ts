import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server.ts'
import { seed } from '../../prisma/seed.ts'
import { createTestDatabase } from '../support/database.ts'

let db: Db
let close: () => Promise<void>
beforeAll(async () => {
  const t = await createTestDatabase()
  db = t.prisma as Db
  close = t.close
})
afterAll(async () => close?.())

test('the demo seed can run twice without duplicating anything', async () => {
  const first = await seed(db)
  const audit = await db.auditLog.count()
  const second = await seed(db)
  expect(second).toEqual(first)
  expect(await db.auditLog.count()).toBe(audit)
  expect(first.results).toBeGreaterThanOrEqual(30)
  expect(first.needs).toBeGreaterThanOrEqual(20)
  expect(await db.rewardPolicy.count()).toBe(1)
  // Every seeded listing is findable by the search it would be found by on the site.
  const rows = await db.researchResult.findMany({ select: { searchTokens: true } })
  expect(rows.every((r) => r.searchTokens.length > 10)).toBe(true)
}, 60_000)
