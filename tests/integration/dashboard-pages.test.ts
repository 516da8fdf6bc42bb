// The staff home and report routes (decision 020): the loader's figures are the service's; reports download for a
// staff reader and an ended period only; an enterprise is refused.
import type { LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loader as homeLoader } from '~/routes/staff._index.tsx'
import { loader as pdfLoader } from '~/routes/staff.reports.$period[.]pdf.ts'
import { loader as xlsxLoader } from '~/routes/staff.reports.$period[.]xlsx.ts'
import { dashboardFigures, defaultPeriod } from '~/services/dashboard.server.ts'
import { setDb, type Db } from '~/utils/db.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { makeDashboardWorld, openWorld, type FundsWorld } from '../support/funds.ts'
import { loginCookie } from '../support/route-action.ts'

let db: Db
let close: () => Promise<void>
let w: FundsWorld

beforeAll(async () => {
  ;({ db, close, w } = await openWorld(makeDashboardWorld))
  setDb(db)
}, 60_000)
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

async function get(loader: (args: LoaderFunctionArgs) => Promise<unknown>, userId: string, path: string, params: Record<string, string> = {}) {
  const request = new Request(`http://127.0.0.1${path}`, { headers: { Cookie: await loginCookie(db, userId) } })
  try {
    return await loader({ request, params, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

describe('staff home and reports', () => {
  test('the home page shows the service figures for the campaign period', async () => {
    const out = (await get(homeLoader, w.lishui.userId, '/staff')) as Awaited<ReturnType<typeof homeLoader>>
    const period = await defaultPeriod(db, w.lishui, new Date())
    expect(out.figures).toEqual(await dashboardFigures(db, w.lishui, period, new Date()))
    expect(out.figures.funds.total.rateBp).toBe(7304)
    expect(out.reports.length).toBeGreaterThan(0)
  })

  test('the period chooser: ?period= names a report period that has begun; the figures are that period\'s; anything else shows the default', async () => {
    const { parseReportPeriod } = await import('~/domain/report-periods.ts')
    const june = parseReportPeriod('2026-06-30')!
    const out = (await get(homeLoader, w.lishui.userId, '/staff?period=2026-06-30')) as Awaited<ReturnType<typeof homeLoader>>
    expect(out.chosen).toMatchObject({ id: '2026-06-30', kind: 'june30', ended: true })
    expect(out.figures).toEqual(await dashboardFigures(db, w.lishui, { from: new Date(june.fromMs), to: new Date(june.toMs) }, new Date()))
    expect(out.choices.map((c) => c.id)).toContain('2026-Q3')
    expect(out.choices.map((c) => c.id)).toContain('2025-Q1')
    const byDefault = await dashboardFigures(db, w.lishui, await defaultPeriod(db, w.lishui, new Date()), new Date())
    for (const bad of ['2099-Q4', 'nonsense', '2026-13-01', '']) {
      const other = (await get(homeLoader, w.lishui.userId, `/staff?period=${encodeURIComponent(bad)}`)) as Awaited<ReturnType<typeof homeLoader>>
      expect(other.chosen).toBeNull()
      expect(other.figures).toEqual(byDefault)
    }
  })

  test('reports: XLSX and PDF for an ended period; 404 otherwise; an enterprise is refused', async () => {
    const xlsx = (await get(xlsxLoader, w.lishui.userId, '/staff/reports/2026-07-30.xlsx', { period: '2026-07-30' })) as Response
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('Content-Type')).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    expect(wb.worksheets.length).toBeGreaterThan(3)
    const pdf = (await get(pdfLoader, w.lishui.userId, '/staff/reports/2026-06-30.pdf', { period: '2026-06-30' })) as Response
    expect(pdf.status).toBe(200)
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    expect(((await get(pdfLoader, w.lishui.userId, '/staff/reports/2099-Q4.pdf', { period: '2099-Q4' })) as Response).status).toBe(404)
    expect(((await get(xlsxLoader, w.lishui.userId, '/staff/reports/x.xlsx', { period: 'x' })) as Response).status).toBe(404)
    expect(((await get(xlsxLoader, w.eA.userId, '/staff/reports/2026-Q2.xlsx', { period: '2026-Q2' })) as Response).status).toBe(403)
  })
})
