// Reward payouts: an approved reward is paid to the enterprise through the
// provider, once, whatever the retries.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb } from '~/domain/money.ts'
import { payoutKey, rewardPaymentKey } from '~/domain/payments.ts'
import type { Db } from '~/utils/db.server.ts'
import { PaymentProviderError, type PaymentProvider, type Payout } from '~/utils/payment-provider.server.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { FactSource, PaymentOutcome, applyFact, outcomeOf } from './payment-state.server.ts'

export async function payoutReward(db: Db, provider: PaymentProvider, staff: Principal, rewardId: string, now: Date): Promise<PaymentOutcome> {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.pay-rewards')
  const reward = await db.reward.findUnique({ where: { id: rewardId }, include: { enterprise: true, contract: { select: { bureauId: true } } } })
  if (!reward || reward.contract.bureauId !== bureauIdOf(staff)) throw new ServiceError('not-found', 'reward.not-found')
  if (reward.status !== 'APPROVED') throw new ServiceError('wrong-status', 'payout.not-approved')
  if (reward.isReversal || reward.amountFen <= 0n) throw new ServiceError('invalid', 'payout.amount-not-payable')
  const key = rewardPaymentKey(reward.id)
  const payment = await db.$transaction(async (tx) => {
    const existing = await tx.payment.findUnique({ where: { idempotencyKey: key } })
    if (existing) return existing
    const created = await tx.payment.create({
      data: { kind: 'REWARD_PAYOUT', amountFen: reward.amountFen, currency: 'CNY', rewardId: reward.id, idempotencyKey: key, createdAt: now },
    })
    await audit(tx, { actorId: staff.userId, action: 'payment.create', entityType: 'Payment', entityId: created.id, toStatus: 'REQUIRES_PAYMENT', data: { kind: 'REWARD_PAYOUT', rewardId: reward.id }, at: now })
    return created
  })
  const { payment: attempting } = await applyFact(db, payment.id, 'attempt', { source: 'staff', actorId: staff.userId }, now)
  await sendPayout(db, provider, attempting.id, attempting.attempts + 1, staff.userId, 'provider-response', now)
  const current = await db.payment.findUniqueOrThrow({ where: { id: payment.id } })
  return current.status === 'FAILED'
    ? { paymentId: current.id, status: current.status, declineCode: current.failureReason ?? undefined, message: 'serverText.payment.payoutFailed', params: { reason: current.failureReason ?? '—' } }
    : outcomeOf(current)
}

/**
 * Sends attempt n of a payout under key n and records the answer. Sent again
 * with the same key and body (a reconciliation after a lost answer), the
 * provider replays its first answer, so a payout is never made twice.
 */

export async function sendPayout(db: Db, provider: PaymentProvider, paymentId: string, attempt: number, actorId: string | null, source: FactSource, now: Date): Promise<void> {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { reward: { include: { enterprise: true } } } })
  const reward = payment.reward
  if (!reward) throw new ServiceError('not-found', 'reward.not-found')
  try {
    const payout = await provider.createPayout(
      {
        amount: fenFromDb(payment.amountFen),
        currency: 'CNY',
        destination: `acct_${reward.enterprise.creditCode}`,
        metadata: { paymentId: payment.id, rewardId: reward.id },
      },
      payoutKey(reward.id, attempt),
    )
    await db.payment.update({ where: { id: payment.id }, data: { providerId: payout.id } })
    await applyPayout(db, payment.id, payout, actorId, source, now)
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error
    if (!error.isOutcomeUnknown) {
      await applyFact(db, payment.id, 'failed', { source, actorId, failureReason: error.code }, now)
    }
  }
}

export async function applyPayout(db: Db, paymentId: string, payout: Payout, actorId: string | null, source: FactSource, now: Date): Promise<void> {
  if (payout.status === 'paid') await applyFact(db, paymentId, 'succeeded', { source, actorId }, now)
  if (payout.status === 'failed') await applyFact(db, paymentId, 'failed', { source, actorId, failureReason: payout.failure_code ?? 'payout_failed' }, now)
}
