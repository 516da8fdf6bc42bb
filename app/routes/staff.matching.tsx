import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { TableHead } from '~/components/table-head.tsx'
import { fieldText } from '~/components/enum-text.ts'
import { FIELD_CODES } from '~/domain/fields.ts'
import { matchingBoard, GOOD_MATCH_SCORE } from '~/services/matching.server.ts'
import { myInterests } from '~/services/interests.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.staffMatching')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const raw = new URL(request.url).searchParams.get('field') ?? ''
  const field = (FIELD_CODES as readonly string[]).includes(raw) ? raw : undefined
  const [board, interests] = await Promise.all([matchingBoard(db, staff, field), myInterests(db, staff)])
  return { field: field ?? '', ...board, interests: interests.slice(0, 30), threshold: GOOD_MATCH_SCORE }
}

export default function MatchingBoard() {
  const { field, weakNeeds, unseenResults, needCount, interests, threshold } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{t('nav.staffMatching')}</h1>
      <Form method="get" className="row card" aria-label={t('listingPages.matching.chooseField')}>
        <label htmlFor="field">{t('listingPages.list.field')}</label>
        <select id="field" name="field" defaultValue={field}>
          <option value="">{t('listingPages.matching.allFields')}</option>
          {FIELD_CODES.map((code) => (
            <option key={code} value={code}>
              {fieldText(t, code)}
            </option>
          ))}
        </select>
        <button type="submit">{t('listingPages.matching.show')}</button>
      </Form>
      <section className="card" aria-labelledby="weak-needs">
        <h2 id="weak-needs">
          {t('listingPages.matching.weakNeeds', { weak: weakNeeds.length, total: needCount })}
        </h2>
        <p className="meta">{t('listingPages.matching.weakIntro', { threshold: Math.round(threshold * 100) })}</p>
        <ul className="list">
          {weakNeeds.map((n) => (
            <li key={n.id}>
              <Link to={`/needs/${n.id}`}>{n.title}</Link>
              <div className="meta">
                <span>{n.enterpriseName}</span>
                <span>{fieldText(t, n.field)}</span>
                <span>{t('listingPages.matching.bestScore', { score: Math.round(n.bestScore * 100) })}</span>
                {n.bestResultId && <Link to={`/results/${n.bestResultId}`}>{t('listingPages.matching.closest')}</Link>}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="unseen-results">
        <h2 id="unseen-results">{t('listingPages.matching.unseen', { count: unseenResults.length })}</h2>
        <p className="meta">{t('listingPages.matching.unseenIntro')}</p>
        <ul className="list">
          {unseenResults.map((r) => (
            <li key={r.id}>
              <Link to={`/results/${r.id}`}>{r.title}</Link>
              <div className="meta">
                <span>{r.ownerName}</span>
                <span>{fieldText(t, r.field)}</span>
                <span>{t('listingPages.common.publishedAt', { at: f.date(r.publishedAt) })}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="all-interest">
        <h2 id="all-interest">{t('listingPages.matching.latestInterests')}</h2>
        <table>
          <TableHead columns={[t('listingPages.actions.time'), t('listingPages.matching.enterprise'), t('listingPages.matching.result'), t('listingPages.matching.message'), t('listingPages.interests.reply')]} />
          <tbody>
            {interests.map((i) => (
              <tr key={i.id}>
                <td>{f.dateTime(i.createdAt)}</td>
                <td>{i.enterprise.name}</td>
                <td>
                  <Link to={`/results/${i.result.id}`}>{i.result.title}</Link>
                </td>
                <td>{i.message}</td>
                <td>{i.reply ?? t('listingPages.matching.notReplied')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}
