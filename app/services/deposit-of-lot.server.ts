// Which deposit stands for an enterprise on a lot (decision 021): its deposit for that lot, or else the
// session-wide deposit it paid before deposits were per lot (valid for every lot of its session). One
// function, used wherever a deposit is applied to a deal, forfeited for it, or counted in its balance.
import { fenFromDb } from '~/domain/money.ts'
import { legacySessionDepositKey } from '~/domain/payments.ts'
import type { Db, Tx } from '~/utils/db.server.ts'

/** A lot's own deposit in one of these states stands for it; otherwise a session-wide one, when there is one. */
const STANDING = new Set(['PROCESSING', 'SUCCEEDED', 'APPLIED', 'FORFEITED'])

export async function depositForLot(db: Db | Tx, lot: { id: string; sessionId: string }, enterpriseId: string) {
  // Newest first: a deposit refunded before the lot opened may be followed by a new payment for the same lot.
  const own = await db.payment.findFirst({ where: { kind: 'DEPOSIT', lotId: lot.id, payerId: enterpriseId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
  if (own && STANDING.has(own.status)) return own
  const legacy = await db.payment.findUnique({ where: { idempotencyKey: legacySessionDepositKey(lot.sessionId, enterpriseId) } })
  return legacy ?? own
}

export type DealOfLot = { id: string; buyerId: string; priceFen: bigint; lot: { id: string; sessionId: string } }

/**
 * The deposit that counts toward a deal: the lot's own, or a session-wide one that no other deal of the session has
 * taken (`dealId`: reserved when the first balance checkout counts it, kept when applied or forfeited) and that is
 * not more than the price. So one session-wide deposit counts toward one deal only.
 */
export async function depositForDeal(db: Db | Tx, deal: DealOfLot) {
  const deposit = await depositForLot(db, deal.lot, deal.buyerId)
  if (!deposit || deposit.lotId) return deposit
  if (deposit.dealId !== null && deposit.dealId !== deal.id) return null
  if (deposit.amountFen > deal.priceFen) return null
  return deposit
}

/** What a deposit holds toward a price now, in fen: a succeeded deposit whose refund nobody has asked for. */
export function heldFen(deposit: { status: string; amountFen: bigint; refundRequestedAt: Date | null } | null): number {
  return deposit && deposit.status === 'SUCCEEDED' && deposit.refundRequestedAt === null ? fenFromDb(deposit.amountFen) : 0
}
