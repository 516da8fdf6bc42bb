// A payment's receipt (回执) with its history; the payer or staff only.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatFen } from '~/domain/money.ts'
import { declineMessage, KIND_LABELS, STATUS_LABELS, type PaymentStatus } from '~/domain/payments.ts'
import { paymentReceipt } from '~/services/payment-reports.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction = () => [{ title: '付款回执 · 科技成果交易市场' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  return { receipt: await orRespond(paymentReceipt(db, user, params.id!)), isStaff: user.role === 'STAFF' }
}

export default function Receipt() {
  const { receipt: r, isStaff } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>
        {KIND_LABELS[r.kind]}回执 <span className={`badge ${r.status}`}>{STATUS_LABELS[r.status]}</span>
      </h1>
      {r.status === 'PROCESSING' && <p className="alert">支付结果确认中，请稍后刷新本页；请勿重复支付。</p>}
      {r.status === 'FAILED' && <p className="alert">{declineMessage(r.failureReason)}</p>}
      <dl className="card">
        <dt>付款单位</dt>
        <dd>{r.payer ? `${r.payer.name}（${r.payer.creditCode}）` : '—'}</dd>
        <dt>金额</dt>
        <dd className="price">
          {formatFen(r.amountFen)} {r.currency}
        </dd>
        {r.session && (
          <>
            <dt>竞价场次</dt>
            <dd>
              {r.session}
              {r.lotNumber !== null && ` 第 ${r.lotNumber} 号拍品`}
            </dd>
          </>
        )}
        <dt>支付时间</dt>
        <dd>{r.paidAt ? formatDateTime(r.paidAt) : '—'}</dd>
        <dt>平台流水号</dt>
        <dd>{r.id}</dd>
        <dt>支付机构单号</dt>
        <dd>{r.providerId ?? '—'}</dd>
        {r.providerRefundId && (
          <>
            <dt>退款单号</dt>
            <dd>{r.providerRefundId}</dd>
          </>
        )}
      </dl>
      <h2>经过</h2>
      <ol>
        {r.history.map((h, i) => (
          <li key={i}>
            {formatDateTime(h.at)} {h.to ? `${h.from ? STATUS_LABELS[h.from as PaymentStatus] : '创建'} → ${STATUS_LABELS[h.to as PaymentStatus]}` : h.action}
            {h.reason && `（${declineMessage(h.reason)}）`}
          </li>
        ))}
      </ol>
      <p>
        <Link to={isStaff ? '/staff/payments' : '/payments'}>返回</Link>
      </p>
    </>
  )
}
