// One zod schema per listing form, used by the browser (conform) and the
// action alike, and by the JSON API's filters. Messages are shown beside fields.
import { z } from 'zod'
import { optionalCalendarDate } from './date-validation.ts'
import { keyWithParams, type MessageKey } from '~/i18n/catalogue.ts'
import { cleanText, plainText, type LabelKey } from './text-validation.ts'
import { FIELD_CODES } from '~/domain/fields.ts'
import { IP_KINDS, MATURITIES, TRANSFER_MODES } from '~/domain/labels.ts'
import { parseYuanToFen } from '~/domain/money.ts'

const text = (label: LabelKey, min: number, max: number, multiline = false) => plainText(label, min, max, { multiline })

/** "a, b、c；d" → ['a','b','c','d'], deduplicated. */
const list = (label: LabelKey, max: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((s) => [...new Set((s ?? '').split(/[,，、;；\n]+/).map((w) => w.trim()).filter(Boolean))])
    .pipe(
      z
        .array(cleanText(z.string().max(40, keyWithParams('validation.text.itemTooLong', { label, max: 40 })), label))
        .min(min, keyWithParams('validation.text.tooFewItems', { label, min }))
        .max(max, keyWithParams('validation.text.tooManyItems', { label, max })),
    )

/** A yuan amount typed by a person, read into fen exactly. */
export const yuanAmount = (label: LabelKey, opts: { positive?: boolean } = {}) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return null
      const fen = parseYuanToFen(s)
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: keyWithParams('validation.listingForm.yuanFormat', { label }) })
        return z.NEVER
      }
      // A price or budget of nothing is no price (finding 16 of issue 11: asking price 0 was stored); leave it empty instead.
      if (opts.positive && fen === 0) {
        ctx.addIssue({ code: 'custom', message: keyWithParams('validation.listingForm.yuanPositive', { label }) })
        return z.NEVER
      }
      return fen
    })

const phone = z
  .string({ error: 'validation.listingForm.phoneRequired' satisfies MessageKey })
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, 'validation.listingForm.phoneFormat' satisfies MessageKey)

const modes = (label: LabelKey) =>
  z
    .array(z.enum(TRANSFER_MODES), { error: keyWithParams('validation.text.chooseAtLeastOne', { label }) })
    .min(1, keyWithParams('validation.text.chooseAtLeastOne', { label }))

export const ResultFormSchema = z.object({
  title: text('validation.labels.resultTitle', 4, 100),
  summary: text('validation.labels.resultSummary', 20, 4000, true),
  field: z.enum(FIELD_CODES, { error: 'validation.listingForm.fieldRequired' satisfies MessageKey }),
  keywords: list('validation.labels.keyword', 8, 1),
  ipKind: z.enum(IP_KINDS, { error: 'validation.listingForm.ipKindRequired' satisfies MessageKey }),
  ipNumbers: list('validation.labels.ipNumber', 20),
  maturity: z.enum(MATURITIES, { error: 'validation.listingForm.maturityRequired' satisfies MessageKey }),
  transferModes: modes('validation.labels.transferMode'),
  askingPrice: yuanAmount('validation.labels.askingPrice', { positive: true }),
  contactName: text('validation.labels.contactName', 2, 30),
  contactPhone: phone,
})
export type ResultForm = z.output<typeof ResultFormSchema>

export const NeedFormSchema = z
  .object({
    title: text('validation.labels.needTitle', 4, 100),
    description: text('validation.labels.needDescription', 20, 4000, true),
    field: z.enum(FIELD_CODES, { error: 'validation.listingForm.fieldRequired' satisfies MessageKey }),
    keywords: list('validation.labels.keyword', 8, 1),
    budgetMin: yuanAmount('validation.labels.budgetMin', { positive: true }),
    budgetMax: yuanAmount('validation.labels.budgetMax', { positive: true }),
    wantedBy: optionalCalendarDate('validation.labels.wantedBy'),
    acceptedModes: modes('validation.labels.acceptedMode'),
    contactName: text('validation.labels.contactName', 2, 30),
    contactPhone: phone,
  })
  .superRefine((v, ctx) => {
    if (v.budgetMin !== null && v.budgetMax !== null && v.budgetMin > v.budgetMax) {
      ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: 'validation.listingForm.budgetOrder' satisfies MessageKey })
    }
  })
export type NeedForm = z.output<typeof NeedFormSchema>

/** The deadline must lie after today (Asia/Shanghai); the server passes its own date. */
export function checkWantedBy(wantedBy: string | undefined, todayInShanghai: string): 'validation.listingForm.wantedByAfterToday' | null {
  if (!wantedBy) return null
  return wantedBy > todayInShanghai ? null : 'validation.listingForm.wantedByAfterToday'
}

export const ReviewSchema = z.object({
  intent: z.enum(['submit', 'publish', 'return', 'withdraw', 'close', 'mark-met']),
  reason: cleanText(z.string().trim().max(500, 'validation.listingForm.reasonTooLong' satisfies MessageKey), 'validation.labels.reason', { multiline: true }).optional(),
})

// An empty field of a GET form is no filter (coercing '' would give 0).
const optionalInt = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().nonnegative().optional())

/** Public list filters, shared by the page and the JSON API. */
export const ResultFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  field: z.enum(FIELD_CODES).optional().catch(undefined),
  ipKind: z.enum(IP_KINDS).optional().catch(undefined),
  mode: z.enum(TRANSFER_MODES).optional().catch(undefined),
  minPrice: optionalInt.catch(undefined),
  maxPrice: optionalInt.catch(undefined),
  sort: z.enum(['newest', 'price-asc', 'price-desc']).default('newest').catch('newest'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type ResultFilters = z.output<typeof ResultFiltersSchema>

export const NeedFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  field: z.enum(FIELD_CODES).optional().catch(undefined),
  mode: z.enum(TRANSFER_MODES).optional().catch(undefined),
  minBudget: optionalInt.catch(undefined),
  maxBudget: optionalInt.catch(undefined),
  sort: z.enum(['newest', 'budget-asc', 'budget-desc', 'deadline']).default('newest').catch('newest'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type NeedFilters = z.output<typeof NeedFiltersSchema>

export const PAGE_SIZE = 20
