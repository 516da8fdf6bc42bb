// China's public holidays and the weekend days worked in their place (调休), as the State Council announces them
// each year, from the `chinese-days` package's table (updated with each year's notice: upgrade the package when
// the next year's notice is out). Request deadlines count working days with it (decision 017); a year the table
// does not reach yet counts Monday to Friday, as before.
import { createRequire } from 'node:module'
import type { WorkingDayExceptions } from '~/domain/working-days.ts'
import { singleton } from './singleton.server.ts'

type Table = { holidays: Record<string, string>; workdays: Record<string, string> }

export function publicHolidays(): WorkingDayExceptions {
  return singleton('public-holidays', () => {
    const table = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as Table
    return { holidays: new Set(Object.keys(table.holidays)), workedWeekends: new Set(Object.keys(table.workdays)) }
  })
}
