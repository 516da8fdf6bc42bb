import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { fieldLabel } from '~/domain/fields.ts'
import { listNeedsForReview } from '~/services/needs.server.ts'
import { listResultsForReview } from '~/services/results.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '审核队列 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'STAFF', db)
  const [results, needs] = await Promise.all([listResultsForReview(db, user), listNeedsForReview(db, user)])
  return { results, needs }
}

export default function ReviewQueue() {
  const { results, needs } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>审核队列</h1>
      <section aria-labelledby="rq-results">
        <h2 id="rq-results">待审核成果（{results.length}）</h2>
        <ul className="list">
          {results.map((r) => (
            <li key={r.id}>
              <h3>
                <Link to={`/results/${r.id}`}>{r.title}</Link>
              </h3>
              <div className="meta">
                <span>{r.owner.name}</span>
                <span>{fieldLabel(r.field)}</span>
                <span>提交于 {formatDateTime(r.updatedAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="rq-needs">
        <h2 id="rq-needs">待审核需求（{needs.length}）</h2>
        <ul className="list">
          {needs.map((n) => (
            <li key={n.id}>
              <h3>
                <Link to={`/needs/${n.id}`}>{n.title}</Link>
              </h3>
              <div className="meta">
                <span>{n.enterprise.name}</span>
                <span>{fieldLabel(n.field)}</span>
                <span>提交于 {formatDateTime(n.updatedAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
