// Forms of the contract and reward pages, shared by the browser and the actions.
import { z } from 'zod'
import { cleanText } from './text-validation.ts'
import { dateProblemMessage, parseShanghaiDay } from '~/domain/calendar.ts'
import { parseYuanToFen } from '~/domain/money.ts'
import { REWARD_STATUS_LABELS } from '~/domain/rewards.ts'

export const CONTRACT_KIND_LABELS = { DEVELOPMENT: '技术开发', TRANSFER: '技术转让', LICENCE: '技术许可' } as const

const yuan = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .transform((s, ctx) => {
      const fen = parseYuanToFen(s)
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: `${what}格式不正确（元，最多两位小数）` })
        return z.NEVER
      }
      if (fen <= 0) {
        ctx.addIssue({ code: 'custom', message: `${what}必须大于零` })
        return z.NEVER
      }
      return fen
    })

/** A calendar date typed in Shanghai, as the instant of its midnight there; a date that does not exist is refused (app/domain/calendar.ts). */
const shanghaiDay = (what: string) =>
  z.string({ error: `请填写${what}` }).transform((s, ctx) => {
    const parsed = parseShanghaiDay(s.trim())
    if (parsed.ok) return new Date(parsed.instantMs)
    ctx.addIssue({ code: 'custom', message: parsed.problem === 'format' ? `${what}格式为 YYYY-MM-DD` : dateProblemMessage(what, parsed) })
    return z.NEVER
  })

export const ContractFormSchema = z.object({
  registrationNo: z
    .string({ error: '请填写技术合同登记号' })
    .trim()
    .min(6, '登记号至少 6 位')
    .max(40, '登记号不能超过 40 位')
    .regex(/^[0-9A-Za-z-]+$/, '登记号只含数字、字母和“-”'),
  kind: z.enum(['DEVELOPMENT', 'TRANSFER', 'LICENCE'], { error: '请选择合同类型' }),
  buyerId: z.string({ error: '请选择买方（企业）' }).min(1).max(64),
  sellerId: z.string({ error: '请选择卖方（高校或院所）' }).min(1).max(64),
  amount: yuan('合同金额'),
  signedOn: shanghaiDay('签订日期'),
  attachments: cleanText(z.string().max(2_000, '附件清单太长'), '附件清单', { multiline: true })
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(/[\n,，;；]/)
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((names) => names.length <= 20, '附件最多 20 个')
    .refine((names) => names.every((n) => n.length <= 120), '每个附件名不超过 120 个字'),
})

export const ContractPaymentFormSchema = z.object({
  intent: z.literal('record-payment'),
  amount: yuan('付款金额'),
  paidOn: shanghaiDay('付款日期'),
  reference: cleanText(z.string({ error: '请填写付款凭证号' }).trim().min(1, '请填写付款凭证号').max(60), '付款凭证号'),
})

export const CancelContractFormSchema = z.object({
  intent: z.literal('cancel'),
  reason: cleanText(z.string({ error: '请填写解除理由' }).trim().min(2, '请填写解除理由').max(500), '解除理由', { multiline: true }),
})

export const RewardActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), rewardId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('reject'), rewardId: z.string().min(1).max(64), reason: cleanText(z.string({ error: '请填写不予奖励的理由' }).trim().min(2, '请填写不予奖励的理由').max(500), '理由', { multiline: true }) }),
  z.object({ intent: z.literal('payout'), rewardId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('retry-job'), jobId: z.string().min(1).max(200) }),
  z.object({ intent: z.literal('sweep') }),
])

export const RewardFiltersSchema = z.object({
  status: z.enum(Object.keys(REWARD_STATUS_LABELS) as [keyof typeof REWARD_STATUS_LABELS]).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

export const ExportQuerySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rewards'), from: shanghaiDay('开始日期'), to: shanghaiDay('结束日期') }),
  z.object({ type: z.literal('summary'), year: z.coerce.number().int().min(2000).max(2100) }),
])
