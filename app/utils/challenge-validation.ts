// The forms of 揭榜挂帅 (post, apply, decide), one zod schema each, shared by the browser and the action.
// Messages are catalogue keys (docs/i18n.md); the rules themselves are in app/domain/challenges.ts.
import { z } from 'zod'
import { parseCalendarDate } from '~/domain/calendar.ts'
import { PROPOSAL_MAX_CHARS, PROPOSAL_MIN_CHARS } from '~/domain/challenges.ts'
import { parseMoneyInput } from '~/domain/money.ts'
import type { MessageKey } from '~/i18n/catalogue.ts'

const money = (required: MessageKey | null) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') {
        if (required) ctx.addIssue({ code: 'custom', message: required })
        return null
      }
      const fen = parseMoneyInput(s)
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: 'challenges.moneyInvalid' satisfies MessageKey })
        return z.NEVER
      }
      return fen
    })

export const PostChallengeSchema = z.object({
  reward: money('challenges.rewardRequired'),
  deadline: z
    .string({ error: 'challenges.deadlineRequired' satisfies MessageKey })
    .trim()
    .refine((s) => parseCalendarDate(s).ok, 'challenges.deadlineRequired' satisfies MessageKey),
  conditions: z.string().optional().default(''),
  subsidy: money(null),
})

export const ApplyChallengeSchema = z.object({
  proposal: z
    .string({ error: 'challenges.proposalRequired' satisfies MessageKey })
    .trim()
    .min(PROPOSAL_MIN_CHARS, 'challenges.proposalTooShort' satisfies MessageKey)
    .max(PROPOSAL_MAX_CHARS, 'challenges.proposalTooLong' satisfies MessageKey),
  quote: money(null),
})

export const DecideChallengeSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('select'), applicationId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('confirm') }),
  z.object({ intent: z.literal('close'), reason: z.string().trim().min(1, 'challenges.reasonRequired' satisfies MessageKey).max(500) }),
  z.object({ intent: z.literal('contract'), registrationNo: z.string().trim().min(1, 'challenges.registrationNoRequired' satisfies MessageKey).max(64) }),
  z.object({ intent: z.literal('subsidy') }),
])
