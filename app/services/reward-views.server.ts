// What people read about rewards: the staff list, an enterprise's rewards with
// its yearly total against the cap, and the finance office's exports.
import type { Principal } from '~/domain/access.ts'
import { fenFromDb } from '~/domain/money.ts'
import { policyForBureau, type ReversalExplanation, type RewardExplanation } from '~/domain/rewards.ts'
import { Prisma, type RewardStatus } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { approvedPolicies } from './reward-policies.server.ts'
import { bureauOfOrganization, readableBureau, readScopeOf } from './bureaus.server.ts'

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
  readScopeOf(staff)
  const where: Prisma.RewardWhereInput = { contract: readableBureau(staff), ...(filters.status ? { status: filters.status } : {}), ...(filters.year ? { year: filters.year } : {}), ...(filters.policy ? { policyId: filters.policy } : {}) }
  const page = Math.max(1, filters.page ?? 1)
  const [total, rows, pending] = await Promise.all([
    db.reward.count({ where }),
    db.reward.findMany({ where, include: rowInclude, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], skip: (page - 1) * PAGE, take: PAGE }),
    db.reward.count({ where: { status: 'COMPUTED', contract: readableBureau(staff) } }),
  ])
  return { total, pending, rewards: rows.map(toRow) }
}

/** The enterprise's own rewards with their explanations, and each year's net total against the cap. */
export async function enterpriseRewards(db: Db, enterprise: Principal, now: Date) {
  if (enterprise.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.rewards')
  const [rows, totals, policies, bureauId] = await Promise.all([
    db.reward.findMany({ where: { enterpriseId: enterprise.organizationId }, include: rowInclude, orderBy: [{ createdAt: 'desc' }, { isReversal: 'desc' }] }),
    db.enterpriseYearRewardTotal.findMany({ where: { enterpriseId: enterprise.organizationId }, orderBy: { year: 'desc' } }),
    approvedPolicies(db),
    bureauOfOrganization(db, enterprise.organizationId),
  ])
  const current = policyForBureau(policies.rules, bureauId, now.getTime())
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

export type RewardExportRow = {
  rewardId: string
  /** A reversal entry rather than a reward (the export says 冲销 / 奖励 in the reader's language). */
  isReversal: boolean
  enterprise: string
  creditCode: string
  contractNo: string
  viaAuction: boolean
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
  readScopeOf(staff)
  if (!(from.getTime() < to.getTime())) throw new ServiceError('invalid', 'period.from-after-to', { field: 'from' })
  const rows = await db.reward.findMany({
    where: { createdAt: { gte: from, lt: to }, contract: readableBureau(staff) },
    include: { enterprise: { select: { name: true, creditCode: true } }, contract: { select: { registrationNo: true, viaAuction: true } }, policy: { select: { name: true } }, decidedBy: { select: { name: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map((r) => {
    const e = r.explanation as unknown as RewardExplanation | ReversalExplanation
    return {
      rewardId: r.id,
      isReversal: r.isReversal,
      enterprise: r.enterprise.name,
      creditCode: r.enterprise.creditCode,
      contractNo: r.contract.registrationNo,
      viaAuction: r.contract.viaAuction,
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
  readScopeOf(staff)
  const [rows, totals] = await Promise.all([
    db.reward.findMany({ where: { year, contract: readableBureau(staff) }, include: { enterprise: { select: { name: true, creditCode: true } } } }),
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
