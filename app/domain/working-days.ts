// Working days (工作日) for request deadlines: Monday to Friday, less public holidays, plus the weekend days worked
// in their place (调休). Both change every year by State Council notice, so the rule takes them as data; the
// services pass China's table (`app/utils/public-holidays.server.ts`).
import { civilFromDays, daysFromCivil, formatCalendarDate, type CalendarDate } from './calendar.ts'

/** Days off that would be working days (holidays) and weekend days that are worked (调休), as "YYYY-MM-DD". */
export type WorkingDayExceptions = { holidays: ReadonlySet<string>; workedWeekends: ReadonlySet<string> }

export const NO_EXCEPTIONS: WorkingDayExceptions = { holidays: new Set(), workedWeekends: new Set() }

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(date: CalendarDate): number {
  return (((daysFromCivil(date) + 4) % 7) + 7) % 7
}

export function isWorkingDay(date: CalendarDate, exceptions: WorkingDayExceptions = NO_EXCEPTIONS): boolean {
  const text = formatCalendarDate(date)
  if (exceptions.workedWeekends.has(text)) return true
  if (exceptions.holidays.has(text)) return false
  const d = weekday(date)
  return d !== 0 && d !== 6
}

/**
 * The day `n` working days after `from` (the day itself does not count: a request assigned on a Friday with
 * 1 working day is due on Monday). n must be a whole number of at least 1.
 */
export function addWorkingDays(from: CalendarDate, n: number, exceptions: WorkingDayExceptions = NO_EXCEPTIONS): CalendarDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('working days must be a whole number of at least 1')
  let days = daysFromCivil(from)
  let left = n
  while (left > 0) {
    days += 1
    if (isWorkingDay(civilFromDays(days), exceptions)) left -= 1
  }
  return civilFromDays(days)
}
