// The staff reports (decision 020): the XLSX's figures equal the home page's service figures for the same period, and
// the PDF's text, read back with pdfjs, carries them too. Data: tests/support/funds.ts (makeDashboardWorld).
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { availableReports, parseReportPeriod } from '~/domain/report-periods.ts'
import { dashboardFigures } from '~/services/dashboard.server.ts'
import { buildReport, reportDownload, reportPdf, reportXlsx, XLSX_HEADER_ROW } from '~/services/reports.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { HAND_COUNT, makeDashboardWorld, openWorld, sh, type FundsWorld } from '../support/funds.ts'
import { pdfText } from '../support/pdf.ts'

let db: Db
let close: () => Promise<void>
let w: FundsWorld
const { now } = HAND_COUNT

beforeAll(async () => {
  ;({ db, close, w } = await openWorld(makeDashboardWorld))
}, 60_000)
afterAll(() => close())

async function sheets(file: Uint8Array): Promise<Map<string, (string | number | null)[][]>> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer)
  const out = new Map<string, (string | number | null)[][]>()
  for (const ws of wb.worksheets) {
    const rows: (string | number | null)[][] = []
    for (let r = XLSX_HEADER_ROW + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r)
      const cells: (string | number | null)[] = []
      for (let c = 1; c <= row.cellCount; c++) {
        const v = row.getCell(c).value
        cells.push(typeof v === 'number' || typeof v === 'string' ? v : null)
      }
      rows.push(cells)
    }
    out.set(ws.name, rows)
  }
  return out
}

describe('report periods', () => {
  test('30 June, 30 July and the quarters; only those that have ended', () => {
    expect(parseReportPeriod('2026-06-30')).toMatchObject({ kind: 'june30', fromMs: sh('2026-01-01T00:00:00').getTime(), toMs: sh('2026-07-01T00:00:00').getTime() })
    expect(parseReportPeriod('2026-07-30')).toMatchObject({ kind: 'july30', toMs: sh('2026-07-31T00:00:00').getTime() })
    expect(parseReportPeriod('2026-Q3')).toMatchObject({ fromMs: sh('2026-07-01T00:00:00').getTime(), toMs: sh('2026-10-01T00:00:00').getTime() })
    expect(parseReportPeriod('2026-Q4')!.toMs).toBe(sh('2027-01-01T00:00:00').getTime())
    for (const bad of ['2026-Q5', '2026-06-31', 'x', '1999-Q1', '2026-06-30.xlsx']) expect(parseReportPeriod(bad)).toBeNull()
    expect(availableReports(now.getTime()).map((p) => p.id).filter((id) => id.startsWith('2026'))).toEqual(['2026-07-30', '2026-06-30', '2026-Q2', '2026-Q1'])
  })
})

describe('reports', () => {
  test('the 30 July XLSX holds the dashboard service figures, in Chinese', async () => {
    const period = parseReportPeriod('2026-07-30')!
    const d = await dashboardFigures(db, w.lishui, { from: new Date(period.fromMs), to: new Date(period.toMs) }, now)
    const report = await buildReport(db, w.lishui, period, 'zh-CN', now)
    expect(report.figures).toEqual(d)
    const s = await sheets(await reportXlsx(report))
    const summary = new Map(s.get('概览')!.map((r) => [r[0], r[1]]))
    expect(summary.get('应兑付')).toBe(d.funds.total.dueFen / 100)
    expect(summary.get('已兑付')).toBe(d.funds.total.paidFen / 100)
    expect(summary.get('兑付率')).toBe(d.funds.total.rateBp! / 100)
    expect(summary.get('诉求总数')).toBe(d.requests.total)
    expect(summary.get('已超期')).toBe(d.requests.overdue)
    expect(summary.get('满意率')).toBe(d.requests.satisfactionBp! / 100)
    expect(summary.get('成交笔数')).toBe(d.marketplace.deals)
    expect(summary.get('溢价率（较起拍价）')).toBe(d.marketplace.premiumBp! / 100)
    expect(summary.get('2026 年奖励合计')).toBe(d.marketplace.rewardedFen / 100)
    expect(s.get('按区县市（企业所在地）')).toEqual(d.funds.byCounty.map((c) => [c.label, c.dueFen / 100, c.paidFen / 100, c.items, c.paidItems, c.rateBp === null ? '' : c.rateBp / 100]))
    expect(s.get('逾期未兑付')!.map((r) => [r[0], r[4], r[6]])).toEqual(d.funds.late.map((l) => [l.enterprise, l.amountFen / 100, l.daysOverdue]))
    expect(s.get('奖励与年度上限')).toEqual(d.marketplace.rewardsByEnterprise.map((r) => [r.enterprise, r.rewardedFen / 100, r.capFen / 100]))
    // The hand count for the year to 30 July (end of day): due R2 200,000 + R3 300,000 + R1 100,000 + V1 40,000 +
    // V2 60,000 + CH1 500,000 = 1,200,000 fen; R4 was approved on 25 July and is due too (50,000): 1,250,000.
    // Paid by then: R1, R3, V1, CH1 = 940,000 → 75.20 %.
    expect([d.funds.total.dueFen, d.funds.total.paidFen, d.funds.total.rateBp]).toEqual([1_250_000, 940_000, 7520])
  })

  test('the PDF reads back with the title, the figures and the counties', async () => {
    const period = parseReportPeriod('2026-06-30')!
    const report = await buildReport(db, w.lishui, period, 'zh-CN', now)
    // Spaces and line breaks are the layout's (pdfjs joins wrapped lines without them): compare without.
    const text = (await pdfText(await reportPdf(report))).replace(/\s+/g, '')
    expect(text).toContain('2026年6月30日进展报告')
    expect(text).toContain('按区县市（企业所在地）')
    // Year to 30 June: due R1 1,000 + R2 2,000 + R3 3,000 + V1 400 + V2 600 = 7,000 CNY; paid R1 + V1 = 1,400: 20 %.
    expect(report.figures.funds.total.rateBp).toBe(2000)
    expect(text).toContain('应兑付：7000已兑付：1400兑付率：20')
    expect(text).toContain('莲都区|3400|1400|3|2|41.17')
    expect(text).toContain('青田县|3600|0|2|0|0')
    const en = await buildReport(db, w.lishui, period, 'en', now)
    const enText = (await pdfText(await reportPdf(en))).replace(/\s+/g, '')
    expect(enText).toContain('Progressreport,30June2026')
    expect(enText).toContain('Disbursementrate:20')
  })

  test('a download: only for a period that has ended; the province reads every bureau', async () => {
    await expect(reportDownload(db, w.lishui, '2026-Q3', 'xlsx', 'zh-CN', now)).rejects.toMatchObject({ code: 'not-found' })
    await expect(reportDownload(db, w.lishui, 'nonsense', 'pdf', 'zh-CN', now)).rejects.toMatchObject({ code: 'not-found' })
    const file = await reportDownload(db, w.province, '2026-Q2', 'xlsx', 'en', now)
    expect(file).toMatchObject({ type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', asciiName: 'report-2026-Q2.xlsx' })
    const s = await sheets(file!.body)
    expect(s.get('By bureau')!.map((r) => r[0]).sort()).toEqual([w.lishui.name, w.shaoxing.name].sort())
  })
})
