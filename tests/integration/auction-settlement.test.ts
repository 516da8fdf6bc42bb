// A whole auction and its money, through the real services and the mock
// provider: deposits paid by card, bids, the clock's close, the winner of one
// lot settling (its deposit counted toward the price), the winner of another
// defaulting (its deposit forfeited after the deadline), the losers refunded;
// then the payments issue's identity for the session:
// deposits held = paid − refunded − applied − forfeited.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { BALANCE_DUE_DAYS } from '~/domain/auction.ts'
import { placeBid } from '~/services/bidding.server.ts'
import { CLOSE_GRACE_MS } from '~/domain/auction.ts'
import { closeLotIfDue } from '~/services/lot-control.server.ts'
import { forfeitDeposit, refundLosingDeposits, startDepositPayment } from '~/services/deposits.server.ts'
import { depositReport, lotDepositReport } from '~/services/payment-reports.server.ts'
import { refundLotDeposits } from '~/services/payment-followup.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, testClient, startWiredProvider } from '../support/payments.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let now = new Date('2026-12-10T02:00:00Z')
const clock = () => now
const { client: provider } = testClient()

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db, clock)
})
afterAll(async () => {
  mock?.close()
  await close?.()
})

test('after a full auction the deposits balance: refunded, applied to the price, forfeited', async () => {
  // Two lots of 4,000,000 fen starting price, deposit 1,000,000 fen each, paid per lot (decision 021): a for
  // lot 1, b for lot 2, c for both.
  const { session, lots } = await makeSession(db, { lotDeposits: [1_000_000, 1_000_000], status: 'PLANNED', now })
  const [a, b, c] = [await makePrincipal(db, 'ENTERPRISE', '浙江越隆'), await makePrincipal(db, 'ENTERPRISE', '浙江新和成'), await makePrincipal(db, 'ENTERPRISE', '卧龙电驱')]
  const [lot1, lot2] = lots
  for (const [e, wanted] of [[a, [lot1!]], [b, [lot2!]], [c, [lot1!, lot2!]]] as const) {
    await register(db, session.id, e)
    for (const lot of wanted) expect((await startDepositPayment(db, provider, e, { lotId: lot.id, card: card() }, now)).status).toBe('SUCCEEDED')
  }
  await mock.provider.webhooksSettled()
  await db.auctionSession.update({ where: { id: session.id }, data: { status: 'LIVE' } })

  // Bidding: a wins lot 1 at 4,100,000; b wins lot 2 at 4,100,000; c loses both. a has no deposit for lot 2.
  now = new Date(session.startsAt.getTime() + 60_000)
  const bid = (who: typeof a, lotId: string, fen: number, id: string) => placeBid(db, who, { lotId, amountFen: fen, clientBidId: id }, now)
  expect(await bid(c, lot1!.id, 4_000_000, 'c1')).toMatchObject({ accepted: true })
  expect(await bid(a, lot1!.id, 4_100_000, 'a1')).toMatchObject({ accepted: true })
  expect(await bid(c, lot2!.id, 4_000_000, 'c2')).toMatchObject({ accepted: true })
  expect(await bid(b, lot2!.id, 4_100_000, 'b2')).toMatchObject({ accepted: true })
  expect(await bid(a, lot2!.id, 4_200_000, 'a2')).toMatchObject({ accepted: false, reason: 'deposit-unpaid' })

  // The end passes: each lot closes once, the session closes with the last.
  now = new Date(session.endsAt.getTime() + CLOSE_GRACE_MS + 1000)
  const first = await closeLotIfDue(db, lot1!.id, now)
  expect(first).toMatchObject({ sessionClosed: false })
  expect(await closeLotIfDue(db, lot1!.id, now)).toBeNull()
  // Lot 1 decided, the session still live: c's deposit for lot 1 goes back now, a's stays held for its deal.
  expect((await refundLotDeposits(db, provider, lot1!.id, now)).refunded).toHaveLength(1)
  expect(await lotDepositReport(db, lot1!.id)).toMatchObject({ paid: 2_000_000, refunded: 1_000_000, held: 1_000_000, balanced: true })
  await expect(refundLotDeposits(db, provider, lot2!.id, now)).rejects.toMatchObject({ key: 'lotDeposits.errors.refund-after-lot-close' })
  expect(await closeLotIfDue(db, lot2!.id, now)).toMatchObject({ sessionClosed: true })
  expect((await db.auctionSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe('CLOSED')
  const deals = await db.deal.findMany({ where: { lot: { sessionId: session.id } }, orderBy: { priceFen: 'asc' } })
  expect(deals.map((d) => [d.buyerId, Number(d.priceFen), d.status])).toEqual([
    [a.organizationId, 4_100_000, 'AWAITING_PAYMENT'],
    [b.organizationId, 4_100_000, 'AWAITING_PAYMENT'],
  ])
  const dealOf = (who: typeof a) => deals.find((d) => d.buyerId === who.organizationId)!

  // The losers' deposits left (c's for lot 2) are refunded; winners' deposits stay held.
  const refunds = await refundLosingDeposits(db, provider, null, session.id, now)
  expect(refunds.map((r) => r.status)).toEqual(['REFUNDED'])
  expect(await refundLosingDeposits(db, provider, null, session.id, now)).toEqual([])

  // a pays the balance (price − deposit) before the deadline: its deposit is applied.
  const settled = await startSettlementPayment(db, provider, a, { dealId: dealOf(a).id, card: card() }, now)
  expect(settled.status).toBe('SUCCEEDED')
  const settlement = await db.payment.findFirstOrThrow({ where: { dealId: dealOf(a).id, kind: 'SETTLEMENT' } })
  expect(Number(settlement.amountFen)).toBe(4_100_000 - 1_000_000)

  // b does not pay: after the deadline its deposit is forfeited.
  now = new Date(now.getTime() + (BALANCE_DUE_DAYS + 1) * 86_400_000)
  await forfeitDeposit(db, null, dealOf(b).id, now)
  await mock.provider.webhooksSettled()

  const report = await depositReport(db, session.id)
  expect(report).toMatchObject({ paid: 4_000_000, refunded: 2_000_000, applied: 1_000_000, forfeited: 1_000_000, held: 0, heldByStatus: 0, balanced: true })
  expect(await lotDepositReport(db, lot1!.id)).toMatchObject({ paid: 2_000_000, refunded: 1_000_000, applied: 1_000_000, forfeited: 0, held: 0, balanced: true })
  expect(await lotDepositReport(db, lot2!.id)).toMatchObject({ paid: 2_000_000, refunded: 1_000_000, applied: 0, forfeited: 1_000_000, held: 0, balanced: true })
  expect((await db.deal.findMany({ where: { lot: { sessionId: session.id } }, orderBy: { buyerId: 'asc' } })).map((d) => d.status).sort()).toEqual(['DEFAULTED', 'PAID'])
})
