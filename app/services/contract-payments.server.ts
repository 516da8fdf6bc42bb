// Contract instalments outside auctions: payments the parties report, recorded
// by staff (nothing goes through the provider); each asks for its reward.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { contractPaymentDateProblem } from '~/domain/contracts.ts'
import { checkAmount, contractPaymentKey } from '~/domain/payments.ts'
import type { Db } from '~/utils/db.server.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { queueRewardWork } from './reward-worker.server.ts'

export type ContractPaymentInput = { contractId: string; amountFen: number; currency: string; paidOn: Date; reference: string }

export async function recordContractPayment(db: Db, staff: Principal, input: ContractPaymentInput, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.register-contract-payments')
  const problem = checkAmount(input.amountFen, input.currency)
  if (problem) throw new ServiceError('invalid', problem.message, { field: problem.field === 'amount' ? 'amountFen' : 'currency', params: problem.params })
  const reference = input.reference.trim()
  if (!reference) throw new ServiceError('invalid', 'contract-payment.reference-required', { field: 'reference' })
  const recorded = await db.$transaction(async (tx) => {
    const contract = await tx.contract.findUnique({ where: { id: input.contractId } })
    if (!contract || contract.bureauId !== bureauIdOf(staff)) throw new ServiceError('not-found', 'contract.not-found')
    if (contract.status !== 'ACTIVE') throw new ServiceError('wrong-status', 'contract-payment.contract-cancelled')
    // Our own auction's deals are paid through the platform; a contract from another market's auction reports its instalments.
    if (contract.dealId) throw new ServiceError('not-allowed', 'contract-payment.via-auction')
    const dateProblem = contractPaymentDateProblem(input.paidOn.getTime(), contract.signedOn.getTime(), now.getTime())
    if (dateProblem) throw new ServiceError('invalid', dateProblem.message, { field: 'paidOn', params: dateProblem.params })
    const key = contractPaymentKey(contract.id, reference)
    const existing = await tx.payment.findUnique({ where: { idempotencyKey: key } })
    if (existing) {
      if (fenFromDb(existing.amountFen) === input.amountFen) return { id: existing.id, status: existing.status, duplicate: true }
      throw new ServiceError('conflict', 'contract-payment.reference-other-amount', { field: 'reference' })
    }
    const reported = await tx.payment.aggregate({ where: { contractId: contract.id, kind: 'CONTRACT_INSTALMENT', status: 'SUCCEEDED' }, _sum: { amountFen: true } })
    const total = fenFromDb(reported._sum.amountFen ?? 0n) + input.amountFen
    if (total > fenFromDb(contract.amountFen)) throw new ServiceError('invalid', 'contract-payment.over-contract-amount', { field: 'amountFen' })
    const payment = await tx.payment.create({
      data: {
        kind: 'CONTRACT_INSTALMENT',
        status: 'SUCCEEDED',
        amountFen: fenToDb(input.amountFen),
        currency: 'CNY',
        payerId: contract.buyerId,
        contractId: contract.id,
        idempotencyKey: key,
        paidAt: input.paidOn,
        createdAt: now,
      },
    })
    await audit(tx, {
      actorId: staff.userId,
      action: 'payment.record',
      entityType: 'Payment',
      entityId: payment.id,
      toStatus: 'SUCCEEDED',
      data: { kind: 'CONTRACT_INSTALMENT', amountFen: input.amountFen, reference },
      at: now,
    })
    return { id: payment.id, status: payment.status, duplicate: false }
  })
  // After the commit: the reward job (the sweep catches it if this enqueue is lost).
  await queueRewardWork(db, recorded.id)
  return recorded
}
