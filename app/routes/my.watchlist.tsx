import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LotStatusBadge } from '~/components/lot-parts.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { WatchButton } from '~/components/watch-button.tsx'
import { watchlist } from '~/services/notifications.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('listingPages.watchlist.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  return watchlist(db, user.userId)
}

export default function Watchlist() {
  const { lots, results } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{t('listingPages.watchlist.title')}</h1>
      <p className="meta">
        {t('listingPages.watchlist.introBefore')}
        <Link to="/notifications">{t('nav.notifications')}</Link>
        {t('listingPages.watchlist.introAfter')}
      </p>
      <section aria-labelledby="w-lots">
        <h2 id="w-lots">{t('listingPages.watchlist.lots', { count: lots.length })}</h2>
        {lots.length === 0 && <p>{t('listingPages.watchlist.noLots')}</p>}
        <ul className="list">
          {lots.map((l) => (
            <li key={l.id}>
              <h3>
                <Link to={`/auctions/lots/${l.id}`}>
                  {t('listingPages.watchlist.lotTitle', { session: l.sessionTitle, number: l.number, title: l.title })}
                </Link>{' '}
                <LotStatusBadge status={l.status} />
              </h3>
              <div className="meta">
                <span>{t('listingPages.watchlist.currentPrice', { price: l.currentPriceFen === null ? t('common.none') : f.money(l.currentPriceFen) })}</span>
                <span>{t('listingPages.watchlist.endsAt', { at: f.dateTime(l.endsAt) })}</span>
                <WatchButton target={{ lotId: l.id }} watching />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="w-results">
        <h2 id="w-results">{t('listingPages.watchlist.results', { count: results.length })}</h2>
        {results.length === 0 && <p>{t('listingPages.watchlist.noResults')}</p>}
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
