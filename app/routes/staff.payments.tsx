// Staff: every payment with filters, deposits held per session (with the
// identity check), and the payments that need a person.
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { formatFen } from '~/domain/money.ts'
import { KIND_LABELS, PAYMENT_KINDS, PAYMENT_STATUSES, STATUS_LABELS } from '~/domain/payments.ts'
import { reconcilePayment } from '~/services/card-payments.server.ts'
import { forfeitDeposit, refundDeposit, refundLosingDeposits } from '~/services/deposits.server.ts'
import { depositReports, listPayments, paymentsNeedingAttention, type AttentionAction } from '~/services/payment-reports.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { refundSettlement } from '~/services/settlements.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formFailure, formReply } from '~/utils/form-action.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { PaymentFiltersSchema, StaffPaymentActionSchema } from '~/utils/payment-validation.ts'

export const meta: MetaFunction = () => [{ title: '款项管理 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'STAFF', db)
  const filters = PaymentFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [list, reports, attention] = await Promise.all([listPayments(db, user, filters), depositReports(db, user.organizationId), paymentsNeedingAttention(db, new Date(), user.organizationId)])
  return { ...list, reports, attention, page: filters.page ?? 1 }
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: StaffPaymentActionSchema })
  if (submission.status !== 'success') return data({ ok: false, message: '请求无效' }, { status: 400 })
  const { intent, paymentId, sessionId, dealId, rewardId } = submission.value
  const provider = getPaymentProvider()
  const now = new Date()
  // The schema lets every id be optional; an intent without its id is a forged or stale post.
  const id = { reconcile: paymentId, 'refund-deposit': paymentId, 'refund-settlement': paymentId, 'retry-payout': rewardId, forfeit: dealId, 'refund-losers': sessionId }[intent]
  if (!id) return data({ ok: false, message: '请求无效' }, { status: 400 })
  if (intent === 'retry-payout') {
    try {
      const outcome = await payoutReward(db, provider, user, id, now)
      return data({ ok: outcome.status !== 'FAILED', message: outcome.status === 'SUCCEEDED' ? '奖励已发放' : outcome.message }, { status: outcome.status === 'FAILED' ? 402 : 200 })
    } catch (error) {
      return formFailure(error)
    }
  }
  return formReply(async () => {
    switch (intent) {
      case 'reconcile':
        return { message: (await reconcilePayment(db, provider, id, now)).message || '已核实' }
      case 'refund-deposit':
        return { message: (await refundDeposit(db, provider, user, id, now)).message }
      case 'refund-settlement':
        return { message: `尾款${(await refundSettlement(db, provider, user, id, now)).message}` }
      case 'forfeit':
        return { message: (await forfeitDeposit(db, user, id, now)) ? '保证金已没收，成交作违约处理' : '成交已作违约处理（该企业没有在管保证金）' }
      case 'refund-losers': {
        const done = await refundLosingDeposits(db, provider, user, id, now)
        return { message: `已退还 ${done.filter((d) => d.status === 'REFUNDED').length} 笔保证金` }
      }
    }
  })
}

function ActionButton({ intent, label, ...ids }: { intent: string; label: string; paymentId?: string; sessionId?: string; dealId?: string; rewardId?: string }) {
  return (
    <Form method="post" className="inline">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(ids).map(([name, value]) => value && <input key={name} type="hidden" name={name} value={value} />)}
      <button type="submit">{label}</button>
    </Form>
  )
}

function AttentionButton({ action }: { action: AttentionAction }) {
  return <ActionButton {...action} />
}

export default function StaffPayments() {
  const { payments, total, reports, attention, page } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>款项管理</h1>
      {result && (
        <p className={result.ok ? 'notice' : 'alert'} role="status">
          {result.message}
        </p>
      )}

      <h2>需要处理的款项（{attention.length}）</h2>
      <p className="hint">后台任务每分钟没收逾期未付的保证金、核实超过 5 分钟未确认的支付，并在场次结束后退还未成交企业的保证金；这里列出仍需人工处理的。</p>
      {attention.length === 0 ? (
        <p>没有需要处理的款项。</p>
      ) : (
        <table aria-label="需要处理的款项">
          <thead>
            <tr>
              <th>类别</th>
              <th>付款单位</th>
              <th>金额</th>
              <th>状态</th>
              <th>问题</th>
              <th>处理办法</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {attention.map((a) => (
              <tr key={a.key}>
                <td>{KIND_LABELS[a.kind]}</td>
                <td>{a.payer ?? '—'}</td>
                <td className="price">{formatFen(a.amountFen)}</td>
                <td>
                  {a.status &&
                    (a.paymentId ? (
                      <Link to={`/payments/${a.paymentId}`}>
                        <span className={`badge ${a.status}`}>{STATUS_LABELS[a.status]}</span>
                      </Link>
                    ) : (
                      <span className={`badge ${a.status}`}>{STATUS_LABELS[a.status]}</span>
                    ))}
                  {!a.status && '待付款（已逾期）'}
                </td>
                <td>{a.problem}</td>
                <td>{a.advice}</td>
                <td>{a.action && <AttentionButton action={a.action} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>各场次保证金</h2>
      <p className="hint">在管保证金 = 已缴 − 已退 − 抵作价款 − 已没收；“核对”比较账簿与各笔保证金的状态。</p>
      <table aria-label="各场次保证金">
        <thead>
          <tr>
            <th>场次</th>
            <th>已缴</th>
            <th>已退</th>
            <th>抵作价款</th>
            <th>已没收</th>
            <th>在管</th>
            <th>核对</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.sessionId}>
              <td>
                {r.quarter} {r.title}
              </td>
              <td className="price">{formatFen(r.paid)}</td>
              <td className="price">{formatFen(r.refunded)}</td>
              <td className="price">{formatFen(r.applied)}</td>
              <td className="price">{formatFen(r.forfeited)}</td>
              <td className="price">{formatFen(r.held)}</td>
              <td>{r.balanced ? '✓ 相符' : <span className="alert">不符：按状态在管 {formatFen(r.heldByStatus)}</span>}</td>
              <td>{r.held > 0 && (r.status === 'CLOSED' || r.status === 'CANCELLED') && <ActionButton intent="refund-losers" sessionId={r.sessionId} label="退还未成交企业保证金" />}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>全部款项（{total}）</h2>
      <Form method="get" className="filters">
        <label>
          类别{' '}
          <select name="kind" defaultValue={params.get('kind') ?? ''}>
            <option value="">全部</option>
            {PAYMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          状态{' '}
          <select name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">全部</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          场次{' '}
          <select name="sessionId" defaultValue={params.get('sessionId') ?? ''}>
            <option value="">全部</option>
            {reports.map((r) => (
              <option key={r.sessionId} value={r.sessionId}>
                {r.quarter}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">筛选</button>
      </Form>
      <table aria-label="全部款项">
        <thead>
          <tr>
            <th>类别</th>
            <th>付款单位</th>
            <th>场次</th>
            <th>金额</th>
            <th>状态</th>
            <th>尝试</th>
            <th>支付机构单号</th>
            <th>更新</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <td>{KIND_LABELS[p.kind]}</td>
              <td>{p.payer ?? '—'}</td>
              <td>{p.session ?? '—'}</td>
              <td className="price">{formatFen(p.amountFen)}</td>
              <td>
                <Link to={`/payments/${p.id}`}>
                  <span className={`badge ${p.status}`}>{STATUS_LABELS[p.status]}</span>
                </Link>
                {p.failureReason && ` ${p.failureReason}`}
              </td>
              <td>{p.attempts}</td>
              <td>{p.providerId ?? '—'}</td>
              <td>{formatDateTime(p.updatedAt)}</td>
              <td>{p.kind === 'DEPOSIT' && p.status === 'SUCCEEDED' && <ActionButton intent="refund-deposit" paymentId={p.id} label="退还" />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {page > 1 && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page - 1) })}`}>上一页</Link>}{' '}
        {page * 50 < total && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1) })}`}>下一页</Link>}
      </p>
    </>
  )
}
