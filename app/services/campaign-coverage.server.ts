// Coverage of a campaign, computed at query time from the records: the counties of its table, the enterprises of
// those counties with their dated facts (who is 规上高新 on the day), and the visits done during the campaign.
// The figures come from app/domain/campaign-coverage.ts; nothing is stored.
import type { Principal } from '~/domain/access.ts'
import { computeCoverage } from '~/domain/campaign-coverage.ts'
import type { Db } from '~/utils/db.server.ts'
import { requireCampaign } from './campaigns.server.ts'

export async function campaignCoverage(db: Db, staff: Principal, campaignId: string, now: Date) {
  const campaign = await requireCampaign(db, staff, campaignId)
  const counties = await db.campaignCounty.findMany({
    where: { campaignId },
    orderBy: [{ group: { position: 'asc' } }, { position: 'asc' }],
    select: { countyId: true, county: { select: { name: true } }, group: { select: { position: true, leaderName: true } } },
  })
  const countyIds = counties.map((c) => c.countyId)
  const [enterprises, visits] = await Promise.all([
    db.organization.findMany({
      where: { kind: 'ENTERPRISE', countyId: { in: countyIds } },
      select: { id: true, name: true, countyId: true, facts: { where: { kind: { in: ['HIGH_TECH', 'ABOVE_SCALE'] } }, select: { kind: true, year: true, validFrom: true, validTo: true, replacedAt: true } } },
    }),
    db.visit.findMany({ where: { campaignId, status: 'DONE', visitedOn: { not: null } }, select: { enterpriseId: true, visitedOn: true } }),
  ])
  const report = computeCoverage({
    period: { startsOnMs: campaign.startsOn.getTime(), endsOnMs: campaign.endsOn.getTime(), coverageTargetOnMs: campaign.coverageTargetOn.getTime() },
    counties: counties.map((c) => ({ countyId: c.countyId, name: c.county.name, groupPosition: c.group.position, leaderName: c.group.leaderName })),
    enterprises: enterprises.map((e) => ({
      id: e.id,
      name: e.name,
      countyId: e.countyId!,
      facts: e.facts.map((f) => ({ kind: f.kind, year: f.year, validFromMs: f.validFrom?.getTime() ?? null, validToMs: f.validTo?.getTime() ?? null, replaced: f.replacedAt !== null })),
    })),
    visits: visits.map((v) => ({ enterpriseId: v.enterpriseId, visitedOnMs: v.visitedOn!.getTime() })),
    nowMs: now.getTime(),
  })
  return { ...report, coverageTargetOn: new Date(campaign.coverageTargetOn.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) }
}
