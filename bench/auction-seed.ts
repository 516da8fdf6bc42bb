// The live-auction benchmark's data: approved bidders with paid deposits, and live lots (bulk SQL through createMany).
import type { Principal } from '../app/domain/access.ts'
// Session-wide deposits (the form from before decision 021, still valid for every lot of their session) keep the
// set-up to one row per bidder; the bid path reads them through the same fragment as per-lot ones.
import { legacySessionDepositKey } from '../app/domain/payments.ts'
import type { Db } from '../app/utils/db.server.ts'

export type LotSpec = { id: string; startingPriceFen: number; incrementFen: number }

export const START_FEN = 100_000_00
export const INCREMENT_FEN = 5_000_00

export type Seeded = { sessionId: string; ownerId: string; bidders: Principal[]; lotCounter: number }

async function chunked<T>(rows: T[], size: number, write: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size))
}

export async function seedBidders(db: Db, count: number): Promise<Seeded> {
  const now = Date.now()
  const owner = await db.organization.create({ data: { kind: 'UNIVERSITY', name: '压测大学', creditCode: 'BENCHOWNER', county: '西湖区' } })
  const bureau = await db.organization.create({ data: { kind: 'BUREAU', name: '压测科技局', creditCode: 'BENCHBUREAU', county: '莲都区' } })
  const session = await db.auctionSession.create({
    data: { bureauId: bureau.id, quarter: 'BENCH', title: '压测场次', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 7 * 86_400_000), status: 'LIVE' },
  })
  const ids = Array.from({ length: count }, (_, i) => i)
  const org = (i: number) => `bench-org-${i}`
  await chunked(ids, 2000, (part) =>
    db.organization.createMany({ data: part.map((i) => ({ id: org(i), kind: 'ENTERPRISE' as const, name: `压测企业${i}`, creditCode: `BENCH${i}`, county: '莲都区' })) }),
  )
  await chunked(ids, 2000, (part) =>
    db.user.createMany({ data: part.map((i) => ({ id: `bench-user-${i}`, email: `b${i}@bench.example`, name: `竞买人${i}`, role: 'ENTERPRISE' as const, organizationId: org(i), passwordHash: 'x' })) }),
  )
  await chunked(ids, 2000, (part) => db.registration.createMany({ data: part.map((i) => ({ sessionId: session.id, enterpriseId: org(i), status: 'APPROVED' as const })) }))
  await chunked(ids, 2000, (part) =>
    db.payment.createMany({
      data: part.map((i) => ({ kind: 'DEPOSIT' as const, status: 'SUCCEEDED' as const, amountFen: 10_000_00n, payerId: org(i), sessionId: session.id, idempotencyKey: legacySessionDepositKey(session.id, org(i)) })),
    }),
  )
  // Statistics as autovacuum would have them on a database that has lived a while: without them the
  // planner reads the deposit check through the session's index and filters every payment of the session.
  await db.$executeRawUnsafe('ANALYZE')
  return {
    sessionId: session.id,
    ownerId: owner.id,
    bidders: ids.map((i) => ({ userId: `bench-user-${i}`, role: 'ENTERPRISE', organizationId: org(i) })),
    lotCounter: 0,
  }
}

export async function seedLots(db: Db, seeded: Seeded, count: number, tag: string): Promise<LotSpec[]> {
  const now = Date.now()
  const numbers = Array.from({ length: count }, () => ++seeded.lotCounter)
  await db.researchResult.createMany({
    data: numbers.map((n) => ({
      id: `bench-result-${n}`, ownerId: seeded.ownerId, title: `压测成果 ${tag} ${n}`, summary: '压测', field: 'equipment', ipKind: 'KNOW_HOW' as const,
      maturity: 'PILOT' as const, contactName: '压测', contactPhone: '0', status: 'IN_AUCTION' as const,
    })),
  })
  await db.lot.createMany({
    data: numbers.map((n) => ({
      id: `bench-lot-${n}`, sessionId: seeded.sessionId, number: n, resultId: `bench-result-${n}`, startingPriceFen: BigInt(START_FEN), incrementFen: BigInt(INCREMENT_FEN),
      depositFen: 10_000_00n, startsAt: new Date(now - 3600_000), endsAt: new Date(now + 86_400_000), extensionMinutes: 5, status: 'LIVE' as const,
    })),
  })
  return numbers.map((n) => ({ id: `bench-lot-${n}`, startingPriceFen: START_FEN, incrementFen: INCREMENT_FEN }))
}
