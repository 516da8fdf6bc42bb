// A lot's price over time, from its log: the starting price at the opening, then each bid. The lot room passes the
// live history (app/components/use-lot-room.ts), so the line grows as bids arrive; the replay passes the entries up
// to its step, with the whole log's time span so the axis stays put while it plays.
import { useMemo } from 'react'
import type { ChainedLotLogEntry } from '~/domain/lot-log.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import { bidderLabel } from './lot-parts.tsx'
import { CHART_COLOURS, Chart, moneyAxis, type EChartsOption } from './chart.tsx'

type Point = { seq: number; at: string; priceFen: number; who: string | null }

/** The line's points: the opening (or the log's first entry) at the starting price, then every bid. A history that
 *  starts later (the room sends the latest entries of a long log) has no opening point. */
export function pricePoints(entries: Pick<ChainedLotLogEntry, 'seq' | 'kind' | 'at' | 'payload'>[], startingPriceFen: number) {
  const first = entries.find((e) => e.kind === 'open') ?? (entries[0]?.seq === 1 ? entries[0] : undefined)
  const points: { seq: number; at: string; priceFen: number; bidder: string | null }[] = first ? [{ seq: first.seq, at: first.at, priceFen: startingPriceFen, bidder: null }] : []
  for (const e of entries) if (e.kind === 'bid') points.push({ seq: e.seq, at: e.at, priceFen: Number(e.payload.amountFen), bidder: String(e.payload.bidder) })
  return points
}

export function PriceChart({
  entries,
  startingPriceFen,
  names,
  span,
}: {
  entries: ChainedLotLogEntry[]
  startingPriceFen: number
  names: Record<string, string> | null
  /** Fixed ends of the time axis (ISO); by default the first and last points. */
  span?: [string, string]
}) {
  const t = useT()
  const f = useFormat()
  const points: Point[] = useMemo(
    () => pricePoints(entries, startingPriceFen).map((p) => ({ seq: p.seq, at: p.at, priceFen: p.priceFen, who: p.bidder !== null ? bidderLabel(t, p.bidder, names) : null })),
    [entries, startingPriceFen, names, t],
  )
  const bids = points.filter((p) => p.who)
  const last = bids.at(-1)
  const option = useMemo((): EChartsOption => {
    const clock = new Intl.DateTimeFormat(f.locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false })
    return {
      color: [CHART_COLOURS.primary],
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        // The time in Shanghai and the page's format (ECharts' own header would use the browser's zone).
        formatter: (params) => {
          const first = (Array.isArray(params) ? params : [params])[0]
          const [at, fen] = (first?.value ?? []) as [number, number]
          return first ? `${f.dateTimeSeconds(new Date(at))}<br/>${String(first.marker ?? '')}${first.seriesName ?? ''} <strong>${f.money(fen)}</strong>` : ''
        },
      },
      xAxis: {
        type: 'time',
        min: span ? Date.parse(span[0]) : undefined,
        max: span ? Date.parse(span[1]) : undefined,
        axisLabel: { formatter: (v: number) => clock.format(v), hideOverlap: true },
      },
      yAxis: { ...(moneyAxis(f.locale) as object), scale: true },
      series: [
        {
          type: 'line',
          name: t('charts.price.series'),
          step: 'end',
          symbolSize: 6,
          data: points.map((p) => [Date.parse(p.at), p.priceFen]),
        },
      ],
    }
  }, [points, span, f, t])
  const label =
    bids.length === 0
      ? t('charts.price.summaryNoBids', { start: f.money(startingPriceFen) })
      : t('charts.price.summary', { start: f.money(startingPriceFen), bids: bids.length, latest: f.money(last!.priceFen), at: f.dateTimeSeconds(last!.at) })
  return (
    <Chart
      testId="price-chart"
      label={label}
      option={option}
      height="14rem"
      table={{
        columns: [t('charts.price.colSeq'), t('charts.price.colTime'), t('charts.price.colBidder'), t('charts.price.colPrice')],
        rows: points.map((p) => ({ key: String(p.seq), cells: [p.seq, f.bidTime(p.at), p.who ?? t('charts.price.opening'), f.money(p.priceFen)] })),
      }}
    />
  )
}
