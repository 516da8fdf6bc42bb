// Staff: every payment with filters, deposits held per session (with the
// identity check), and the payments that need a person.
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useMemo } from 'react'
import { CHART_COLOURS, Chart, moneyAxis, type EChartsOption } from '~/components/chart.tsx'
import { useAmountBoth } from '~/components/confirm-form.tsx'
import { ConfirmRowForm } from '~/components/row-forms.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { PAYMENT_KINDS, PAYMENT_STATUSES } from '~/domain/payments.ts'
import { reconcilePayment } from '~/services/card-payments.server.ts'
import { depositRefundProblem, forfeitDeposit, refundDeposit, refundLosingDeposits } from '~/services/deposits.server.ts'
import { depositReports, listPayments, paymentsNeedingAttention, type AttentionAction, type DepositReport } from '~/services/payment-reports.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { refundSettlement } from '~/services/settlements.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formFailure, formReply, readPost } from '~/utils/form-action.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { sayIt } from '~/utils/said.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { PaymentFiltersSchema, StaffPaymentActionSchema } from '~/utils/payment-validation.ts'
import { fixedT, translateMessage, type MessageParams } from '~/i18n/catalogue.ts'
import { useFormat, useMessage, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.staffPayments.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireStaffReader(request, db)
  const filters = PaymentFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  // The province (decision 016) reads every bureau's payments and deposits; what needs attention is a bureau's to act on.
  const mayAct = user.role === 'STAFF'
  const [list, reports, attention] = await Promise.all([listPayments(db, user, filters), depositReports(db, mayAct ? user.organizationId : null), mayAct ? paymentsNeedingAttention(db, new Date(), user.organizationId) : []])
  // 退还 is offered only where refundDeposit would do it (the same rule: not while the session is live, nor while a deal holds it).
  const payments = await Promise.all(
    list.payments.map(async (p) => ({ ...p, refundable: mayAct && p.kind === 'DEPOSIT' && p.status === 'SUCCEEDED' && (await depositRefundProblem(db, p)) === null })),
  )
  return { ...list, payments, reports, attention, page: filters.page ?? 1, mayAct }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request, 'STAFF')
  const t = await getT(request)
  const say = (o: { message: string; params?: MessageParams }) => translateMessage(t, o.message, o.params)
  const submission = parseWithZod(formData, { schema: StaffPaymentActionSchema })
  if (submission.status !== 'success') return data({ ok: false, message: t('errors.invalidRequest') }, { status: 400 })
  const { intent, paymentId, sessionId, dealId, rewardId } = submission.value
  const provider = getPaymentProvider()
  const now = new Date()
  // The schema lets every id be optional; an intent without its id is a forged or stale post.
  const id = { reconcile: paymentId, 'refund-deposit': paymentId, 'refund-settlement': paymentId, 'retry-payout': rewardId, forfeit: dealId, 'refund-losers': sessionId }[intent]
  if (!id) return data({ ok: false, message: t('errors.invalidRequest') }, { status: 400 })
  if (intent === 'retry-payout') {
    try {
      const outcome = await payoutReward(db, provider, user, id, now)
      return data({ ok: outcome.status !== 'FAILED', message: outcome.status === 'SUCCEEDED' ? t('moneyPages.staffPayments.rewardPaid') : translateMessage(t, outcome.message, outcome.params) }, { status: outcome.status === 'FAILED' ? 402 : 200 })
    } catch (error) {
      return formFailure(error)
    }
  }
  return formReply(async () => {
    switch (intent) {
      case 'reconcile':
        return { message: say(await reconcilePayment(db, provider, id, now)) || t('moneyPages.staffPayments.reconciled') }
      case 'refund-deposit':
        return { message: say(await refundDeposit(db, provider, user, id, now)) }
      case 'refund-settlement':
        return { message: t('moneyPages.staffPayments.settlementRefund', { result: say(await refundSettlement(db, provider, user, id, now)) }) }
      case 'forfeit':
        return { message: (await forfeitDeposit(db, user, id, now)) ? t('moneyPages.staffPayments.forfeited') : t('moneyPages.staffPayments.defaultedNoDeposit') }
      case 'refund-losers': {
        const done = await refundLosingDeposits(db, provider, user, id, now)
        return { message: t('moneyPages.staffPayments.refundedCount', { count: done.filter((d) => d.status === 'REFUNDED').length }) }
      }
    }
  })
}

/** A money action; everything but asking the provider again (reconcile) is confirmed first, with its amount. */
function ActionButton({
  intent,
  label,
  amountFen,
  payer,
  ...ids
}: {
  intent: string
  label: string
  amountFen: number
  payer?: string | null
  paymentId?: string
  sessionId?: string
  dealId?: string
  rewardId?: string
}) {
  const t = useT()
  const both = useAmountBoth()
  const who = payer ?? t('common.none')
  const amount = both(amountFen)
  const question =
    intent === 'refund-deposit'
      ? t('confirmations.refundDeposit', { amount, payer: who })
      : intent === 'refund-settlement'
        ? t('confirmations.refundSettlement', { amount, payer: who })
        : intent === 'refund-losers'
          ? t('confirmations.refundLosers', { amount })
          : intent === 'forfeit'
            ? t('confirmations.forfeit', { payer: who, amount })
            : intent === 'retry-payout'
              ? t('confirmations.payout', { amount, enterprise: who })
              : null
  // Each action names one record (a payment, a session, a deal or a reward).
  const [name, id] = Object.entries(ids).find(([, value]) => value) ?? ['', '']
  return <ConfirmRowForm row={{ name, id: id ?? '' }} intent={intent} label={label} question={question} />
}

function AttentionButton({ action, amountFen, payer }: { action: AttentionAction; amountFen: number; payer: string | null }) {
  const t = useT()
  return <ActionButton {...action} label={t(action.label)} amountFen={amountFen} payer={payer} />
}

export default function StaffPayments() {
  const { payments, total, reports, attention, page, mayAct } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const message = useMessage()
  const format = useFormat()
  return (
    <>
      <h1>{t('moneyPages.staffPayments.title')}</h1>
      {result && (
        <p className={result.ok ? 'notice' : 'alert'} role="status">
          {message(result.message)}
        </p>
      )}

      <h2>{t('moneyPages.staffPayments.attentionTitle', { count: attention.length })}</h2>
      <p className="hint">{t('moneyPages.staffPayments.attentionHint')}</p>
      {attention.length === 0 ? (
        <p>{t('moneyPages.staffPayments.attentionEmpty')}</p>
      ) : (
        <table aria-label={t('moneyPages.staffPayments.attentionTable')}>
          <TableHead columns={[t('moneyPages.staffPayments.colKind'), t('moneyPages.staffPayments.colPayer'), t('moneyPages.staffPayments.colAmount'), t('moneyPages.staffPayments.colStatus'), t('moneyPages.staffPayments.colProblem'), t('moneyPages.staffPayments.colAdvice')]} actions />
          <tbody>
            {attention.map((a) => (
              <tr key={a.key}>
                <td>{t(`enums.paymentKind.${a.kind}`)}</td>
                <td>{a.payerSaid ? sayIt(t, format.locale, a.payerSaid) : (a.payer ?? t('common.none'))}</td>
                <td className="price">{format.moneyExact(a.amountFen)}</td>
                <td>
                  {a.status &&
                    (a.paymentId ? (
                      <Link to={`/payments/${a.paymentId}`}>
                        <span className={`badge ${a.status}`}>{t(`enums.paymentStatus.${a.status}`)}</span>
                      </Link>
                    ) : (
                      <span className={`badge ${a.status}`}>{t(`enums.paymentStatus.${a.status}`)}</span>
                    ))}
                  {!a.status && t('moneyPages.staffPayments.unpaidOverdue')}
                </td>
                <td>{sayIt(t, format.locale, a.problem)}</td>
                <td>{sayIt(t, format.locale, a.advice)}</td>
                <td>{mayAct && a.action && <AttentionButton action={a.action} amountFen={a.amountFen} payer={a.payer} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('moneyPages.staffPayments.depositsTitle')}</h2>
      <p className="hint">{t('moneyPages.staffPayments.depositsHint')}</p>
      {reports.length > 0 && <DepositsChart reports={reports} />}
      <table id="deposits-table" aria-label={t('moneyPages.staffPayments.depositsTitle')}>
        <TableHead columns={[t('moneyPages.staffPayments.colSession'), t('moneyPages.staffPayments.colPaid'), t('moneyPages.staffPayments.colRefunded'), t('moneyPages.staffPayments.colApplied'), t('moneyPages.staffPayments.colForfeited'), t('moneyPages.staffPayments.colHeld'), t('moneyPages.staffPayments.colCheck')]} actions />
        <tbody>
          {reports.map((r) => (
            <tr key={r.sessionId}>
              <td>
                {r.quarter} {r.title}
              </td>
              <td className="price">{format.moneyExact(r.paid)}</td>
              <td className="price">{format.moneyExact(r.refunded)}</td>
              <td className="price">{format.moneyExact(r.applied)}</td>
              <td className="price">{format.moneyExact(r.forfeited)}</td>
              <td className="price">{format.moneyExact(r.held)}</td>
              <td>{r.balanced ? t('moneyPages.staffPayments.balanced') : <span className="alert">{t('moneyPages.staffPayments.unbalanced', { amount: format.moneyExact(r.heldByStatus) })}</span>}</td>
              <td>{mayAct && r.held > 0 && (r.status === 'CLOSED' || r.status === 'CANCELLED') && <ActionButton intent="refund-losers" sessionId={r.sessionId} amountFen={r.held} label={t('moneyPages.staffPayments.refundLosers')} />}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('moneyPages.staffPayments.allTitle', { count: total })}</h2>
      <Form method="get" className="filters">
        <label>
          {t('moneyPages.staffPayments.filterKind')}{' '}
          <select name="kind" defaultValue={params.get('kind') ?? ''}>
            <option value="">{t('moneyPages.staffPayments.all')}</option>
            {PAYMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`enums.paymentKind.${k}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('moneyPages.staffPayments.filterStatus')}{' '}
          <select name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">{t('moneyPages.staffPayments.all')}</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`enums.paymentStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('moneyPages.staffPayments.filterSession')}{' '}
          <select name="sessionId" defaultValue={params.get('sessionId') ?? ''}>
            <option value="">{t('moneyPages.staffPayments.all')}</option>
            {reports.map((r) => (
              <option key={r.sessionId} value={r.sessionId}>
                {r.quarter}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">{t('moneyPages.staffPayments.filter')}</button>
      </Form>
      <table aria-label={t('moneyPages.staffPayments.allTable')}>
        <TableHead columns={[t('moneyPages.staffPayments.colKind'), t('moneyPages.staffPayments.colPayer'), t('moneyPages.staffPayments.colSession'), t('moneyPages.staffPayments.colAmount'), t('moneyPages.staffPayments.colStatus'), t('moneyPages.staffPayments.colAttempts'), t('moneyPages.staffPayments.colProviderId'), t('moneyPages.staffPayments.colUpdated')]} actions />
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <td>{t(`enums.paymentKind.${p.kind}`)}</td>
              <td>{p.payer ?? t('common.none')}</td>
              <td>{p.session ?? t('common.none')}</td>
              <td className="price">{format.moneyExact(p.amountFen)}</td>
              <td>
                <Link to={`/payments/${p.id}`}>
                  <span className={`badge ${p.status}`}>{t(`enums.paymentStatus.${p.status}`)}</span>
                </Link>
                {p.failureReason && ` ${p.failureReason}`}
              </td>
              <td>{p.attempts}</td>
              <td>{p.providerId ?? t('common.none')}</td>
              <td>{format.dateTime(p.updatedAt)}</td>
              <td>{p.refundable && <ActionButton intent="refund-deposit" paymentId={p.id} amountFen={p.amountFen} payer={p.payer} label={t('moneyPages.staffPayments.refund')} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {page > 1 && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page - 1) })}`}>{t('moneyPages.staffPayments.previous')}</Link>}{' '}
        {page * 50 < total && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1) })}`}>{t('moneyPages.staffPayments.next')}</Link>}
      </p>
    </>
  )
}

/** Held, refunded and forfeited deposits per session, oldest session first; the table below holds the figures. */
function DepositsChart({ reports }: { reports: DepositReport[] }) {
  const t = useT()
  const f = useFormat()
  const sessions = useMemo(() => [...reports].reverse(), [reports])
  const option = useMemo(
    (): EChartsOption => ({
      color: [CHART_COLOURS.primary, CHART_COLOURS.good, CHART_COLOURS.bad],
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? f.money(v) : '') },
      xAxis: { type: 'category', data: sessions.map((r) => r.quarter), axisLabel: { hideOverlap: true } },
      yAxis: moneyAxis(f.locale),
      series: [
        { type: 'bar', name: t('moneyPages.staffPayments.colHeld'), data: sessions.map((r) => r.held) },
        { type: 'bar', name: t('moneyPages.staffPayments.colRefunded'), data: sessions.map((r) => r.refunded) },
        { type: 'bar', name: t('moneyPages.staffPayments.colForfeited'), data: sessions.map((r) => r.forfeited) },
      ],
    }),
    [sessions, f, t],
  )
  const sum = (pick: (r: DepositReport) => number) => f.money(reports.reduce((s, r) => s + pick(r), 0))
  const label = t('charts.deposits.summary', { sessions: reports.length, held: sum((r) => r.held), refunded: sum((r) => r.refunded), forfeited: sum((r) => r.forfeited) })
  return <Chart testId="deposits-chart" label={label} option={option} tableId="deposits-table" />
}
