// The periods of the staff reports (issue 14 item 7; decision 020): the Lishui notice's progress reports on 30 June
// and 30 July (the year to the end of that day) and the Shaoxing notice's quarterly report (the quarter), Asia/Shanghai.
// A period is named in the address: 2026-06-30, 2026-07-30, 2026-Q2.
import { shanghaiWallClockToInstant, shanghaiCalendarDate } from './calendar.ts'

export type ReportPeriod = { id: string; kind: 'june30' | 'july30' | 'quarter'; year: number; quarter: number | null; fromMs: number; toMs: number }

const at = (year: number, month: number, day: number) => shanghaiWallClockToInstant({ year, month, day })

/** The period an address names, or null. `toMs` is exclusive (the midnight after the last day). */
export function parseReportPeriod(id: string): ReportPeriod | null {
  const m = /^(\d{4})-(06-30|07-30|Q[1-4])$/.exec(id)
  if (!m) return null
  const year = Number(m[1])
  if (year < 2000 || year > 2099) return null
  if (m[2] === '06-30') return { id, kind: 'june30', year, quarter: null, fromMs: at(year, 1, 1), toMs: at(year, 7, 1) }
  if (m[2] === '07-30') return { id, kind: 'july30', year, quarter: null, fromMs: at(year, 1, 1), toMs: at(year, 7, 31) }
  const quarter = Number(m[2]!.slice(1))
  const fromMs = at(year, quarter * 3 - 2, 1)
  const toMs = quarter === 4 ? at(year + 1, 1, 1) : at(year, quarter * 3 + 1, 1)
  return { id, kind: 'quarter', year, quarter, fromMs, toMs }
}

/** The reports whose period has ended by `now`, this year's and last year's, newest first. */
export function availableReports(nowMs: number): ReportPeriod[] {
  const year = shanghaiCalendarDate(nowMs).year
  const ids = [year - 1, year].flatMap((y) => [`${y}-Q1`, `${y}-06-30`, `${y}-Q2`, `${y}-07-30`, `${y}-Q3`, `${y}-Q4`])
  return ids
    .map(parseReportPeriod)
    .filter((p): p is ReportPeriod => p !== null && p.toMs <= nowMs)
    .sort((a, b) => b.toMs - a.toMs || a.id.localeCompare(b.id))
}

/** The periods the staff home can show (this year's and last year's that have begun by `now`), newest first. */
export function choosablePeriods(nowMs: number): ReportPeriod[] {
  const year = shanghaiCalendarDate(nowMs).year
  const ids = [year - 1, year].flatMap((y) => [`${y}-Q1`, `${y}-06-30`, `${y}-Q2`, `${y}-07-30`, `${y}-Q3`, `${y}-Q4`])
  return ids
    .map(parseReportPeriod)
    .filter((p): p is ReportPeriod => p !== null && p.fromMs <= nowMs)
    .sort((a, b) => b.toMs - a.toMs || a.id.localeCompare(b.id))
}
