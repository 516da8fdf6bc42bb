import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LotStatusBadge } from '~/components/lot-parts.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { WatchButton } from '~/components/watch-button.tsx'
import { formatFen } from '~/domain/money.ts'
import { watchlist } from '~/services/notifications.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '我的收藏 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  return watchlist(db, user.userId)
}

export default function Watchlist() {
  const { lots, results } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>我的收藏</h1>
      <p className="meta">收藏的标的（及收藏成果所在的标的）开始竞价、即将结束和延时时，您会收到通知（在 <Link to="/notifications">通知</Link> 中设置方式）。</p>
      <section aria-labelledby="w-lots">
        <h2 id="w-lots">标的（{lots.length}）</h2>
        {lots.length === 0 && <p>暂无收藏的标的。</p>}
        <ul className="list">
          {lots.map((l) => (
            <li key={l.id}>
              <h3>
                <Link to={`/auctions/lots/${l.id}`}>
                  {l.sessionTitle} · 标的 {l.number} · {l.title}
                </Link>{' '}
                <LotStatusBadge status={l.status} />
              </h3>
              <div className="meta">
                <span>当前价 {l.currentPriceFen === null ? '—' : formatFen(l.currentPriceFen)}</span>
                <span>结束 {formatDateTime(l.endsAt)}</span>
                <WatchButton target={{ lotId: l.id }} watching />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="w-results">
        <h2 id="w-results">成果（{results.length}）</h2>
        {results.length === 0 && <p>暂无收藏的成果。</p>}
        <ul className="list">
          {results.map((r) => (
            <li key={r.id}>
              <h3>
                <Link to={`/results/${r.id}`}>{r.title}</Link> <StatusBadge status={r.status} />
              </h3>
              <div className="meta">
                <WatchButton target={{ resultId: r.id }} watching />
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
