// The overdue notice comes with the forfeit when the reminder relay has not written it yet.
// A re-auction that staff withdraw before it runs tried no price (decision 022): the result's next lot follows the
// same predecessor, so the 80 % rule still applies, and the defaulter is barred from that next lot instead.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CLOSE_GRACE_MS, balanceDeadline } from '~/domain/auction.ts'
import { addLot, applyToSession, createSession } from '~/services/auctions.server.ts'
import { placeBid } from '~/services/bidding.server.ts'
import { forfeitDeposit } from '~/services/deposits.server.ts'
import { closeLotIfDue, controlLot } from '~/services/lot-control.server.ts'
import { writeReminders } from '~/services/notifications.server.ts'
import { lotLinks } from '~/services/reauctions.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createAuctionFixture } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'

let db: Db
let close: () => Promise<void>
beforeAll(async () => {
  const t = await createTestDatabase()
  db = t.prisma as Db
  close = t.close
})
afterAll(async () => {
  await close?.()
})

const Q1 = { startsAt: new Date('2027-01-05T01:00:00Z'), endsAt: new Date('2027-03-25T09:00:00Z') }
const lotOn = (day: string) => ({ startsAt: new Date(`2027-${day}T02:00:00Z`), endsAt: new Date(`2027-${day}T04:00:00Z`) })
const terms = { incrementFen: 1_000_00, reserveFen: null, extensionMinutes: 5, deposit: { kind: 'share' as const, basisPoints: 1000 } }

test('a withdrawn re-auction hands its predecessor and its bar on to the result’s next lot', async () => {
  const f = await createAuctionFixture(db, { startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-31T00:00:00Z') })
  const defaulter = await f.bidder()
  const window = { startsAt: new Date('2026-12-01T02:00:00Z'), endsAt: new Date('2026-12-01T04:00:00Z') }
  const firstLotId = await f.lot({ ...window, status: 'LIVE' })
  expect(await placeBid(db, defaulter, { lotId: firstLotId, amountFen: 100_000_00, clientBidId: 'first' }, new Date('2026-12-01T03:00:00Z'))).toMatchObject({ accepted: true })
  const closedAt = new Date(window.endsAt.getTime() + CLOSE_GRACE_MS + 1000)
  expect(await closeLotIfDue(db, firstLotId, closedAt)).not.toBeNull()
  const { resultId } = await db.lot.findUniqueOrThrow({ where: { id: firstLotId } })
  const deal = await db.deal.findUniqueOrThrow({ where: { lotId: firstLotId } })
  const now = new Date(balanceDeadline(closedAt.getTime()) + 60_000)
  await forfeitDeposit(db, null, deal.id, now)
  const bar = await db.auctionBar.findUniqueOrThrow({ where: { dealId: deal.id } })

  // Staff re-auction it at 80 % of the first start, then withdraw that lot before it runs.
  const extra = await createSession(db, f.staff, { quarter: '2027Q1', title: '补充场', kind: 'EXTRA', ...Q1 }, now)
  const withdrawn = await addLot(db, f.staff, extra.id, { resultId, ...terms, ...lotOn('02-10'), startingPriceFen: 80_000_00 }, now)
  expect((await db.auctionBar.findUniqueOrThrow({ where: { id: bar.id } })).lotId).toBe(withdrawn.id)
  await controlLot(db, f.staff, withdrawn.id, 'cancel', '成果权属存在争议', now)

  expect(await db.lot.findUniqueOrThrow({ where: { id: withdrawn.id } })).toMatchObject({ status: 'CANCELLED', predecessorLotId: null })
  expect((await db.auctionBar.findUniqueOrThrow({ where: { id: bar.id } })).lotId).toBeNull()
  const released = await db.auditLog.findFirstOrThrow({ where: { entityId: withdrawn.id, action: 'lot.reauction-released' } })
  expect(released.data).toMatchObject({ predecessorLotId: firstLotId })
  expect(await db.auditLog.count({ where: { entityId: bar.id, action: 'auction-bar.unbind' } })).toBe(1)
  expect((await db.researchResult.findUniqueOrThrow({ where: { id: resultId } })).status).toBe('PUBLISHED')

  // The next lot follows the first one again: the 80 % rule of its start, and the bar.
  const extra2 = await createSession(db, f.staff, { quarter: '2027Q1', title: '第二个补充场', kind: 'EXTRA', ...Q1 }, now)
  await expect(addLot(db, f.staff, extra2.id, { resultId, ...terms, ...lotOn('02-20'), startingPriceFen: 85_000_00 }, now)).rejects.toMatchObject({
    key: 'reauction.errors.above-ceiling',
    field: 'startingPriceFen',
  })
  const next = await addLot(db, f.staff, extra2.id, { resultId, ...terms, ...lotOn('02-20'), startingPriceFen: 80_000_00 }, now)
  expect((await db.lot.findUniqueOrThrow({ where: { id: next.id } })).predecessorLotId).toBe(firstLotId)
  expect((await db.auctionBar.findUniqueOrThrow({ where: { id: bar.id } })).lotId).toBe(next.id)
  expect(await lotLinks(db, firstLotId)).toMatchObject({ successor: { id: next.id } })
  await db.auctionSession.update({ where: { id: extra2.id }, data: { publishedAt: now, registrationClosesAt: new Date('2027-02-15T00:00:00Z') } })
  await expect(applyToSession(db, defaulter, extra2.id, now)).rejects.toMatchObject({ key: 'reauction.errors.barred' })
})

test('a defaulter hears “overdue” with the 悔拍 even when the forfeit sweep runs before the reminder relay', async () => {
  const f = await createAuctionFixture(db, { startsAt: new Date('2026-11-01T00:00:00Z'), endsAt: new Date('2026-11-30T00:00:00Z') })
  const buyer = await f.bidder()
  const window = { startsAt: new Date('2026-11-02T02:00:00Z'), endsAt: new Date('2026-11-02T04:00:00Z') }
  const lotId = await f.lot({ ...window, status: 'LIVE' })
  expect(await placeBid(db, buyer, { lotId, amountFen: 100_000_00, clientBidId: 'late-payer' }, new Date('2026-11-02T03:00:00Z'))).toMatchObject({ accepted: true })
  const closedAt = new Date(window.endsAt.getTime() + CLOSE_GRACE_MS + 1000)
  expect(await closeLotIfDue(db, lotId, closedAt)).not.toBeNull()
  const deal = await db.deal.findUniqueOrThrow({ where: { lotId } })
  const deposit = await db.payment.findFirstOrThrow({ where: { kind: 'DEPOSIT', payerId: buyer.organizationId, status: 'SUCCEEDED' } })

  // The sweep runs a minute past the deadline; the relay has not run since the "due" reminder time.
  const now = new Date(balanceDeadline(closedAt.getTime()) + 60_000)
  await forfeitDeposit(db, null, deal.id, now)
  const notices = await db.notification.findMany({ where: { userId: buyer.userId, kind: { in: ['balance-overdue', 'deal-defaulted'] } }, orderBy: { kind: 'asc' } })
  expect(notices.map((n) => [n.kind, n.eventKey])).toEqual([
    ['balance-overdue', `balance-overdue:${deal.id}`],
    ['deal-defaulted', `deal-defaulted:${deal.id}`],
  ])
  // The amount is the balance that was due: the price less the (now forfeited) deposit.
  expect(notices[0]!.params).toMatchObject({ dealId: deal.id, amountFen: 100_000_00 - Number(deposit.amountFen) })
  // The relay afterwards adds nothing for the deal (it is no longer awaiting payment, and the key is taken).
  await writeReminders(db, new Date(now.getTime() + 60_000))
  expect(await db.notification.count({ where: { userId: buyer.userId, eventKey: `balance-overdue:${deal.id}` } })).toBe(1)
})
