// The zod side of app/domain/calendar.ts: every date and datetime field of
// every form (need wantedBy, session and lot times) is read through these, so
// a date that does not exist gets a message beside its field, never a 500
// (an Invalid Date reaching Prisma) nor a silent roll-over to next month.
// Labels are keys (validation.labels.*); messages are keys with parameters (keyWithParams).
import { z } from 'zod'
import { dateProblemMessage, parseCalendarDate, parseShanghaiDateTime } from '~/domain/calendar.ts'
import { keyWithParams } from '~/i18n/catalogue.ts'
import type { LabelKey } from './text-validation.ts'

const problemMessage = (label: LabelKey, parsed: Parameters<typeof dateProblemMessage>[1]) => {
  const { key, params } = dateProblemMessage(label, parsed)
  return keyWithParams(key, params)
}

/** An optional calendar date "YYYY-MM-DD"; kept as that text once it is known to exist. */
export const optionalCalendarDate = (label: LabelKey) =>
  z
    .string()
    .optional()
    .superRefine((s, ctx) => {
      if (!s) return
      const parsed = parseCalendarDate(s)
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: problemMessage(label, parsed) })
    })

/** A datetime-local value, read as Shanghai wall-clock time, to the instant it names. */
export const shanghaiDateTime = (label: LabelKey) =>
  z.string({ error: keyWithParams('validation.text.required', { label }) }).transform((s, ctx) => {
    const parsed = parseShanghaiDateTime(s)
    if (parsed.ok) return new Date(parsed.instantMs)
    ctx.addIssue({ code: 'custom', message: parsed.problem === 'format' ? keyWithParams('validation.date.formatDateTime', { label }) : problemMessage(label, parsed) })
    return z.NEVER
  })
