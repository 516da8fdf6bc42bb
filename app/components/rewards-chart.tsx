// Rewards against the yearly cap: one bar per enterprise (staff, a year's summary) or per year (the enterprise's own
// page), the part counted against the cap and the part left, end to end, so each bar's length is the cap.
import { useMemo } from 'react'
import { useFormat, useT } from '~/i18n/react.tsx'
import { CHART_COLOURS, Chart, moneyTick, moneyUnit, type ChartTable, type EChartsOption } from './chart.tsx'

export type CapRow = { key: string; name: string; countedFen: number; capFen: number }

export function CapChart({ rows, label, table, tableId, testId }: { rows: CapRow[]; label: string; table?: ChartTable; tableId?: string; testId: string }) {
  const t = useT()
  const f = useFormat()
  const option = useMemo((): EChartsOption => {
    // Top to bottom in the order given: a category axis on y draws its first item at the bottom.
    const shown = [...rows].reverse()
    const left = shown.map((r) => Math.max(0, r.capFen - r.countedFen))
    return {
      color: [CHART_COLOURS.primary, '#d0d7de'],
      grid: { left: 8, right: 48, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => (typeof v === 'number' ? f.money(v) : ''),
      },
      xAxis: { type: 'value', name: moneyUnit(f.locale), axisLabel: { formatter: moneyTick(f.locale), hideOverlap: true }, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: { width: 160, overflow: 'truncate' } },
      series: [
        { type: 'bar', stack: 'cap', name: t('moneyPages.myRewards.counted'), data: shown.map((r) => r.countedFen), barMaxWidth: 28 },
        { type: 'bar', stack: 'cap', name: t('moneyPages.myRewards.left'), data: left, barMaxWidth: 28 },
      ],
    }
  }, [rows, f, t])
  return <Chart testId={testId} label={label} option={option} table={table} tableId={tableId} height={`${Math.max(10, 4 + rows.length * 2.5)}rem`} />
}
