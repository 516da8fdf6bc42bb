// Forms of the payment pages, shared by the browser and the actions.
import { z } from 'zod'
import { isCardNumber, PAYMENT_KINDS, PAYMENT_STATUSES } from '~/domain/payments.ts'

export const CardFormSchema = z.object({
  cardNumber: z
    .string({ error: '请填写卡号' })
    .trim()
    .refine((v) => isCardNumber(v), '卡号不正确，请核对（12–19 位数字）'),
  // As printed on cards and as people type it: "12/30", "12 / 30" or "1230"; always read as MM/YY.
  expiry: z
    .string({ error: '请填写有效期' })
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^(0[1-9]|1[0-2])\/?\d{2}$/, '有效期格式为 MM/YY，例如 12/30'))
    .transform((v) => `${v.slice(0, 2)}/${v.slice(-2)}`),
  cvc: z
    .string({ error: '请填写安全码' })
    .trim()
    .regex(/^\d{3,4}$/, '安全码是卡背面的 3–4 位数字'),
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
