// Forms of the payment pages, shared by the browser and the actions.
import { z } from 'zod'
import type { MessageKey } from '~/i18n/catalogue.ts'
import { isCardNumber, PAYMENT_KINDS, PAYMENT_STATUSES } from '~/domain/payments.ts'

export const CardFormSchema = z.object({
  cardNumber: z
    .string({ error: 'validation.card.numberRequired' satisfies MessageKey })
    .trim()
    .refine((v) => isCardNumber(v), 'validation.card.numberInvalid' satisfies MessageKey),
  // As printed on cards and as people type it: "12/30", "12 / 30" or "1230"; always read as MM/YY.
  expiry: z
    .string({ error: 'validation.card.expiryRequired' satisfies MessageKey })
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^(0[1-9]|1[0-2])\/?\d{2}$/, 'validation.card.expiryFormat' satisfies MessageKey))
    .transform((v) => `${v.slice(0, 2)}/${v.slice(-2)}`),
  cvc: z
    .string({ error: 'validation.card.cvcRequired' satisfies MessageKey })
    .trim()
    .regex(/^\d{3,4}$/, 'validation.card.cvcFormat' satisfies MessageKey),
})
export type CardForm = z.infer<typeof CardFormSchema>

export function cardFromForm(form: CardForm) {
  const [mm, yy] = form.expiry.split('/')
  return { number: form.cardNumber.replace(/[\s-]/g, ''), expMonth: Number(mm), expYear: 2000 + Number(yy), cvc: form.cvc }
}

export const PaymentFiltersSchema = z.object({
  kind: z.enum(PAYMENT_KINDS).optional().catch(undefined),
  status: z.enum(PAYMENT_STATUSES).optional().catch(undefined),
  sessionId: z.string().max(64).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

export const StaffPaymentActionSchema = z.object({
  intent: z.enum(['reconcile', 'refund-deposit', 'refund-losers', 'refund-settlement', 'retry-payout', 'forfeit']),
  paymentId: z.string().max(64).optional(),
  sessionId: z.string().max(64).optional(),
  dealId: z.string().max(64).optional(),
  rewardId: z.string().max(64).optional(),
})
