// Auction fixtures for integration tests: a session, its owner institution, staff, approved bidders with paid
// deposits, lots on it. A bidder with a deposit has paid the deposit of every lot of the session (decision 021: one
// per lot), whichever of the two is made first. Rows are written directly: planning, registering and paying are
// tested through their services elsewhere; these tests are about what happens once they are done.
import type { Principal } from '../../app/domain/access.ts'
import { legacySessionDepositKey, lotDepositKey } from '../../app/domain/payments.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { createPrincipal } from './organizations.ts'
import { register } from './payments.ts'

let counter = 0
const unique = () => `${process.pid}-${Date.now().toString(36)}-${++counter}`

/** The deposit of every fixture lot, in fen. */
export const DEPOSIT_FEN = 10_000_00n

/**
 * A deposit paid (SUCCEEDED) by `payerId`: for one lot (decision 021), or, without `lotId`, a session-wide deposit
 * from before deposits were per lot (still valid for its session).
 */
export function payDeposit(db: Db, of: { sessionId: string; payerId: string; lotId?: string | null; amountFen?: bigint; paidAt?: Date | null }) {
  const { sessionId, payerId, lotId = null } = of
  return db.payment.create({
    data: {
      kind: 'DEPOSIT', status: 'SUCCEEDED', amountFen: of.amountFen ?? DEPOSIT_FEN, payerId, sessionId, lotId, paidAt: of.paidAt ?? null,
      idempotencyKey: lotId ? lotDepositKey(lotId, payerId) : legacySessionDepositKey(sessionId, payerId),
    },
  })
}

/** An enterprise with a login, registered for the session (approved unless said), with its deposit paid for `lotIds`. */
export async function approveBidder(
  db: Db,
  sessionId: string,
  opts: { lotIds?: string[]; status?: 'APPROVED' | 'PENDING'; name?: string; creditCode?: string; email?: string } = {},
): Promise<Principal> {
  const n = unique()
  const { userId, role, organizationId } = await createPrincipal(db, 'ENTERPRISE', {
    name: opts.name ?? `竞买企业${n}`, userName: `b${n}`, creditCode: opts.creditCode ?? `BID${n}`, email: opts.email ?? `b${n}@t.example`,
  })
  await register(db, sessionId, { organizationId }, opts.status ?? 'APPROVED')
  for (const lotId of opts.lotIds ?? []) await payDeposit(db, { sessionId, lotId, payerId: organizationId })
  return { userId, role, organizationId }
}

export type LotOptions = { startsAt: Date; endsAt: Date; status?: 'SCHEDULED' | 'LIVE'; extensionMinutes?: number; reserveFen?: bigint | null }

/** A result of `ownerId` in auction and a lot of it on the session (100,000 yuan to start, 5,000 a step). */
export async function createLot(db: Db, sessionId: string, ownerId: string, opts: LotOptions): Promise<string> {
  const n = ++counter
  const result = await db.researchResult.create({
    data: { ownerId, title: `标的成果${unique()}`, summary: '…', field: 'equipment', ipKind: 'KNOW_HOW', maturity: 'PILOT', contactName: 'x', contactPhone: 'x', status: 'IN_AUCTION' },
  })
  const lot = await db.lot.create({
    data: {
      sessionId, number: n, resultId: result.id, startingPriceFen: 100_000_00n, incrementFen: 5_000_00n, reserveFen: opts.reserveFen ?? null, depositFen: DEPOSIT_FEN,
      startsAt: opts.startsAt, endsAt: opts.endsAt, extensionMinutes: opts.extensionMinutes ?? 5, status: opts.status ?? 'LIVE',
    },
  })
  return lot.id
}

export type AuctionFixture = {
  sessionId: string
  ownerId: string
  owner: Principal
  staff: Principal
  bidder(opts?: { deposit?: boolean; approved?: boolean }): Promise<Principal>
  lot(opts: LotOptions): Promise<string>
}

/** A published session of a bureau (PLANNED unless `status` says), an institution whose results its lots sell. */
export async function createAuctionFixture(
  db: Db,
  sessionWindow: { startsAt: Date; endsAt: Date; status?: 'PLANNED' | 'LIVE' },
): Promise<AuctionFixture> {
  const u = unique()
  const owner = await createPrincipal(db, 'UNIVERSITY', { name: `测试大学${u}`, userName: '成果方', creditCode: `OWN${u}`, county: '西湖区', email: `owner${u}@t.example` })
  const staff = await createPrincipal(db, 'BUREAU', { name: `测试科技局${u}`, userName: '工作人员', creditCode: `BUR${u}`, email: `staff${u}@t.example` })
  const session = await db.auctionSession.create({
    data: { quarter: `T${u}`, title: '测试场次', status: 'PLANNED', ...sessionWindow, bureauId: staff.organizationId, publishedAt: new Date(0), registrationClosesAt: sessionWindow.startsAt },
  })
  const depositors: string[] = []
  const lots: string[] = []
  return {
    sessionId: session.id,
    ownerId: owner.organizationId,
    owner: { userId: owner.userId, role: 'INSTITUTION', organizationId: owner.organizationId },
    staff: { userId: staff.userId, role: 'STAFF', organizationId: staff.organizationId },
    async bidder({ deposit = true, approved = true } = {}) {
      const bidder = await approveBidder(db, session.id, { status: approved ? 'APPROVED' : 'PENDING' })
      if (deposit) {
        depositors.push(bidder.organizationId)
        for (const lotId of lots) await payDeposit(db, { sessionId: session.id, lotId, payerId: bidder.organizationId })
      }
      return bidder
    },
    async lot(opts) {
      const lotId = await createLot(db, session.id, owner.organizationId, opts)
      lots.push(lotId)
      for (const payerId of depositors) await payDeposit(db, { sessionId: session.id, lotId, payerId })
      return lotId
    },
  }
}

/** The deal of a lot won by `buyer` (the lot's close is tested elsewhere); the seller is the owner of the lot's result. */
export async function createDeal(
  db: Db,
  lot: { id: string; resultId: string },
  buyer: { organizationId: string },
  terms: { priceFen: number | bigint; paymentDeadline: Date; createdAt?: Date },
) {
  const { ownerId: sellerId } = await db.researchResult.findUniqueOrThrow({ where: { id: lot.resultId }, select: { ownerId: true } })
  return db.deal.create({
    data: { lotId: lot.id, resultId: lot.resultId, buyerId: buyer.organizationId, sellerId, priceFen: BigInt(terms.priceFen), paymentDeadline: terms.paymentDeadline, createdAt: terms.createdAt },
  })
}
