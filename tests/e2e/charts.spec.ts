import { expect, test, type Page } from './fixtures.ts'
import { demo, signIn, signOut } from './support.ts'

// The demo seed's past session (prisma/seed-data.ts `pastAuction`): lot 1 opened at 80 万元, a rival bid 80 万元 and
// 浙江瑞兴阀门 won at 96 万元; lot 2 sold at 75 万元 (starting 60 万元) to 浙江科马摩擦材料, who paid, so its contract
// earned a reward of 20 % = 15 万元 against the 100 万元 yearly cap; lot 3 (30 万元) went unsold. Deposits: three of
// 8 万元 paid, the loser's refunded, the payer's applied, the winner's (unpaid) still held. This file reads only.
const LOT_1 = '多级降压低噪声调节阀阀芯设计方法'
const kema = 'kema@demo.kjj.example'

/** The chart's image: its accessible summary matches, and ECharts drew inside it (SVG). */
async function expectChart(page: Page, testId: string, label: RegExp) {
  const figure = page.getByTestId(testId)
  const image = figure.locator('[role="img"]')
  await expect(image).toHaveAttribute('aria-label', label)
  await expect(image.locator('svg, canvas').first()).toBeVisible()
  return figure
}

/** The cells of the chart's own table (in its <details>), row by row. */
async function tableOf(page: Page, testId: string): Promise<string[][]> {
  const figure = page.getByTestId(testId)
  await figure.locator('summary').click()
  const rows = figure.locator('details table tbody tr')
  await expect(rows.first()).toBeVisible()
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())))
}

async function openLot1(page: Page) {
  await page.goto('/auctions/results')
  await page.locator('a[href^="/auctions/lots/"]', { hasText: LOT_1 }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(LOT_1)
}

test('the lot room and its replay chart the price over time, with the bids as a table', async ({ page }) => {
  await signIn(page, kema)
  await openLot1(page)
  await expectChart(page, 'price-chart', /起拍价 80 万元，共 2 次出价，最新出价 96 万元/)
  const rows = await tableOf(page, 'price-chart')
  expect(rows.map((r) => [r[2]?.startsWith('竞买人') ? '竞买人' : r[2], r[3]])).toEqual([
    ['起拍价', '80 万元'],
    ['竞买人', '80 万元'],
    ['竞买人', '96 万元'],
  ])

  await page.getByRole('link', { name: '回放' }).click()
  await expect(page.getByTestId('replay-check')).toContainText('校验通过')
  await expectChart(page, 'price-chart', /最新出价 96 万元/)
  // back to the start: the line holds nothing yet
  await page.getByLabel('回放到第几条').fill('0')
  await expect(page.getByTestId('price-chart').locator('[role="img"]')).toHaveAttribute('aria-label', /尚无出价/)
})

test("a session's results chart starting against final price per lot", async ({ page }) => {
  await openLot1(page)
  await page.getByRole('link', { name: /科技成果竞价会（已结束）/ }).first().click()
  await page.getByRole('main').getByRole('link', { name: '结果公告', exact: true }).click()
  await expectChart(page, 'results-chart', /3 个标的，成交 2 个，流拍 1 个；起拍价合计 170 万元，成交价合计 171 万元/)
  const rows = await tableOf(page, 'results-chart')
  expect(rows.map((r) => r.slice(1))).toEqual([
    ['80 万元', '96 万元', '成交'],
    ['60 万元', '75 万元', '成交'],
    ['30 万元', '—', '流拍'],
  ])
  expect(rows[0]![0]).toContain(LOT_1)
})

test('in English the chart speaks English and money is in CNY', async ({ browser }) => {
  const english = await browser.newContext({ locale: 'en-US' })
  const page = await english.newPage()
  await openLot1(page)
  await page.getByRole('link', { name: /科技成果竞价会（已结束）/ }).first().click()
  await page.getByRole('main').getByRole('link', { name: 'Results', exact: true }).click()
  const figure = await expectChart(page, 'results-chart', /3 lots in this session, 2 sold, 1 unsold/)
  await expect(figure.locator('svg')).toContainText('CNY')
  const rows = await tableOf(page, 'results-chart')
  expect(rows[0]!.slice(1)).toEqual(['CNY 800,000', 'CNY 960,000', 'Sold'])
  await english.close()
})

test('staff see deposits per session and rewards against the cap; the enterprise sees its own', async ({ page }) => {
  await signIn(page, demo.staff.email)
  await page.goto('/staff/payments')
  // The demo's closed session (decision 021, one deposit per lot): 31 万 paid, the losers' 17 万 refunded at each
  // lot's close, the sold-and-paid lot's 6 万 applied, the unpaid lot's 8 万 still held.
  await expectChart(page, 'deposits-chart', /在管保证金合计 8 万元，已退 17 万元，已没收 0 万元/)
  // its alternative is the deposits table the chart points to
  await expect(page.getByTestId('deposits-chart').locator('[role="img"]')).toHaveAttribute('aria-describedby', 'deposits-table')
  const report = page.locator('#deposits-table').getByRole('row').filter({ hasText: /科技成果竞价会（已结束）/ })
  await expect(report.getByRole('cell').nth(5)).toHaveText('80,000.00 元')

  // the reward of the paid balance is computed by the worker in the web process: wait for it after a fresh start
  await expect(async () => {
    await page.goto('/staff/rewards')
    await expect(page.getByTestId('rewards-cap-chart')).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await expectChart(page, 'rewards-cap-chart', /1 家企业计入上限的奖励合计 15 万元，其中 0 家已达上限/)
  expect(await tableOf(page, 'rewards-cap-chart')).toEqual([['浙江科马摩擦材料有限公司', '150,000.00 元', '1,000,000.00 元', '850,000.00 元']])

  await signOut(page)
  await signIn(page, kema)
  await page.goto('/my/rewards')
  await expectChart(page, 'rewards-cap-chart', /计入上限的奖励 15 万元，年度上限 100 万元，剩余额度 85 万元/)
  const year = page.locator('#year-totals').getByRole('row').nth(1)
  await expect(year.getByRole('cell')).toHaveText([/^20\d\d$/, '150,000.00 元', '1,000,000.00 元', '850,000.00 元', '0.00 元'])
})
