// A chart (Apache ECharts, drawn in the browser only) and, right after it, the same figures as a table: the
// chart is an image with a one-sentence summary for screen readers (role="img", aria-label), the table is the
// text alternative (in a <details>, or a table already on the page named by tableId).
// The option is plain data built by the page; money stays in fen and the axes and tooltips format it with the
// helpers below, in the page's language (万元 in Chinese, CNY in English).
import type { EChartsOption } from 'echarts'
import { useEffect, useRef, type ReactNode } from 'react'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { Locale } from '~/i18n/catalogue.ts'

export type { EChartsOption }

export type ChartTable = { columns: string[]; rows: { key: string; cells: ReactNode[] }[] }

type Props = {
  /** What the chart says, in a sentence: the accessible name of the image. */
  label: string
  option: EChartsOption
  /** The figures as a table, shown in a <details> after the chart… */
  table?: ChartTable
  /** …or the id of a table already on the page that holds them. */
  tableId?: string
  /** CSS height of the drawing; the width follows the container. */
  height?: string
  testId?: string
}

type Instance = { setOption: (o: EChartsOption, opts?: { notMerge?: boolean }) => void; resize: () => void; dispose: () => void }

export function Chart({ label, option, table, tableId, height = '16rem', testId }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<Instance | null>(null)
  const latest = useRef(option)
  latest.current = option
  const f = useFormat()
  const t = useT()

  // Create once (per language: ECharts' own words follow it), dispose on unmount.
  useEffect(() => {
    let cancelled = false
    let observer: ResizeObserver | null = null
    void import('./chart-engine.ts').then(({ echarts }) => {
      if (cancelled || !box.current) return
      const instance = echarts.init(box.current, null, { renderer: 'svg', locale: f.locale === 'en' ? 'EN' : 'ZH' })
      chart.current = instance as unknown as Instance
      instance.setOption(withMotion(latest.current))
      observer = new ResizeObserver(() => instance.resize())
      observer.observe(box.current)
    })
    return () => {
      cancelled = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [f.locale])

  // New figures (a bid in the room) update the drawing in place.
  useEffect(() => {
    chart.current?.setOption(withMotion(option), { notMerge: true })
  }, [option])

  return (
    <figure className="chart" data-testid={testId} style={{ margin: '0.5rem 0' }}>
      <div role="img" aria-label={label} aria-describedby={tableId} style={{ width: '100%', height }}>
        <div ref={box} style={{ width: '100%', height: '100%' }} />
      </div>
      {table && (
        <details className="chart-table">
          <summary>{t('charts.showTable')}</summary>
          <FiguresTable table={table} />
        </details>
      )}
    </figure>
  )
}

/** Figures as a table: a header row, then rows headed by their first cell (a chart's table, the home page's). */
export function FiguresTable({ table }: { table: ChartTable }) {
  return (
    <table>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => (
          <tr key={r.key}>
            {r.cells.map((c, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {c}
                </th>
              ) : (
                <td key={i}>{c}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Tooltips stay inside the chart (phones), and no animation for people who asked for less motion. */
function withMotion(option: EChartsOption): EChartsOption {
  const reduce = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
  const tooltip = option.tooltip && !Array.isArray(option.tooltip) ? { confine: true, ...option.tooltip } : option.tooltip
  return { ...option, tooltip, ...(reduce ? { animation: false } : {}) }
}

/** The unit of a money axis: 万元 in Chinese, CNY in English. */
export function moneyUnit(locale: Locale): string {
  return locale === 'en' ? 'CNY' : '万元'
}

/** A money axis tick from fen, without the unit (the axis name carries it): "180" (万元) or "1.8M" (CNY). */
export function moneyTick(locale: Locale): (fen: number) => string {
  const zh = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })
  const en = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 })
  return (fen) => (locale === 'en' ? en.format(fen / 100) : zh.format(fen / 1_000_000))
}

/** A value axis of money in fen. */
export function moneyAxis(locale: Locale): EChartsOption['yAxis'] {
  return { type: 'value', name: moneyUnit(locale), axisLabel: { formatter: moneyTick(locale) }, splitLine: { lineStyle: { type: 'dashed' } } }
}

/** The site's colours (app/styles): blue for prices and money held, green for done, red for lost, grey for the cap. */
export const CHART_COLOURS = { primary: '#0b5cad', good: '#1a7f37', bad: '#b42318', muted: '#8c959f', warn: '#b76e00' }
