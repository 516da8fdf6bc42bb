// The enterprise's rewards: each with its explanation and state, and each
// year's total against the yearly cap.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RewardExplanationView } from '~/components/reward-explanation.tsx'
import { formatFen } from '~/domain/money.ts'
import { REWARD_STATUS_LABELS } from '~/domain/rewards.ts'
import { enterpriseRewards } from '~/services/reward-views.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '我的奖励 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return { ...(await enterpriseRewards(db, user, new Date())), organizationName: user.organizationName }
}

export default function MyRewards() {
  const { rewards, years, organizationName } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>我的奖励（{organizationName}）</h1>
      <p className="hint">按《绍市科〔2022〕24号》措施七：技术开发、转让合同按实际支付额的 10% 奖励，通过技术市场竞价成交的按 20%，每项合同最高 50 万元，单个企业年度最高 100 万元（按付款日所在自然年计）。奖励经工作人员审核后发放。</p>
      <h2>年度合计</h2>
      {years.length === 0 ? (
        <p>暂无奖励。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>年度</th>
              <th>计入上限</th>
              <th>年度上限</th>
              <th>剩余额度</th>
              <th>已发放</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <td>{y.year}</td>
                <td className="price">{formatFen(y.countedFen)}</td>
                <td className="price">{formatFen(y.capFen)}</td>
                <td className="price">{formatFen(Math.max(0, y.capFen - y.countedFen))}</td>
                <td className="price">{formatFen(y.paidFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>奖励明细</h2>
      <ul className="list">
        {rewards.map((r) => (
          <li key={r.id} className="card">
            <p>
              合同 {r.contractNo} · {r.year} 年度 · {r.isReversal ? '冲销 ' : ''}
              <strong className="price">{formatFen(r.amountFen)}</strong> <span className={`badge ${r.status}`}>{REWARD_STATUS_LABELS[r.status]}</span> ·{' '}
              {formatDateTime(r.createdAt)}
            </p>
            <RewardExplanationView explanation={r.explanation} />
            {r.status === 'REJECTED' && r.decisionNote && <p className="alert">未予奖励：{r.decisionNote}</p>}
          </li>
        ))}
      </ul>
    </>
  )
}
