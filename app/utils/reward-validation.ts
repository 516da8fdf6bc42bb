// Forms of the contract and reward pages, shared by the browser and the actions.
import { z } from 'zod'
import { cleanText } from './text-validation.ts'
import { dateProblemMessage, parseShanghaiDay } from '~/domain/calendar.ts'
import { parseYuanToFen } from '~/domain/money.ts'
import { parsePercentToBp, REWARD_STATUS_LABELS } from '~/domain/rewards.ts'
import type { MessageKey } from '~/i18n/catalogue.ts'

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
  // Made through another technology market's auction (ours make their contracts themselves): it earns the auction rate.
  otherAuction: z.literal('on').optional(),
  auctionMarket: z.string().trim().max(80, '技术市场名称不能超过 80 个字').optional(),
  auctionRef: z.string().trim().max(60, '竞价编号不能超过 60 个字').optional(),
}).superRefine((v, ctx) => {
  if (!v.otherAuction) return
  if (!v.auctionMarket || v.auctionMarket.length < 2) ctx.addIssue({ code: 'custom', path: ['auctionMarket'], message: '请填写组织竞价（拍卖）的技术市场' })
  if (!v.auctionRef) ctx.addIssue({ code: 'custom', path: ['auctionRef'], message: '请填写该竞价（拍卖）的编号' })
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
  /** The rewards one policy version computed (linked from /staff/policies). */
  policy: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined),
})

export const ExportQuerySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rewards'), from: shanghaiDay('开始日期'), to: shanghaiDay('结束日期') }),
  z.object({ type: z.literal('summary'), year: z.coerce.number().int().min(2000).max(2100) }),
])

const percent = (what: string) =>
  z.string({ error: `请填写${what}` }).transform((s, ctx) => {
    const bp = parsePercentToBp(s)
    if (bp === null) {
      ctx.addIssue({ code: 'custom', message: `${what}应为 0–100 之间的百分数，最多两位小数` })
      return z.NEVER
    }
    return bp
  })

/** A new version of a reward policy (staff, /staff/policies). */
export const PolicyVersionFormSchema = z
  .object({
    intent: z.literal('propose'),
    name: z.string({ error: '请填写政策名称' }).trim().min(2, '政策名称至少 2 个字').max(80, '政策名称不能超过 80 个字'),
    validFrom: shanghaiDay('生效日期'),
    validTo: z.preprocess((v) => (v === '' ? undefined : v), shanghaiDay('失效日期').optional()),
    rateOutside: percent('竞价以外的比例'),
    rateVia: percent('竞价（拍卖）成交的比例'),
    capPerContract: yuan('每项合同上限'),
    capPerEnterpriseYear: yuan('企业年度上限'),
    contractKinds: z
      .array(z.enum(['DEVELOPMENT', 'TRANSFER', 'LICENCE']), { error: '请至少选择一种合同类型' })
      .min(1, '请至少选择一种合同类型')
      .or(z.enum(['DEVELOPMENT', 'TRANSFER', 'LICENCE']).transform((k) => [k])),
    basis: z.string({ error: '请写明依据（文号、条款、改动）' }).trim().min(2, '请写明依据（文号、条款、改动）').max(500, '依据不能超过 500 个字'),
    // Innovation voucher terms of the version (decision 018): all three, or none to keep the latest approved ones.
    voucherCapEnterprise: z.preprocess((v) => (v === '' ? undefined : v), yuan('企业创新券年度额度上限').optional()),
    voucherCapEntrepreneur: z.preprocess((v) => (v === '' ? undefined : v), yuan('创业者创新券年度额度上限').optional()),
    voucherShare: z.preprocess((v) => (v === '' ? undefined : v), percent('创新券抵扣比例').optional()),
  })
  .superRefine((v, ctx) => {
    const given = [v.voucherCapEnterprise, v.voucherCapEntrepreneur, v.voucherShare].filter((x) => x !== undefined).length
    if (given !== 0 && given !== 3) ctx.addIssue({ code: 'custom', path: ['voucherShare'], message: 'vouchers.policy.allOrNone' satisfies MessageKey })
    if (v.validTo && v.validTo.getTime() <= v.validFrom.getTime()) ctx.addIssue({ code: 'custom', path: ['validTo'], message: '失效日期须晚于生效日期' })
  })

export const PolicyDecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), policyId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('reject'), policyId: z.string().min(1).max(64), reason: z.string({ error: '请填写不予通过的理由' }).trim().min(2, '请填写不予通过的理由').max(500) }),
])
