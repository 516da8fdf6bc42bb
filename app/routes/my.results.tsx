import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { StatusBadge } from '~/components/status-badge.tsx'
import { formatFen } from '~/domain/money.ts'
import { listOwnResults } from '~/services/results.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '我的成果 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'INSTITUTION', db)
  return { items: await listOwnResults(db, user), organizationName: user.organizationName }
}

export default function MyResults() {
  const { items, organizationName } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>我的成果（{organizationName}）</h1>
      <p>
        <Link className="button" to="/results/new">
          发布新成果
        </Link>
      </p>
      <ul className="list">
        {items.map((r) => (
          <li key={r.id}>
            <h3>
              <Link to={`/results/${r.id}`}>{r.title}</Link> <StatusBadge status={r.status} />
            </h3>
            <div className="meta">
              <span className="price">{r.askingPriceFen === null ? '面议' : formatFen(r.askingPriceFen)}</span>
              <span>更新于 {formatDateTime(r.updatedAt)}</span>
            </div>
            {r.status === 'RETURNED' && r.reviewNote && <p className="alert">退回原因：{r.reviewNote}</p>}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>还没有成果。</p>}
    </>
  )
}
