// The staff home page's figures (issue 14 item 7; decision 020): the bureau's campaign (coverage per county,
// requests open / overdue / closed, satisfaction), funds disbursed (funds-disbursed.server.ts) and the marketplace's
// own figures (published listings, interests, sessions, deals, premium over the start price, rewards against the
// caps). Everything is counted from the records when asked; the reports (reports.server.ts) use the same function.
import { isProvince, type Principal } from '~/domain/access.ts'
import { shanghaiYear } from '~/domain/calendar.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { MarketplaceFigures } from '~/utils/dashboard-rows.ts'
import type { Db } from '~/utils/db.server.ts'
import { readScopeOf } from './bureaus.server.ts'
import { campaignCoverage } from './campaign-coverage.server.ts'
import { fundsDisbursed } from './funds-disbursed.server.ts'

export type Period = { from: Date; to: Date }

/** Records of the reader's bureau: `column` holds a bureau id (nothing filtered for the province). */
function bureauIs(viewer: Principal, column: Prisma.Sql) {
  const scope = readScopeOf(viewer)
  return scope.all ? Prisma.sql`TRUE` : Prisma.sql`${column} = ${scope.bureauId}`
}

/** The bureau an organisation belongs to, as SQL over an "Organization" alias `o` and its "County" alias `oc`. */
const ORG_BUREAU = Prisma.sql`CASE WHEN o.kind = 'BUREAU' THEN o.id ELSE oc."bureauId" END`

const n = (v: bigint | number | null | undefined) => Number(v ?? 0)

/** The marketplace in the period: listings published by its end (still public), interests, sessions, deals; rewards of the period's year. */
export async function marketplaceFigures(db: Db, viewer: Principal, { from, to }: Period): Promise<MarketplaceFigures> {
  const year = shanghaiYear(from.getTime())
  const [listings, interests, sessions, deals, rewards] = await Promise.all([
    db.$queryRaw<{ results: bigint; needs: bigint }[]>`
      SELECT
        (SELECT count(*) FROM "ResearchResult" r JOIN "Organization" o ON o.id = r."ownerId" LEFT JOIN "County" oc ON oc.id = o."countyId"
          WHERE r.status IN ('PUBLISHED', 'IN_AUCTION', 'SOLD') AND r."publishedAt" < ${to} AND ${bureauIs(viewer, ORG_BUREAU)})::bigint AS results,
        (SELECT count(*) FROM "TechnicalNeed" t JOIN "Organization" o ON o.id = t."enterpriseId" LEFT JOIN "County" oc ON oc.id = o."countyId"
          WHERE t.status IN ('PUBLISHED', 'MET') AND t."publishedAt" < ${to} AND ${bureauIs(viewer, ORG_BUREAU)})::bigint AS needs`,
    db.$queryRaw<{ interests: bigint; replied: bigint }[]>`
      SELECT count(*)::bigint AS interests, count(i."repliedAt")::bigint AS replied
      FROM "Interest" i JOIN "ResearchResult" r ON r.id = i."resultId" JOIN "Organization" o ON o.id = r."ownerId" LEFT JOIN "County" oc ON oc.id = o."countyId"
      WHERE i."createdAt" >= ${from} AND i."createdAt" < ${to} AND ${bureauIs(viewer, ORG_BUREAU)}`,
    db.$queryRaw<{ sessions: bigint; lots: bigint; sold: bigint }[]>`
      SELECT count(DISTINCT s.id)::bigint AS sessions, count(l.id)::bigint AS lots, count(l.id) FILTER (WHERE l.status = 'SOLD')::bigint AS sold
      FROM "AuctionSession" s LEFT JOIN "Lot" l ON l."sessionId" = s.id
      WHERE s.status <> 'CANCELLED' AND s."startsAt" >= ${from} AND s."startsAt" < ${to} AND ${bureauIs(viewer, Prisma.sql`s."bureauId"`)}`,
    db.$queryRaw<{ deals: bigint; price: bigint | null; start: bigint | null }[]>`
      SELECT count(*)::bigint AS deals, sum(d."priceFen")::bigint AS price, sum(l."startingPriceFen")::bigint AS start
      FROM "Deal" d JOIN "Lot" l ON l.id = d."lotId" JOIN "AuctionSession" s ON s.id = l."sessionId"
      WHERE d."createdAt" >= ${from} AND d."createdAt" < ${to} AND ${bureauIs(viewer, Prisma.sql`s."bureauId"`)}`,
    db.$queryRaw<{ enterprise: string; rewarded: bigint; cap: bigint }[]>`
      SELECT e.name AS enterprise, sum(r."amountFen")::bigint AS rewarded, max(p."capPerEnterpriseYearFen")::bigint AS cap
      FROM "Reward" r JOIN "Contract" c ON c.id = r."contractId" JOIN "Organization" e ON e.id = r."enterpriseId" JOIN "RewardPolicy" p ON p.id = r."policyId"
      WHERE NOT r."isReversal" AND r.status IN ('APPROVED', 'PAID') AND r.year = ${year} AND ${bureauIs(viewer, Prisma.sql`c."bureauId"`)}
      GROUP BY e.name ORDER BY sum(r."amountFen") DESC, e.name`,
  ])
  const dealsFen = n(deals[0]?.price)
  const startFen = n(deals[0]?.start)
  const rows = rewards.map((r) => ({ enterprise: r.enterprise, rewardedFen: n(r.rewarded), capFen: n(r.cap) }))
  return {
    resultsPublished: n(listings[0]?.results),
    needsPublished: n(listings[0]?.needs),
    interests: n(interests[0]?.interests),
    interestsReplied: n(interests[0]?.replied),
    sessions: n(sessions[0]?.sessions),
    lots: n(sessions[0]?.lots),
    lotsSold: n(sessions[0]?.sold),
    deals: n(deals[0]?.deals),
    dealsFen,
    startFen,
    premiumBp: startFen > 0 ? Math.floor(((dealsFen - startFen) * 10_000) / startFen) : null,
    rewardYear: year,
    rewardedFen: rows.reduce((s, r) => s + r.rewardedFen, 0),
    rewardedEnterprises: rows.length,
    enterprisesAtCap: rows.filter((r) => r.rewardedFen >= r.capFen).length,
    rewardsByEnterprise: rows,
  }
}

export type RequestFigures = { total: number; open: number; overdue: number; closed: number; rated: number; satisfied: number; basicallySatisfied: number; unsatisfied: number; satisfactionBp: number | null }

/** The bureau's requests raised before the period's end: open / overdue (assigned or in hand, past the deadline at asOf) / closed, and the ratings given. */
export async function requestFigures(db: Db, viewer: Principal, { to }: Period, asOf: Date): Promise<RequestFigures> {
  const [counts, ratings] = await Promise.all([
    db.$queryRaw<{ total: bigint; open: bigint; overdue: bigint; closed: bigint }[]>`
      SELECT count(*)::bigint AS total, count(*) FILTER (WHERE q.status <> 'CLOSED')::bigint AS open,
        count(*) FILTER (WHERE q.status IN ('ASSIGNED', 'IN_PROGRESS') AND q.deadline < ${asOf})::bigint AS overdue,
        count(*) FILTER (WHERE q.status = 'CLOSED')::bigint AS closed
      FROM "ServiceRequest" q WHERE q."createdAt" < ${to} AND ${bureauIs(viewer, Prisma.sql`q."bureauId"`)}`,
    db.$queryRaw<{ rating: string; n: bigint }[]>`
      SELECT a.rating::text AS rating, count(*)::bigint AS n FROM "RequestAnswer" a JOIN "ServiceRequest" q ON q.id = a."requestId"
      WHERE a.rating IS NOT NULL AND a."ratedAt" < ${to} AND ${bureauIs(viewer, Prisma.sql`q."bureauId"`)} GROUP BY a.rating`,
  ])
  const of = (r: string) => n(ratings.find((x) => x.rating === r)?.n)
  const satisfied = of('SATISFIED')
  const basicallySatisfied = of('BASICALLY_SATISFIED')
  const unsatisfied = of('UNSATISFIED')
  const rated = satisfied + basicallySatisfied + unsatisfied
  const c = counts[0]
  return {
    total: n(c?.total),
    open: n(c?.open),
    overdue: n(c?.overdue),
    closed: n(c?.closed),
    rated,
    satisfied,
    basicallySatisfied,
    unsatisfied,
    // 满意 and 基本满意 both count as satisfied (the 三服务 platform's 满意率).
    satisfactionBp: rated > 0 ? Math.floor(((satisfied + basicallySatisfied) * 10_000) / rated) : null,
  }
}

/** The staff member's current campaign: the latest one started by the period's end (none for the province's login). */
async function currentCampaign(db: Db, viewer: Principal, to: Date) {
  if (isProvince(viewer)) return null
  const scope = readScopeOf(viewer)
  if (scope.all) return null
  return db.campaign.findFirst({ where: { bureauId: scope.bureauId, startsOn: { lt: to } }, orderBy: [{ startsOn: 'desc' }, { createdAt: 'desc' }], select: { id: true, name: true, noticeRef: true, startsOn: true, endsOn: true, fundsTargetBp: true, fundsTargetOn: true } })
}

/** The period the home page shows by default: the current campaign's (its start to the end of the funds target day), else this calendar year to date. */
export async function defaultPeriod(db: Db, viewer: Principal, now: Date): Promise<Period> {
  const campaign = await currentCampaign(db, viewer, now)
  if (campaign) return { from: campaign.startsOn, to: new Date(Math.max(campaign.fundsTargetOn.getTime(), campaign.endsOn.getTime()) + 86_400_000) }
  const year = shanghaiYear(now.getTime())
  return { from: new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000), to: new Date(Date.UTC(year + 1, 0, 1) - 8 * 3_600_000) }
}

export async function dashboardFigures(db: Db, viewer: Principal, period: Period, now: Date) {
  readScopeOf(viewer)
  const asOf = new Date(Math.min(period.to.getTime(), now.getTime()))
  const campaign = await currentCampaign(db, viewer, period.to)
  const [coverage, requests, funds, marketplace] = await Promise.all([
    campaign ? campaignCoverage(db, viewer, campaign.id, asOf) : Promise.resolve(null),
    requestFigures(db, viewer, period, asOf),
    fundsDisbursed(db, viewer, period, now),
    marketplaceFigures(db, viewer, period),
  ])
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString(), asOf: asOf.toISOString() },
    campaign: campaign ? { id: campaign.id, name: campaign.name, noticeRef: campaign.noticeRef, startsOn: campaign.startsOn.toISOString(), endsOn: campaign.endsOn.toISOString() } : null,
    coverage: coverage ? { overall: coverage.overall, counties: coverage.counties.map((c) => ({ name: c.name, visited: c.visited, total: c.total, rateBp: c.rateBp })), coverageTargetOn: coverage.coverageTargetOn, targetMet: coverage.targetMet } : null,
    requests,
    funds,
    marketplace,
  }
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>
