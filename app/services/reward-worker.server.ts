// Rewards, the worker's use-case: compute or reverse one payment's reward
// under the contract's and the enterprise-year's running totals, locked, and
// what asks for that work (the queue, the sweep). Staff decisions are in
// reward-review.server.ts, what people read in reward-views.server.ts; the rule
// itself is app/domain/rewards.ts.
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
import { shanghaiYear } from '~/domain/calendar.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { depositAppliedToPrice } from '~/domain/payments.ts'
import { computeReversal, countsTowardReward, isRewardableKind, COUNTING_STATUS, computeReward, policyForBureau, type ReversalExplanation, type RewardExplanation, type ContractKind, REWARDABLE_KINDS } from '~/domain/rewards.ts'
import { Prisma, type RewardStatus } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { inPrismaTx, sqlPort, statement, type SqlPort, type SqlTx } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { requestRewardJobs, rewardQueue } from './reward-jobs.server.ts'
import { kickNotificationRelay, notificationInsertSql } from './notifications.server.ts'
import { approvedPolicies, forgetApprovedPolicies, POLICY_GENERATION_SQL, rewardBureauSql, type ApprovedPolicies } from './reward-policies.server.ts'

/** `countsAsPaid` (app/domain/rewards.ts) as a SQL condition on the payment aliased `p`, made from the same table. */
const COUNTS_AS_PAID_SQL = `(${Object.entries(COUNTING_STATUS)
  .map(([kind, status]) => `(p.kind = '${kind}' AND p.status = '${status}')`)
  .join(' OR ')})`

// Long enough for a queue of jobs waiting on one hot enterprise's row.
export const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 }

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
export async function lockContractTotal(tx: SqlTx, contractId: string): Promise<number> {
  const rows = await tx.query(LOCK_CONTRACT_SQL, [contractId])
  return fenFromDb(BigInt(rows[0]!.used as string))
}

export async function lockYearTotal(tx: SqlTx, enterpriseId: string, year: number): Promise<number> {
  const rows = await tx.query(LOCK_YEAR_SQL, [enterpriseId, String(year)])
  return fenFromDb(BigInt(rows[0]!.used as string))
}

export async function addToTotals(tx: Tx, contractId: string, enterpriseId: string, year: number, deltaFen: number): Promise<void> {
  if (deltaFen === 0) return
  const delta = fenToDb(deltaFen)
  await tx.$executeRaw`UPDATE "ContractRewardTotal" SET "rewardedFen" = "rewardedFen" + ${delta} WHERE "contractId" = ${contractId}`
  await tx.$executeRaw`UPDATE "EnterpriseYearRewardTotal" SET "rewardedFen" = "rewardedFen" + ${delta} WHERE "enterpriseId" = ${enterpriseId} AND "year" = ${year}`
}

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
  /** The bureau whose policy decides (rewardBureauSql): the buyer's region's, else the registering bureau. */
  policyBureauId: string | null
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
    'contractKind', c.kind, 'policyGeneration', ${POLICY_GENERATION_SQL}, 'policyBureauId', ${rewardBureauSql('c')},
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
      const policy = policyForBureau(policies.rules, state.policyBureauId, paidAtMs)
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
