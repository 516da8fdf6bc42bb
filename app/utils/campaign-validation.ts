// The forms of the service campaign and of closed-loop requests, one zod schema each, shared by the browser and
// the action. Messages are catalogue keys (docs/i18n.md); the rules are in app/domain (service-requests.ts,
// assignment-table.ts, campaign-coverage.ts) and the use-cases check them again.
import { z } from 'zod'
import { FIELD_CODES } from '~/domain/fields.ts'
import { REQUEST_CATEGORIES, REQUEST_RATINGS, REQUEST_STATUSES } from '~/domain/service-requests.ts'
import type { MessageKey } from '~/i18n/catalogue.ts'

const required = 'campaign.errors.required' satisfies MessageKey
const text = (max: number) => z.string({ error: required }).trim().min(1, required).max(max, 'campaign.errors.textInvalid' satisfies MessageKey)
const date = z.string({ error: 'campaign.errors.dateInvalid' satisfies MessageKey }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'campaign.errors.dateInvalid' satisfies MessageKey)
const lines = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0))

export const CampaignFormSchema = z.object({
  name: text(100),
  noticeRef: text(100),
  startsOn: date,
  endsOn: date,
  coverageTargetOn: date,
  fundsTargetPercent: z.coerce.number({ error: 'campaign.errors.percentInvalid' satisfies MessageKey }).int('campaign.errors.percentInvalid' satisfies MessageKey).min(1, 'campaign.errors.percentInvalid' satisfies MessageKey).max(100, 'campaign.errors.percentInvalid' satisfies MessageKey),
  fundsTargetOn: date,
})

const id = z.string({ error: required }).trim().min(1, required).max(40)

/** The campaign page's small forms (plain forms: a button row, a few fields). */
export const CampaignPageSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('leader'), groupId: id, userId: z.string().trim().max(40).optional() }),
  z.object({ intent: z.literal('plan'), enterpriseId: id, assigneeId: id, plannedOn: date }),
  z.object({
    intent: z.literal('record'),
    visitId: z.string().trim().max(40).optional(),
    enterpriseId: id,
    visitedOn: date,
    visitors: text(200),
    mode: z.enum(['ON_SITE', 'ONLINE'], { error: required }),
    policies: lines,
    problems: z.string().trim().max(4000, 'campaign.errors.textInvalid' satisfies MessageKey).optional().default(''),
  }),
  z.object({ intent: z.literal('cancel'), visitId: id }),
  z.object({
    intent: z.literal('request'),
    visitId: id,
    category: z.enum(REQUEST_CATEGORIES, { error: 'requests.errors.categoryInvalid' satisfies MessageKey }),
    description: z.string({ error: required }).trim().min(5, 'requests.errors.required' satisfies MessageKey).max(4000),
  }),
])

export const RaiseRequestSchema = z.object({
  category: z.enum(REQUEST_CATEGORIES, { error: 'requests.errors.categoryInvalid' satisfies MessageKey }),
  description: z.string({ error: 'requests.errors.required' satisfies MessageKey }).trim().min(5, 'requests.errors.required' satisfies MessageKey).max(4000, 'requests.errors.textInvalid' satisfies MessageKey),
  // The uploaded files (one or several File entries): checked by the service (app/domain/request-attachments.ts).
  files: z.unknown().optional(),
  contactName: z.string().trim().max(30, 'requests.errors.textInvalid' satisfies MessageKey).optional().default(''),
  contactPhone: z.string().trim().max(30, 'requests.errors.textInvalid' satisfies MessageKey).optional().default(''),
})

export const RateRequestSchema = z.object({
  requestId: id,
  rating: z.enum(REQUEST_RATINGS, { error: required }),
  note: z.string().trim().max(1000, 'requests.errors.textInvalid' satisfies MessageKey).optional(),
})

export const RequestStepSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('assign'), department: text(60), workingDays: z.coerce.number({ error: required }).int().min(1).max(60) }),
  z.object({ intent: z.literal('start') }),
  z.object({ intent: z.literal('answer'), text: z.string({ error: required }).trim().min(5, 'requests.errors.required' satisfies MessageKey).max(4000) }),
  z.object({ intent: z.literal('close') }),
  z.object({
    intent: z.literal('need'),
    title: text(100),
    field: z.enum(FIELD_CODES, { error: 'requests.errors.fieldInvalid' satisfies MessageKey }),
    keywords: z
      .string()
      .optional()
      .transform((s) => (s ?? '').split(/[,，、\s]+/).map((k) => k.trim()).filter((k) => k.length > 0)),
  }),
])

export const QueueFilterSchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional().catch(undefined),
  overdue: z
    .string()
    .optional()
    .transform((v) => v === '1')
    .catch(false),
})
