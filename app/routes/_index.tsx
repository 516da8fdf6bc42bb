import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { fieldText } from '~/components/enum-text.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import { liveOrNextSession } from '~/services/auctions.server.ts'
import { listPublicNeeds } from '~/services/needs.server.ts'
import { listPublicResults } from '~/services/results.server.ts'
import { useBudgetText } from '~/components/budget-text.tsx'
import { getDb } from '~/utils/db.server.ts'

export async function loader(_: LoaderFunctionArgs) {
  const db = getDb()
  const [results, needs, session] = await Promise.all([
    listPublicResults(db, { sort: 'newest', page: 1 }),
    listPublicNeeds(db, { sort: 'newest', page: 1 }),
    liveOrNextSession(db, new Date()),
  ])
  return { results: results.items.slice(0, 6), resultTotal: results.total, needs: needs.items.slice(0, 6), needTotal: needs.total, session }
}

export default function Home() {
  const { results, resultTotal, needs, needTotal, session } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const budgetText = useBudgetText()
  return (
    <>
      <h1>{t('app.name')}</h1>
      <p>{t('auctionPages.home.intro')}</p>
      {session && (
        <p className={session.live ? 'notice' : 'meta'} data-testid="home-session">
          {session.live
            ? t('confirmations.liveNow', { quarter: session.quarter, title: session.title })
            : t('confirmations.nextSession', { quarter: session.quarter, title: session.title, start: f.dateTime(session.startsAt) })}{' '}
          <Link to={`/auctions/${session.id}`}>{t('confirmations.enterRoom')}</Link>
        </p>
      )}
      <form method="get" action="/results" role="search" className="row card">
        <label htmlFor="home-q" className="sr-only">
          {t('auctionPages.home.searchLabel')}
        </label>
        <input id="home-q" name="q" type="search" placeholder={t('auctionPages.home.searchPlaceholder')} style={{ flex: 1 }} />
        <button type="submit">{t('auctionPages.home.search')}</button>
      </form>
      <div className="grid2">
        <section aria-labelledby="home-results">
          <h2 id="home-results">
            {t('auctionPages.home.latestResults')} <Link to="/results">{t('auctionPages.home.allItems', { total: resultTotal })}</Link>
          </h2>
          <ul className="list">
            {results.map((r) => (
              <li key={r.id}>
                <Link to={`/results/${r.id}`}>{r.title}</Link>
                <div className="meta">
                  <span>{r.owner.name}</span>
                  <span>{fieldText(t, r.field)}</span>
                  <span className="price">{r.askingPriceFen === null ? t('auctionPages.home.negotiable') : f.money(r.askingPriceFen)}</span>
                </div>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="home-needs">
          <h2 id="home-needs">
            {t('auctionPages.home.latestNeeds')} <Link to="/needs">{t('auctionPages.home.allItems', { total: needTotal })}</Link>
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
