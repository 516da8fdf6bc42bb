import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { CHALLENGE_STATUSES } from '~/domain/challenges.ts'
import { fieldText } from '~/components/enum-text.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { listChallenges } from '~/services/challenges.server.ts'
import { getDb } from '~/utils/db.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('challenges.title')} · ${t('app.name')}` }]
}

const Filters = z.object({ status: z.enum(CHALLENGE_STATUSES).optional().catch(undefined) })

export async function loader({ request }: LoaderFunctionArgs) {
  const { status } = Filters.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { items: await listChallenges(getDb(), { status }), status: status ?? null }
}

export default function Challenges() {
  const { items, status } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const [params] = useSearchParams()
  const link = (s: string | null) => {
    const next = new URLSearchParams(params)
    if (s) next.set('status', s)
    else next.delete('status')
    return `?${next.toString()}`
  }
  return (
    <>
      <h1>{t('challenges.title')}</h1>
      <p className="meta">{t('challenges.intro')}</p>
      <nav className="filters" aria-label={t('challenges.title')}>
        <Link to={link(null)} aria-current={status === null ? 'page' : undefined}>
          {t('challenges.filterAll')}
        </Link>
        {CHALLENGE_STATUSES.map((s) => (
          <Link key={s} to={link(s)} aria-current={status === s ? 'page' : undefined}>
            {t(`challenges.status.${s}`)}
          </Link>
        ))}
      </nav>
      {items.length === 0 && <p>{t('challenges.empty')}</p>}
      <ul className="list">
        {items.map((c) => (
          <li key={c.id} data-testid="challenge-item">
            <h2>
              <Link to={`/challenges/${c.id}`}>{c.title}</Link> <span className={`badge ${c.status}`}>{t(`challenges.status.${c.status}`)}</span>
              {c.fundedByBureau && <span className="badge">{t('challenges.fundedByBureau')}</span>}
            </h2>
            <dl className="facts">
              <dt>{t('challenges.reward')}</dt>
              <dd className="price">{f.money(c.rewardFen)}</dd>
              <dt>{t('challenges.poster')}</dt>
              <dd>{c.poster}</dd>
              <dt>{t('challenges.field')}</dt>
              <dd>{fieldText(t, c.field)}</dd>
              <dt>{t('challenges.deadline')}</dt>
              <dd>{f.dateTime(c.deadline)}</dd>
              <dt>{t('challenges.applicationsCount')}</dt>
              <dd>{t('challenges.applicationsCountValue', { count: c.applications })}</dd>
              {c.winner && (
                <>
                  <dt>{t('challenges.winner')}</dt>
                  <dd data-testid="challenge-winner">{c.winner}</dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ul>
    </>
  )
}
