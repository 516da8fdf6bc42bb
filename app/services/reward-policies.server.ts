// Reward policies as data staff change: each change is a new version of a
// bureau's policy with its own validity, proposed by one staff member and
// approved by another (four eyes); an approved version is never edited, so a
// reward keeps the terms it was computed with. The reward worker reads the
// approved versions through `approvedPolicies` and checks, inside each reward
// transaction, that no version was approved since it read them
// (docs/decisions/008-reward-policy-versions.md). The rules are in
// app/domain/rewards.ts.
import { fourEyesProblem, isStaff, readsStaffPages, type Principal } from '~/domain/access.ts'
import { formatCalendarDate, shanghaiCalendarDate } from '~/domain/calendar.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import type { RuleKey } from '~/domain/rule-message.ts'
import { overlappingOtherPolicy, policyTermsProblems, type ContractKind, type PolicyTerms, type RewardPolicyRule } from '~/domain/rewards.ts'
import { voucherTermsOf, voucherTermsProblems, type VoucherTerms } from '~/domain/vouchers.ts'
import { Prisma, type PolicyStatus, type RewardPolicy } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'

export function policyRule(p: RewardPolicy): RewardPolicyRule {
  return {
    id: p.id,
    name: p.name,
    version: p.version,
    authority: p.authority,
    validFromMs: p.validFrom.getTime(),
    validToMs: p.validTo?.getTime() ?? null,
    rateOutsideAuctionBp: p.rateOutsideAuctionBp,
    rateViaAuctionBp: p.rateViaAuctionBp,
    capPerContractFen: fenFromDb(p.capPerContractFen),
    capPerEnterpriseYearFen: fenFromDb(p.capPerEnterpriseYearFen),
    contractKinds: p.contractKinds,
    bureauId: p.bureauId,
  }
}

/**
 * The bureau whose policy decides a contract's rewards (decision 016): the bureau of the buying enterprise's
 * region, else (a buyer of no bureau's region) the bureau that registered the contract. `c` is the contract's alias.
 */
export function rewardBureauSql(c: string): string {
  return `coalesce((SELECT k."bureauId" FROM "Organization" o JOIN "County" k ON k.id = o."countyId" WHERE o.id = ${c}."buyerId"), ${c}."bureauId")`
}

// ---------------------------------------------------------------------------
// What the reward worker reads.

/**
 * The generation of the approved versions: how many there are. Versions are
 * never deleted nor un-approved, so it grows with every approval; the reward
 * transaction reads it (app/services/rewards.server.ts STATE_SQL) and starts
 * over with fresh versions when it differs from the cached one.
 */
export const POLICY_GENERATION_SQL = `(SELECT count(*)::int FROM "RewardPolicy" WHERE status = 'APPROVED')`

export type ApprovedPolicies = { generation: number; rules: RewardPolicyRule[] }
const cache = new WeakMap<object, Promise<ApprovedPolicies>>()

/** The approved versions, cached per client until a reward transaction sees a newer generation. */
export function approvedPolicies(db: Db): Promise<ApprovedPolicies> {
  let hit = cache.get(db)
  if (!hit) {
    hit = db.rewardPolicy.findMany({ where: { status: 'APPROVED' } }).then((rows) => ({ generation: rows.length, rules: rows.map(policyRule) }))
    hit.catch(() => cache.delete(db))
    cache.set(db, hit)
  }
  return hit
}

/** Drops the cache (a reward transaction saw another generation). */
export function forgetApprovedPolicies(db: Db): void {
  cache.delete(db)
}

// ---------------------------------------------------------------------------
// Staff: propose, approve, reject.

export type PolicyProposal = PolicyTerms & {
  /** An existing policy's name (a new version of it) or a new name (its version 1). */
  name: string
  basis: string
  /** The version's innovation voucher terms (decision 018); left out, the latest approved version's carry over. */
  voucher?: VoucherTerms | null
}

/** A version's voucher terms (null: the version has no vouchers). */
export function policyVoucherTerms(p: Pick<RewardPolicy, 'voucherCapEnterpriseFen' | 'voucherCapEntrepreneurFen' | 'voucherShareBp'>): VoucherTerms | null {
  return voucherTermsOf({ voucherCapEnterpriseFen: fenFromDb(p.voucherCapEnterpriseFen), voucherCapEntrepreneurFen: fenFromDb(p.voucherCapEntrepreneurFen), voucherShareBp: p.voucherShareBp })
}

function voucherTermsToDb(v: VoucherTerms | null) {
  return {
    voucherCapEnterpriseFen: v ? fenToDb(v.capEnterpriseFen) : null,
    voucherCapEntrepreneurFen: v ? fenToDb(v.capEntrepreneurFen) : null,
    voucherShareBp: v ? v.shareBp : null,
  }
}

function requireStaff(p: Principal): void {
  if (!isStaff(p)) throw new ServiceError('forbidden', 'staff-only.policies')
}

const FIELD_OF: Record<keyof PolicyTerms, string> = {
  validFromMs: 'validFrom',
  validToMs: 'validTo',
  rateOutsideAuctionBp: 'rateOutside',
  rateViaAuctionBp: 'rateVia',
  capPerContractFen: 'capPerContract',
  capPerEnterpriseYearFen: 'capPerEnterpriseYear',
  contractKinds: 'contractKinds',
}

/** A new version (the next number of its policy, or version 1 of a new policy of the staff member's bureau), awaiting approval. */
/** A version's terms as the database stores them. */
function policyTermsToDb(t: PolicyTerms) {
  return {
    validFrom: new Date(t.validFromMs),
    validTo: t.validToMs === null ? null : new Date(t.validToMs),
    rateOutsideAuctionBp: t.rateOutsideAuctionBp,
    rateViaAuctionBp: t.rateViaAuctionBp,
    capPerContractFen: fenToDb(t.capPerContractFen),
    capPerEnterpriseYearFen: fenToDb(t.capPerEnterpriseYearFen),
    contractKinds: [...t.contractKinds],
  }
}

export async function proposePolicyVersion(db: Db, staff: Principal, input: PolicyProposal, now: Date) {
  requireStaff(staff)
  const name = input.name.trim()
  if (name.length < 2 || name.length > 80) throw new ServiceError('invalid', 'policy.name-length', { field: 'name' })
  const basis = input.basis.trim()
  if (basis.length < 2 || basis.length > 500) throw new ServiceError('invalid', 'policy.basis-required', { field: 'basis' })
  const problem = Object.entries(policyTermsProblems(input))[0] as [keyof PolicyTerms, RuleKey] | undefined
  if (problem) throw new ServiceError('invalid', problem[1], { field: FIELD_OF[problem[0]] })
  if (input.voucher && voucherTermsProblems(input.voucher).length > 0) throw new ServiceError('invalid', 'vouchers.errors.policyTerms', { field: 'voucherShare' })
  const bureau = await db.organization.findUnique({ where: { id: staff.organizationId }, select: { id: true, name: true, kind: true } })
  if (bureau?.kind !== 'BUREAU') throw new ServiceError('forbidden', 'policy.bureau-staff-only')
  try {
    return await db.$transaction(async (tx) => {
      const latest = await tx.rewardPolicy.findFirst({ where: { name }, orderBy: { version: 'desc' } })
      if (latest && latest.bureauId !== bureau.id) throw new ServiceError('forbidden', 'policy.other-bureau', { field: 'name' })
      const approved = input.voucher === undefined ? await tx.rewardPolicy.findFirst({ where: { name, status: 'APPROVED' }, orderBy: { version: 'desc' } }) : null
      const voucher = input.voucher === undefined ? (approved ? policyVoucherTerms(approved) : null) : input.voucher
      const row = await tx.rewardPolicy.create({
        data: {
          name,
          version: (latest?.version ?? 0) + 1,
          authority: latest?.authority ?? bureau.name,
          bureauId: bureau.id,
          ...policyTermsToDb(input),
          ...voucherTermsToDb(voucher),
          status: 'PROPOSED',
          basis,
          proposedById: staff.userId,
          createdAt: now,
        },
      })
      await audit(tx, {
        actorId: staff.userId,
        action: 'policy.propose',
        entityType: 'RewardPolicy',
        entityId: row.id,
        toStatus: 'PROPOSED',
        reason: basis,
        data: { name, version: row.version, previousVersionId: latest?.id ?? null, terms: policyTerms(row) },
        at: now,
      })
      return row
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ServiceError('conflict', 'policy.version-taken', { field: 'name' })
    throw error
  }
}

/** A version's terms, as its audit entry records them and the staff's page shows them. */
function policyTerms(p: RewardPolicy) {
  return {
    validFrom: p.validFrom.toISOString(),
    validTo: p.validTo?.toISOString() ?? null,
    rateOutsideAuctionBp: p.rateOutsideAuctionBp,
    rateViaAuctionBp: p.rateViaAuctionBp,
    capPerContractFen: fenFromDb(p.capPerContractFen),
    capPerEnterpriseYearFen: fenFromDb(p.capPerEnterpriseYearFen),
    contractKinds: p.contractKinds as ContractKind[],
    voucher: policyVoucherTerms(p),
  }
}

/** The version a decision is about, checked: proposed, of the decider's bureau, and decided by a second person. */
async function decidable(tx: Tx, staff: Principal, policyId: string) {
  const version = await tx.rewardPolicy.findUnique({ where: { id: policyId } })
  if (!version) throw new ServiceError('not-found', 'policy.not-found')
  if (version.status !== 'PROPOSED') throw new ServiceError('wrong-status', 'policy.not-proposed')
  if (version.bureauId !== staff.organizationId) throw new ServiceError('forbidden', 'policy.decide-own-bureau')
  const [decider, proposer] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: staff.userId }, select: { id: true, createdById: true } }),
    version.proposedById ? tx.user.findUnique({ where: { id: version.proposedById }, select: { id: true, createdById: true } }) : null,
  ])
  const problem = fourEyesProblem({ userId: decider.id, createdById: decider.createdById }, proposer && { userId: proposer.id, createdById: proposer.createdById })
  if (problem === 'same-person') throw new ServiceError('not-allowed', 'policy.four-eyes')
  if (problem === 'created-by') throw new ServiceError('not-allowed', 'policy.four-eyes-created-by')
  return version
}

/**
 * Rewards already computed, under another version, for payments dated within
 * this version's validity: approving it would leave them under terms that are
 * no longer the ones in force at their payment's date. (A deposit is paid
 * toward the price on the auction contract's date, as the worker counts it.)
 */
async function rewardsDatedWithin(tx: Tx, version: RewardPolicy): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Reward" r
    JOIN "Payment" p ON p.id = r."paymentId" JOIN "Contract" c ON c.id = r."contractId"
    WHERE r."isReversal" = false AND r."policyId" <> ${version.id}
      AND (${version.bureauId}::text IS NULL OR ${Prisma.raw(rewardBureauSql('c'))} = ${version.bureauId}::text)
      AND (CASE WHEN p.kind = 'DEPOSIT' THEN c."signedOn" ELSE coalesce(p."paidAt", p."createdAt") END) >= ${version.validFrom}
      AND (${version.validTo}::timestamptz IS NULL OR (CASE WHEN p.kind = 'DEPOSIT' THEN c."signedOn" ELSE coalesce(p."paidAt", p."createdAt") END) < ${version.validTo}::timestamptz)`
  return row?.n ?? 0
}

export async function approvePolicyVersion(db: Db, staff: Principal, policyId: string, now: Date) {
  requireStaff(staff)
  return db.$transaction(async (tx) => {
    const version = await decidable(tx, staff, policyId)
    const approved = (await tx.rewardPolicy.findMany({ where: { status: 'APPROVED' } })).map(policyRule)
    const other = overlappingOtherPolicy(policyRule(version), approved)
    if (other) throw new ServiceError('conflict', 'policy.overlaps-other', { params: { name: other.name, version: other.version } })
    const computed = await rewardsDatedWithin(tx, version)
    if (computed > 0) {
      throw new ServiceError('conflict', 'policy.rewards-within', { params: { count: computed, day: formatCalendarDate(shanghaiCalendarDate(now.getTime() + 86_400_000)) } })
    }
    const { count } = await tx.rewardPolicy.updateMany({ where: { id: policyId, status: 'PROPOSED' }, data: { status: 'APPROVED', decidedById: staff.userId, decidedAt: now } })
    if (count !== 1) throw new ServiceError('conflict', 'policy.changed')
    await audit(tx, { actorId: staff.userId, action: 'policy.approve', entityType: 'RewardPolicy', entityId: policyId, fromStatus: 'PROPOSED', toStatus: 'APPROVED', data: { name: version.name, version: version.version }, at: now })
    return { id: policyId, status: 'APPROVED' as PolicyStatus }
  })
}

export async function rejectPolicyVersion(db: Db, staff: Principal, policyId: string, reason: string, now: Date) {
  requireStaff(staff)
  const note = reason.trim()
  if (note.length < 2) throw new ServiceError('reason-required', 'policy.reject-reason-required', { field: 'reason' })
  return db.$transaction(async (tx) => {
    const version = await decidable(tx, staff, policyId)
    const { count } = await tx.rewardPolicy.updateMany({ where: { id: policyId, status: 'PROPOSED' }, data: { status: 'REJECTED', decidedById: staff.userId, decidedAt: now, decisionNote: note } })
    if (count !== 1) throw new ServiceError('conflict', 'policy.changed')
    await audit(tx, { actorId: staff.userId, action: 'policy.reject', entityType: 'RewardPolicy', entityId: policyId, fromStatus: 'PROPOSED', toStatus: 'REJECTED', reason: note, data: { name: version.name, version: version.version }, at: now })
    return { id: policyId, status: 'REJECTED' as PolicyStatus }
  })
}

// ---------------------------------------------------------------------------
// The staff page.

export async function policiesPage(db: Db, staff: Principal) {
  // Read by staff and the province (decision 016); deciding asks isStaff.
  if (!readsStaffPages(staff)) throw new ServiceError('forbidden', 'staff-only.policies')
  const [rows, counts, me] = await Promise.all([
    db.rewardPolicy.findMany({
      orderBy: [{ name: 'asc' }, { version: 'desc' }],
      include: { bureau: { select: { name: true } }, proposedBy: { select: { name: true, createdById: true } }, decidedBy: { select: { name: true } } },
    }),
    db.reward.groupBy({ by: ['policyId'], where: { isReversal: false }, _count: { _all: true } }),
    db.user.findUnique({ where: { id: staff.userId }, select: { createdById: true } }),
  ])
  const rewardsOf = new Map(counts.map((c) => [c.policyId, c._count._all]))
  const versions = rows.map((p) => {
    const fourEyes = fourEyesProblem({ userId: staff.userId, createdById: me?.createdById ?? null }, p.proposedById ? { userId: p.proposedById, createdById: p.proposedBy?.createdById ?? null } : null)
    return {
      id: p.id,
      name: p.name,
      version: p.version,
      authority: p.authority,
      bureau: p.bureau?.name ?? null,
      ownBureau: p.bureauId === staff.organizationId,
      ...policyTerms(p),
      status: p.status,
      basis: p.basis,
      proposedBy: p.proposedBy?.name ?? null,
      decidedBy: p.decidedBy?.name ?? null,
      decidedAt: p.decidedAt?.toISOString() ?? null,
      decisionNote: p.decisionNote,
      rewards: rewardsOf.get(p.id) ?? 0,
      /** Why this staff member may not decide it, or null when they may. */
      cannotDecide: p.status !== 'PROPOSED' ? 'decided' : !isStaff(staff) || p.bureauId !== staff.organizationId ? 'other-bureau' : fourEyes,
    }
  })
  return { versions }
}

// ---------------------------------------------------------------------------
// The seed's policies (prisma/seed.ts, and the tests' factory).

export type SeedPolicy = Omit<PolicyProposal, 'basis'> & { authority: string; bureauId: string | null }

function sameTerms(row: RewardPolicy, p: SeedPolicy): boolean {
  return (
    row.validFrom.getTime() === p.validFromMs &&
    (row.validTo?.getTime() ?? null) === p.validToMs &&
    row.rateOutsideAuctionBp === p.rateOutsideAuctionBp &&
    row.rateViaAuctionBp === p.rateViaAuctionBp &&
    fenFromDb(row.capPerContractFen) === p.capPerContractFen &&
    fenFromDb(row.capPerEnterpriseYearFen) === p.capPerEnterpriseYearFen &&
    [...row.contractKinds].sort().join() === [...p.contractKinds].sort().join() &&
    JSON.stringify(policyVoucherTerms(row)) === JSON.stringify(p.voucher ?? null)
  )
}

/**
 * The seed's policy as the latest approved version of its name: nothing when
 * it already is; a new version when the seed's terms changed (the version that
 * computed past rewards stays as it was). Audited as the seed's doing.
 */
export async function ensureSeedPolicy(db: Db, p: SeedPolicy, now: Date): Promise<RewardPolicy> {
  return db.$transaction(async (tx) => {
    const latest = await tx.rewardPolicy.findFirst({ where: { name: p.name, status: 'APPROVED' }, orderBy: { version: 'desc' } })
    if (latest && sameTerms(latest, p)) return latest
    const last = await tx.rewardPolicy.findFirst({ where: { name: p.name }, orderBy: { version: 'desc' }, select: { version: true } })
    const row = await tx.rewardPolicy.create({
      data: {
        name: p.name,
        version: (last?.version ?? 0) + 1,
        authority: p.authority,
        bureauId: p.bureauId,
        ...policyTermsToDb(p),
        ...voucherTermsToDb(p.voucher ?? null),
        status: 'APPROVED',
        basis: latest ? '演示数据中的政策条款已更新' : '演示数据',
        decidedAt: now,
        createdAt: now,
      },
    })
    await audit(tx, { actorId: null, action: 'policy.seed', entityType: 'RewardPolicy', entityId: row.id, toStatus: 'APPROVED', reason: row.basis, data: { name: row.name, version: row.version, previousVersionId: latest?.id ?? null, terms: policyTerms(row) }, at: now })
    return row
  })
}
