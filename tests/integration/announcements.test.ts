// 成交公告 / 流拍公告 on the demo's closed session, whose lots were decided by real bids through the services.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { listLotResults, lotResult, quartersWithResults } from '~/services/announcements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { pastAuction } from '../../prisma/seed-data.ts'
import { seed } from '../../prisma/seed.ts'
import { createTestDatabase } from '../support/database.ts'

let db: Db
let close: () => Promise<void>
beforeAll(async () => {
  const t = await createTestDatabase()
  db = t.prisma as Db
  close = t.close
  await seed(db)
})
afterAll(async () => close?.())

test('the session’s results: winner revealed, price, premium, bidders and bids, the log’s last hash; the unsold lot says no bids', async () => {
  const session = await db.auctionSession.findFirstOrThrow({ where: { title: { endsWith: pastAuction.title } } })
  const results = await listLotResults(db, { sessionId: session.id })
  expect(results.map((r) => r.announcement.outcome)).toEqual(['SOLD', 'SOLD', 'UNSOLD'])
  const [first, , unsold] = results
  expect(first).toMatchObject({ winnerName: '浙江瑞兴阀门有限公司', bidderCount: 2, bidCount: 2, announcement: { priceFen: 96_0000_00, startingPriceFen: 80_0000_00, premiumBp: 2000 } })
  const lot = await db.lot.findUniqueOrThrow({ where: { id: first!.lotId } })
  expect(first!.lastHash).toBe(lot.lastHash)
  expect(unsold).toMatchObject({ winnerName: null, bidCount: 0, announcement: { outcome: 'UNSOLD', reason: 'no-bids' } })
  // By quarter: the same lots; another quarter: none of them.
  expect(await quartersWithResults(db)).toContain(session.quarter)
  expect((await listLotResults(db, { quarter: session.quarter })).map((r) => r.lotId)).toEqual(results.map((r) => r.lotId))
  expect(await listLotResults(db, { quarter: '1999Q1' })).toEqual([])
})

test('a lot still open has no result; a SOLD status whose log has no close entry announces nothing', async () => {
  const live = await db.lot.findFirstOrThrow({ where: { status: { in: ['LIVE', 'SCHEDULED'] } } })
  expect(await lotResult(db, live.id)).toBeNull()
  const session = await db.auctionSession.findFirstOrThrow({ where: { title: { endsWith: pastAuction.title } }, include: { lots: { orderBy: { number: 'asc' } } } })
  const sold = session.lots[0]!
  await db.lotEvent.deleteMany({ where: { lotId: sold.id, kind: 'close' } })
  const r = await lotResult(db, sold.id)
  expect(r).toMatchObject({ status: 'SOLD', announcement: { outcome: 'UNDECIDED' }, winnerName: null })
})
