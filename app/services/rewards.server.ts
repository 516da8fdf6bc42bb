// Rewards: the worker's use-case (compute or reverse one payment's reward
// under the contract's and the enterprise-year's running totals, locked),
// staff approval with four eyes, what the enterprise sees, the sweep, and the
// exports. The rule itself is app/domain/rewards.ts.
//
// Locking (docs/decisions/006-rewards.md): each reward transaction first
// locks the contract's total row, then the enterprise-year's, always in that
// order (a contract belongs to one enterprise, so no two transactions can
// wait on each other in a cycle). It reads the payment, the contract and the
// reward rows only after holding the contract lock, so a refund or a
// cancellation committed before it is seen, and one committed after it finds
// the reward and reverses it. Under READ COMMITTED each statement sees what
// was committed before it, so the totals read under the lock are exact.
import { randomBytes } from 'node:crypto'
import { fourEyesProblem, isStaff, type Principal } from '~/domain/access.ts'
import { shanghaiYear } from '~/domain/calendar.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { depositAppliedToPrice } from '~/domain/payments.ts'
import {
  computeReversal,
  countsTowardReward,
  isRewardableKind,
  REWARDABLE_KINDS,
  COUNTING_STATUS,
  computeReward,
  policyInForce,
  type ReversalExplanation,
  type RewardExplanation,
  type ContractKind,
} from '~/domain/rewards.ts'
import { Prisma, type RewardStatus } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { inPrismaTx, sqlPort, statement, type SqlPort, type SqlTx } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { requestRewardJobs, rewardQueue } from './reward-jobs.server.ts'
import { kickNotificationRelay, notificationInsertSql, notify } from './notifications.server.ts'
import { approvedPolicies, forgetApprovedPolicies, POLICY_GENERATION_SQL, type ApprovedPolicies } from './reward-policies.server.ts'

/** `countsAsPaid` (app/domain/rewards.ts) as a SQL condition on the payment aliased `p`, made from the same table. */
const COUNTS_AS_PAID_SQL = `(${Object.entries(COUNTING_STATUS)
  .map(([kind, status]) => `(p.kind = '${kind}' AND p.status = '${status}')`)
  .join(' OR ')})`

// Long enough for a queue of jobs waiting on one hot enterprise's row.
const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 }

// ---------------------------------------------------------------------------
// The running totals, locked.

// The statements the reward transactions share (one text each, run on the process's SQL port,
// app/utils/sql.server.ts, or inside a Prisma transaction).
// Amounts go in and out as text, so no driver rounds or re-types them.
const LOCK_CONTRACT_SQL = statement(`
  INSERT INTO "ContractRewardTotal" ("contractId", "rewardedFen") VALUES ($1, 0)
  ON CONFLICT ("contractId") DO UPDATE SET "rewardedFen" = "ContractRewardTotal"."rewardedFen"
  RETURNING "rewardedFen"::text AS used`, 'reward-lock-contract')
const LOCK_YEAR_SQL = statement(`
  INSERT INTO "EnterpriseYearRewardTotal" ("enterpriseId", "year", "rewardedFen") VALUES ($1, $2::int, 0)
  ON CONFLICT ("enterpriseId", "year") DO UPDATE SET "rewardedFen" = "EnterpriseYearRewardTotal"."rewardedFen"
  RETURNING "rewardedFen"::text AS used`, 'reward-lock-year')

/** Locks (creating if needed) the contract's total row and returns its value. */
async function lockContractTotal(tx: SqlTx, contractId: string): Promise<number> {
  const rows = await tx.query(LOCK_CONTRACT_SQL, [contractId])
  return fenFromDb(BigInt(rows[0]!.used as string))
}

async function lockYearTotal(tx: SqlTx, enterpriseId: string, year: number): Promise<number> {
  const rows = await tx.query(LOCK_YEAR_SQL, [enterpriseId, String(year)])
  return fenFromDb(BigInt(rows[0]!.used as string))
}

async function addToTotals(tx: Tx, contractId: string, enterpriseId: string, year: number, deltaFen: number): Promise<void> {
  if (deltaFen === 0) return
  const delta = fenToDb(deltaFen)
  await tx.$executeRaw`UPDATE "ContractRewardTotal" SET "rewardedFen" = "rewardedFen" + ${delta} WHERE "contractId" = ${contractId}`
  await tx.$executeRaw`UPDATE "EnterpriseYearRewardTotal" SET "rewardedFen" = "rewardedFen" + ${delta} WHERE "enterpriseId" = ${enterpriseId} AND "year" = ${year}`
}

// ---------------------------------------------------------------------------
// The worker's use-case.

export type SettleOutcome =
  | { outcome: 'rewarded'; rewardId: string; amountFen: number }
  | { outcome: 'reversed'; rewardId: string; amountFen: number }
  | { outcome: 'unchanged' | 'not-rewardable' | 'no-policy' | 'duplicate' }
  | { outcome: 'unknown-payment' }

/**
 * Brings one payment's reward in line with the payment: a payment that counts
 * (paid, contract active) and has no reward gets one; a rewarded payment that
 * no longer counts (refunded, contract cancelled) gets its opposite entry.
 * Anything else changes nothing, so the job can run any number of times.
 */
type StoredReward = { id: string; isReversal: boolean; status: RewardStatus; amountFen: number; enterpriseId: string; year: number; policyId: string; explanation: RewardExplanation }
type State = {
  kind: string
  status: string
  amountFen: number
  paidAt: string | null
  createdAt: string
  buyerId: string
  signedOn: string
  contractStatus: string
  viaAuction: boolean
  contractKind: ContractKind
  contractAmountFen: number
  /** The approved policy versions' generation (app/services/reward-policies.server.ts), read in the same statement. */
  policyGeneration: number
  rewards: StoredReward[] | null
}

// Rows come back as one JSON text column, so both drivers hand over the same values.
// The first statement finds the payment's contract and locks its total (a payment's contract never changes once set).
const LOCK_CONTRACT_OF_PAYMENT_SQL = statement(`
  INSERT INTO "ContractRewardTotal" ("contractId", "rewardedFen")
  SELECT p."contractId", 0 FROM "Payment" p WHERE p.id = $1 AND p."contractId" IS NOT NULL
  ON CONFLICT ("contractId") DO UPDATE SET "rewardedFen" = "ContractRewardTotal"."rewardedFen"
  RETURNING "contractId", "rewardedFen"::text AS used`, 'reward-lock-contract-of-payment')
const STATE_SQL = statement(`
  SELECT json_build_object(
    'kind', p.kind, 'status', p.status, 'paidAt', p."paidAt", 'createdAt', p."createdAt", 'buyerId', c."buyerId", 'signedOn', c."signedOn", 'amountFen', p."amountFen", 'contractStatus', c.status, 'viaAuction', c."viaAuction", 'contractAmountFen', c."amountFen",
    'contractKind', c.kind, 'policyGeneration', ${POLICY_GENERATION_SQL},
    'rewards', (SELECT json_agg(json_build_object('id', r.id, 'isReversal', r."isReversal", 'status', r.status, 'amountFen', r."amountFen",
                  'enterpriseId', r."enterpriseId", 'year', r.year, 'policyId', r."policyId", 'explanation', r.explanation))
                FROM "Reward" r WHERE r."paymentId" = p.id))::text AS j
  FROM "Payment" p JOIN "Contract" c ON c.id = p."contractId" WHERE p.id = $1`, 'reward-state')
// The reward, both running totals and the audit entry, in one statement.
const WRITE_REWARD_SQL = statement(`
  WITH r AS (
    INSERT INTO "Reward" (id, "paymentId", "isReversal", "contractId", "enterpriseId", "policyId", year, "amountFen", explanation, status, "createdAt")
    VALUES ($1, $2, false, $3, $4, $5, $6::int, $7::bigint, $8::jsonb, 'COMPUTED', $9::timestamptz)
    RETURNING id
  ), c AS (
    UPDATE "ContractRewardTotal" SET "rewardedFen" = "rewardedFen" + $7::bigint WHERE "contractId" = $3
  ), y AS (
    UPDATE "EnterpriseYearRewardTotal" SET "rewardedFen" = "rewardedFen" + $7::bigint WHERE "enterpriseId" = $4 AND year = $6::int
  ), n AS (
    ${notificationInsertSql({
      kind: 'reward-computed',
      params: `jsonb_build_object('rewardId', $1::text, 'amountFen', $7::bigint, 'contractNo', (SELECT "registrationNo" FROM "Contract" WHERE id = $3))`,
      eventKey: `'reward-computed:' || $1`,
      at: '$9::timestamptz',
      users: 'u."organizationId" = $4',
    })}
  )
  INSERT INTO "AuditLog" (id, at, "actorId", action, "entityType", "entityId", "toStatus", data)
  SELECT $10, $9::timestamptz, NULL, 'reward.computed', 'Reward', r.id, 'COMPUTED', $11::jsonb FROM r
  RETURNING "entityId"`, 'reward-write')

const PAYMENT_EXISTS_SQL = statement('SELECT 1 AS one FROM "Payment" WHERE id = $1', 'reward-payment-exists')

function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2002' || (error.code === 'P2010' && /23505/.test(error.message))
  // From the SQL port (node-postgres and PGlite both carry PostgreSQL's SQLSTATE).
  return (error as { code?: unknown } | null)?.code === '23505'
}

function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`
}

function jsonRow<T>(rows: Record<string, unknown>[]): T | undefined {
  const j = rows[0]?.j
  return typeof j === 'string' ? (JSON.parse(j) as T) : undefined
}

/**
 * Brings one payment's reward in line with the payment: a payment that counts
 * (paid, contract active) and has no reward gets one; a rewarded payment that
 * no longer counts (refunded, contract cancelled) gets its opposite entry.
 * Anything else changes nothing, so the job can run any number of times.
 *
 * A new reward is four statements in one transaction: lock the contract's
 * total, read the payment's state (after the lock), lock the enterprise-year's
 * total, write the reward with both totals and the audit entry. `sql` runs
 * them (the process's SQL port, app/utils/sql.server.ts). Reversals are rare and take the Prisma path.
 */
export async function settlePaymentReward(db: Db, paymentId: string, now: Date, sql: SqlPort = sqlPort(db)): Promise<SettleOutcome> {
  // A version approved since the cached ones were read shows as another generation inside the transaction: start over.
  for (let attempt = 1; ; attempt++) {
    const outcome = await settleOnce(db, paymentId, now, sql, await approvedPolicies(db))
    if (outcome.outcome !== 'stale-policies') return outcome
    forgetApprovedPolicies(db)
    if (attempt >= 3) throw new Error('reward policies keep changing; the job will be retried')
  }
}

async function settleOnce(db: Db, paymentId: string, now: Date, sql: SqlPort, policies: ApprovedPolicies): Promise<SettleOutcome | { outcome: 'stale-policies' }> {
  let outcome: SettleOutcome | { outcome: 'needs-reversal'; contractId: string } | { outcome: 'no-contract' } | { outcome: 'stale-policies' }
  try {
    outcome = await sql.transaction(async (tx) => {
      const [locked] = await tx.query(LOCK_CONTRACT_OF_PAYMENT_SQL, [paymentId])
      if (!locked) return { outcome: 'no-contract' as const }
      const contractId = locked.contractId as string
      const contractUsed = fenFromDb(BigInt(locked.used as string))
      // Read after the lock: a refund or a cancellation committed before we got it is seen here.
      const state = jsonRow<State>(await tx.query(STATE_SQL, [paymentId]))
      if (!state || !isRewardableKind(state.kind)) return { outcome: 'not-rewardable' as const }
      const kind = state.kind
      const counts = countsTowardReward(state, state.contractStatus)
      const rewards = state.rewards ?? []
      const original = rewards.find((r) => !r.isReversal)
      if (!counts && original && !rewards.some((r) => r.isReversal) && original.status !== 'REJECTED') return { outcome: 'needs-reversal' as const, contractId }
      if (!counts || original) return { outcome: 'unchanged' as const }
      if (state.policyGeneration !== policies.generation) return { outcome: 'stale-policies' as const }

      // A deposit is paid toward the price when it is applied, i.e. when the deal is paid (the auction contract's date).
      const paidAtMs = Date.parse(kind === 'DEPOSIT' ? state.signedOn : (state.paidAt ?? state.createdAt))
      const paidFen = kind === 'DEPOSIT' ? depositAppliedToPrice(state.contractAmountFen, state.amountFen) : state.amountFen
      const policy = policyInForce(policies.rules, paidAtMs)
      if (!policy) return { outcome: 'no-policy' as const }
      const year = shanghaiYear(paidAtMs)
      const yearUsed = await lockYearTotal(tx, state.buyerId, year)
      const explanation = computeReward({ policy, viaAuction: state.viaAuction, contractKind: state.contractKind, paidFen, contractUsedFen: contractUsed, enterpriseYearUsedFen: yearUsed, year })
      const rewardId = newId('rw')
      await tx.query(WRITE_REWARD_SQL, [
        rewardId,
        paymentId,
        contractId,
        state.buyerId,
        policy.id,
        String(year),
        String(explanation.amountFen),
        JSON.stringify(explanation),
        now.toISOString(),
        newId('al'),
        JSON.stringify({ paymentId, amountFen: explanation.amountFen, limitedBy: explanation.limitedBy }),
      ])
      kickNotificationRelay()
      return { outcome: 'rewarded' as const, rewardId, amountFen: explanation.amountFen }
    })
  } catch (error) {
    // Cannot happen while the contract lock is held, but the key is the last word.
    if (isUniqueViolation(error)) return { outcome: 'duplicate' }
    throw error
  }
  if (outcome.outcome === 'needs-reversal') return reversePaymentReward(db, paymentId, outcome.contractId, now)
  if (outcome.outcome === 'no-contract') {
    // Rare: tell a payment that does not exist (the job can never succeed) from one with no contract (nothing to reward).
    const exists = await sql.query(PAYMENT_EXISTS_SQL, [paymentId])
    return { outcome: exists.length ? 'not-rewardable' : 'unknown-payment' }
  }
  return outcome
}

/** The opposite entry of a payment's reward, if it still needs one (decided again under the lock). */
async function reversePaymentReward(db: Db, paymentId: string, contractId: string, now: Date): Promise<SettleOutcome> {
  try {
    return await db.$transaction(async (tx) => {
      const contractUsed = await lockContractTotal(inPrismaTx(tx), contractId)
      const [payment, contract, rewards] = await Promise.all([
        tx.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { kind: true, status: true } }),
        tx.contract.findUniqueOrThrow({ where: { id: contractId }, select: { status: true } }),
        tx.reward.findMany({ where: { paymentId } }),
      ])
      const counts = countsTowardReward(payment, contract.status)
      const original = rewards.find((r) => !r.isReversal)
      if (counts || !original || rewards.some((r) => r.isReversal) || original.status === 'REJECTED') return { outcome: 'unchanged' as const }
      const cause: ReversalExplanation['cause'] = contract.status !== 'ACTIVE' ? 'contract-cancelled' : payment.status === 'REFUNDED' ? 'payment-refunded' : 'payment-not-counted'
      const yearUsed = await lockYearTotal(inPrismaTx(tx), original.enterpriseId, original.year)
      const was = original.explanation as unknown as RewardExplanation
      const explanation = computeReversal({
        rewardId: original.id,
        rewardAmountFen: fenFromDb(original.amountFen),
        cause,
        capPerContractFen: was.contractCap.capFen,
        capPerEnterpriseYearFen: was.enterpriseYearCap.capFen,
        contractUsedFen: contractUsed,
        enterpriseYearUsedFen: yearUsed,
        year: original.year,
      })
      const entry = await tx.reward.create({
        data: {
          paymentId,
          isReversal: true,
          contractId,
          enterpriseId: original.enterpriseId,
          policyId: original.policyId,
          year: original.year,
          amountFen: fenToDb(explanation.amountFen),
          explanation: explanation as unknown as Prisma.InputJsonValue,
          status: 'REVERSED',
          createdAt: now,
        },
      })
      // Not yet paid: the reward itself is void. Already paid: it stays PAID and the opposite entry is what the enterprise owes back.
      // (Either of the two, re-checked by the UPDATE: an approval committed since our read is covered too.)
      await tx.reward.updateMany({ where: { id: original.id, status: { in: ['COMPUTED', 'APPROVED'] } }, data: { status: 'REVERSED' } })
      await addToTotals(tx, contractId, original.enterpriseId, original.year, explanation.amountFen)
      await audit(tx, {
        actorId: null,
        action: 'reward.reversed',
        entityType: 'Reward',
        entityId: original.id,
        fromStatus: original.status,
        toStatus: original.status === 'PAID' ? 'PAID' : 'REVERSED',
        reason: cause,
        data: { paymentId, reversalId: entry.id, amountFen: explanation.amountFen },
        at: now,
      })
      return { outcome: 'reversed' as const, rewardId: entry.id, amountFen: explanation.amountFen }
    }, TX_OPTIONS)
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: 'duplicate' }
    throw error
  }
}

/** After a payment's change is committed: asks for reward work on every payment of its contract (job ids de-duplicate). */
export async function queueRewardWork(db: Db, paymentId: string): Promise<number> {
  if (!rewardQueue()) return 0
  const payment = await db.payment.findUnique({ where: { id: paymentId }, select: { contractId: true } })
  if (!payment?.contractId) return 0
  return queueContractRewardWork(db, payment.contractId)
}

export async function queueContractRewardWork(db: Db, contractId: string): Promise<number> {
  if (!rewardQueue()) return 0
  const contract = await db.contract.findUnique({
    where: { id: contractId },
    select: { status: true, payments: { where: { kind: { in: [...REWARDABLE_KINDS] } }, select: { id: true, kind: true, status: true } } },
  })
  if (!contract) return 0
  const requests = contract.payments.flatMap((p): { paymentId: string; op: 'reward' | 'reversal' }[] => {
    const counts = countsTowardReward(p, contract.status)
    if (counts) return [{ paymentId: p.id, op: 'reward' }]
    if (contract.status !== 'ACTIVE' || p.status === 'REFUNDED') return [{ paymentId: p.id, op: 'reversal' }]
    return []
  })
  return requestRewardJobs(requests)
}

/**
 * Payments whose reward is not in line with them: counted but not rewarded,
 * or rewarded but no longer counted and not reversed. The database decides,
 * so a lost enqueue is found whatever happened to the queue.
 */
export async function paymentsNeedingRewardWork(db: Db | Tx, limit = 1_000): Promise<{ paymentId: string; op: 'reward' | 'reversal' }[]> {
  const rows = await db.$queryRaw<{ id: string; op: 'reward' | 'reversal' }[]>`
    SELECT p.id, 'reward' AS op FROM "Payment" p JOIN "Contract" c ON c.id = p."contractId"
    WHERE c.status = 'ACTIVE'
      AND ${Prisma.raw(COUNTS_AS_PAID_SQL)}
      AND NOT EXISTS (SELECT 1 FROM "Reward" r WHERE r."paymentId" = p.id AND r."isReversal" = false)
    UNION ALL
    SELECT r."paymentId" AS id, 'reversal' AS op FROM "Reward" r JOIN "Payment" p ON p.id = r."paymentId" JOIN "Contract" c ON c.id = r."contractId"
    WHERE r."isReversal" = false AND r.status <> 'REJECTED'
      AND NOT EXISTS (SELECT 1 FROM "Reward" x WHERE x."paymentId" = r."paymentId" AND x."isReversal" = true)
      AND (c.status <> 'ACTIVE' OR NOT ${Prisma.raw(COUNTS_AS_PAID_SQL)})
    LIMIT ${limit}`
  return rows.map((r) => ({ paymentId: r.id, op: r.op }))
}

/** The scheduled sweep: enqueues work for every payment that needs it, under ids of this round. */
export async function sweepRewards(db: Db, now: Date): Promise<number> {
  const work = await paymentsNeedingRewardWork(db)
  const round = `s${now.getTime()}`
  return requestRewardJobs(work.map((w) => ({ ...w, round })))
}

// ---------------------------------------------------------------------------
// Staff decisions.

function requireStaff(p: Principal): void {
  if (!isStaff(p)) throw new ServiceError('forbidden', 'staff-only.review-rewards')
}

/** Four eyes (app/domain/access.ts): the decider is not the registrar, and neither created the other's login. */
async function requireFourEyes(tx: Tx, staff: Principal, registeredById: string | null): Promise<void> {
  if (!registeredById) return
  const [decider, registrar] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: staff.userId }, select: { id: true, createdById: true } }),
    tx.user.findUnique({ where: { id: registeredById }, select: { id: true, createdById: true } }),
  ])
  const problem = fourEyesProblem({ userId: decider.id, createdById: decider.createdById }, registrar && { userId: registrar.id, createdById: registrar.createdById })
  if (problem === 'same-person') throw new ServiceError('not-allowed', 'reward.four-eyes')
  if (problem === 'created-by') throw new ServiceError('not-allowed', 'reward.four-eyes-created-by')
}

/** Approves a computed reward; the staff member who registered the contract may not (four eyes). */
export async function approveReward(db: Db, staff: Principal, rewardId: string, now: Date) {
  requireStaff(staff)
  return db.$transaction(async (tx) => {
    const reward = await tx.reward.findUnique({ where: { id: rewardId }, include: { contract: { select: { registeredById: true, registrationNo: true } } } })
    if (!reward || reward.isReversal) throw new ServiceError('not-found', 'reward.not-found')
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
  const head = await db.reward.findUnique({ where: { id: rewardId }, select: { contractId: true } })
  if (!head) throw new ServiceError('not-found', 'reward.not-found')
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

// ---------------------------------------------------------------------------
// What people see.

export type RewardRow = {
  id: string
  paymentId: string
  isReversal: boolean
  enterprise: string
  enterpriseId: string
  contractNo: string
  contractId: string
  viaAuction: boolean
  registeredById: string | null
  year: number
  amountFen: number
  status: RewardStatus
  explanation: RewardExplanation | ReversalExplanation
  decidedBy: string | null
  decisionNote: string | null
  payoutStatus: string | null
  payoutFailure: string | null
  createdAt: string
}

const rowInclude = {
  enterprise: { select: { name: true } },
  contract: { select: { registrationNo: true, viaAuction: true, registeredById: true } },
  decidedBy: { select: { name: true } },
  payout: { select: { status: true, failureReason: true } },
} satisfies Prisma.RewardInclude

function toRow(r: Prisma.RewardGetPayload<{ include: typeof rowInclude }>): RewardRow {
  return {
    id: r.id,
    paymentId: r.paymentId,
    isReversal: r.isReversal,
    enterprise: r.enterprise.name,
    enterpriseId: r.enterpriseId,
    contractNo: r.contract.registrationNo,
    contractId: r.contractId,
    viaAuction: r.contract.viaAuction,
    registeredById: r.contract.registeredById,
    year: r.year,
    amountFen: fenFromDb(r.amountFen),
    status: r.status,
    explanation: r.explanation as unknown as RewardExplanation | ReversalExplanation,
    decidedBy: r.decidedBy?.name ?? null,
    decisionNote: r.decisionNote,
    payoutStatus: r.payout?.status ?? null,
    payoutFailure: r.payout?.failureReason ?? null,
    createdAt: r.createdAt.toISOString(),
  }
}

export type RewardFilters = { status?: RewardStatus; year?: number; page?: number; policy?: string }
const PAGE = 50

/** Staff's reward queue: computed rewards first, then the rest, newest first. */
export async function listRewards(db: Db, staff: Principal, filters: RewardFilters = {}) {
  requireStaff(staff)
  const where: Prisma.RewardWhereInput = { ...(filters.status ? { status: filters.status } : {}), ...(filters.year ? { year: filters.year } : {}), ...(filters.policy ? { policyId: filters.policy } : {}) }
  const page = Math.max(1, filters.page ?? 1)
  const [total, rows, pending] = await Promise.all([
    db.reward.count({ where }),
    db.reward.findMany({ where, include: rowInclude, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], skip: (page - 1) * PAGE, take: PAGE }),
    db.reward.count({ where: { status: 'COMPUTED' } }),
  ])
  return { total, pending, rewards: rows.map(toRow) }
}

/** The enterprise's own rewards with their explanations, and each year's net total against the cap. */
export async function enterpriseRewards(db: Db, enterprise: Principal, now: Date) {
  if (enterprise.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.rewards')
  const [rows, totals, policies] = await Promise.all([
    db.reward.findMany({ where: { enterpriseId: enterprise.organizationId }, include: rowInclude, orderBy: [{ createdAt: 'desc' }, { isReversal: 'desc' }] }),
    db.enterpriseYearRewardTotal.findMany({ where: { enterpriseId: enterprise.organizationId }, orderBy: { year: 'desc' } }),
    approvedPolicies(db),
  ])
  const current = policyInForce(policies.rules, now.getTime())
  const years = totals.map((t) => {
    const ofYear = rows.filter((r) => r.year === t.year)
    const capFen = (ofYear.find((r) => !r.isReversal)?.explanation as unknown as RewardExplanation | undefined)?.enterpriseYearCap.capFen ?? current?.capPerEnterpriseYearFen ?? 0
    return {
      year: t.year,
      /** Net of reversals and rejections: what counts against the cap. */
      countedFen: fenFromDb(t.rewardedFen),
      capFen,
      paidFen: ofYear.filter((r) => !r.isReversal && r.status === 'PAID').reduce((s, r) => s + fenFromDb(r.amountFen), 0),
    }
  })
  return { rewards: rows.map(toRow), years }
}

// ---------------------------------------------------------------------------
// Exports for the finance office.

export type RewardExportRow = {
  rewardId: string
  entry: '奖励' | '冲销'
  enterprise: string
  creditCode: string
  contractNo: string
  viaAuction: '是' | '否'
  year: number
  baseFen: number | null
  rateBp: number | null
  amountFen: number
  status: RewardStatus
  policy: string
  computedAt: string
  decidedBy: string
  note: string
}

/** Every reward and reversal entry created in [from, to). */
export async function rewardsForPeriod(db: Db, staff: Principal, from: Date, to: Date): Promise<RewardExportRow[]> {
  requireStaff(staff)
  if (!(from.getTime() < to.getTime())) throw new ServiceError('invalid', 'period.from-after-to', { field: 'from' })
  const rows = await db.reward.findMany({
    where: { createdAt: { gte: from, lt: to } },
    include: { enterprise: { select: { name: true, creditCode: true } }, contract: { select: { registrationNo: true, viaAuction: true } }, policy: { select: { name: true } }, decidedBy: { select: { name: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map((r) => {
    const e = r.explanation as unknown as RewardExplanation | ReversalExplanation
    return {
      rewardId: r.id,
      entry: r.isReversal ? '冲销' : '奖励',
      enterprise: r.enterprise.name,
      creditCode: r.enterprise.creditCode,
      contractNo: r.contract.registrationNo,
      viaAuction: r.contract.viaAuction ? '是' : '否',
      year: r.year,
      baseFen: e.kind === 'reward' ? e.baseFen : null,
      rateBp: e.kind === 'reward' ? e.rateBp : null,
      amountFen: fenFromDb(r.amountFen),
      status: r.status,
      policy: r.policy.name,
      computedAt: r.createdAt.toISOString(),
      decidedBy: r.decidedBy?.name ?? '',
      note: r.decisionNote ?? '',
    }
  })
}

export type YearSummaryRow = {
  enterpriseId: string
  enterprise: string
  creditCode: string
  year: number
  contracts: number
  computedFen: number
  reversedFen: number
  rejectedFen: number
  countedFen: number
  approvedFen: number
  paidFen: number
  capFen: number
  leftFen: number
}

/** One row per enterprise with rewards in the year: gross, reversed, rejected, net against the cap, paid. */
export async function yearlySummary(db: Db, staff: Principal, year: number): Promise<YearSummaryRow[]> {
  requireStaff(staff)
  const [rows, totals] = await Promise.all([
    db.reward.findMany({ where: { year }, include: { enterprise: { select: { name: true, creditCode: true } } } }),
    db.enterpriseYearRewardTotal.findMany({ where: { year } }),
  ])
  const byEnterprise = new Map<string, YearSummaryRow & { contractIds: Set<string> }>()
  for (const r of rows) {
    let s = byEnterprise.get(r.enterpriseId)
    if (!s) {
      const total = totals.find((t) => t.enterpriseId === r.enterpriseId)
      s = {
        enterpriseId: r.enterpriseId,
        enterprise: r.enterprise.name,
        creditCode: r.enterprise.creditCode,
        year,
        contracts: 0,
        computedFen: 0,
        reversedFen: 0,
        rejectedFen: 0,
        countedFen: total ? fenFromDb(total.rewardedFen) : 0,
        approvedFen: 0,
        paidFen: 0,
        capFen: 0,
        leftFen: 0,
        contractIds: new Set(),
      }
      byEnterprise.set(r.enterpriseId, s)
    }
    const amount = fenFromDb(r.amountFen)
    s.contractIds.add(r.contractId)
    if (r.isReversal) s.reversedFen += amount
    else {
      s.computedFen += amount
      if (r.status === 'REJECTED') s.rejectedFen += amount
      if (r.status === 'APPROVED') s.approvedFen += amount
      if (r.status === 'PAID') s.paidFen += amount
      s.capFen = Math.max(s.capFen, (r.explanation as unknown as RewardExplanation).enterpriseYearCap.capFen)
    }
  }
  return [...byEnterprise.values()]
    .map(({ contractIds, ...s }) => ({ ...s, contracts: contractIds.size, leftFen: Math.max(0, s.capFen - s.countedFen) }))
    .sort((a, b) => b.countedFen - a.countedFen || a.enterprise.localeCompare(b.enterprise, 'zh-CN'))
}
