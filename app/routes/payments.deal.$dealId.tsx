// Enterprise: pay the balance of a won lot (price less the deposit) before its deadline.
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CardCheckout } from '~/components/card-checkout.tsx'
import { formatFen } from '~/domain/money.ts'
import { settlementCheckout } from '~/services/payment-reports.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { cardFromForm, CardFormSchema } from '~/utils/payment-validation.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction = () => [{ title: '支付成交价款 · 科技成果交易市场' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return orRespond(settlementCheckout(db, user, params.dealId!, new Date()))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: CardFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () =>
    startSettlementPayment(db, getPaymentProvider(), user, { dealId: params.dealId!, card: cardFromForm(submission.value) }, new Date()),
  )
  if (!outcome.ok) return outcome.response
  if (outcome.value.status === 'FAILED') return data(submission.reply({ formErrors: [outcome.value.message] }), { status: 402 })
  return redirect(`/payments/${outcome.value.paymentId}`)
}

export default function SettlementCheckout() {
  const task = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <>
      <h1>支付成交价款</h1>
      <p>
        {task.title}
        {task.lotNumber !== null && `（第 ${task.lotNumber} 号拍品）`}：成交价 {formatFen(task.priceFen)}，已缴保证金 {formatFen(task.depositFen)} 抵作价款。
      </p>
      <p className={task.overdue ? 'alert' : ''}>
        付款期限：{formatDateTime(task.deadline)}
        {task.overdue && '（已逾期，保证金将不予退还）'}
      </p>
      {!task.overdue && <CardCheckout lastResult={lastResult} amountFen={task.dueFen} submitLabel="支付尾款" />}
      <p>
        <Link to="/payments">返回我的款项</Link>
      </p>
    </>
  )
}
