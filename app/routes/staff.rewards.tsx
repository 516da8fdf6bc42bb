// Staff: the reward queue. Computed rewards with their explanation, to
// approve or reject with a reason (not by whoever registered the contract),
// approved ones to pay out, failed jobs with their error to retry, and the
// exports for the finance office.
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { RewardExplanationView } from '~/components/reward-explanation.tsx'
import { formatFen } from '~/domain/money.ts'
import { REWARD_STATUS_LABELS } from '~/domain/rewards.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { failedRewardJobs, retryRewardJob } from '~/services/reward-jobs.server.ts'
import { approveReward, rejectReward } from '~/services/reward-review.server.ts'
import { listRewards } from '~/services/reward-views.server.ts'
import { sweepRewards } from '~/services/reward-worker.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply } from '~/utils/form-action.server.ts'
import { formatDateTime, shanghaiDate } from '~/utils/format.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { RewardActionSchema, RewardFiltersSchema } from '~/utils/reward-validation.ts'

export const meta: MetaFunction = () => [{ title: '奖励审核 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const filters = RewardFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [list, failed] = await Promise.all([listRewards(db, staff, filters), failedRewardJobs()])
  const today = shanghaiDate(new Date())
  return { ...list, failed, page: filters.page ?? 1, me: staff.userId, today, year: Number(today.slice(0, 4)) }
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: RewardActionSchema })
  if (submission.status !== 'success') {
    const reason = submission.error?.reason?.[0]
    return data({ ok: false, message: reason ?? '请求无效' }, { status: 400 })
  }
  const v = submission.value
  const now = new Date()
  if (v.intent === 'retry-job') {
    return (await retryRewardJob(v.jobId)) ? { ok: true, message: '已重新排队' } : data({ ok: false, message: '该任务不在失败状态' }, { status: 409 })
  }
  return formReply(async () => {
    switch (v.intent) {
      case 'approve':
        await approveReward(db, staff, v.rewardId, now)
        return { message: '已批准' }
      case 'reject':
        await rejectReward(db, staff, v.rewardId, v.reason, now)
        return { message: '已驳回，额度已释放' }
      case 'payout':
        return { message: (await payoutReward(db, getPaymentProvider(), staff, v.rewardId, now)).message || '已提交发放' }
      case 'sweep':
        return { message: `已补排 ${await sweepRewards(db, now)} 个奖励计算任务` }
    }
  })
}

function Button({ intent, rewardId, label }: { intent: string; rewardId: string; label: string }) {
  return (
    <Form method="post" className="inline">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="rewardId" value={rewardId} />
      <button type="submit">{label}</button>
    </Form>
  )
}

export default function StaffRewards() {
  const { rewards, total, pending, failed, page, me, today, year } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>奖励审核</h1>
      {result && (
        <p className={result.ok ? 'notice' : 'alert'} role="status">
          {result.message}
        </p>
      )}
      <p className="hint">
        奖励由后台程序在付款成功后按政策计算（每笔付款一次）；待审核 {pending} 笔。登记合同的工作人员不能审核该合同的奖励。驳回的奖励释放其占用的上限额度。
      </p>

      <section className="card" aria-labelledby="exports-title">
        <h2 id="exports-title">导出</h2>
        <Form method="get" action="/staff/rewards/export" className="inline" reloadDocument>
          <input type="hidden" name="type" value="rewards" />
          <label>
            自 <input type="date" name="from" defaultValue={`${year}-01-01`} required />
          </label>{' '}
          <label>
            至（不含） <input type="date" name="to" defaultValue={today} required />
          </label>{' '}
          <button type="submit">奖励明细 CSV（财务）</button>
        </Form>{' '}
        <Form method="get" action="/staff/rewards/export" className="inline" reloadDocument>
          <input type="hidden" name="type" value="summary" />
          <label>
            年度 <input type="number" name="year" defaultValue={year} min={2000} max={2100} required />
          </label>{' '}
          <button type="submit">企业年度汇总 CSV</button>
        </Form>
      </section>

      <h2>计算失败的任务{failed ? `（${failed.length}）` : ''}</h2>
      {failed === null ? (
        <p role="status">失败任务列表暂时无法读取：任务队列所需的 Redis 暂时无法连接。奖励记录不受影响，Redis 恢复后任务会继续执行。</p>
      ) : failed.length === 0 ? (
        <p>没有失败的任务。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>任务</th>
              <th>付款</th>
              <th>错误</th>
              <th>尝试次数</th>
              <th>失败时间</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {failed.map((j) => (
              <tr key={j.id}>
                <td>
                  <code>{j.id}</code>
                </td>
                <td>{j.paymentId ? <Link to={`/payments/${j.paymentId}`}>{j.paymentId}</Link> : '—'}</td>
                <td className="alert">{j.error}</td>
                <td>{j.attempts}</td>
                <td>{formatDateTime(j.failedAt)}</td>
                <td>
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="retry-job" />
                    <input type="hidden" name="jobId" value={j.id} />
                    <button type="submit">重试</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" className="inline">
        <CsrfInput />
        <input type="hidden" name="intent" value="sweep" />
        <button type="submit">补排遗漏的计算任务</button>
      </Form>

      <h2>奖励（{total}）</h2>
      <Form method="get" className="filters">
        <label>
          状态{' '}
          <select name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">全部</option>
            {Object.entries(REWARD_STATUS_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          年度 <input type="number" name="year" defaultValue={params.get('year') ?? ''} min={2000} max={2100} />
        </label>{' '}
        <button type="submit">筛选</button>
      </Form>
      <ul className="list">
        {rewards.map((r) => (
          <li key={r.id} className="card" data-reward-id={r.id}>
            <p>
              <strong>{r.enterprise}</strong> · 合同 <Link to={`/staff/contracts/${r.contractId}`}>{r.contractNo}</Link> · {r.year} 年度 ·{' '}
              {r.isReversal ? '冲销 ' : ''}
              <strong className="price">{formatFen(r.amountFen)}</strong> <span className={`badge ${r.status}`}>{REWARD_STATUS_LABELS[r.status]}</span>
              {r.payoutStatus && ` · 发放：${r.payoutStatus}${r.payoutFailure ? `（${r.payoutFailure}）` : ''}`}
            </p>
            <RewardExplanationView explanation={r.explanation} />
            {r.decidedBy && (
              <p className="hint">
                审核：{r.decidedBy}
                {r.decisionNote && `，理由：${r.decisionNote}`}
              </p>
            )}
            {r.status === 'COMPUTED' && !r.isReversal && (
              r.registeredById === me ? (
                <p className="hint">您登记了该合同，须由另一位工作人员审核。</p>
              ) : (
                <div className="row">
                  <Button intent="approve" rewardId={r.id} label="批准" />
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="reject" />
                    <input type="hidden" name="rewardId" value={r.id} />
                    <label>
                      驳回理由 <input name="reason" required minLength={2} maxLength={500} />
                    </label>{' '}
                    <button type="submit">驳回</button>
                  </Form>
                </div>
              )
            )}
            {r.status === 'APPROVED' && r.amountFen > 0 && r.payoutStatus !== 'PROCESSING' && <Button intent="payout" rewardId={r.id} label={r.payoutStatus === 'FAILED' ? '重新发放' : '发放'} />}
          </li>
        ))}
      </ul>
      <p>
        {page > 1 && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page - 1) })}`}>上一页</Link>}{' '}
        {page * 50 < total && <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1) })}`}>下一页</Link>}
      </p>
    </>
  )
}
