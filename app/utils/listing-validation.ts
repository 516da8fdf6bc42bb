// One zod schema per listing form, used by the browser (conform) and the
// action alike, and by the JSON API's filters. Messages are shown beside fields.
import { z } from 'zod'
import { optionalCalendarDate } from './date-validation.ts'
import { cleanText, plainText } from './text-validation.ts'
import { FIELD_CODES } from '~/domain/fields.ts'
import { IP_KINDS, MATURITIES, TRANSFER_MODES } from '~/domain/labels.ts'
import { parseYuanToFen } from '~/domain/money.ts'

const text = (label: string, min: number, max: number, multiline = false) => plainText(label, min, max, { multiline })

/** "a, b、c；d" → ['a','b','c','d'], deduplicated. */
const list = (label: string, max: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((s) => [...new Set((s ?? '').split(/[,，、;；\n]+/).map((w) => w.trim()).filter(Boolean))])
    .pipe(
      z
        .array(cleanText(z.string().max(40, `每个${label}不超过 40 个字`), label))
        .min(min, `请至少填写 ${min} 个${label}`)
        .max(max, `${label}最多 ${max} 个`),
    )

/** A yuan amount typed by a person, read into fen exactly. */
export const yuanAmount = (label: string, opts: { positive?: boolean } = {}) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return null
      const fen = parseYuanToFen(s)
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: `${label}应为金额（元），最多两位小数` })
        return z.NEVER
      }
      // A price or budget of nothing is no price (finding 16 of issue 11: asking price 0 was stored); leave it empty instead.
      if (opts.positive && fen === 0) {
        ctx.addIssue({ code: 'custom', message: `${label}应大于零；面议请留空` })
        return z.NEVER
      }
      return fen
    })

const phone = z
  .string({ error: '请填写联系电话' })
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, '请填写有效的手机号或座机号（如 0578-2271234）')

const modes = (label: string) =>
  z
    .array(z.enum(TRANSFER_MODES), { error: `请至少选择一种${label}` })
    .min(1, `请至少选择一种${label}`)

export const ResultFormSchema = z.object({
  title: text('成果名称', 4, 100),
  summary: text('成果简介', 20, 4000, true),
  field: z.enum(FIELD_CODES, { error: '请选择所属产业链' }),
  keywords: list('关键词', 8, 1),
  ipKind: z.enum(IP_KINDS, { error: '请选择知识产权类型' }),
  ipNumbers: list('知识产权编号', 20),
  maturity: z.enum(MATURITIES, { error: '请选择成熟度' }),
  transferModes: modes('转化方式'),
  askingPrice: yuanAmount('挂牌价格', { positive: true }),
  contactName: text('联系人', 2, 30),
  contactPhone: phone,
})
export type ResultForm = z.output<typeof ResultFormSchema>

export const NeedFormSchema = z
  .object({
    title: text('需求名称', 4, 100),
    description: text('需求描述', 20, 4000, true),
    field: z.enum(FIELD_CODES, { error: '请选择所属产业链' }),
    keywords: list('关键词', 8, 1),
    budgetMin: yuanAmount('预算下限', { positive: true }),
    budgetMax: yuanAmount('预算上限', { positive: true }),
    wantedBy: optionalCalendarDate('期望完成日期'),
    acceptedModes: modes('合作方式'),
    contactName: text('联系人', 2, 30),
    contactPhone: phone,
  })
  .superRefine((v, ctx) => {
    if (v.budgetMin !== null && v.budgetMax !== null && v.budgetMin > v.budgetMax) {
      ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: '预算上限不能低于下限' })
    }
  })
export type NeedForm = z.output<typeof NeedFormSchema>

/** The deadline must lie after today (Asia/Shanghai); the server passes its own date. */
export function checkWantedBy(wantedBy: string | undefined, todayInShanghai: string): string | null {
  if (!wantedBy) return null
  return wantedBy > todayInShanghai ? null : '期望完成日期应晚于今天'
}

export const ReviewSchema = z.object({
  intent: z.enum(['submit', 'publish', 'return', 'withdraw', 'close', 'mark-met']),
  reason: cleanText(z.string().trim().max(500, '原因不能超过 500 个字'), '原因', { multiline: true }).optional(),
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
