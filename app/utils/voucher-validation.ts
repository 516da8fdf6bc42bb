// Forms of the voucher pages (decision 018), shared by the browser and the actions; messages are catalogue keys.
import { z } from 'zod'
import { parseMoneyInput } from '~/domain/money.ts'
import { VOUCHER_HOLDER_KINDS, VOUCHER_SERVICE_KINDS } from '~/domain/vouchers.ts'
import type { MessageKey } from '~/i18n/catalogue.ts'
import { cleanText } from './text-validation.ts'

const money = (key: MessageKey) =>
  z.string({ error: key }).trim().transform((s, ctx) => {
    const fen = parseMoneyInput(s)
    if (fen === null || fen <= 0) {
      ctx.addIssue({ code: 'custom', message: key })
      return z.NEVER
    }
    return fen
  })

export const ServiceFormSchema = z.object({
  kind: z.enum(VOUCHER_SERVICE_KINDS as ['INSTRUMENT', 'TEST'], { error: 'vouchers.form.kindRequired' satisfies MessageKey }),
  title: cleanText(z.string({ error: 'vouchers.errors.title' satisfies MessageKey }).trim().min(2, 'vouchers.errors.title' satisfies MessageKey).max(120, 'vouchers.errors.title' satisfies MessageKey), 'validation.labels.voucherTitle'),
  description: cleanText(z.string({ error: 'vouchers.errors.description' satisfies MessageKey }).trim().min(2, 'vouchers.errors.description' satisfies MessageKey).max(4000, 'vouchers.errors.description' satisfies MessageKey), 'validation.labels.voucherDescription', { multiline: true }),
  price: money('vouchers.form.priceInvalid'),
  leadTimeDays: z.coerce.number({ error: 'vouchers.form.leadTimeInvalid' satisfies MessageKey }).int('vouchers.form.leadTimeInvalid' satisfies MessageKey).min(0, 'vouchers.form.leadTimeInvalid' satisfies MessageKey).max(365, 'vouchers.form.leadTimeInvalid' satisfies MessageKey),
  location: cleanText(z.string({ error: 'vouchers.errors.location' satisfies MessageKey }).trim().min(2, 'vouchers.errors.location' satisfies MessageKey).max(200, 'vouchers.errors.location' satisfies MessageKey), 'validation.labels.voucherLocation'),
})

export const BookFormSchema = z.object({
  useVoucher: z.literal('on').optional(),
  contractId: z.string().trim().optional(),
  note: cleanText(z.string().trim().max(500), 'validation.labels.voucherNote', { multiline: true }).optional(),
})

export const BookingStepSchema = z.object({
  intent: z.enum(['confirm', 'deliver', 'cancel']),
  bookingId: z.string().min(1),
  reason: cleanText(z.string(), 'validation.labels.reason', { multiline: true }).optional(),
  reportName: cleanText(z.string(), 'validation.labels.voucherReport').optional(),
  reportText: cleanText(z.string(), 'validation.labels.voucherReport', { multiline: true }).optional(),
})

export const GrantFormSchema = z.object({
  intent: z.literal('grant'),
  holderId: z.string({ error: 'vouchers.form.holderRequired' satisfies MessageKey }).min(1, 'vouchers.form.holderRequired' satisfies MessageKey),
  holderKind: z.enum(VOUCHER_HOLDER_KINDS as ['ENTERPRISE', 'ENTREPRENEUR']),
  year: z.coerce.number({ error: 'vouchers.form.yearInvalid' satisfies MessageKey }).int('vouchers.form.yearInvalid' satisfies MessageKey),
  amount: money('vouchers.form.amountInvalid'),
  reason: cleanText(z.string({ error: 'vouchers.errors.reasonRequired' satisfies MessageKey }).trim().min(2, 'vouchers.errors.reasonRequired' satisfies MessageKey), 'validation.labels.reason', { multiline: true }),
})

export const StaffVoucherActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), serviceId: z.string().min(1) }),
  z.object({ intent: z.literal('reject'), serviceId: z.string().min(1), reason: cleanText(z.string().trim().min(2, 'vouchers.errors.reasonRequired' satisfies MessageKey), 'validation.labels.reason', { multiline: true }) }),
  z.object({ intent: z.literal('approve-provider'), organizationId: z.string().min(1, 'vouchers.form.holderRequired' satisfies MessageKey), reason: cleanText(z.string().trim().min(2, 'vouchers.errors.reasonRequired' satisfies MessageKey), 'validation.labels.reason', { multiline: true }) }),
  z.object({ intent: z.literal('payout'), bookingId: z.string().min(1) }),
  z.object({ intent: z.literal('cancel'), bookingId: z.string().min(1), reason: cleanText(z.string().trim().min(2, 'vouchers.errors.reasonRequired' satisfies MessageKey), 'validation.labels.reason', { multiline: true }) }),
])
