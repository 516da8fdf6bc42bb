// Staff: the reward queue. Computed rewards with their explanation, to
// approve or reject with a reason (not by whoever registered the contract),
// approved ones to pay out, failed jobs with their error to retry, and the
// exports for the finance office.
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useAmountBoth } from '~/components/confirm-form.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { ConfirmRowForm, RowButtonForm } from '~/components/row-forms.tsx'
import { CapChart } from '~/components/rewards-chart.tsx'
import { RewardExplanationView } from '~/components/reward-explanation.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { REWARD_STATUSES } from '~/domain/rewards.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { failedRewardJobs, retryRewardJob } from '~/services/reward-jobs.server.ts'
import { approveReward, rejectReward, rewardFourEyesProblem } from '~/services/reward-review.server.ts'
import { listRewards, yearlySummary } from '~/services/reward-views.server.ts'
import { sweepRewards } from '~/services/reward-worker.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, readPost } from '~/utils/form-action.server.ts'
import { shanghaiDate } from '~/utils/format.ts'
import { getT } from '~/utils/i18n.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { RewardActionSchema, RewardFiltersSchema } from '~/utils/reward-validation.ts'
import { fixedT, translateMessage } from '~/i18n/catalogue.ts'
import { useFormat, useMessage, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.staffRewards.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireStaffReader(request, db)
  const filters = RewardFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const today = shanghaiDate(new Date())
  const year = Number(today.slice(0, 4))
  // The yearly summary (rewards against the cap per enterprise) of the year filtered on, else this year.
  const summaryYear = filters.year ?? year
  const [list, failed, summary] = await Promise.all([listRewards(db, staff, filters), failedRewardJobs(), yearlySummary(db, staff, summaryYear)])
  // 批准/驳回 are offered only to whom the service lets decide (the same four-eyes rule, per registrar).
  const registrars = [...new Set(list.rewards.filter((r) => r.status === 'COMPUTED' && !r.isReversal).map((r) => r.registeredById))]
  const problems = new Map(await Promise.all(registrars.map(async (id) => [id, await rewardFourEyesProblem(db, staff.userId, id)] as const)))
  const rewards = list.rewards.map((r) => ({ ...r, fourEyes: problems.get(r.registeredById) ?? null }))
  return { ...list, rewards, failed, page: filters.page ?? 1, me: staff.userId, today, year, summaryYear, summary, mayAct: staff.role === 'STAFF' }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const t = await getT(request)
  const submission = parseWithZod(formData, { schema: RewardActionSchema })
  if (submission.status !== 'success') {
    const reason = submission.error?.reason?.[0]
    return data({ ok: false, message: reason ?? t('errors.invalidRequest') }, { status: 400 })
  }
  const v = submission.value
  const now = new Date()
  if (v.intent === 'retry-job') {
    return (await retryRewardJob(v.jobId)) ? { ok: true, message: t('moneyPages.staffRewards.requeued') } : data({ ok: false, message: t('moneyPages.staffRewards.jobNotFailed') }, { status: 409 })
  }
  return formReply(async () => {
    switch (v.intent) {
      case 'approve':
        await approveReward(db, staff, v.rewardId, now)
        return { message: t('moneyPages.staffRewards.approved') }
      case 'reject':
        await rejectReward(db, staff, v.rewardId, v.reason, now)
        return { message: t('moneyPages.staffRewards.rejected') }
      case 'payout': {
        const outcome = await payoutReward(db, getPaymentProvider(), staff, v.rewardId, now)
        return { message: translateMessage(t, outcome.message, outcome.params) || t('moneyPages.staffRewards.payoutSubmitted') }
      }
      case 'sweep':
        return { message: t('moneyPages.staffRewards.swept', { count: await sweepRewards(db, now) }) }
    }
  })
}

function Button({ intent, rewardId, label, question }: { intent: string; rewardId: string; label: string; question: string }) {
  return <ConfirmRowForm row={{ name: 'rewardId', id: rewardId }} intent={intent} label={label} question={question} />
}

export default function StaffRewards() {
  const { rewards, total, pending, failed, page, today, year, summaryYear, summary, mayAct } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const message = useMessage()
  const format = useFormat()
  const both = useAmountBoth()
  return (
    <>
      <h1>{t('moneyPages.staffRewards.title')}</h1>
      {result && (
        <p className={result.ok ? 'notice' : 'alert'} role="status">
          {message(result.message)}
        </p>
      )}
      <p className="hint">
        {t('moneyPages.staffRewards.intro', { pending })}
      </p>

      <section className="card" aria-labelledby="cap-chart-h">
        <h2 id="cap-chart-h">{t('charts.rewards.heading', { year: summaryYear })}</h2>
        {summary.length === 0 ? (
          <p>{t('charts.rewards.empty', { year: summaryYear })}</p>
        ) : (
          <CapChart
            testId="rewards-cap-chart"
            rows={summary.map((s) => ({ key: s.enterpriseId, name: s.enterprise, countedFen: s.countedFen, capFen: s.capFen }))}
            label={t('charts.rewards.summary', {
              year: summaryYear,
              enterprises: summary.length,
              counted: format.money(summary.reduce((sum, s) => sum + s.countedFen, 0)),
              full: summary.filter((s) => s.capFen > 0 && s.countedFen >= s.capFen).length,
            })}
            table={{
              columns: [t('charts.rewards.colEnterprise'), t('moneyPages.myRewards.counted'), t('moneyPages.myRewards.cap'), t('moneyPages.myRewards.left')],
              rows: summary.map((s) => ({ key: s.enterpriseId, cells: [s.enterprise, format.moneyExact(s.countedFen), format.moneyExact(s.capFen), format.moneyExact(s.leftFen)] })),
            }}
          />
        )}
      </section>

      <section className="card" aria-labelledby="exports-title">
        <h2 id="exports-title">{t('moneyPages.staffRewards.exportsTitle')}</h2>
        <Form method="get" action="/staff/rewards/export" className="inline" reloadDocument>
          <input type="hidden" name="type" value="rewards" />
          <label>
            {t('moneyPages.staffRewards.from')} <input type="date" name="from" defaultValue={`${year}-01-01`} required />
          </label>{' '}
          <label>
            {t('confirmations.exportTo')} <input type="date" name="to" defaultValue={today} required aria-describedby="export-inclusive" />
          </label>{' '}
          <span className="hint" id="export-inclusive">
            {t('confirmations.exportInclusive')}
          </span>{' '}
          <button type="submit">{t('moneyPages.staffRewards.exportRewards')}</button>
        </Form>{' '}
        <Form method="get" action="/staff/rewards/export" className="inline" reloadDocument>
          <input type="hidden" name="type" value="summary" />
          <label>
            {t('moneyPages.staffRewards.year')} <input type="number" name="year" defaultValue={year} min={2000} max={2100} required />
          </label>{' '}
          <button type="submit">{t('moneyPages.staffRewards.exportSummary')}</button>
        </Form>
      </section>

      <h2>
        {t('moneyPages.staffRewards.failedTitle')}
        {failed ? t('moneyPages.staffRewards.failedCount', { count: failed.length }) : ''}
      </h2>
      {failed === null ? (
        <p role="status">{t('moneyPages.staffRewards.failedUnavailable')}</p>
      ) : failed.length === 0 ? (
        <p>{t('moneyPages.staffRewards.noFailed')}</p>
      ) : (
        <table>
          <TableHead columns={[t('moneyPages.staffRewards.colJob'), t('moneyPages.staffRewards.colPayment'), t('moneyPages.staffRewards.colError'), t('moneyPages.staffRewards.colAttempts'), t('moneyPages.staffRewards.colFailedAt')]} actions />
          <tbody>
            {failed.map((j) => (
              <tr key={j.id}>
                <td>
                  <code>{j.id}</code>
                </td>
                <td>{j.paymentId ? <Link to={`/payments/${j.paymentId}`}>{j.paymentId}</Link> : t('common.none')}</td>
                <td className="alert">{j.error}</td>
                <td>{j.attempts}</td>
                <td>{format.dateTime(j.failedAt)}</td>
                <td>
                  {mayAct && (
                  <RowButtonForm row={{ name: 'jobId', id: j.id }} intent="retry-job" label={t('moneyPages.staffRewards.retry')} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayAct && (
      <Form method="post" className="inline">
        <CsrfInput />
        <input type="hidden" name="intent" value="sweep" />
        <button type="submit">{t('moneyPages.staffRewards.sweep')}</button>
      </Form>
      )}

      <h2>{t('moneyPages.staffRewards.listTitle', { count: total })}</h2>
      <Form method="get" className="filters">
        <label>
          {t('moneyPages.staffRewards.status')}{' '}
          <select name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">{t('moneyPages.staffRewards.all')}</option>
            {REWARD_STATUSES.map((k) => (
              <option key={k} value={k}>
                {t(`enums.rewardStatus.${k}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('moneyPages.staffRewards.year')} <input type="number" name="year" defaultValue={params.get('year') ?? ''} min={2000} max={2100} />
        </label>{' '}
        <button type="submit">{t('moneyPages.staffRewards.filter')}</button>
      </Form>
      <ul className="list">
        {rewards.map((r) => (
          <li key={r.id} className="card" data-reward-id={r.id}>
            <p>
              <strong>{r.enterprise}</strong> · {t('moneyPages.staffRewards.contract')} <Link to={`/staff/contracts/${r.contractId}`}>{r.contractNo}</Link> ·{' '}
              {t('moneyPages.staffRewards.ofYear', { year: r.year })} · {r.isReversal ? t('moneyPages.staffRewards.reversal') : ''}
              <strong className="price">{format.moneyExact(r.amountFen)}</strong> <span className={`badge ${r.status}`}>{t(`enums.rewardStatus.${r.status}`)}</span>
              {r.payoutStatus &&
                `${t('moneyPages.staffRewards.payout', { status: r.payoutStatus })}${r.payoutFailure ? t('moneyPages.staffRewards.payoutFailure', { reason: r.payoutFailure }) : ''}`}
            </p>
            <RewardExplanationView explanation={r.explanation} />
            {r.decidedBy && (
              <p className="hint">
                {t('moneyPages.staffRewards.decidedBy', { name: r.decidedBy })}
                {r.decisionNote && t('moneyPages.staffRewards.decisionNote', { note: r.decisionNote })}
              </p>
            )}
            {mayAct && r.status === 'COMPUTED' && !r.isReversal && (
              r.fourEyes ? (
                <p className="hint">{r.fourEyes === 'same-person' ? t('moneyPages.staffRewards.ownContract') : t('confirmations.rewardCreatedBy')}</p>
              ) : (
                <div className="row">
                  <Button intent="approve" rewardId={r.id} label={t('moneyPages.staffRewards.approve')} question={t('confirmations.approveReward', { amount: both(r.amountFen), enterprise: r.enterprise })} />
                  <ConfirmRowForm
                    row={{ name: 'rewardId', id: r.id }}
                    intent="reject"
                    label={t('moneyPages.staffRewards.reject')}
                    question={t('confirmations.rejectReward', { amount: both(r.amountFen), enterprise: r.enterprise })}
                    reasonLabel={t('moneyPages.staffRewards.rejectReason')}
                  />
                </div>
              )
            )}
            {mayAct && r.status === 'APPROVED' && r.amountFen > 0 && r.payoutStatus !== 'PROCESSING' && (
              <Button
                intent="payout"
                rewardId={r.id}
                label={r.payoutStatus === 'FAILED' ? t('moneyPages.staffRewards.payAgain') : t('moneyPages.staffRewards.pay')}
                question={t('confirmations.payout', { amount: both(r.amountFen), enterprise: r.enterprise })}
              />
            )}
          </li>
        ))}
      </ul>
      <p>
        {page > 1 && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page - 1) })}`}>{t('moneyPages.staffRewards.previous')}</Link>}{' '}
        {page * 50 < total && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1) })}`}>{t('moneyPages.staffRewards.next')}</Link>}
      </p>
    </>
  )
}
