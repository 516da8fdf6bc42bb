// A payment's receipt (回执) with its history; the payer or staff only.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { declineMessage, type PaymentStatus } from '~/domain/payments.ts'
import { paymentReceipt } from '~/services/payment-reports.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.receipt.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  return { receipt: await orRespond(paymentReceipt(db, user, params.id!)), isStaff: user.role === 'STAFF' }
}

export default function Receipt() {
  const { receipt: r, isStaff } = useLoaderData<typeof loader>()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>
        {t('moneyPages.receipt.heading', { kind: t(`enums.paymentKind.${r.kind}`) })} <span className={`badge ${r.status}`}>{t(`enums.paymentStatus.${r.status}`)}</span>
      </h1>
      {r.status === 'PROCESSING' && <p className="alert">{t('moneyPages.receipt.processing')}</p>}
      {r.status === 'FAILED' && <p className="alert">{t(declineMessage(r.failureReason))}</p>}
      <dl className="card">
        <dt>{t('moneyPages.receipt.payer')}</dt>
        <dd>{r.payer ? t('moneyPages.receipt.payerWithCode', { name: r.payer.name, code: r.payer.creditCode }) : t('common.none')}</dd>
        <dt>{t('moneyPages.receipt.amount')}</dt>
        <dd className="price">
          {format.moneyExact(r.amountFen)}
          {r.currency !== 'CNY' && ` ${r.currency}`}
        </dd>
        {r.session && (
          <>
            <dt>{t('moneyPages.receipt.session')}</dt>
            <dd>
              {r.session}
              {r.lotNumber !== null && t('moneyPages.receipt.lotNumber', { number: r.lotNumber })}
            </dd>
          </>
        )}
        <dt>{t('moneyPages.receipt.paidAt')}</dt>
        <dd>{r.paidAt ? format.dateTime(r.paidAt) : t('common.none')}</dd>
        <dt>{t('moneyPages.receipt.platformId')}</dt>
        <dd>{r.id}</dd>
        <dt>{t('moneyPages.receipt.providerId')}</dt>
        <dd>{r.providerId ?? t('common.none')}</dd>
        {r.providerRefundId && (
          <>
            <dt>{t('moneyPages.receipt.refundId')}</dt>
            <dd>{r.providerRefundId}</dd>
          </>
        )}
      </dl>
      <h2>{t('moneyPages.receipt.history')}</h2>
      <ol>
        {r.history.map((h, i) => (
          <li key={i}>
            {format.dateTime(h.at)}{' '}
            {h.to ? `${h.from ? t(`enums.paymentStatus.${h.from as PaymentStatus}`) : t('moneyPages.receipt.created')} → ${t(`enums.paymentStatus.${h.to as PaymentStatus}`)}` : h.action}
            {h.reason && t('moneyPages.receipt.reason', { reason: t(declineMessage(h.reason)) })}
          </li>
        ))}
      </ol>
      <p>
        <Link to={isStaff ? '/staff/payments' : '/payments'}>{t('common.back')}</Link>
      </p>
    </>
  )
}
