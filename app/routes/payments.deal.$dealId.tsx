// Enterprise: pay the balance of a won lot (price less the deposit) before its deadline.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CardCheckout } from '~/components/card-checkout.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { settlementCheckout } from '~/services/payment-reports.server.ts'
import { startSettlementPayment } from '~/services/settlements.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { cardCheckoutAction } from '~/utils/card-checkout.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.dealCheckout.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return orRespond(settlementCheckout(db, user, params.dealId!, new Date()))
}

export async function action({ request, params }: ActionFunctionArgs) {
  return cardCheckoutAction(
    request,
    (db, provider, user, card, now) => startSettlementPayment(db, provider, user, { dealId: params.dealId!, card }, now),
    (paid) => `/payments/${paid.paymentId}`,
  )
}

export default function SettlementCheckout() {
  const task = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('moneyPages.dealCheckout.title')}</h1>
      <p>
        {task.title}
        {task.lotNumber !== null && t('moneyPages.dealCheckout.lotNumber', { number: task.lotNumber })}
        {t('moneyPages.dealCheckout.summary', { price: format.moneyExact(task.priceFen), deposit: format.moneyExact(task.depositFen) })}
      </p>
      <p className={task.overdue ? 'alert' : ''}>
        {t('moneyPages.dealCheckout.deadline', { at: format.dateTime(task.deadline) })}
        {task.overdue && t('moneyPages.dealCheckout.overdue')}
      </p>
      {!task.overdue && <CardCheckout lastResult={lastResult} amountFen={task.dueFen} submitLabel={t('moneyPages.dealCheckout.submit')} />}
      <p>
        <Link to="/payments">{t('moneyPages.dealCheckout.backToPayments')}</Link>
      </p>
    </>
  )
}
