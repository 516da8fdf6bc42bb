import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { StatusBadge } from '~/components/status-badge.tsx'
import { listOwnNeeds } from '~/services/needs.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { budgetText } from '~/utils/budget.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '我的需求 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return { items: await listOwnNeeds(db, user), organizationName: user.organizationName }
}

export default function MyNeeds() {
  const { items, organizationName } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>我的需求（{organizationName}）</h1>
      <p>
        <Link className="button" to="/needs/new">
          发布新需求
        </Link>
      </p>
      <ul className="list">
        {items.map((n) => (
          <li key={n.id}>
            <h3>
              <Link to={`/needs/${n.id}`}>{n.title}</Link> <StatusBadge status={n.status} />
            </h3>
            <div className="meta">
              <span className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</span>
              <span>更新于 {formatDateTime(n.updatedAt)}</span>
            </div>
            {n.status === 'RETURNED' && n.reviewNote && <p className="alert">退回原因：{n.reviewNote}</p>}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>还没有需求。</p>}
    </>
  )
}
