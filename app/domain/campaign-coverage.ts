// Coverage of a service campaign (服务覆盖率): of the above-scale high-tech enterprises (规上高新技术企业) of each
// county of the campaign, how many had a visit done during the campaign, per county, per group and in all, against
// 100 % by the coverage target date; the list of those not yet visited; and the burn-up by day. Pure and computed
// at query time from the rows the service loads (facts, visits): no total is stored, so none can drift.
import { civilFromDays, daysFromCivil, formatCalendarDate, shanghaiCalendarDate } from './calendar.ts'
import { isAboveScaleHighTechOn, type Fact } from './enterprise-facts.ts'

export type CoverageCounty = { countyId: string; name: string; groupPosition: number; leaderName: string }
export type CoverageEnterprise = { id: string; name: string; countyId: string; facts: readonly Fact[] }
export type CoverageVisit = { enterpriseId: string; visitedOnMs: number }
export type CoveragePeriod = { startsOnMs: number; endsOnMs: number; coverageTargetOnMs: number }

export type CoverageFigure = { visited: number; total: number; /** visited / total in basis points; null when total is 0 */ rateBp: number | null }
export type CoverageReport = {
  /** The day the enterprises' standing is taken on and visits are counted up to: today, or the campaign's last day once it is over. */
  asOf: string
  counties: (CoverageCounty & CoverageFigure)[]
  groups: (CoverageFigure & { position: number; leaderName: string })[]
  overall: CoverageFigure
  notVisited: { id: string; name: string; countyId: string; countyName: string; groupPosition: number }[]
  /** Each day from the start to the coverage target date: enterprises visited by the end of that day (null after asOf). */
  burnUp: { day: string; visited: number | null; total: number }[]
  targetMet: boolean
}

const DAY_MS = 86_400_000

function figure(visited: number, total: number): CoverageFigure {
  return { visited, total, rateBp: total === 0 ? null : Math.floor((visited * 10_000) / total) }
}

export function computeCoverage(input: {
  period: CoveragePeriod
  counties: readonly CoverageCounty[]
  enterprises: readonly CoverageEnterprise[]
  visits: readonly CoverageVisit[]
  nowMs: number
}): CoverageReport {
  const { period, counties, nowMs } = input
  const lastMs = period.endsOnMs + DAY_MS - 1
  const asOfMs = Math.min(nowMs, lastMs)
  const countyIds = new Set(counties.map((c) => c.countyId))
  // The enterprises the campaign must reach: 规上高新 on the day coverage is asked about.
  const targets = input.enterprises.filter((e) => countyIds.has(e.countyId) && isAboveScaleHighTechOn(e.facts, asOfMs))
  // First visit during the campaign (start to asOf) of each target.
  const firstVisit = new Map<string, number>()
  for (const v of input.visits) {
    if (v.visitedOnMs < period.startsOnMs || v.visitedOnMs > asOfMs) continue
    const before = firstVisit.get(v.enterpriseId)
    if (before === undefined || v.visitedOnMs < before) firstVisit.set(v.enterpriseId, v.visitedOnMs)
  }
  const countyRows = counties.map((c) => {
    const mine = targets.filter((e) => e.countyId === c.countyId)
    return { ...c, ...figure(mine.filter((e) => firstVisit.has(e.id)).length, mine.length) }
  })
  const positions = [...new Set(counties.map((c) => c.groupPosition))].sort((a, b) => a - b)
  const groups = positions.map((position) => {
    const rows = countyRows.filter((c) => c.groupPosition === position)
    return { position, leaderName: rows[0]?.leaderName ?? '', ...figure(rows.reduce((s, r) => s + r.visited, 0), rows.reduce((s, r) => s + r.total, 0)) }
  })
  const visitedCount = targets.filter((e) => firstVisit.has(e.id)).length
  const countyById = new Map(counties.map((c) => [c.countyId, c]))
  const notVisited = targets
    .filter((e) => !firstVisit.has(e.id))
    .map((e) => ({ id: e.id, name: e.name, countyId: e.countyId, countyName: countyById.get(e.countyId)!.name, groupPosition: countyById.get(e.countyId)!.groupPosition }))
    .sort((a, b) => a.groupPosition - b.groupPosition || a.countyName.localeCompare(b.countyName, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'))
  const firstDay = daysFromCivil(shanghaiCalendarDate(period.startsOnMs))
  const targetDay = daysFromCivil(shanghaiCalendarDate(period.coverageTargetOnMs))
  const asOfDay = daysFromCivil(shanghaiCalendarDate(asOfMs))
  const visitDays = [...firstVisit.entries()].filter(([id]) => targets.some((t) => t.id === id)).map(([, ms]) => daysFromCivil(shanghaiCalendarDate(ms)))
  const burnUp: CoverageReport['burnUp'] = []
  for (let d = firstDay; d <= targetDay; d++) {
    burnUp.push({ day: formatCalendarDate(civilFromDays(d)), visited: d > asOfDay ? null : visitDays.filter((v) => v <= d).length, total: targets.length })
  }
  return {
    asOf: formatCalendarDate(civilFromDays(asOfDay)),
    counties: countyRows,
    groups,
    overall: figure(visitedCount, targets.length),
    notVisited,
    burnUp,
    targetMet: targets.length > 0 && visitedCount === targets.length,
  }
}
