// The card door of an enterprise's checkout pages (a deal's balance, a voucher booking's own share, a lot's deposit): the card form
// checked, the payment made through the provider, a decline shown on the form (402), success on to `paidTo`.
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { translateMessage, type MessageParams } from '~/i18n/catalogue.ts'
import { requireRole, type CurrentUser } from './auth.server.ts'
import { validateCsrf } from './csrf.server.ts'
import { getDb, type Db } from './db.server.ts'
import { runFormAction } from './form-action.server.ts'
import { getT } from './i18n.server.ts'
import { getPaymentProvider, type Card, type PaymentProvider } from './payment-provider.server.ts'
import { cardFromForm, CardFormSchema } from './payment-validation.ts'

type Outcome = { status: string; message: string; params?: MessageParams }

export async function cardCheckoutAction<O extends Outcome>(
  request: Request,
  pay: (db: Db, provider: PaymentProvider, user: CurrentUser, card: Card, now: Date) => Promise<O>,
  paidTo: (outcome: O) => string,
) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: CardFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () => pay(db, getPaymentProvider(), user, cardFromForm(submission.value), new Date()))
  if (!outcome.ok) return outcome.response
  if (outcome.value.status === 'FAILED') return data(submission.reply({ formErrors: [translateMessage(await getT(request), outcome.value.message, outcome.value.params)] }), { status: 402 })
  return redirect(paidTo(outcome.value))
}
