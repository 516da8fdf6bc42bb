// Enterprise: what to pay (deposits, balances of won lots) and every payment with its receipt.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatFen } from '~/domain/money.ts'
import { KIND_LABELS, STATUS_LABELS } from '~/domain/payments.ts'
import { enterprisePaymentTasks, listPayments } from '~/services/payment-reports.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '我的款项 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const [tasks, list] = await Promise.all([enterprisePaymentTasks(db, user, new Date()), listPayments(db, user)])
  return { tasks, payments: list.payments, organizationName: user.organizationName }
}

export default function MyPayments() {
  const { tasks, payments, organizationName } = useLoaderData<typeof loader>()
  const depositsDue = tasks.deposits.filter((d) => d.status !== 'SUCCEEDED' && d.status !== 'PROCESSING')
  return (
    <>
      <h1>我的款项（{organizationName}）</h1>
      <h2>待缴保证金</h2>
      {depositsDue.length === 0 ? (
        <p>没有待缴的保证金。</p>
      ) : (
        <ul className="list">
          {depositsDue.map((d) => (
            <li key={d.sessionId}>
              {d.session}：{formatFen(d.amountFen)} {d.status === 'FAILED' && <span className="badge FAILED">上次支付未成功</span>}{' '}
              <Link className="button" to={`/payments/deposit/${d.sessionId}`}>
                缴纳
              </Link>
            </li>
          ))}
        </ul>
      )}
      <h2>待付成交价款</h2>
      {tasks.balances.length === 0 ? (
        <p>没有待付的成交价款。</p>
      ) : (
        <ul className="list">
          {tasks.balances.map((b) => (
            <li key={b.dealId}>
              {b.title}：应付 {formatFen(b.dueFen)}（成交价 {formatFen(b.priceFen)}，保证金抵扣 {formatFen(b.depositFen)}），期限 {formatDateTime(b.deadline)}{' '}
              {b.overdue ? (
                <span className="alert">已逾期</span>
              ) : (
                <Link className="button" to={`/payments/deal/${b.dealId}`}>
                  支付
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>付款记录</h2>
      <table>
        <thead>
          <tr>
            <th>类别</th>
            <th>场次</th>
            <th>金额</th>
            <th>状态</th>
            <th>时间</th>
            <th>回执</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <td>{KIND_LABELS[p.kind]}</td>
              <td>{p.session ?? '—'}</td>
              <td className="price">{formatFen(p.amountFen)}</td>
              <td>
                <span className={`badge ${p.status}`}>{STATUS_LABELS[p.status]}</span>
              </td>
              <td>{formatDateTime(p.paidAt ?? p.createdAt)}</td>
              <td>
                <Link to={`/payments/${p.id}`}>查看</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {payments.length === 0 && <p>还没有付款记录。</p>}
    </>
  )
}
