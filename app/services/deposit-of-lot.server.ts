// Which deposit stands for an enterprise on a lot (decision 021): its deposit for that lot, or else the
// session-wide deposit it paid before deposits were per lot (valid for every lot of its session). One
// function, used wherever a deposit is applied to a deal, forfeited for it, or counted in its balance.
import { legacySessionDepositKey, lotDepositKey } from '~/domain/payments.ts'
import type { Db, Tx } from '~/utils/db.server.ts'

export async function depositForLot(db: Db | Tx, lot: { id: string; sessionId: string }, enterpriseId: string) {
  const own = await db.payment.findUnique({ where: { idempotencyKey: lotDepositKey(lot.id, enterpriseId) } })
  if (own) return own
  return db.payment.findUnique({ where: { idempotencyKey: legacySessionDepositKey(lot.sessionId, enterpriseId) } })
}
