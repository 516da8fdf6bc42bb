// Calendar dates and wall-clock times as people type them, read in
// Asia/Shanghai (UTC+8 all year: China has kept no daylight saving since 1991).
// The one parser every form uses, so "2027-02-30" is refused everywhere
// instead of rolling over to 3 March the way `new Date()` does. Pure.
import type { RuleKey, RuleParams } from './rule-message.ts'

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/** The years a person plausibly means; outside them a typo is likelier than a plan. */
export const MIN_YEAR = 2000
export const MAX_YEAR = 2099

export type CalendarDate = { year: number; month: number; day: number }

export type DateProblem = 'format' | 'year' | 'month' | 'day'

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

export type ParsedDate = { ok: true; date: CalendarDate } | { ok: false; problem: DateProblem; year?: number; month?: number }

/** "YYYY-MM-DD" → a date that exists, or what is wrong with it. */
export function parseCalendarDate(text: string): ParsedDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return { ok: false, problem: 'format' }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return checkDate(year, month, day)
}

function checkDate(year: number, month: number, day: number): ParsedDate {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, problem: 'year', year }
  if (month < 1 || month > 12) return { ok: false, problem: 'month', year, month }
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: 'day', year, month }
  return { ok: true, date: { year, month, day } }
}

export type ParsedDateTime = { ok: true; instantMs: number } | { ok: false; problem: DateProblem | 'time'; year?: number; month?: number }

/** A datetime-local value "YYYY-MM-DDTHH:mm" (seconds allowed) as Shanghai wall-clock time → the UTC instant. */
export function parseShanghaiDateTime(text: string): ParsedDateTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text)
  if (!m) return { ok: false, problem: 'format' }
  const date = checkDate(Number(m[1]), Number(m[2]), Number(m[3]))
  if (!date.ok) return date
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, problem: 'time' }
  return { ok: true, instantMs: shanghaiWallClockToInstant(date.date, hour, minute, second) }
}

export type ParsedDay = { ok: true; date: CalendarDate; instantMs: number } | { ok: false; problem: DateProblem; year?: number; month?: number }

/** "YYYY-MM-DD" typed in Shanghai → the date and the instant of its midnight there (contract and payment dates, export ranges). */
export function parseShanghaiDay(text: string): ParsedDay {
  const parsed = parseCalendarDate(text)
  return parsed.ok ? { ok: true, date: parsed.date, instantMs: shanghaiWallClockToInstant(parsed.date) } : parsed
}

/**
 * An ISO 8601 instant with its offset ("2026-03-01T10:00:00+08:00",
 * "2026-03-01T02:00:00.5Z") whose calendar part exists: `Date.parse` reads
 * "2026-02-30T…" as 2 March, this refuses it. The date and time are checked as
 * written, before the offset is applied. null when it is not such an instant.
 */
export function parseInstant(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(text)
  if (!m) return null
  const date = checkDate(Number(m[1]), Number(m[2]), Number(m[3]))
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (!date.ok || hour > 23 || minute > 59 || second > 59) return null
  const ms = Number((m[7] ?? '0').padEnd(3, '0'))
  const zone = m[8]!
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  if (Math.abs(offsetMin) > 14 * 60) return null
  return daysFromCivil(date.date) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offsetMin * 60_000
}

/**
 * The message shown beside a field whose date is wrong: a key with parameters; `label` is the field's label
 * key (validation.labels.*), translated with the message at the edge.
 */
export function dateProblemMessage(label: string, parsed: { problem: DateProblem | 'time'; year?: number; month?: number }): { key: RuleKey; params: RuleParams } {
  switch (parsed.problem) {
    case 'format':
      return { key: 'validation.date.format', params: { label } } // the zod helpers word this per input kind
    case 'year':
      return { key: 'validation.date.year', params: { label, min: MIN_YEAR, max: MAX_YEAR } }
    case 'month':
      return { key: 'validation.date.month', params: { label } }
    case 'day':
      return { key: 'validation.date.day', params: { label, year: parsed.year!, month: parsed.month!, days: daysInMonth(parsed.year!, parsed.month!) } }
    case 'time':
      return { key: 'validation.date.time', params: { label } }
  }
}

// Civil-date arithmetic without the Date object (the domain keeps no clock):
// days since 1970-01-01 in the proleptic Gregorian calendar, after
// H. Hinnant's "chrono-compatible low-level date algorithms".
const DAY_MS = 86_400_000

export function daysFromCivil({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

export function civilFromDays(days: number): CalendarDate {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** The UTC instant (ms) of a Shanghai wall-clock time. */
export function shanghaiWallClockToInstant(date: CalendarDate, hour = 0, minute = 0, second = 0): number {
  return daysFromCivil(date) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 - SHANGHAI_OFFSET_MS
}

/** The Shanghai calendar date of an instant (ms). */
export function shanghaiCalendarDate(instantMs: number): CalendarDate {
  return civilFromDays(Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS))
}

/** The calendar year in Asia/Shanghai of an instant (the year a payment counts in for rewards). */
export function shanghaiYear(instantMs: number): number {
  if (!Number.isFinite(instantMs)) throw new RangeError('time must be a finite number of milliseconds')
  return shanghaiCalendarDate(instantMs).year
}

/** Today's date in Shanghai as "YYYY-MM-DD". */
export function shanghaiToday(nowMs: number): string {
  return formatCalendarDate(shanghaiCalendarDate(nowMs))
}

export function formatCalendarDate({ year, month, day }: CalendarDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
