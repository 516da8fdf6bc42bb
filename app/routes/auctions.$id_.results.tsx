// One session's results (成交公告 / 流拍公告 of each decided lot).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LotResultNotice } from '~/components/lot-result.tsx'
import { listLotResults } from '~/services/announcements.server.ts'
import { getDb } from '~/utils/db.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? '场次'} · 结果公告 · 科技成果交易市场` }]

export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb()
  const session = await db.auctionSession.findUnique({ where: { id: params.id! }, select: { id: true, quarter: true, title: true, status: true } })
  if (!session) throw new Response('找不到该场次', { status: 404 })
  return { session, results: await listLotResults(db, { sessionId: session.id }) }
}

export default function SessionResults() {
  const { session, results } = useLoaderData<typeof loader>()
  const sold = results.filter((r) => r.announcement.outcome === 'SOLD').length
  return (
    <>
      <p>
        <Link to={`/auctions/${session.id}`}>
          ← {session.quarter} · {session.title}
        </Link>
      </p>
      <h1>{session.title} · 结果公告</h1>
      <p className="meta">
        已决标的 {results.length} 个：成交 {sold} 个，流拍 {results.length - sold} 个。<Link to={`/auctions/results?quarter=${session.quarter}`}>本季度全部公告</Link>
      </p>
      {results.length === 0 && <p>本场次尚无已结束的标的。</p>}
      {results.map((r) => (
        <LotResultNotice key={r.lotId} r={r} showLot />
      ))}
    </>
  )
}
