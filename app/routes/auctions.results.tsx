// 成交公告 / 流拍公告: every decided lot, filterable by quarter.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { LotResultNotice } from '~/components/lot-result.tsx'
import { listLotResults, quartersWithResults } from '~/services/announcements.server.ts'
import { getDb } from '~/utils/db.server.ts'

export const meta: MetaFunction = () => [{ title: '成交与流拍公告 · 科技成果交易市场' }]

const Query = z.object({ quarter: z.string().regex(/^\d{4}Q[1-4]$/).optional().catch(undefined) })

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const { quarter } = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [results, quarters] = await Promise.all([listLotResults(db, { quarter }), quartersWithResults(db)])
  return { results, quarters, quarter: quarter ?? '' }
}

export default function AllResults() {
  const { results, quarters, quarter } = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/auctions">← 竞价</Link>
      </p>
      <h1>成交与流拍公告</h1>
      <Form method="get" className="row">
        <label>
          季度{' '}
          <select name="quarter" defaultValue={quarter}>
            <option value="">全部</option>
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">筛选</button>
      </Form>
      {results.length === 0 && <p>暂无公告。</p>}
      {results.map((r) => (
        <LotResultNotice key={r.lotId} r={r} showLot />
      ))}
    </>
  )
}
