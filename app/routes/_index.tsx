import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { fieldLabel } from '~/domain/fields.ts'
import { formatFen } from '~/domain/money.ts'
import { listPublicNeeds } from '~/services/needs.server.ts'
import { listPublicResults } from '~/services/results.server.ts'
import { budgetText } from '~/utils/budget.ts'
import { getDb } from '~/utils/db.server.ts'

export async function loader(_: LoaderFunctionArgs) {
  const db = getDb()
  const [results, needs] = await Promise.all([
    listPublicResults(db, { sort: 'newest', page: 1 }),
    listPublicNeeds(db, { sort: 'newest', page: 1 }),
  ])
  return { results: results.items.slice(0, 6), resultTotal: results.total, needs: needs.items.slice(0, 6), needTotal: needs.total }
}

export default function Home() {
  const { results, resultTotal, needs, needTotal } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>科技成果交易市场</h1>
      <p>高校院所发布科技成果，企业发布技术需求，科技局精准对接，每季度开展科技成果竞价。</p>
      <form method="get" action="/results" role="search" className="row card">
        <label htmlFor="home-q" className="sr-only">
          搜索科技成果
        </label>
        <input id="home-q" name="q" type="search" placeholder="搜索科技成果，如 密封、电池、竹材" style={{ flex: 1 }} />
        <button type="submit">搜索</button>
      </form>
      <div className="grid2">
        <section aria-labelledby="home-results">
          <h2 id="home-results">
            最新科技成果 <Link to="/results">全部 {resultTotal} 项</Link>
          </h2>
          <ul className="list">
            {results.map((r) => (
              <li key={r.id}>
                <Link to={`/results/${r.id}`}>{r.title}</Link>
                <div className="meta">
                  <span>{r.owner.name}</span>
                  <span>{fieldLabel(r.field)}</span>
                  <span className="price">{r.askingPriceFen === null ? '面议' : formatFen(r.askingPriceFen)}</span>
                </div>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="home-needs">
          <h2 id="home-needs">
            最新技术需求 <Link to="/needs">全部 {needTotal} 项</Link>
          </h2>
          <ul className="list">
            {needs.map((n) => (
              <li key={n.id}>
                <Link to={`/needs/${n.id}`}>{n.title}</Link>
                <div className="meta">
                  <span>{n.enterprise.name}</span>
                  <span className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  )
}
