// Enterprise: pay the deposit (保证金) of an auction session by card.
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CardCheckout } from '~/components/card-checkout.tsx'
import { formatFen } from '~/domain/money.ts'
import { STATUS_LABELS } from '~/domain/payments.ts'
import { startDepositPayment } from '~/services/deposits.server.ts'
import { depositCheckout } from '~/services/payment-reports.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { cardFromForm, CardFormSchema } from '~/utils/payment-validation.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction = () => [{ title: '缴纳保证金 · 科技成果交易市场' }]

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
  if (outcome.value.status === 'FAILED') return data(submission.reply({ formErrors: [outcome.value.message] }), { status: 402 })
  return redirect(`/payments/${outcome.value.paymentId}`)
}

export default function DepositCheckout() {
  const task = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const paid = task.status === 'SUCCEEDED' || task.status === 'PROCESSING'
  return (
    <>
      <h1>缴纳保证金</h1>
      <p>
        {task.session}：保证金 {formatFen(task.amountFen)}。缴纳后可参与本场所有拍品的竞价；未成交的保证金在竞价结束后原路退还，成交的抵作价款，逾期不付款的不予退还。
      </p>
      {paid ? (
        <p className="alert">保证金{STATUS_LABELS[task.status!]}，无需再次缴纳。</p>
      ) : (
        <CardCheckout lastResult={lastResult} amountFen={task.amountFen} submitLabel="支付保证金" />
      )}
      <p>
        <Link to="/payments">返回我的款项</Link>
      </p>
    </>
  )
}
