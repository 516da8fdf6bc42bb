// The zod side of app/domain/calendar.ts: every date and datetime field of
// every form (need wantedBy, session and lot times) is read through these, so
// a date that does not exist gets a message beside its field, never a 500
// (an Invalid Date reaching Prisma) nor a silent roll-over to next month.
import { z } from 'zod'
import { dateProblemMessage, parseCalendarDate, parseShanghaiDateTime } from '~/domain/calendar.ts'

/** An optional calendar date "YYYY-MM-DD"; kept as that text once it is known to exist. */
export const optionalCalendarDate = (label: string) =>
  z
    .string()
    .optional()
    .superRefine((s, ctx) => {
      if (!s) return
      const parsed = parseCalendarDate(s)
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem === 'format' ? `请按 年-月-日 填写${label}` : dateProblemMessage(label, parsed) })
    })

/** A datetime-local value, read as Shanghai wall-clock time, to the instant it names. */
export const shanghaiDateTime = (label: string) =>
  z.string({ error: `请填写${label}` }).transform((s, ctx) => {
    const parsed = parseShanghaiDateTime(s)
    if (parsed.ok) return new Date(parsed.instantMs)
    ctx.addIssue({ code: 'custom', message: parsed.problem === 'format' ? `请按 年-月-日 时:分 填写${label}` : dateProblemMessage(label, parsed) })
    return z.NEVER
  })
