// One session's results (成交公告 / 流拍公告 of each decided lot).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LotResultNotice } from '~/components/lot-result.tsx'
import { listLotResults } from '~/services/announcements.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.session.title ?? t('auctionPages.sessionResults.sessionFallback')} · ${t('auctionPages.sessionResults.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const session = await db.auctionSession.findUnique({ where: { id: params.id! }, select: { id: true, quarter: true, title: true, status: true } })
  if (!session) throw new Response((await getT(request))('auctionPages.sessionResults.notFound'), { status: 404 })
  return { session, results: await listLotResults(db, { sessionId: session.id }) }
}

export default function SessionResults() {
  const { session, results } = useLoaderData<typeof loader>()
  const t = useT()
  const sold = results.filter((r) => r.announcement.outcome === 'SOLD').length
  return (
    <>
      <p>
        <Link to={`/auctions/${session.id}`}>
          ← {session.quarter} · {session.title}
        </Link>
      </p>
      <h1>{t('auctionPages.sessionResults.heading', { title: session.title })}</h1>
      <p className="meta">
        {t('auctionPages.sessionResults.summary', { total: results.length, sold, unsold: results.length - sold })}
        <Link to={`/auctions/results?quarter=${session.quarter}`}>{t('auctionPages.sessionResults.quarterLink')}</Link>
      </p>
      {results.length === 0 && <p>{t('auctionPages.sessionResults.empty')}</p>}
      {results.map((r) => (
        <LotResultNotice key={r.lotId} r={r} showLot />
      ))}
    </>
  )
}
