// 成交公告 / 流拍公告 on the demo's closed session, whose lots were decided by real bids through the services.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { listLotResults, lotResult, quartersWithResults } from '~/services/announcements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { pastAuction } from '../../prisma/seed-data.ts'
import { seed } from '../../prisma/seed.ts'
import { createTestDatabase } from '../support/database.ts'
import { pdfText } from '../support/pdf.ts'

let db: Db
let close: () => Promise<void>
beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
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

test('成交确认书: a PDF with the bureau, both parties and their credit codes, the price in capitals, deposit, balance, deadline, last bid time and the last log hash, in an embedded CJK font; buyer, seller and staff only', async () => {
  const { confirmationPdf } = await import('~/services/confirmations.server.ts')
  const session = await db.auctionSession.findFirstOrThrow({ where: { title: { endsWith: pastAuction.title } }, include: { lots: { orderBy: { number: 'asc' }, include: { deal: { include: { buyer: true, seller: true } } } } } })
  const lot = session.lots[1]! // the second lot: sold at 75 万元 to 浙江科马摩擦材料, balance paid
  const deal = lot.deal!
  const as = async (organizationId: string) => {
    const u = await db.user.findFirstOrThrow({ where: { organizationId } })
    return { userId: u.id, role: u.role, organizationId }
  }
  const { pdf, facts } = await confirmationPdf(db, await as(deal.buyerId), lot.id)
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  // Subset font: the whole Noto Sans SC is ~10 MB; the document keeps only the glyphs it uses.
  expect(pdf.length).toBeLessThan(300_000)
  const text = await pdfText(pdf)
  for (const expected of [
    '成交确认书',
    deal.buyer.name,
    deal.buyer.creditCode,
    deal.seller.name,
    deal.seller.creditCode,
    '¥750,000.00',
    '人民币柒拾伍万元整',
    lot.lastHash!,
    '已付清',
  ]) {
    expect(text.replace(/\s+/g, ''), expected).toContain(expected.replace(/\s+/g, ''))
  }
  // The deposit is the lot's own (decision 021: 6 万元 on this 60 万元 lot), applied to this deal.
  expect(facts).toMatchObject({ priceFen: 75_0000_00, priceCapitals: '柒拾伍万元整', depositFen: 6_0000_00, balanceFen: 69_0000_00 })
  expect(pdf.includes('FontFile2')).toBe(true)
  expect(facts.lastBidAt).not.toBeNull()
  // In English when the reader asks for it: the labels change, the names stay as they are (so the CJK font is still embedded).
  const english = await confirmationPdf(db, await as(deal.buyerId), lot.id, 'en')
  const englishText = (await pdfText(english.pdf)).replace(/\s+/g, '')
  for (const expected of ['Confirmation of Sale', 'Buyer', deal.buyer.name, 'CNY 750,000.00', 'Paid in full', 'Beijing time', lot.lastHash!]) {
    expect(englishText, expected).toContain(expected.replace(/\s+/g, ''))
  }
  expect(englishText).not.toContain('买受人')
  expect(english.pdf.includes('FontFile2')).toBe(true)
  // The seller and staff may download it; another enterprise may not; an unsold lot has none.
  await expect(confirmationPdf(db, await as(deal.sellerId), lot.id)).resolves.toBeDefined()
  const staff = await db.user.findFirstOrThrow({ where: { role: 'STAFF' } })
  await expect(confirmationPdf(db, { userId: staff.id, role: 'STAFF', organizationId: staff.organizationId }, lot.id)).resolves.toBeDefined()
  const other = await db.organization.findFirstOrThrow({ where: { kind: 'ENTERPRISE', id: { notIn: [deal.buyerId] }, users: { some: {} } } })
  await expect(confirmationPdf(db, await as(other.id), lot.id)).rejects.toMatchObject({ code: 'forbidden' })
  await expect(confirmationPdf(db, await as(deal.buyerId), session.lots[2]!.id)).rejects.toMatchObject({ code: 'not-found' })
})
