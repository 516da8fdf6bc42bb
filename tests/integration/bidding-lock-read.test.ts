// The bid path takes the lots' row locks and reads them in one statement (docs/decisions/010-bid-path-headroom.md).
// A statement that waited for a lock still reads, in its subqueries, the snapshot from before the wait: here
// another transaction (as another server process would) holds the lot, stores a bid and commits while our bids wait,
// and our bids must be decided on what it stored: its bidder's resend gets the first answer, the next bidder is the
// next pseudonym at the next seq. PostgreSQL only (PGlite runs one statement at a time).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { legacySessionDepositKey } from '~/domain/payments.ts'
import { placeBid } from '~/services/bidding.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createTestDatabase } from '../support/database.ts'

let db: Db
let close: () => Promise<void>
let sessionId: string
let ownerId: string
const start = new Date('2026-12-10T01:00:00Z')
const during = (ms: number) => new Date(start.getTime() + ms)

async function approvedBidder(n: number): Promise<Principal> {
  const org = await db.organization.create({ data: { kind: 'ENTERPRISE', name: `竞买企业${n}`, creditCode: `LR${n}`, county: '莲都区' } })
  const user = await db.user.create({ data: { email: `lr${n}@t.example`, name: `b${n}`, role: 'ENTERPRISE', organizationId: org.id, passwordHash: 'x' } })
  await db.registration.create({ data: { sessionId, enterpriseId: org.id, status: 'APPROVED' } })
  await db.payment.create({ data: { kind: 'DEPOSIT', status: 'SUCCEEDED', amountFen: 10_000_00n, payerId: org.id, sessionId, idempotencyKey: legacySessionDepositKey(sessionId, org.id) } })
  return { userId: user.id, role: 'ENTERPRISE', organizationId: org.id }
}

beforeAll(async () => {
  const t = await createTestDatabase()
  db = t.prisma as Db
  close = t.close
  ownerId = (await db.organization.create({ data: { kind: 'UNIVERSITY', name: '浙江大学（测试）', creditCode: 'LROWN', county: '西湖区' } })).id
  const bureauId = (await db.organization.create({ data: { kind: 'BUREAU', name: '丽水市科技局（测试）', creditCode: 'LRBUR', county: '莲都区' } })).id
  sessionId = (await db.auctionSession.create({ data: { bureauId, quarter: '2026Q4', title: 't', startsAt: start, endsAt: during(86_400_000), status: 'LIVE' } })).id
})
afterAll(async () => close?.())

describe.runIf(process.env.DATABASE_URL)('the lock and the read in one statement (PostgreSQL)', () => {
  test('bids that waited for another transaction on the lot are decided on what it committed', async () => {
    const result = await db.researchResult.create({
      data: { ownerId, title: '标的成果', summary: '…', field: 'equipment', ipKind: 'KNOW_HOW', maturity: 'PILOT', contactName: 'x', contactPhone: 'x', status: 'IN_AUCTION' },
    })
    const lot = await db.lot.create({
      data: {
        sessionId, number: 1, resultId: result.id, startingPriceFen: 100_000_00n, incrementFen: 5_000_00n, depositFen: 10_000_00n,
        startsAt: start, endsAt: during(3_600_000), extensionMinutes: 5, status: 'LIVE',
      },
    })
    const [x, y] = [await approvedBidder(1), await approvedBidder(2)]
    let answers: Promise<Awaited<ReturnType<typeof placeBid>>[]> | null = null
    // The other "process": holds the lot's row, stores x's bid (client id 'other-1') as seq 1, and commits while
    // our two bids wait for the lock.
    await db.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe('SELECT id FROM "Lot" WHERE id = $1 FOR UPDATE', lot.id)
        await tx.lotBidder.create({ data: { lotId: lot.id, bidderId: x.organizationId, number: 1 } })
        await tx.bid.create({ data: { lotId: lot.id, bidderId: x.organizationId, amountFen: 100_000_00n, seq: 1, clientBidId: 'other-1', receivedAt: during(1000) } })
        await tx.lot.update({ where: { id: lot.id }, data: { currentPriceFen: 100_000_00n, leaderId: x.organizationId, bidCount: 1, bidderCount: 1, seq: 1 } })
        answers = Promise.all([
          placeBid(db, x, { lotId: lot.id, amountFen: 100_000_00, clientBidId: 'other-1' }, during(1001)),
          placeBid(db, y, { lotId: lot.id, amountFen: 105_000_00, clientBidId: 'mine-1' }, during(1002)),
        ])
        await new Promise((r) => setTimeout(r, 500))
      },
      { timeout: 20_000 },
    )
    const [resend, next] = await answers!
    expect(resend).toMatchObject({ accepted: true, duplicate: true, bid: { seq: 1, bidder: 'A1', amountFen: 100_000_00 } })
    expect(next).toMatchObject({ accepted: true, duplicate: false, bid: { seq: 2, bidder: 'A2', amountFen: 105_000_00 } })
    expect((await db.bid.findMany({ where: { lotId: lot.id }, orderBy: { seq: 'asc' } })).map((b) => [b.seq, b.clientBidId])).toEqual([
      [1, 'other-1'],
      [2, 'mine-1'],
    ])
  }, 60_000)
})
