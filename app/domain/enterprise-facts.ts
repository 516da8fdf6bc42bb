// An enterprise's standing on a given day, from its dated facts (EnterpriseFact rows): 高新技术企业 while a
// certificate is valid, 规上 (above-scale) for a statistical year, 省科技型中小企业 for a year. Pure: the services
// load the rows, this decides.
import { shanghaiYear } from './calendar.ts'

export type FactKind = 'HIGH_TECH' | 'ABOVE_SCALE' | 'TECH_SME'

export type Fact = {
  kind: FactKind
  year: number | null
  validFromMs: number | null
  validToMs: number | null
  /** A replaced fact no longer counts (a correction added a new row). */
  replaced: boolean
}

const DAY_MS = 86_400_000

/** A high-tech certificate valid on the day of `atMs` (validTo is the start of its last day, Asia/Shanghai). */
export function isHighTechOn(facts: readonly Fact[], atMs: number): boolean {
  return facts.some(
    (f) => !f.replaced && f.kind === 'HIGH_TECH' && f.validFromMs !== null && f.validFromMs <= atMs && (f.validToMs === null || atMs < f.validToMs + DAY_MS),
  )
}

/** Above-scale (规上) for the year of `atMs` in Asia/Shanghai, or, when that year has no figure yet, for the year before. */
export function isAboveScaleOn(facts: readonly Fact[], atMs: number): boolean {
  const year = shanghaiYear(atMs)
  const years = new Set(facts.filter((f) => !f.replaced && f.kind === 'ABOVE_SCALE' && f.year !== null).map((f) => f.year!))
  return years.has(year) || years.has(year - 1)
}

/** 规上高新技术企业: the enterprises whose coverage a service campaign must reach. */
export function isAboveScaleHighTechOn(facts: readonly Fact[], atMs: number): boolean {
  return isHighTechOn(facts, atMs) && isAboveScaleOn(facts, atMs)
}

/** 省科技型中小企业 for the year of `atMs`. */
export function isTechSmeOn(facts: readonly Fact[], atMs: number): boolean {
  const year = shanghaiYear(atMs)
  return facts.some((f) => !f.replaced && f.kind === 'TECH_SME' && f.year === year)
}
