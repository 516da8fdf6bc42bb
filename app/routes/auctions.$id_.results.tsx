// One session's results (成交公告 / 流拍公告 of each decided lot).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { CHART_COLOURS, Chart, moneyAxis, type EChartsOption } from '~/components/chart.tsx'
import { LotResultNotice } from '~/components/lot-result.tsx'
import { listLotResults, type LotResultView } from '~/services/announcements.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
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
      {results.length > 0 && <ResultsChart results={results} />}
      {results.map((r) => (
        <LotResultNotice key={r.lotId} r={r} showLot />
      ))}
    </>
  )
}

/** Per lot, the starting price beside the final price (none for an unsold lot), with sold / unsold in the table. */
function ResultsChart({ results }: { results: LotResultView[] }) {
  const t = useT()
  const f = useFormat()
  const lots = useMemo(
    () =>
      [...results]
        .sort((a, b) => a.number - b.number)
        .map((r) => {
          const a = r.announcement
          return {
            key: r.lotId,
            name: t('charts.results.lot', { number: r.number }),
            title: r.result.title,
            startingFen: a.outcome === 'UNDECIDED' ? null : a.startingPriceFen,
            finalFen: a.outcome === 'SOLD' ? a.priceFen : null,
            sold: a.outcome === 'SOLD',
          }
        }),
    [results, t],
  )
  const option = useMemo(
    (): EChartsOption => ({
      color: [CHART_COLOURS.muted, CHART_COLOURS.primary],
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => (typeof v === 'number' ? f.money(v) : t('charts.results.unsold')),
      },
      xAxis: { type: 'category', data: lots.map((l) => l.name), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: moneyAxis(f.locale),
      series: [
        { type: 'bar', name: t('charts.results.starting'), data: lots.map((l) => l.startingFen) },
        { type: 'bar', name: t('charts.results.final'), data: lots.map((l) => l.finalFen) },
      ],
    }),
    [lots, f, t],
  )
  const sold = lots.filter((l) => l.sold)
  const label = t('charts.results.summary', {
    total: lots.length,
    sold: sold.length,
    unsold: lots.length - sold.length,
    starting: f.money(lots.reduce((s, l) => s + (l.startingFen ?? 0), 0)),
    final: f.money(sold.reduce((s, l) => s + (l.finalFen ?? 0), 0)),
  })
  return (
    <section className="card" aria-labelledby="results-chart-h">
      <h2 id="results-chart-h">{t('charts.results.heading')}</h2>
      <Chart
        testId="results-chart"
        label={label}
        option={option}
        table={{
          columns: [t('charts.results.colLot'), t('charts.results.colStarting'), t('charts.results.colFinal'), t('charts.results.colOutcome')],
          rows: lots.map((l) => ({
            key: l.key,
            cells: [
              `${l.name} ${l.title}`,
              l.startingFen === null ? t('charts.results.none') : f.money(l.startingFen),
              l.finalFen === null ? t('charts.results.none') : f.money(l.finalFen),
              l.sold ? t('charts.results.sold') : t('charts.results.unsold'),
            ],
          })),
        }}
      />
    </section>
  )
}
