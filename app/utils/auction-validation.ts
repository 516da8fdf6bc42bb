// Form schemas for planning sessions and lots (browser and action alike).
import { z } from 'zod'
import { keyWithParams, type MessageKey } from '~/i18n/catalogue.ts'
import { cleanText, type LabelKey } from './text-validation.ts'
import { sessionPlanProblems } from '~/domain/auction-planning.ts'
import { shanghaiDateTime } from './date-validation.ts'
import { yuanAmount } from './listing-validation.ts'
import { reauctionCeilingFen, reauctionPriceProblem } from '~/domain/auction-reauction.ts'
import { formatFen } from '~/domain/money.ts'

export const SessionFormSchema = z
  .object({
    quarter: z.string({ error: 'validation.auction.quarterRequired' satisfies MessageKey }).regex(/^\d{4}Q[1-4]$/, 'validation.auction.quarterFormat' satisfies MessageKey),
    title: cleanText(z.string({ error: keyWithParams('validation.text.required', { label: 'validation.labels.sessionTitle' }) }).trim().min(4, keyWithParams('validation.text.tooShort', { label: 'validation.labels.sessionTitle', min: 4 })).max(60), 'validation.labels.sessionTitle'),
    startsAt: shanghaiDateTime('validation.labels.startsAt'),
    endsAt: shanghaiDateTime('validation.labels.endsAt'),
    // One regular session a quarter; extra sessions (补充场) for re-auctions (decision 022).
    kind: z.enum(['REGULAR', 'EXTRA']).default('REGULAR'),
  })
  .superRefine((v, ctx) => {
    // The domain's rule, so the browser says what the server will say.
    for (const p of sessionPlanProblems({ quarter: v.quarter, startsAt: v.startsAt.getTime(), endsAt: v.endsAt.getTime() })) {
      ctx.addIssue({ code: 'custom', path: [p.field], message: p.params ? keyWithParams(p.message, p.params) : p.message })
    }
  })

const required = (label: LabelKey) =>
  yuanAmount(label).refine((v): v is number => v !== null, keyWithParams('validation.text.required', { label }))

export const LotFormSchema = z
  .object({
    resultId: z.string({ error: 'validation.auction.resultRequired' satisfies MessageKey }).min(1, 'validation.auction.resultRequired' satisfies MessageKey),
    startingPrice: required('validation.labels.startingPrice'),
    increment: required('validation.labels.increment'),
    reserve: yuanAmount('validation.labels.reserve'),
    depositKind: z.enum(['fixed', 'share'], { error: 'validation.auction.depositKindRequired' satisfies MessageKey }),
    depositAmount: yuanAmount('validation.labels.deposit'),
    depositPercent: z.coerce.number({ error: 'validation.auction.depositPercentNumber' satisfies MessageKey }).int('validation.auction.depositPercentInteger' satisfies MessageKey).min(5, 'validation.auction.depositPercentRange' satisfies MessageKey).max(20, 'validation.auction.depositPercentRange' satisfies MessageKey).optional(),
    startsAt: shanghaiDateTime('validation.labels.startsAt'),
    endsAt: shanghaiDateTime('validation.labels.endsAt'),
    extensionMinutes: z.coerce.number({ error: 'validation.auction.extensionRequired' satisfies MessageKey }).int('validation.auction.extensionInteger' satisfies MessageKey).default(5),
    /** Why a re-auction starts above 80 % of its predecessor's start (decision 022). */
    reauctionReason: cleanText(z.string().trim().max(300, 'validation.auction.reasonTooLong300' satisfies MessageKey), 'validation.labels.reason', { multiline: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.depositKind === 'fixed' && v.depositAmount === null) ctx.addIssue({ code: 'custom', path: ['depositAmount'], message: 'validation.auction.depositAmountRequired' satisfies MessageKey })
    if (v.depositKind === 'share' && v.depositPercent === undefined) ctx.addIssue({ code: 'custom', path: ['depositPercent'], message: 'validation.auction.depositPercentRequired' satisfies MessageKey })
  })

/**
 * The lot form with the re-auction rule for the results that have a predecessor (their previous starting price):
 * the browser refuses what addLot would refuse, beside the starting price.
 */
export function lotFormSchemaFor(predecessors: Record<string, { startingPriceFen: number }>) {
  return LotFormSchema.superRefine((v, ctx) => {
    const p = predecessors[v.resultId]
    if (!p) return
    const problem = reauctionPriceProblem({ startingPriceFen: v.startingPrice, predecessorStartFen: p.startingPriceFen, reason: v.reauctionReason })
    if (problem) ctx.addIssue({ code: 'custom', path: ['startingPrice'], message: keyWithParams(problem, { ceiling: formatFen(reauctionCeilingFen(p.startingPriceFen)) }) })
  })
}

export const RegistrationDecisionSchema = z.object({
  registrationId: z.string({ error: 'validation.auction.registrationMissing' satisfies MessageKey }).min(1, 'validation.auction.registrationMissing' satisfies MessageKey),
  decision: z.enum(['approve', 'refuse'], { error: 'validation.auction.decisionRequired' satisfies MessageKey }),
  reason: cleanText(z.string().trim().max(300, 'validation.auction.reasonTooLong300' satisfies MessageKey), 'validation.labels.reason', { multiline: true }).optional(),
})
