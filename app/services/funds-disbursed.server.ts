// Funds disbursed (兑付率, issue 14 item 6; decision 020). Every policy payment due to an enterprise, read from the
// records at query time (never a stored total): rewards (due when approved, paid when their payout succeeded),
// vouchers (the voucher part of a delivered booking: due at delivery, paid when its payout succeeded) and the
// subsidies of bureau-funded challenges (due at the award, paid when staff recorded it). For a period [from, to):
// due = what fell due before `to` and was not already paid before `from` (arrears carried in count); paid = the part
// of that paid before `to`; rate = paid / due. Staff see their bureau's, the province every bureau's.
import type { Principal } from '~/domain/access.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { readScopeOf } from './bureaus.server.ts'

/** Due and unpaid this many days is late: the 30 days the State Council's 保障中小企业款项支付条例 gives public bodies to pay an SME. */
export const LATE_AFTER_DAYS = 30
const DAY_MS = 86_400_000

export const FUND_KINDS = ['REWARD', 'VOUCHER', 'CHALLENGE_SUBSIDY'] as const
export type FundKind = (typeof FUND_KINDS)[number]

export type FundFigure = { key: string; label: string; dueFen: number; paidFen: number; items: number; paidItems: number; rateBp: number | null }
export type LateItem = { kind: FundKind; id: string; bureau: string; enterprise: string; county: string; amountFen: number; dueAt: string; approvedAt: string | null; daysOverdue: number }
export type FundsTarget = { campaignId: string; campaign: string; bureauId: string; bureau: string; targetBp: number; targetOn: string; rateBp: number | null; met: boolean }
export type FundsDisbursed = {
  from: string
  to: string
  asOf: string
  lateAfterDays: number
  total: FundFigure
  byBureau: FundFigure[]
  byCounty: FundFigure[]
  byKind: FundFigure[]
  late: LateItem[]
  targets: FundsTarget[]
}

/** paid / due in basis points, rounded down (so 74.99 % never shows as meeting 75 %); null when nothing was due. */
export function rateBp(paidFen: number, dueFen: number): number | null {
  return dueFen > 0 ? Math.floor((paidFen * 10_000) / dueFen) : null
}

/** Every policy payment due to an enterprise, one row each: kind, bureau, enterprise, amount, due, approved, paid. */
const ITEMS = Prisma.sql`
  SELECT 'REWARD' AS kind, r.id, c."bureauId", r."enterpriseId", r."amountFen" AS amount, r."decidedAt" AS "dueAt", r."decidedAt" AS "approvedAt",
    (SELECT min(p."paidAt") FROM "Payment" p WHERE p."rewardId" = r.id AND p.kind = 'REWARD_PAYOUT' AND p.status = 'SUCCEEDED') AS "paidAt"
  FROM "Reward" r JOIN "Contract" c ON c.id = r."contractId"
  WHERE NOT r."isReversal" AND r.status IN ('APPROVED', 'PAID') AND r."decidedAt" IS NOT NULL AND r."amountFen" > 0
  UNION ALL
  SELECT 'VOUCHER', b.id, b."bureauId", b."holderId", b."voucherFen", b."deliveredAt", b."deliveredAt",
    (SELECT min(p."paidAt") FROM "Payment" p WHERE p."voucherBookingId" = b.id AND p.kind = 'VOUCHER_PAYOUT' AND p.status = 'SUCCEEDED')
  FROM "VoucherBooking" b
  WHERE b.status = 'DELIVERED' AND b."voucherFen" > 0 AND b."deliveredAt" IS NOT NULL
  UNION ALL
  SELECT 'CHALLENGE_SUBSIDY', ch.id, CASE WHEN o.kind = 'BUREAU' THEN o.id ELSE oc."bureauId" END, a."applicantId", ch."subsidyFen", ch."subsidyDueOn", ch."awardedAt", ch."subsidyPaidAt"
  FROM "Challenge" ch
    JOIN "ChallengeApplication" a ON a."challengeId" = ch.id AND a.status = 'SELECTED'
    JOIN "TechnicalNeed" n ON n.id = ch."needId" JOIN "Organization" o ON o.id = n."enterpriseId" LEFT JOIN "County" oc ON oc.id = o."countyId"
  WHERE ch."fundedByBureau" AND ch."subsidyFen" > 0 AND ch."subsidyDueOn" IS NOT NULL`

/** The items a reader sees, with the enterprise's county (its County row, else the text it wrote) and the bureau's name. */
function scoped(viewer: Principal) {
  const scope = readScopeOf(viewer)
  const where = scope.all ? Prisma.empty : Prisma.sql`WHERE i."bureauId" = ${scope.bureauId}`
  return Prisma.sql`
    SELECT i.*, coalesce(ec.name, e.county) AS county, e.name AS enterprise, coalesce(bo.name, '') AS bureau
    FROM (${ITEMS}) i JOIN "Organization" e ON e.id = i."enterpriseId" LEFT JOIN "County" ec ON ec.id = e."countyId"
      LEFT JOIN "Organization" bo ON bo.id = i."bureauId"
    ${where}`
}

type Row = { key: string | null; label: string | null; due: bigint | null; paid: bigint | null; items: bigint | number | null; paid_items: bigint | number | null }

function figure(r: Row): FundFigure {
  const dueFen = Number(r.due ?? 0)
  const paidFen = Number(r.paid ?? 0)
  return { key: r.key ?? '', label: r.label ?? '', dueFen, paidFen, items: Number(r.items ?? 0), paidItems: Number(r.paid_items ?? 0), rateBp: rateBp(paidFen, dueFen) }
}

/** The figures of [from, to) for the reader, and what is late at `asOf` = the earlier of `to` and now. */
export async function fundsDisbursed(db: Db, viewer: Principal, period: { from: Date; to: Date }, now: Date): Promise<FundsDisbursed> {
  const { from, to } = period
  const asOf = new Date(Math.min(to.getTime(), now.getTime()))
  const lateBefore = new Date(asOf.getTime() - LATE_AFTER_DAYS * DAY_MS)
  // In the period: due before `to`, not paid before `from`; paid counts only when paid before `to`.
  const inPeriod = Prisma.sql`
    SELECT s.*, CASE WHEN s."paidAt" < ${to} THEN s.amount ELSE 0 END AS paid_amount, CASE WHEN s."paidAt" < ${to} THEN 1 ELSE 0 END AS paid_one
    FROM (${scoped(viewer)}) s WHERE s."dueAt" < ${to} AND (s."paidAt" IS NULL OR s."paidAt" >= ${from})`
  const sums = Prisma.sql`sum(amount)::bigint AS due, sum(paid_amount)::bigint AS paid, count(*)::bigint AS items, sum(paid_one)::bigint AS paid_items`
  const scope = readScopeOf(viewer)
  const [total, byBureau, byCounty, byKind, late, campaigns] = await Promise.all([
    db.$queryRaw<Row[]>`SELECT '' AS key, '' AS label, ${sums} FROM (${inPeriod}) t`,
    db.$queryRaw<Row[]>`SELECT coalesce("bureauId", '') AS key, bureau AS label, ${sums} FROM (${inPeriod}) t GROUP BY "bureauId", bureau ORDER BY bureau`,
    db.$queryRaw<Row[]>`SELECT county AS key, county AS label, ${sums} FROM (${inPeriod}) t GROUP BY county ORDER BY county`,
    db.$queryRaw<Row[]>`SELECT kind AS key, kind AS label, ${sums} FROM (${inPeriod}) t GROUP BY kind ORDER BY kind`,
    db.$queryRaw<{ kind: FundKind; id: string; bureau: string; enterprise: string; county: string; amount: bigint; dueAt: Date; approvedAt: Date | null }[]>`
      SELECT kind, id, bureau, enterprise, county, amount, "dueAt", "approvedAt" FROM (${scoped(viewer)}) s
      WHERE s."dueAt" <= ${lateBefore} AND (s."paidAt" IS NULL OR s."paidAt" >= ${asOf})
      ORDER BY s."dueAt", s.id`,
    db.campaign.findMany({
      where: { ...(scope.all ? {} : { bureauId: scope.bureauId }), startsOn: { lt: to }, endsOn: { gte: from } },
      select: { id: true, name: true, bureauId: true, fundsTargetBp: true, fundsTargetOn: true, bureau: { select: { name: true } } },
      orderBy: [{ startsOn: 'asc' }, { name: 'asc' }],
    }),
  ])
  const bureauFigures = byBureau.map(figure)
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    asOf: asOf.toISOString(),
    lateAfterDays: LATE_AFTER_DAYS,
    total: figure(total[0] ?? { key: '', label: '', due: null, paid: null, items: null, paid_items: null }),
    byBureau: bureauFigures,
    byCounty: byCounty.map(figure),
    byKind: byKind.map(figure),
    late: late.map((l) => ({
      kind: l.kind,
      id: l.id,
      bureau: l.bureau,
      enterprise: l.enterprise,
      county: l.county,
      amountFen: Number(l.amount),
      dueAt: l.dueAt.toISOString(),
      approvedAt: l.approvedAt?.toISOString() ?? null,
      daysOverdue: Math.floor((asOf.getTime() - l.dueAt.getTime()) / DAY_MS) - LATE_AFTER_DAYS,
    })),
    targets: campaigns.map((c) => {
      const rate = bureauFigures.find((b) => b.key === c.bureauId)?.rateBp ?? null
      return { campaignId: c.id, campaign: c.name, bureauId: c.bureauId, bureau: c.bureau.name, targetBp: c.fundsTargetBp, targetOn: c.fundsTargetOn.toISOString(), rateBp: rate, met: rate !== null && rate >= c.fundsTargetBp }
    }),
  }
}
