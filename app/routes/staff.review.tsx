import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { fieldText } from '~/components/enum-text.ts'
import { listNeedsForReview } from '~/services/needs.server.ts'
import { listResultsForReview } from '~/services/results.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.staffReview')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'STAFF', db)
  const [results, needs] = await Promise.all([listResultsForReview(db, user), listNeedsForReview(db, user)])
  return { results, needs }
}

export default function ReviewQueue() {
  const { results, needs } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{t('nav.staffReview')}</h1>
      <section aria-labelledby="rq-results">
        <h2 id="rq-results">{t('listingPages.staffReview.results', { count: results.length })}</h2>
        <ul className="list">
          {results.map((r) => (
            <li key={r.id}>
              <h3>
                <Link to={`/results/${r.id}`}>{r.title}</Link>
              </h3>
              <div className="meta">
                <span>{r.owner.name}</span>
                <span>{fieldText(t, r.field)}</span>
                <span>{t('listingPages.common.submittedAt', { at: f.dateTime(r.updatedAt) })}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="rq-needs">
        <h2 id="rq-needs">{t('listingPages.staffReview.needs', { count: needs.length })}</h2>
        <ul className="list">
          {needs.map((n) => (
            <li key={n.id}>
              <h3>
                <Link to={`/needs/${n.id}`}>{n.title}</Link>
              </h3>
              <div className="meta">
                <span>{n.enterprise.name}</span>
                <span>{fieldText(t, n.field)}</span>
                <span>{t('listingPages.common.submittedAt', { at: f.dateTime(n.updatedAt) })}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
