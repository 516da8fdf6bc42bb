// The bid path takes the lots' row locks and reads them in one statement (docs/decisions/010-bid-path-headroom.md).
// A statement that waited for a lock still reads, in its subqueries, the snapshot from before the wait: here
// another transaction (as another server process would) holds the lot, stores a bid and commits while our bids wait,
// and our bids must be decided on what it stored: its bidder's resend gets the first answer, the next bidder is the
// next pseudonym at the next seq. PostgreSQL only (PGlite runs one statement at a time).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { placeBid } from '~/services/bidding.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { approveBidder, createAuctionFixture, payDeposit, type AuctionFixture } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'

let db: Db
let close: () => Promise<void>
let fx: AuctionFixture
const start = new Date('2026-12-10T01:00:00Z')
const during = (ms: number) => new Date(start.getTime() + ms)

/** Approved, with a session-wide deposit from before deposits were per lot (still valid for its session). */
async function approvedBidder(): Promise<Principal> {
  const bidder = await approveBidder(db, fx.sessionId)
  await payDeposit(db, { sessionId: fx.sessionId, payerId: bidder.organizationId })
  return bidder
}

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  fx = await createAuctionFixture(db, { startsAt: start, endsAt: during(86_400_000), status: 'LIVE' })
})
afterAll(async () => close?.())

describe.runIf(process.env.DATABASE_URL)('the lock and the read in one statement (PostgreSQL)', () => {
  test('bids that waited for another transaction on the lot are decided on what it committed', async () => {
    const lotId = await fx.lot({ startsAt: start, endsAt: during(3_600_000) })
    const [x, y] = [await approvedBidder(), await approvedBidder()]
    let answers: Promise<Awaited<ReturnType<typeof placeBid>>[]> | null = null
    // The other "process": holds the lot's row, stores x's bid (client id 'other-1') as seq 1, and commits while
    // our two bids wait for the lock.
    await db.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe('SELECT id FROM "Lot" WHERE id = $1 FOR UPDATE', lotId)
        await tx.lotBidder.create({ data: { lotId, bidderId: x.organizationId, number: 1 } })
        await tx.bid.create({ data: { lotId, bidderId: x.organizationId, amountFen: 100_000_00n, seq: 1, clientBidId: 'other-1', receivedAt: during(1000) } })
        await tx.lot.update({ where: { id: lotId }, data: { currentPriceFen: 100_000_00n, leaderId: x.organizationId, bidCount: 1, bidderCount: 1, seq: 1 } })
        answers = Promise.all([
          placeBid(db, x, { lotId, amountFen: 100_000_00, clientBidId: 'other-1' }, during(1001)),
          placeBid(db, y, { lotId, amountFen: 105_000_00, clientBidId: 'mine-1' }, during(1002)),
        ])
        await new Promise((r) => setTimeout(r, 500))
      },
      { timeout: 20_000 },
    )
    const [resend, next] = await answers!
    expect(resend).toMatchObject({ accepted: true, duplicate: true, bid: { seq: 1, bidder: 'A1', amountFen: 100_000_00 } })
    expect(next).toMatchObject({ accepted: true, duplicate: false, bid: { seq: 2, bidder: 'A2', amountFen: 105_000_00 } })
    expect((await db.bid.findMany({ where: { lotId }, orderBy: { seq: 'asc' } })).map((b) => [b.seq, b.clientBidId])).toEqual([
      [1, 'other-1'],
      [2, 'mine-1'],
    ])
  }, 60_000)
})
