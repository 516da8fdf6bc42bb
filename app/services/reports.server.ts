// The staff reports (issue 14 item 7; decision 020): for 30 June, 30 July and each quarter, the home page's figures
// (dashboardFigures, the same function, so a report cannot disagree with the page) and the tables behind them, as
// XLSX (one sheet a table) and PDF (pdfkit with the embedded CJK font). Amounts in yuan with two decimals, rates in
// percent with two decimals (rounded down, as on the page).
import ExcelJS from 'exceljs'
import type { Principal } from '~/domain/access.ts'
import { parseReportPeriod, type ReportPeriod } from '~/domain/report-periods.ts'
import { fixedT, type Locale } from '~/i18n/catalogue.ts'
import { fundsColumns, fundsKindLabel, marketplaceRows } from '~/utils/dashboard-rows.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { formatDate, formatDateTime } from '~/utils/format.ts'
import { renderPdf, type PdfLine } from '~/utils/pdf.server.ts'
import { readScopeOf } from './bureaus.server.ts'
import { dashboardFigures, type DashboardFigures } from './dashboard.server.ts'
import type { FundFigure } from './funds-disbursed.server.ts'

type Cell = string | number
export type ReportTable = { sheet: string; columns: string[]; rows: Cell[][] }
export type Report = { separator: string; title: string; subtitle: string; generated: string; unit: string; figures: DashboardFigures; tables: ReportTable[] }

/** Fen as yuan (two decimals, exact as a number for any safe amount of fen). */
export const yuan = (fen: number) => Math.round(fen) / 100
/** Basis points as percent, or an empty cell when there is nothing to divide. */
export const pct = (bp: number | null): Cell => (bp === null ? '' : bp / 100)

export async function buildReport(db: Db, viewer: Principal, period: ReportPeriod, locale: Locale, now: Date): Promise<Report> {
  const scope = readScopeOf(viewer)
  const figures = await dashboardFigures(db, viewer, { from: new Date(period.fromMs), to: new Date(period.toMs) }, now)
  const t = fixedT(locale)
  const bureau = scope.all ? '' : ((await db.organization.findUnique({ where: { id: scope.bureauId }, select: { name: true } }))?.name ?? '')
  const reportName = period.kind === 'quarter' ? t('dashboard.reports.quarter', { year: period.year, quarter: period.quarter ?? 0 }) : t(`dashboard.reports.${period.kind}`, { year: period.year })
  const kind = (k: string) => fundsKindLabel(t, k)
  const fundsRows = (rows: FundFigure[], label: (r: FundFigure) => string): Cell[][] => rows.map((r) => [label(r), yuan(r.dueFen), yuan(r.paidFen), r.items, r.paidItems, pct(r.rateBp)])
  const d = figures
  const m = d.marketplace
  const summary: Cell[][] = []
  if (d.campaign) summary.push([t('dashboard.reports.campaignFigure'), locale === 'en' ? `${d.campaign.name} (${d.campaign.noticeRef})` : `${d.campaign.name}（${d.campaign.noticeRef}）`])
  if (d.coverage) {
    summary.push([t('dashboard.coverage.rate'), pct(d.coverage.overall.rateBp)])
    summary.push([t('dashboard.reports.coverageVisited'), `${d.coverage.overall.visited} / ${d.coverage.overall.total}`])
  }
  summary.push(
    [t('dashboard.requests.total'), d.requests.total],
    [t('dashboard.requests.open'), d.requests.open],
    [t('dashboard.requests.overdue'), d.requests.overdue],
    [t('dashboard.requests.closed'), d.requests.closed],
    [t('dashboard.requests.rated'), d.requests.rated],
    [t('dashboard.requests.satisfaction'), pct(d.requests.satisfactionBp)],
    [t('dashboard.funds.due'), yuan(d.funds.total.dueFen)],
    [t('dashboard.funds.paid'), yuan(d.funds.total.paidFen)],
    [t('dashboard.funds.rate'), pct(d.funds.total.rateBp)],
  )
  for (const g of d.funds.targets) summary.push([t('dashboard.reports.fundsTarget', { campaign: g.campaign, date: formatDate(g.targetOn, locale) }), pct(g.targetBp)])
  summary.push(...marketplaceRows(t, m, yuan, pct))
  const tables: ReportTable[] = [{ sheet: t('dashboard.reports.summary'), columns: [t('dashboard.market.figure'), t('dashboard.market.value')], rows: summary }]
  if (d.coverage) {
    tables.push({
      sheet: t('dashboard.coverage.title'),
      columns: [t('dashboard.coverage.county'), t('dashboard.coverage.visited'), t('dashboard.coverage.total'), t('dashboard.coverage.rate')],
      rows: d.coverage.counties.map((c) => [c.name, c.visited, c.total, pct(c.rateBp)]),
    })
  }
  tables.push(
    { sheet: t('dashboard.funds.byCounty'), columns: fundsColumns(t, t('dashboard.funds.county')), rows: fundsRows(d.funds.byCounty, (r) => r.label) },
    { sheet: t('dashboard.funds.byKind'), columns: fundsColumns(t, t('dashboard.funds.kind')), rows: fundsRows(d.funds.byKind, (r) => kind(r.key)) },
    { sheet: t('dashboard.funds.byBureau'), columns: fundsColumns(t, t('dashboard.funds.bureau')), rows: fundsRows(d.funds.byBureau, (r) => r.label) },
    {
      sheet: t('dashboard.reports.lateSheet'),
      columns: [t('dashboard.funds.enterprise'), t('dashboard.funds.kind'), t('dashboard.funds.county'), t('dashboard.funds.bureau'), t('dashboard.funds.amount'), t('dashboard.funds.dueAt'), t('dashboard.funds.daysOverdue')],
      rows: d.funds.late.map((l) => [l.enterprise, kind(l.kind), l.county, l.bureau, yuan(l.amountFen), formatDate(l.dueAt, locale), l.daysOverdue]),
    },
    {
      sheet: t('dashboard.reports.capsSheet'),
      columns: [t('dashboard.market.enterprise'), t('dashboard.market.counted'), t('dashboard.market.cap')],
      rows: m.rewardsByEnterprise.map((r) => [r.enterprise, yuan(r.rewardedFen), yuan(r.capFen)]),
    },
  )
  const lastDay = new Date(period.toMs - 1).toISOString()
  return {
    separator: locale === 'en' ? ': ' : '：',
    title: bureau ? t('dashboard.reports.documentTitle', { bureau, report: reportName }) : reportName,
    subtitle: t('dashboard.period', { from: formatDate(new Date(period.fromMs).toISOString(), locale), to: formatDate(lastDay, locale), asOf: formatDate(d.period.asOf, locale) }),
    generated: t('dashboard.reports.generated', { time: formatDateTime(now.toISOString(), locale) }),
    unit: t('dashboard.reports.moneyUnit'),
    figures,
    tables,
  }
}

/** Excel forbids : \ / ? * [ ] in sheet names and more than 31 characters. */
function sheetName(name: string, used: Set<string>): string {
  let s = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31)
  for (let i = 2; used.has(s); i++) s = `${name.slice(0, 28)} ${i}`
  used.add(s)
  return s
}

export async function reportXlsx(report: Report): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  workbook.title = report.title
  const used = new Set<string>()
  for (const table of report.tables) {
    const sheet = workbook.addWorksheet(sheetName(table.sheet, used))
    sheet.addRow([report.title]).font = { bold: true, size: 14 }
    sheet.addRow([report.subtitle])
    sheet.addRow([report.unit])
    sheet.addRow(table.columns).font = { bold: true }
    for (const r of table.rows) sheet.addRow(r)
    sheet.columns.forEach((col, i) => {
      col.width = i === 0 ? 40 : 18
    })
  }
  const buffer = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer as ArrayBuffer)
}

/** The header row of each table is on line 4 of its sheet; the rows follow. */
export const XLSX_HEADER_ROW = 4

export function reportPdf(report: Report): Promise<Buffer> {
  const cell = (c: Cell) => (typeof c === 'number' ? String(c) : c || '—')
  const lines: PdfLine[] = [
    { kind: 'title', text: report.title },
    { kind: 'text', text: report.subtitle },
    { kind: 'text', text: report.unit },
    { kind: 'text', text: report.generated },
  ]
  for (const table of report.tables) {
    lines.push({ kind: 'heading', text: table.sheet })
    if (table.columns.length === 2) {
      for (const r of table.rows) lines.push({ kind: 'field', label: String(r[0]), value: cell(r[1] ?? '') })
    } else {
      lines.push({ kind: 'mono', text: table.columns.join(' | ') })
      for (const r of table.rows) lines.push({ kind: 'text', text: r.map(cell).join(' | ') })
      if (table.rows.length === 0) lines.push({ kind: 'text', text: '—' })
    }
  }
  return renderPdf(lines, { title: report.title, subject: report.subtitle, producer: report.title, labelSeparator: report.separator })
}

const TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const

/** The file of a report for a period that has ended (the notices ask for it on the day, or within a week after the quarter); not found for any other address. */
export async function reportDownload(db: Db, viewer: Principal, periodId: string, format: keyof typeof TYPES, locale: Locale, now: Date) {
  const period = parseReportPeriod(periodId)
  if (!period || period.toMs > now.getTime()) throw new ServiceError('not-found', 'dashboard.reports.notFound')
  const report = await buildReport(db, viewer, period, locale, now)
  const body = format === 'xlsx' ? await reportXlsx(report) : new Uint8Array(await reportPdf(report))
  return { body, type: TYPES[format], name: `${report.title}.${format}`, asciiName: `report-${period.id}.${format}` }
}
