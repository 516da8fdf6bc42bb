// 成交公告 / 流拍公告: every decided lot, filterable by quarter.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { LotResultNotice } from '~/components/lot-result.tsx'
import { listLotResults, quartersWithResults } from '~/services/announcements.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('auctionPages.allResults.title')} · ${t('app.name')}` }]
}

const Query = z.object({ quarter: z.string().regex(/^\d{4}Q[1-4]$/).optional().catch(undefined) })

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const { quarter } = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [results, quarters] = await Promise.all([listLotResults(db, { quarter }), quartersWithResults(db)])
  return { results, quarters, quarter: quarter ?? '' }
}

export default function AllResults() {
  const { results, quarters, quarter } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <p>
        <Link to="/auctions">{t('auctionPages.allResults.back')}</Link>
      </p>
      <h1>{t('auctionPages.allResults.title')}</h1>
      <Form method="get" className="row">
        <label>
          {t('auctionPages.allResults.quarter')}{' '}
          <select name="quarter" defaultValue={quarter}>
            <option value="">{t('auctionPages.allResults.all')}</option>
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('auctionPages.allResults.filter')}</button>
      </Form>
      {results.length === 0 && <p>{t('auctionPages.allResults.empty')}</p>}
      {results.map((r) => (
        <LotResultNotice key={r.lotId} r={r} showLot />
      ))}
    </>
  )
}
