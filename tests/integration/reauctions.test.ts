// 悔拍 and 流拍 follow-ups (decision 022), through the real services: a winner who does not pay forfeits its deposit,
// the result goes back on the market and the defaulter is barred from its next auction (and told, in the same
// transaction); staff re-auction it in an extra session of the same quarter at ≤ 80 % of the previous start or
// with a recorded reason; both lots link to each other; withdrawing a published lot notifies each registered
// enterprise and watcher once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CLOSE_GRACE_MS, balanceDeadline } from '~/domain/auction.ts'
import type { Principal } from '~/domain/access.ts'
import { addLot, applyToSession, createSession, decideRegistration } from '~/services/auctions.server.ts'
import { placeBid } from '~/services/bidding.server.ts'
import { forfeitDeposit, startDepositPayment } from '~/services/deposits.server.ts'
import { closeLotIfDue, controlLot } from '~/services/lot-control.server.ts'
import { deriveLotNotifications } from '~/services/notifications.server.ts'
import { lotLinks, reauctionOffer } from '~/services/reauctions.server.ts'
import type { Db } from '~/utils/db.server.ts'
import type { PaymentProvider } from '~/utils/payment-provider.server.ts'
import { createAuctionFixture, type AuctionFixture } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { createLogin } from '../support/organizations.ts'

let db: Db
let close: () => Promise<void>
beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
})
afterAll(async () => {
  await close?.()
})

const Q1 = { startsAt: new Date('2027-01-05T01:00:00Z'), endsAt: new Date('2027-03-25T09:00:00Z') }
const lotIn = (day: string) => ({ startsAt: new Date(`2027-${day}T02:00:00Z`), endsAt: new Date(`2027-${day}T04:00:00Z`) })
const terms = { incrementFen: 1_000_00, reserveFen: null, extensionMinutes: 5, deposit: { kind: 'share' as const, basisPoints: 1000 } }
const noProvider = {} as PaymentProvider

/** A lot of the fixture run to its end: `winner` bids the start (or nobody bids), then the clock closes it. */
async function runLot(f: AuctionFixture, winner: Principal | null) {
  const window = { startsAt: new Date('2026-12-01T02:00:00Z'), endsAt: new Date('2026-12-01T04:00:00Z') }
  const lotId = await f.lot({ ...window, status: 'LIVE' })
  if (winner) expect(await placeBid(db, winner, { lotId, amountFen: 100_000_00, clientBidId: `w-${lotId}` }, new Date('2026-12-01T03:00:00Z'))).toMatchObject({ accepted: true })
  const closedAt = new Date(window.endsAt.getTime() + CLOSE_GRACE_MS + 1000)
  expect(await closeLotIfDue(db, lotId, closedAt)).not.toBeNull()
  return { lotId, closedAt, resultId: (await db.lot.findUniqueOrThrow({ where: { id: lotId } })).resultId }
}

async function publish(sessionId: string, now: Date) {
  await db.auctionSession.update({ where: { id: sessionId }, data: { publishedAt: now, registrationClosesAt: new Date('2027-01-20T00:00:00Z') } })
}

describe('悔拍: default, bar, re-auction', () => {
  test('a default puts the result back, bars the defaulter from its next auction, and tells it, in one transaction', async () => {
    const f = await createAuctionFixture(db, { startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-31T00:00:00Z') })
    const defaulter = await f.bidder()
    const other = await f.bidder()
    const { lotId, closedAt, resultId } = await runLot(f, defaulter)
    expect((await db.researchResult.findUniqueOrThrow({ where: { id: resultId } })).status).toBe('SOLD')
    const deal = await db.deal.findUniqueOrThrow({ where: { lotId } })
    // Staff cannot re-auction a lot still awaiting payment.
    expect(await reauctionOffer(db, f.staff, lotId)).toBeNull()

    const now = new Date(balanceDeadline(closedAt.getTime()) + 60_000)
    await forfeitDeposit(db, null, deal.id, now)
    expect((await db.deal.findUniqueOrThrow({ where: { id: deal.id } })).status).toBe('DEFAULTED')
    expect((await db.researchResult.findUniqueOrThrow({ where: { id: resultId } })).status).toBe('PUBLISHED')
    const bar = await db.auctionBar.findUniqueOrThrow({ where: { dealId: deal.id } })
    expect(bar).toMatchObject({ resultId, enterpriseId: defaulter.organizationId, lotId: null, reason: 'default' })
    const told = await db.notification.findMany({ where: { userId: defaulter.userId, kind: 'deal-defaulted' } })
    expect(told).toHaveLength(1)
    expect(told[0]!.eventKey).toBe(`deal-defaulted:${deal.id}`)
    const audits = await db.auditLog.findMany({ where: { OR: [{ entityId: resultId }, { entityId: bar.id }] }, select: { action: true } })
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['result.back-to-market', 'auction-bar.create']))
    // A second forfeit is refused and changes nothing.
    await expect(forfeitDeposit(db, null, deal.id, now)).rejects.toMatchObject({ key: 'deal.not-awaiting-payment' })
    expect(await db.auctionBar.count({ where: { dealId: deal.id } })).toBe(1)

    // The staff of the bureau are offered the re-auction; another bureau's staff are not.
    const regular = await createSession(db, f.staff, { quarter: '2027Q1', title: '2027年第一季度', ...Q1 }, now)
    // One regular session a quarter; an extra one in the same quarter is allowed.
    await expect(createSession(db, f.staff, { quarter: '2027Q1', title: '又一场', ...Q1 }, now)).rejects.toMatchObject({ key: 'session.quarter-taken' })
    const extra = await createSession(db, f.staff, { quarter: '2027Q1', title: '2027年第一季度补充场', kind: 'EXTRA', ...Q1 }, now)
    const extra2 = await createSession(db, f.staff, { quarter: '2027Q1', title: '第二个补充场', kind: 'EXTRA', ...Q1 }, now)
    expect(await db.auctionSession.findUniqueOrThrow({ where: { id: extra.id } })).toMatchObject({ kind: 'EXTRA', regularQuarter: null })
    expect(await db.auctionSession.findUniqueOrThrow({ where: { id: regular.id } })).toMatchObject({ kind: 'REGULAR', regularQuarter: '2027Q1' })
    const offer = await reauctionOffer(db, f.staff, lotId)
    expect(offer).toMatchObject({ resultId, predecessorStartFen: 100_000_00, ceilingFen: 80_000_00 })
    expect(offer!.sessions.map((s) => s.id).sort()).toEqual([regular.id, extra.id, extra2.id].sort())

    // Above 80 % without a reason: refused beside the starting price; nothing written.
    const base = { resultId, ...terms, ...lotIn('02-10') }
    await expect(addLot(db, f.staff, extra.id, { ...base, startingPriceFen: 80_000_01 }, now)).rejects.toMatchObject({ key: 'reauction.errors.above-ceiling', field: 'startingPriceFen' })
    expect(await db.lot.count({ where: { sessionId: extra.id } })).toBe(0)
    expect((await db.researchResult.findUniqueOrThrow({ where: { id: resultId } })).status).toBe('PUBLISHED')
    // With a reason: accepted, the reason kept and audited, the lot linked, the bar bound to it.
    const reason = '评估价上调，经局务会研究同意'
    const next = await addLot(db, f.staff, extra.id, { ...base, startingPriceFen: 90_000_00, reauctionReason: reason }, now)
    const nextLot = await db.lot.findUniqueOrThrow({ where: { id: next.id } })
    expect(nextLot).toMatchObject({ predecessorLotId: lotId, reauctionReason: reason })
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: next.id, action: 'lot.reauction' } })
    expect(audit.reason).toBe(reason)
    expect(audit.data).toMatchObject({ predecessorLotId: lotId, ceilingFen: 80_000_00, aboveCeiling: true })
    expect((await db.auctionBar.findUniqueOrThrow({ where: { id: bar.id } })).lotId).toBe(next.id)
    expect(await reauctionOffer(db, f.staff, lotId)).toBeNull()

    // Both pages link to each other.
    expect(await lotLinks(db, lotId)).toMatchObject({ predecessor: null, successor: { id: next.id, number: next.number, quarter: '2027Q1' } })
    expect(await lotLinks(db, next.id)).toMatchObject({ predecessor: { id: lotId, quarter: expect.any(String) }, successor: null, reauctionReason: reason })

    // The defaulter is barred: registration, approval and deposit are refused with one key; others register.
    await publish(extra.id, now)
    await expect(applyToSession(db, defaulter, extra.id, now)).rejects.toMatchObject({ code: 'not-allowed', key: 'reauction.errors.barred' })
    expect(await db.registration.count({ where: { sessionId: extra.id } })).toBe(0)
    await expect(applyToSession(db, other, extra.id, now)).resolves.toMatchObject({ id: expect.any(String) })
    const slipped = await db.registration.create({ data: { sessionId: extra.id, enterpriseId: defaulter.organizationId } })
    await expect(decideRegistration(db, f.staff, slipped.id, true, undefined, now)).rejects.toMatchObject({ key: 'reauction.errors.barred' })
    expect((await db.registration.findUniqueOrThrow({ where: { id: slipped.id } })).status).toBe('PENDING')
    await db.registration.update({ where: { id: slipped.id }, data: { status: 'APPROVED' } })
    await expect(startDepositPayment(db, noProvider, defaulter, { lotId: next.id, card: { number: '4242424242424242', expiry: '12/30', cvc: '123' } as never }, now)).rejects.toMatchObject({
      key: 'reauction.errors.barred',
    })
    // The bar is for that result's next auction only: the defaulter may register for another session.
    await publish(extra2.id, now)
    await expect(applyToSession(db, defaulter, extra2.id, now)).resolves.toMatchObject({ id: expect.any(String) })
  })

  test('流拍: re-auctioned within 80 % without a reason; a first auction has no predecessor', async () => {
    const f = await createAuctionFixture(db, { startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-31T00:00:00Z') })
    const { lotId, closedAt, resultId } = await runLot(f, null)
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe('UNSOLD')
    expect((await db.researchResult.findUniqueOrThrow({ where: { id: resultId } })).status).toBe('PUBLISHED')
    const now = new Date(closedAt.getTime() + 60_000)
    const extra = await createSession(db, f.staff, { quarter: '2027Q1', title: '补充场', kind: 'EXTRA', ...Q1 }, now)
    const next = await addLot(db, f.staff, extra.id, { resultId, ...terms, ...lotIn('02-11'), startingPriceFen: 80_000_00 }, now)
    expect(await db.lot.findUniqueOrThrow({ where: { id: next.id } })).toMatchObject({ predecessorLotId: lotId, reauctionReason: null })
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: next.id, action: 'lot.reauction' } })
    expect(audit.data).toMatchObject({ aboveCeiling: false })
    // A first auction of a result is not a re-auction.
    const fresh = await db.researchResult.create({ data: { ownerId: f.ownerId, title: '新成果', summary: '…', field: 'equipment', ipKind: 'KNOW_HOW', maturity: 'PILOT', contactName: 'x', contactPhone: 'x', status: 'PUBLISHED' } })
    const first = await addLot(db, f.staff, extra.id, { resultId: fresh.id, ...terms, ...lotIn('02-12'), startingPriceFen: 500_000_00 }, now)
    expect((await db.lot.findUniqueOrThrow({ where: { id: first.id } })).predecessorLotId).toBeNull()
  })
})

describe('withdrawing a published lot is announced', () => {
  test('each registered enterprise (not refused) and each watcher hears it once, in the cancel transaction', async () => {
    const f = await createAuctionFixture(db, { startsAt: new Date('2027-02-01T00:00:00Z'), endsAt: new Date('2027-02-28T00:00:00Z') })
    const approved = await f.bidder()
    const pending = await f.bidder({ approved: false, deposit: false })
    const refused = await f.bidder({ approved: false, deposit: false })
    await db.registration.updateMany({ where: { enterpriseId: refused.organizationId }, data: { status: 'REFUSED' } })
    const lotId = await f.lot({ startsAt: new Date('2027-02-10T02:00:00Z'), endsAt: new Date('2027-02-10T04:00:00Z'), status: 'SCHEDULED' })
    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId } })
    // A watcher of the lot, a watcher of its result, and the approved enterprise's user watching too (still once).
    const outsider = await createLogin(db, refused, { name: 'w' })
    const resultWatcher = await createLogin(db, f.owner, { name: 'rw' })
    await db.watchItem.createMany({ data: [{ userId: outsider.userId, lotId }, { userId: resultWatcher.userId, resultId: lot.resultId }, { userId: approved.userId, lotId }] })

    const now = new Date('2027-02-05T00:00:00Z')
    await controlLot(db, f.staff, lotId, 'cancel', '成果权属存在争议', now)
    const rows = await db.notification.findMany({ where: { kind: 'lot-cancelled', eventKey: `lot-cancel:${lotId}` }, select: { userId: true, params: true } })
    expect(rows.map((r) => r.userId).sort()).toEqual([approved.userId, pending.userId, outsider.userId, resultWatcher.userId].sort())
    expect(rows[0]!.params).toMatchObject({ lotId, reason: '成果权属存在争议' })
    // The log-derived path sees the cancel entry and adds nothing.
    expect(await deriveLotNotifications(db, lotId, now)).toBe(0)
    expect(await db.notification.count({ where: { eventKey: `lot-cancel:${lotId}` } })).toBe(4)
  })

  test('a cancel the service refuses writes no notification', async () => {
    const f = await createAuctionFixture(db, { startsAt: new Date('2027-02-01T00:00:00Z'), endsAt: new Date('2027-02-28T00:00:00Z') })
    await f.bidder()
    const lotId = await f.lot({ startsAt: new Date('2027-02-10T02:00:00Z'), endsAt: new Date('2027-02-10T04:00:00Z'), status: 'SCHEDULED' })
    await expect(controlLot(db, f.staff, lotId, 'cancel', '  ', new Date('2027-02-05T00:00:00Z'))).rejects.toMatchObject({ code: 'reason-required' })
    expect(await db.notification.count({ where: { eventKey: `lot-cancel:${lotId}` } })).toBe(0)
  })
})
