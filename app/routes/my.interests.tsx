import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { myInterests } from '~/services/interests.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '合作意向 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  return { items: await myInterests(db, user), role: user.role }
}

export default function MyInterests() {
  const { items, role } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{role === 'ENTERPRISE' ? '我提交的合作意向' : role === 'INSTITUTION' ? '收到的合作意向' : '全部合作意向'}</h1>
      {items.length === 0 && <p>暂无合作意向。</p>}
      <ul className="list">
        {items.map((i) => (
          <li key={i.id}>
            <h3>
              <Link to={`/results/${i.result.id}`}>{i.result.title}</Link>
            </h3>
            <div className="meta">
              <span>{i.enterprise.name} → {i.result.ownerName}</span>
              <span>{formatDateTime(i.createdAt)}</span>
            </div>
            <p>{i.message}</p>
            <p className={i.reply ? 'notice' : 'meta'}>{i.reply ? `回复：${i.reply}` : '尚未回复'}</p>
          </li>
        ))}
      </ul>
    </>
  )
}
