// Lot numbers under concurrency: staff adding lots to one session at the same
// moment get 1, 2, 3 … with no clash on @@unique([sessionId, number]).
// Real PostgreSQL only: PGlite has one connection, so nothing runs at once there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { addLot, createSession } from '~/services/auctions.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { publishResult } from '../support/listings.ts'
import { createPrincipal } from '../support/organizations.ts'

let db: Db
let close: () => Promise<void>
let university: Principal
let staff: Principal
const now = new Date('2026-11-22T02:00:00Z')
const day = 86_400_000

async function publishedResults(n: number) {
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push(await publishResult(db, { owner: university, staff }, now, { title: `竹材热处理防霉工艺 第${i + 1}号` }))
  return ids
}

const lot = (resultId: string) => ({
  resultId,
  startingPriceFen: 100_000_00,
  incrementFen: 5_000_00,
  reserveFen: null,
  deposit: { kind: 'fixed' as const, fen: 10_000_00 },
  startsAt: new Date(now.getTime() + 10 * day),
  endsAt: new Date(now.getTime() + 10 * day + 3_600_000),
  extensionMinutes: 5,
})

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  university = await createPrincipal(db, 'UNIVERSITY', { name: '丽水学院（测试）' })
  staff = await createPrincipal(db, 'BUREAU', { name: '丽水市科技局（测试）' })
})
afterAll(async () => close?.())

describe('lot numbers', () => {
  it('run 1, 2, 3 when added one after another', async () => {
    const sessionId = (await createSession(db, staff, { quarter: '2026Q4', title: '2026年第四季度竞价会', startsAt: new Date(now.getTime() + 7 * day), endsAt: new Date(now.getTime() + 30 * day) }, now)).id
    const numbers = []
    for (const id of await publishedResults(3)) numbers.push((await addLot(db, staff, sessionId, lot(id), now)).number)
    expect(numbers).toEqual([1, 2, 3])
  })

  it.skipIf(!process.env.DATABASE_URL)('never clash when lots are added to one session at the same moment (PostgreSQL)', async () => {
    const sessionId = (await createSession(db, staff, { quarter: '2027Q1', title: '2027年第一季度竞价会', startsAt: new Date('2027-01-05T01:00:00Z'), endsAt: new Date('2027-03-20T09:00:00Z') }, now)).id
    const n = 8
    const ids = await publishedResults(n)
    const start = new Date('2027-01-10T01:00:00Z')
    const settled = await Promise.allSettled(ids.map((id) => addLot(db, staff, sessionId, { ...lot(id), startsAt: start, endsAt: new Date(start.getTime() + 3_600_000) }, now)))
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []))
    expect(failures).toEqual([])
    const numbers = settled.map((s) => (s.status === 'fulfilled' ? s.value.number : 0)).sort((a, b) => a - b)
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const rows = await db.lot.findMany({ where: { sessionId }, orderBy: { number: 'asc' } })
    expect(rows.map((r) => r.number)).toEqual(numbers)
    expect(new Set(rows.map((r) => r.resultId))).toEqual(new Set(ids))
  })
})
