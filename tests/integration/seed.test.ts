import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server.ts'
import { seed } from '../../prisma/seed.ts'
import { pastAuction } from '../../prisma/seed-data.ts'
import { depositReport } from '~/services/payment-reports.server.ts'
import { historyExplains, type PaymentStatus } from '~/domain/payments.ts'
import { enterpriseFactsPage } from '~/services/enterprise-facts.server.ts'
import { createTestDatabase } from '../support/database.ts'

let db: Db
let close: () => Promise<void>
beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
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
  // Each bureau its own policy (decision 016): Shaoxing's measure 7 and Lishui's demo policy.
  expect((await db.rewardPolicy.findMany({ select: { bureau: { select: { name: true } } }, orderBy: { authority: 'asc' } })).map((p) => p.bureau?.name)).toEqual(['丽水市科学技术局', '绍兴市科学技术局'])
  // the voucher demo: two approved services of 绍兴文理学院 and the Shaoxing demo enterprise's quota, once
  expect(await db.voucherService.count({ where: { status: 'APPROVED' } })).toBe(2)
  expect((await db.voucherQuota.findMany({ include: { holder: true } })).map((q) => [q.holder.name, Number(q.grantedFen)])).toEqual([['绍兴柯桥演示纺织科技有限公司', 20_000_000]])
  // Every seeded listing is findable by the search it would be found by on the site.
  const rows = await db.researchResult.findMany({ select: { searchTokens: true } })
  expect(rows.every((r) => r.searchTokens.length > 10)).toBe(true)
}, 60_000)

test('the demo has a past session: a deal awaiting its balance, one paid, one unsold, the loser refunded; the books balance', async () => {
  await seed(db)
  const session = await db.auctionSession.findFirstOrThrow({ where: { title: { endsWith: pastAuction.title } }, include: { lots: { orderBy: { number: 'asc' } } } })
  expect(session.status).toBe('CLOSED')
  expect(session.lots.map((l) => l.status)).toEqual(['SOLD', 'SOLD', 'UNSOLD'])
  expect(await db.auctionSession.count({ where: { title: session.title } })).toBe(1)
  const deals = await db.deal.findMany({ where: { lot: { sessionId: session.id } }, include: { buyer: true }, orderBy: { priceFen: 'desc' } })
  expect(deals.map((d) => [d.buyer.name, d.status, Number(d.priceFen)])).toEqual([
    ['浙江瑞兴阀门有限公司', 'AWAITING_PAYMENT', 96_000_000],
    ['浙江科马摩擦材料有限公司', 'PAID', 75_000_000],
  ])
  expect(deals[0]!.paymentDeadline.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000)
  // Deposits per lot (decision 021): 瑞兴 and 科马 for lots 1 and 2 (8 and 6 万), 宇恒 for lot 3 (3 万); each lot's
  // losers refunded, 科马's lot-2 deposit applied to its price, 瑞兴's lot-1 deposit held for its balance.
  expect(await depositReport(db, session.id)).toMatchObject({ paid: 31_000_000, refunded: 17_000_000, applied: 6_000_000, forfeited: 0, held: 8_000_000, balanced: true })
  const payments = await db.payment.findMany({ where: { sessionId: session.id } })
  expect(payments.map((p) => `${p.kind} ${p.status}`).sort()).toEqual(['DEPOSIT APPLIED', 'DEPOSIT REFUNDED', 'DEPOSIT REFUNDED', 'DEPOSIT REFUNDED', 'DEPOSIT SUCCEEDED', 'SETTLEMENT SUCCEEDED'])
  expect(payments.filter((p) => p.kind === 'DEPOSIT').every((p) => p.lotId !== null)).toBe(true)
  for (const p of payments) {
    const trail = await db.auditLog.findMany({ where: { entityType: 'Payment', entityId: p.id, toStatus: { not: null } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
    expect(historyExplains(p.kind, trail.map((a) => ({ from: a.fromStatus as PaymentStatus | null, to: a.toStatus as PaymentStatus })), p.status)).toBe(true)
  }
})

test('the demo has this quarter’s live session: a lot with two bids and a log that verifies, deposits paid through the services, one enterprise awaiting approval', async () => {
  await seed(db)
  const session = await db.auctionSession.findFirstOrThrow({ where: { title: { endsWith: '季度科技成果竞价会' } }, include: { lots: { orderBy: { number: 'asc' }, include: { events: { orderBy: { seq: 'asc' } } } }, registrations: true } })
  expect(session.lots.length).toBeGreaterThanOrEqual(2)
  const [first] = session.lots
  expect([first!.status, first!.bidCount, first!.seq]).toEqual(['LIVE', 2, 2])
  const { verifyLotLog } = await import('~/domain/lot-log.ts')
  expect(await verifyLotLog(first!.events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash })))).toBeNull()
  expect(session.registrations.map((r) => r.status).sort()).toEqual(['APPROVED', 'APPROVED', 'PENDING'])
  expect(await depositReport(db, session.id)).toMatchObject({ refunded: 0, applied: 0, forfeited: 0, balanced: true })
})

test('every lot of the demo’s closed session was decided by its log: sold lots have bids and a close entry naming the price, the unsold one says no bids', async () => {
  await seed(db)
  const { verifyLotLog } = await import('~/domain/lot-log.ts')
  const session = await db.auctionSession.findFirstOrThrow({ where: { title: { endsWith: pastAuction.title } }, include: { lots: { orderBy: { number: 'asc' }, include: { events: { orderBy: { seq: 'asc' } }, bids: true, deal: true } } } })
  expect(session.status).toBe('CLOSED')
  for (const [i, lot] of session.lots.entries()) {
    const plan = pastAuction.lots[i]!
    const entries = lot.events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }))
    expect(await verifyLotLog(entries)).toBeNull()
    const close = entries.find((e) => e.kind === 'close')
    expect(close, `lot ${lot.number} has a close entry`).toBeDefined()
    if (plan.sold) {
      expect(lot.status).toBe('SOLD')
      expect(lot.bids.length).toBeGreaterThan(0)
      expect(close!.payload).toMatchObject({ outcome: 'SOLD', priceFen: plan.sold.priceFen })
      expect(Number(lot.deal!.priceFen)).toBe(plan.sold.priceFen)
      expect(Math.max(...lot.bids.map((b) => Number(b.amountFen)))).toBe(plan.sold.priceFen)
    } else {
      expect(lot.status).toBe('UNSOLD')
      expect(lot.bids).toHaveLength(0)
      expect(close!.payload).toMatchObject({ outcome: 'UNSOLD', reason: 'no-bids' })
    }
  }
})

test('the demo’s enterprises have facts (invented): some of each city are 规上高新技术企业, some are not; Lishui staff see Lishui’s, Shaoxing staff Shaoxing’s', async () => {
  await seed(db)
  const facts = await db.enterpriseFact.count()
  await seed(db)
  expect(await db.enterpriseFact.count()).toBe(facts)
  const staff = async (email: string) => {
    const u = await db.user.findUniqueOrThrow({ where: { email } })
    return { userId: u.id, role: u.role, organizationId: u.organizationId }
  }
  const at = new Date('2026-12-05T04:00:00Z')
  const lishui = (await enterpriseFactsPage(db, await staff('staff.lishui@demo.kjj.example'), { now: at })).enterprises
  expect(lishui.filter((e) => e.bureau === '丽水市科学技术局').length).toBeGreaterThanOrEqual(30)
  expect(lishui.some((e) => e.bureau === '绍兴市科学技术局')).toBe(false)
  const yes = lishui.filter((e) => e.aboveScaleHighTech).length
  expect(yes).toBeGreaterThan(5)
  expect(yes).toBeLessThan(30)
  // Not 规上高新 for each reason: no certificate, an expired one, below the scale threshold.
  expect(lishui.some((e) => !e.highTech && e.facts > 0)).toBe(true)
  expect(lishui.some((e) => e.highTech && !e.aboveScale)).toBe(true)
  const shaoxing = (await enterpriseFactsPage(db, await staff('staff.shaoxing@demo.kjj.example'), { now: at })).enterprises
  expect(shaoxing.find((e) => e.name === '绍兴柯桥演示纺织科技有限公司')).toMatchObject({ aboveScaleHighTech: true })
  expect(shaoxing.some((e) => e.bureau === '丽水市科学技术局')).toBe(false)
})

test('the demo has policy payments of the 2022 campaign made through the services: 2 of 4 paid by 31 July, 3 by the year end, 1 late', async () => {
  await seed(db)
  const { fundsDisbursed } = await import('~/services/funds-disbursed.server.ts')
  const { demoPolicyPayments } = await import('../../prisma/seed-data.ts')
  const staff = await db.user.findUniqueOrThrow({ where: { email: 'staff.lishui@demo.kjj.example' } })
  const viewer = { userId: staff.id, role: staff.role, organizationId: staff.organizationId }
  const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d) - 8 * 3_600_000)
  const rewards = await db.reward.findMany({ where: { contract: { registrationNo: { in: demoPolicyPayments.map((p) => p.registrationNo) } } }, include: { contract: true } })
  expect(rewards.map((r) => [r.contract.registrationNo, r.status, Number(r.amountFen)]).sort()).toEqual([
    ['DEMO-2022-LS-001', 'PAID', 8_000_000],
    ['DEMO-2022-LS-002', 'PAID', 15_000_000],
    ['DEMO-2022-LS-003', 'PAID', 6_000_000],
    ['DEMO-2022-LS-004', 'APPROVED', 5_000_000],
  ])
  // The campaign to the funds target (the day after 31 July 2022): due 340,000 yuan, paid 230,000 → 67.64 %.
  const july = await fundsDisbursed(db, viewer, { from: day(2022, 6, 27), to: day(2022, 8, 1) }, new Date())
  expect(july.total).toMatchObject({ dueFen: 34_000_000, paidFen: 23_000_000, items: 4, paidItems: 2, rateBp: 6764 })
  // The whole campaign (the home page's default period): 290,000 of 340,000 → 85.29 %; the unpaid one is late.
  const all = await fundsDisbursed(db, viewer, { from: day(2022, 6, 27), to: day(2023, 1, 1) }, new Date())
  expect(all.total).toMatchObject({ dueFen: 34_000_000, paidFen: 29_000_000, rateBp: 8529 })
  expect(all.late.map((l) => [l.enterprise, l.amountFen])).toEqual([['浙江云中马股份有限公司', 5_000_000]])
}, 60_000)
