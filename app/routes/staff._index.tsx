// Staff home (工作台, issue 14 item 7; decision 020): the bureau's campaign (coverage per county, requests,
// satisfaction), funds disbursed against the campaign's target with what is late, and the marketplace's figures.
// Every figure comes from dashboardFigures (counted from the records); each chart has its table. The reports for
// 30 June, 30 July and each quarter download from here.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { CHART_COLOURS, Chart, FiguresTable, moneyAxis, type EChartsOption } from '~/components/chart.tsx'
import { CapChart } from '~/components/rewards-chart.tsx'
import { availableReports, choosablePeriods, parseReportPeriod } from '~/domain/report-periods.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { dashboardFigures, defaultPeriod } from '~/services/dashboard.server.ts'
import type { FundFigure } from '~/services/funds-disbursed.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { fundsColumns, fundsKindLabel, marketplaceRows } from '~/utils/dashboard-rows.ts'
import { getDb } from '~/utils/db.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('dashboard.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const viewer = await requireStaffReader(request, db)
  const now = new Date()
  // The period chooser (?period=2026-06-30 | 2026-07-30 | 2026-Q3) keeps the choice in the address; anything else
  // (or a period that has not begun) shows the default: the current campaign's, else this year.
  const choices = choosablePeriods(now.getTime())
  const asked = parseReportPeriod(new URL(request.url).searchParams.get('period') ?? '')
  const chosen = asked && choices.some((c) => c.id === asked.id) ? asked : null
  const period = chosen ? { from: new Date(chosen.fromMs), to: new Date(chosen.toMs) } : await defaultPeriod(db, viewer, now)
  const figures = await dashboardFigures(db, viewer, period, now)
  const brief = (p: { id: string; kind: 'june30' | 'july30' | 'quarter'; year: number; quarter: number | null; toMs: number }) => ({ id: p.id, kind: p.kind, year: p.year, quarter: p.quarter, ended: p.toMs <= now.getTime() })
  const reports = availableReports(now.getTime()).map(brief)
  return { figures, reports, choices: choices.map(brief), chosen: chosen ? brief(chosen) : null, province: viewer.role === 'PROVINCE' }
}

/** Basis points as a percentage with two decimals (rounded down already), or a dash. */
function percent(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toFixed(2)}%`
}

/** The last day of a period whose `to` is the midnight after it. */
const lastDay = (toIso: string) => new Date(new Date(toIso).getTime() - 1).toISOString()

export default function StaffHome() {
  const { figures: d, reports, choices, chosen, province } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const kindLabel = (k: string) => fundsKindLabel(t, k)

  const coverageOption = useMemo((): EChartsOption | null => {
    if (!d.coverage) return null
    return {
      color: [CHART_COLOURS.good],
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '') },
      xAxis: { type: 'category', data: d.coverage.counties.map((c) => c.name), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{ type: 'bar', name: t('dashboard.coverage.rate'), data: d.coverage.counties.map((c) => (c.rateBp ?? 0) / 100), barMaxWidth: 28, markLine: { symbol: 'none', data: [{ yAxis: 100 }], lineStyle: { color: CHART_COLOURS.muted } } }],
    }
  }, [d.coverage, t])

  const requestsOption = useMemo(
    (): EChartsOption => ({
      color: [CHART_COLOURS.warn, CHART_COLOURS.bad, CHART_COLOURS.good],
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: [t('dashboard.requests.open'), t('dashboard.requests.overdue'), t('dashboard.requests.closed')] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('dashboard.requests.total'), data: [d.requests.open, d.requests.overdue, d.requests.closed], colorBy: 'data', barMaxWidth: 40 }],
    }),
    [d.requests, t],
  )

  const fundsOption = useMemo(
    (): EChartsOption => ({
      color: ['#d0d7de', CHART_COLOURS.primary],
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? f.money(v) : '') },
      xAxis: { type: 'category', data: d.funds.byCounty.map((c) => c.label), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: moneyAxis(f.locale),
      series: [
        { type: 'bar', name: t('dashboard.funds.due'), data: d.funds.byCounty.map((c) => c.dueFen), barMaxWidth: 28 },
        { type: 'bar', name: t('dashboard.funds.paid'), data: d.funds.byCounty.map((c) => c.paidFen), barMaxWidth: 28 },
      ],
    }),
    [d.funds.byCounty, f, t],
  )

  const fundsTable = (rows: FundFigure[], first: string, label: (r: FundFigure) => string) => ({
    columns: fundsColumns(t, first),
    rows: rows.map((r) => ({ key: r.key || r.label, cells: [label(r), f.moneyExact(r.dueFen), f.moneyExact(r.paidFen), r.items, r.paidItems, percent(r.rateBp)] })),
  })
  const m = d.marketplace
  const marketRows = marketplaceRows(t, m, f.moneyExact, percent)
  const reportTitle = (r: (typeof reports)[number]) =>
    r.kind === 'quarter' ? t('dashboard.reports.quarter', { year: r.year, quarter: r.quarter ?? 0 }) : t(`dashboard.reports.${r.kind}`, { year: r.year })

  return (
    <div data-testid="staff-home">
      <h1>{t('dashboard.title')}</h1>
      <Form method="get" className="period-chooser" data-testid="home-period">
        <label id="home-period-label" htmlFor="home-period-select">
          {t('dashboard.chooser.label')}
        </label>{' '}
        <select id="home-period-select" name="period" defaultValue={chosen?.id ?? ''}>
          <option value="">{t('dashboard.chooser.default')}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {reportTitle(c)}
              {c.ended ? '' : ` ${t('dashboard.chooser.toDate')}`}
            </option>
          ))}
        </select>{' '}
        <button type="submit">{t('dashboard.chooser.show')}</button>
      </Form>
      {chosen?.ended && (
        <p data-testid="home-period-report">
          {t('dashboard.chooser.report', { report: reportTitle(chosen) })}: <a href={`/staff/reports/${chosen.id}.xlsx`}>{t('dashboard.reports.xlsx')}</a> ·{' '}
          <a href={`/staff/reports/${chosen.id}.pdf`}>{t('dashboard.reports.pdf')}</a>
        </p>
      )}
      <p className="meta" data-testid="home-period-text">{t('dashboard.period', { from: f.date(d.period.from), to: f.date(lastDay(d.period.to)), asOf: f.date(d.period.asOf) })}</p>

      <section className="card" aria-labelledby="home-campaign">
        <h2 id="home-campaign">{d.campaign ? t('dashboard.campaign', { name: d.campaign.name, notice: d.campaign.noticeRef }) : t('dashboard.coverage.title')}</h2>
        {province && <p className="meta">{t('dashboard.provinceNote')}</p>}
        {!province && !d.campaign && <p className="meta">{t('dashboard.noCampaign')}</p>}
        {d.coverage && coverageOption && (
          <>
            <h3>{t('dashboard.coverage.title')}</h3>
            <p>{t('dashboard.coverage.target', { date: f.date(d.coverage.coverageTargetOn) })}</p>
            <Chart
              testId="home-coverage-chart"
              label={t('dashboard.coverage.chart', { rate: percent(d.coverage.overall.rateBp) })}
              option={coverageOption}
              table={{
                columns: [t('dashboard.coverage.county'), t('dashboard.coverage.visited'), t('dashboard.coverage.total'), t('dashboard.coverage.rate')],
                rows: [
                  ...d.coverage.counties.map((c) => ({ key: c.name, cells: [c.name, c.visited, c.total, percent(c.rateBp)] })),
                  { key: '__total', cells: [t('dashboard.coverage.overall'), d.coverage.overall.visited, d.coverage.overall.total, percent(d.coverage.overall.rateBp)] },
                ],
              }}
            />
          </>
        )}
        <h3>{t('dashboard.requests.title')}</h3>
        <Chart
          testId="home-requests-chart"
          label={t('dashboard.requests.chart', { total: d.requests.total, open: d.requests.open, overdue: d.requests.overdue, closed: d.requests.closed })}
          option={requestsOption}
          height="12rem"
          table={{
            columns: [t('dashboard.market.figure'), t('dashboard.market.value')],
            rows: (
              [
                ['total', t('dashboard.requests.total'), d.requests.total],
                ['open', t('dashboard.requests.open'), d.requests.open],
                ['overdue', t('dashboard.requests.overdue'), d.requests.overdue],
                ['closed', t('dashboard.requests.closed'), d.requests.closed],
                ['rated', t('dashboard.requests.rated'), d.requests.rated],
                ['satisfied', t('dashboard.requests.satisfied'), d.requests.satisfied],
                ['basically', t('dashboard.requests.basically'), d.requests.basicallySatisfied],
                ['unsatisfied', t('dashboard.requests.unsatisfied'), d.requests.unsatisfied],
              ] as const
            ).map(([key, label, value]) => ({ key, cells: [label, value] })),
          }}
        />
        <p data-testid="home-satisfaction">
          {t('dashboard.requests.satisfaction')}: {percent(d.requests.satisfactionBp)}
        </p>
      </section>

      <section className="card" aria-labelledby="home-funds">
        <h2 id="home-funds">{t('dashboard.funds.title')}</h2>
        <p data-testid="home-funds-rate">
          {t('dashboard.funds.rate')}: <strong>{percent(d.funds.total.rateBp)}</strong> ({f.moneyExact(d.funds.total.paidFen)} / {f.moneyExact(d.funds.total.dueFen)})
        </p>
        {d.funds.targets.map((g) => (
          <p key={g.campaignId}>
            {t('dashboard.funds.target', { campaign: g.campaign, date: f.date(g.targetOn), target: percent(g.targetBp), rate: percent(g.rateBp) })} — {g.met ? t('dashboard.funds.met') : t('dashboard.funds.notMet')}
          </p>
        ))}
        <Chart testId="home-funds-chart" label={t('dashboard.funds.chart', { rate: percent(d.funds.total.rateBp) })} option={fundsOption} table={fundsTable(d.funds.byCounty, t('dashboard.funds.county'), (r) => r.label)} />
        <h3>{t('dashboard.funds.byKind')}</h3>
        <FiguresTable table={fundsTable(d.funds.byKind, t('dashboard.funds.kind'), (r) => kindLabel(r.key))} />
        {province && (
          <>
            <h3>{t('dashboard.funds.byBureau')}</h3>
            <FiguresTable table={fundsTable(d.funds.byBureau, t('dashboard.funds.bureau'), (r) => r.label)} />
          </>
        )}
        <h3>{t('dashboard.funds.late', { days: d.funds.lateAfterDays })}</h3>
        {d.funds.late.length === 0 ? (
          <p className="meta">{t('dashboard.funds.noLate')}</p>
        ) : (
          <table data-testid="home-late">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.funds.enterprise')}</th>
                <th scope="col">{t('dashboard.funds.kind')}</th>
                <th scope="col">{t('dashboard.funds.county')}</th>
                <th scope="col">{t('dashboard.funds.amount')}</th>
                <th scope="col">{t('dashboard.funds.dueAt')}</th>
                <th scope="col">{t('dashboard.funds.daysOverdue')}</th>
              </tr>
            </thead>
            <tbody>
              {d.funds.late.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.enterprise}</th>
                  <td>{kindLabel(l.kind)}</td>
                  <td>{l.county}</td>
                  <td>{f.moneyExact(l.amountFen)}</td>
                  <td>{f.date(l.dueAt)}</td>
                  <td>{l.daysOverdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="home-market">
        <h2 id="home-market">{t('dashboard.market.title')}</h2>
        <table data-testid="home-market">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.market.figure')}</th>
              <th scope="col">{t('dashboard.market.value')}</th>
            </tr>
          </thead>
          <tbody>
            {marketRows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {m.rewardsByEnterprise.length > 0 && (
          <CapChart
            testId="home-cap-chart"
            rows={m.rewardsByEnterprise.map((r) => ({ key: r.enterprise, name: r.enterprise, countedFen: r.rewardedFen, capFen: r.capFen }))}
            label={t('dashboard.market.capChart', { year: m.rewardYear, enterprises: m.rewardedEnterprises, total: f.money(m.rewardedFen) })}
            table={{
              columns: [t('dashboard.market.enterprise'), t('dashboard.market.counted'), t('dashboard.market.cap')],
              rows: m.rewardsByEnterprise.map((r) => ({ key: r.enterprise, cells: [r.enterprise, f.moneyExact(r.rewardedFen), f.moneyExact(r.capFen)] })),
            }}
          />
        )}
      </section>

      <section className="card" aria-labelledby="home-reports">
        <h2 id="home-reports">{t('dashboard.reports.title')}</h2>
        <p className="meta">{t('dashboard.reports.intro')}</p>
        <ul data-testid="home-reports">
          {reports.map((r) => (
            <li key={r.id}>
              {reportTitle(r)}: <a href={`/staff/reports/${r.id}.xlsx`}>{t('dashboard.reports.xlsx')}</a> · <a href={`/staff/reports/${r.id}.pdf`}>{t('dashboard.reports.pdf')}</a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
