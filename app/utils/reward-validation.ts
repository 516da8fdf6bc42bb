// Forms of the contract and reward pages, shared by the browser and the actions.
import { z } from 'zod'
import { keyWithParams, type MessageKey } from '~/i18n/catalogue.ts'
import { cleanText, type LabelKey } from './text-validation.ts'
import { dateProblemMessage, parseShanghaiDay } from '~/domain/calendar.ts'
import { parseYuanToFen } from '~/domain/money.ts'
import { parsePercentToBp, REWARD_STATUSES } from '~/domain/rewards.ts'

/** The kinds of technology contract; their names are enums.contractKind.<KIND> in the catalogue. */
export const CONTRACT_KINDS = ['DEVELOPMENT', 'TRANSFER', 'LICENCE'] as const

const yuan = (what: LabelKey) =>
  z
    .string({ error: keyWithParams('validation.text.required', { label: what }) })
    .trim()
    .transform((s, ctx) => {
      const fen = parseYuanToFen(s)
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: keyWithParams('validation.reward.yuanFormat', { label: what }) })
        return z.NEVER
      }
      if (fen <= 0) {
        ctx.addIssue({ code: 'custom', message: keyWithParams('validation.reward.yuanPositive', { label: what }) })
        return z.NEVER
      }
      return fen
    })

const dayProblem = (label: LabelKey, parsed: Parameters<typeof dateProblemMessage>[1]) => {
  const { key, params } = dateProblemMessage(label, parsed)
  return keyWithParams(key, params)
}

/** A calendar date typed in Shanghai, as the instant of its midnight there; a date that does not exist is refused (app/domain/calendar.ts). */
const shanghaiDay = (what: LabelKey) =>
  z.string({ error: keyWithParams('validation.text.required', { label: what }) }).transform((s, ctx) => {
    const parsed = parseShanghaiDay(s.trim())
    if (parsed.ok) return new Date(parsed.instantMs)
    ctx.addIssue({ code: 'custom', message: parsed.problem === 'format' ? keyWithParams('validation.reward.dayFormat', { label: what }) : dayProblem(what, parsed) })
    return z.NEVER
  })

export const ContractFormSchema = z.object({
  registrationNo: z
    .string({ error: 'validation.reward.contractNoRequired' satisfies MessageKey })
    .trim()
    .min(6, 'validation.reward.contractNoShort' satisfies MessageKey)
    .max(40, 'validation.reward.contractNoLong' satisfies MessageKey)
    .regex(/^[0-9A-Za-z-]+$/, 'validation.reward.contractNoChars' satisfies MessageKey),
  kind: z.enum(['DEVELOPMENT', 'TRANSFER', 'LICENCE'], { error: 'validation.reward.contractKindRequired' satisfies MessageKey }),
  buyerId: z.string({ error: 'validation.reward.buyerRequired' satisfies MessageKey }).min(1).max(64),
  sellerId: z.string({ error: 'validation.reward.sellerRequired' satisfies MessageKey }).min(1).max(64),
  amount: yuan('validation.labels.contractAmount'),
  signedOn: shanghaiDay('validation.labels.signedOn'),
  attachments: cleanText(z.string().max(2_000, 'validation.reward.attachmentsTooLong' satisfies MessageKey), 'validation.labels.attachments', { multiline: true })
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(/[\n,，;；]/)
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((names) => names.length <= 20, 'validation.reward.attachmentsTooMany' satisfies MessageKey)
    .refine((names) => names.every((n) => n.length <= 120), 'validation.reward.attachmentNameTooLong' satisfies MessageKey),
  // Made through another technology market's auction (ours make their contracts themselves): it earns the auction rate.
  otherAuction: z.literal('on').optional(),
  auctionMarket: z.string().trim().max(80, 'validation.reward.marketTooLong' satisfies MessageKey).optional(),
  auctionRef: z.string().trim().max(60, 'validation.reward.auctionRefTooLong' satisfies MessageKey).optional(),
}).superRefine((v, ctx) => {
  if (!v.otherAuction) return
  if (!v.auctionMarket || v.auctionMarket.length < 2) ctx.addIssue({ code: 'custom', path: ['auctionMarket'], message: 'validation.reward.marketRequired' satisfies MessageKey })
  if (!v.auctionRef) ctx.addIssue({ code: 'custom', path: ['auctionRef'], message: 'validation.reward.auctionRefRequired' satisfies MessageKey })
})

export const ContractPaymentFormSchema = z.object({
  intent: z.literal('record-payment'),
  amount: yuan('validation.labels.paymentAmount'),
  paidOn: shanghaiDay('validation.labels.paidOn'),
  reference: cleanText(z.string({ error: 'validation.reward.referenceRequired' satisfies MessageKey }).trim().min(1, 'validation.reward.referenceRequired' satisfies MessageKey).max(60), 'validation.labels.paymentReference'),
})

export const CancelContractFormSchema = z.object({
  intent: z.literal('cancel'),
  reason: cleanText(z.string({ error: 'validation.reward.cancelReasonRequired' satisfies MessageKey }).trim().min(2, 'validation.reward.cancelReasonRequired' satisfies MessageKey).max(500), 'validation.labels.cancelReason', { multiline: true }),
})

export const RewardActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), rewardId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('reject'), rewardId: z.string().min(1).max(64), reason: cleanText(z.string({ error: 'validation.reward.rejectReasonRequired' satisfies MessageKey }).trim().min(2, 'validation.reward.rejectReasonRequired' satisfies MessageKey).max(500), 'validation.labels.rejectReason', { multiline: true }) }),
  z.object({ intent: z.literal('payout'), rewardId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('retry-job'), jobId: z.string().min(1).max(200) }),
  z.object({ intent: z.literal('sweep') }),
])

export const RewardFiltersSchema = z.object({
  status: z.enum(REWARD_STATUSES).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  /** The rewards one policy version computed (linked from /staff/policies). */
  policy: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined),
})

export const ExportQuerySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rewards'), from: shanghaiDay('validation.labels.fromDate'), to: shanghaiDay('validation.labels.toDate') }),
  z.object({ type: z.literal('summary'), year: z.coerce.number().int().min(2000).max(2100) }),
])

const percent = (what: LabelKey) =>
  z.string({ error: keyWithParams('validation.text.required', { label: what }) }).transform((s, ctx) => {
    const bp = parsePercentToBp(s)
    if (bp === null) {
      ctx.addIssue({ code: 'custom', message: keyWithParams('validation.reward.percent', { label: what }) })
      return z.NEVER
    }
    return bp
  })

/** A new version of a reward policy (staff, /staff/policies). */
export const PolicyVersionFormSchema = z
  .object({
    intent: z.literal('propose'),
    name: z.string({ error: 'validation.reward.policyNameRequired' satisfies MessageKey }).trim().min(2, 'validation.reward.policyNameShort' satisfies MessageKey).max(80, 'validation.reward.policyNameLong' satisfies MessageKey),
    validFrom: shanghaiDay('validation.labels.validFrom'),
    validTo: z.preprocess((v) => (v === '' ? undefined : v), shanghaiDay('validation.labels.validTo').optional()),
    rateOutside: percent('validation.labels.rateOutside'),
    rateVia: percent('validation.labels.rateVia'),
    capPerContract: yuan('validation.labels.capPerContract'),
    capPerEnterpriseYear: yuan('validation.labels.capPerEnterpriseYear'),
    contractKinds: z
      .array(z.enum(['DEVELOPMENT', 'TRANSFER', 'LICENCE']), { error: 'validation.reward.contractKindsRequired' satisfies MessageKey })
      .min(1, 'validation.reward.contractKindsRequired' satisfies MessageKey)
      .or(z.enum(['DEVELOPMENT', 'TRANSFER', 'LICENCE']).transform((k) => [k])),
    basis: cleanText(z.string({ error: 'validation.reward.basisRequired' satisfies MessageKey }).trim().min(2, 'validation.reward.basisRequired' satisfies MessageKey).max(500, 'validation.reward.basisTooLong' satisfies MessageKey), 'validation.labels.policyBasis', { multiline: true }),
    // Innovation voucher terms of the version (decision 018): all three, or none to keep the latest approved ones.
    voucherCapEnterprise: z.preprocess((v) => (v === '' ? undefined : v), yuan('validation.labels.voucherCapEnterprise').optional()),
    voucherCapEntrepreneur: z.preprocess((v) => (v === '' ? undefined : v), yuan('validation.labels.voucherCapEntrepreneur').optional()),
    voucherShare: z.preprocess((v) => (v === '' ? undefined : v), percent('validation.labels.voucherShare').optional()),
  })
  .superRefine((v, ctx) => {
    const given = [v.voucherCapEnterprise, v.voucherCapEntrepreneur, v.voucherShare].filter((x) => x !== undefined).length
    if (given !== 0 && given !== 3) ctx.addIssue({ code: 'custom', path: ['voucherShare'], message: 'vouchers.policy.allOrNone' satisfies MessageKey })
    if (v.validTo && v.validTo.getTime() <= v.validFrom.getTime()) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validation.reward.validToAfterFrom' satisfies MessageKey })
  })

export const PolicyDecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), policyId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('reject'), policyId: z.string().min(1).max(64), reason: cleanText(z.string({ error: 'validation.reward.policyRejectReasonRequired' satisfies MessageKey }).trim().min(2, 'validation.reward.policyRejectReasonRequired' satisfies MessageKey).max(500), 'validation.labels.rejectReason', { multiline: true }) }),
])
