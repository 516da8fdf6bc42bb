// Staff decisions on computed rewards: approve or reject, never by the staff
// member who registered the contract nor one related to them (four eyes).
import { fourEyesProblem, isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb } from '~/domain/money.ts'
import type { RewardStatus } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { inPrismaTx } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { notify } from './notifications.server.ts'
import { TX_OPTIONS, addToTotals, lockContractTotal, lockYearTotal } from './reward-worker.server.ts'

export function requireStaff(p: Principal): void {
  if (!isStaff(p)) throw new ServiceError('forbidden', 'staff-only.review-rewards')
}

/**
 * Four eyes (app/domain/access.ts): the decider is not the registrar, and neither created the other's login.
 * The staff rewards page asks this too, and offers 批准/驳回 only when it answers null.
 */
export async function rewardFourEyesProblem(db: Db | Tx, staffUserId: string, registeredById: string | null): Promise<'same-person' | 'created-by' | null> {
  if (!registeredById) return null
  const [decider, registrar] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: staffUserId }, select: { id: true, createdById: true } }),
    db.user.findUnique({ where: { id: registeredById }, select: { id: true, createdById: true } }),
  ])
  return fourEyesProblem({ userId: decider.id, createdById: decider.createdById }, registrar && { userId: registrar.id, createdById: registrar.createdById }) ?? null
}

async function requireFourEyes(tx: Tx, staff: Principal, registeredById: string | null): Promise<void> {
  const problem = await rewardFourEyesProblem(tx, staff.userId, registeredById)
  if (problem === 'same-person') throw new ServiceError('not-allowed', 'reward.four-eyes')
  if (problem === 'created-by') throw new ServiceError('not-allowed', 'reward.four-eyes-created-by')
}

/** Approves a computed reward; the staff member who registered the contract may not (four eyes). */
export async function approveReward(db: Db, staff: Principal, rewardId: string, now: Date) {
  requireStaff(staff)
  return db.$transaction(async (tx) => {
    const reward = await tx.reward.findUnique({ where: { id: rewardId }, include: { contract: { select: { registeredById: true, registrationNo: true, bureauId: true } } } })
    if (!reward || reward.isReversal || reward.contract.bureauId !== bureauIdOf(staff)) throw new ServiceError('not-found', 'reward.not-found')
    if (reward.status !== 'COMPUTED') throw new ServiceError('wrong-status', 'reward.approve-not-computed')
    await requireFourEyes(tx, staff, reward.contract.registeredById)
    const { count } = await tx.reward.updateMany({ where: { id: rewardId, status: 'COMPUTED' }, data: { status: 'APPROVED', decidedById: staff.userId, decidedAt: now } })
    if (count !== 1) throw new ServiceError('conflict', 'reward.changed')
    await audit(tx, { actorId: staff.userId, action: 'reward.approve', entityType: 'Reward', entityId: rewardId, fromStatus: 'COMPUTED', toStatus: 'APPROVED', at: now })
    await notify(tx, { orgIds: [reward.enterpriseId] }, { kind: 'reward-approved', params: { rewardId, amountFen: fenFromDb(reward.amountFen), contractNo: reward.contract.registrationNo }, eventKey: `reward-approved:${rewardId}` }, now)
    return { id: rewardId, status: 'APPROVED' as RewardStatus }
  })
}

/**
 * Rejects a computed reward with a reason. A rejected reward is not paid, so
 * it gives its cap room back (under the same locks as the worker).
 */

export async function rejectReward(db: Db, staff: Principal, rewardId: string, reason: string, now: Date) {
  requireStaff(staff)
  const note = reason.trim()
  if (note.length < 2) throw new ServiceError('reason-required', 'reward.reject-reason-required', { field: 'reason' })
  const head = await db.reward.findUnique({ where: { id: rewardId }, select: { contractId: true, contract: { select: { bureauId: true } } } })
  if (!head || head.contract.bureauId !== bureauIdOf(staff)) throw new ServiceError('not-found', 'reward.not-found')
  return db.$transaction(async (tx) => {
    await lockContractTotal(inPrismaTx(tx), head.contractId)
    const reward = await tx.reward.findUnique({ where: { id: rewardId }, include: { contract: { select: { registeredById: true, registrationNo: true } } } })
    if (!reward || reward.isReversal) throw new ServiceError('not-found', 'reward.not-found')
    if (reward.status !== 'COMPUTED') throw new ServiceError('wrong-status', 'reward.reject-not-computed')
    await requireFourEyes(tx, staff, reward.contract.registeredById)
    await lockYearTotal(inPrismaTx(tx), reward.enterpriseId, reward.year)
    await tx.reward.update({ where: { id: rewardId }, data: { status: 'REJECTED', decidedById: staff.userId, decidedAt: now, decisionNote: note } })
    await addToTotals(tx, reward.contractId, reward.enterpriseId, reward.year, -fenFromDb(reward.amountFen))
    await audit(tx, { actorId: staff.userId, action: 'reward.reject', entityType: 'Reward', entityId: rewardId, fromStatus: 'COMPUTED', toStatus: 'REJECTED', reason: note, at: now })
    await notify(tx, { orgIds: [reward.enterpriseId] }, { kind: 'reward-rejected', params: { rewardId, amountFen: fenFromDb(reward.amountFen), contractNo: reward.contract.registrationNo, reason: note }, eventKey: `reward-rejected:${rewardId}` }, now)
    return { id: rewardId, status: 'REJECTED' as RewardStatus }
  }, TX_OPTIONS)
}
