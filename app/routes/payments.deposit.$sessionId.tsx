// Enterprise: pay the deposit (保证金) of an auction session by card.
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CardCheckout } from '~/components/card-checkout.tsx'
import { getT } from '~/utils/i18n.server.ts'
import { fixedT, translateMessage } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { startDepositPayment } from '~/services/deposits.server.ts'
import { depositCheckout } from '~/services/payment-reports.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { cardFromForm, CardFormSchema } from '~/utils/payment-validation.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.depositCheckout.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return orRespond(depositCheckout(db, user, params.sessionId!))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: CardFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () =>
    startDepositPayment(db, getPaymentProvider(), user, { sessionId: params.sessionId!, card: cardFromForm(submission.value) }, new Date()),
  )
  if (!outcome.ok) return outcome.response
  if (outcome.value.status === 'FAILED') return data(submission.reply({ formErrors: [translateMessage(await getT(request), outcome.value.message, outcome.value.params)] }), { status: 402 })
  return redirect(`/payments/${outcome.value.paymentId}`)
}

export default function DepositCheckout() {
  const task = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const paid = task.status === 'SUCCEEDED' || task.status === 'PROCESSING'
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('moneyPages.depositCheckout.title')}</h1>
      <p>
        {t('moneyPages.depositCheckout.summary', { session: task.session, amount: format.moneyExact(task.amountFen) })}
      </p>
      {paid ? (
        <p className="alert">{t('moneyPages.depositCheckout.alreadyPaid', { status: t(`enums.paymentStatus.${task.status!}`) })}</p>
      ) : (
        <CardCheckout lastResult={lastResult} amountFen={task.amountFen} submitLabel={t('moneyPages.depositCheckout.submit')} />
      )}
      <p>
        <Link to="/payments">{t('moneyPages.depositCheckout.backToPayments')}</Link>
      </p>
    </>
  )
}
