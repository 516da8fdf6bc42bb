// 流拍 → re-auction (decision 022): staff open the demo's unsold lot, create an extra session of a quarter, put the
// result in it from the lot page's 重新拍卖 card, meet the 80 % ceiling beside the starting price, and the two lot
// pages link to each other.
import { expect, test } from './fixtures.ts'
import { demo, signIn } from './support.ts'

test('staff re-auction the demo’s unsold lot in an extra session, at no more than 80 % of its start unless they give a reason', async ({ page }) => {
  await signIn(page, demo.staff.email)
  await page.goto('/auctions')
  await page.getByRole('link', { name: /科技成果竞价会（已结束）/ }).click()
  await page.getByRole('link', { name: '阀门密封性能自动检测装置' }).click()
  await expect(page).toHaveURL(/\/auctions\/lots\//)
  const oldLot = page.url()
  const card = page.getByTestId('reauction-panel')
  await expect(card).toContainText('新起拍价不得高于 24 万元')

  // No session takes lots yet: create an extra one.
  await card.getByRole('link', { name: '新建场次（可选补充场）' }).click()
  await page.getByRole('textbox', { name: '季度', exact: true }).fill('2027Q1')
  await page.getByLabel('场次名称').fill('2027年第一季度补充场')
  await page.getByLabel('开始时间（北京时间）').fill('2027-02-01T09:00')
  await page.getByLabel('结束时间（北京时间）').fill('2027-03-20T17:00')
  await page.getByLabel('场次类型').selectOption('EXTRA')
  await page.getByRole('button', { name: '创建场次' }).click()
  await expect(page.getByRole('heading', { name: /2027Q1 · 2027年第一季度补充场/ })).toContainText('补充场')

  await page.goto(oldLot)
  await page.getByTestId('reauction-panel').getByRole('link', { name: '去添加标的' }).first().click()
  await expect(page.getByTestId('reauction-hint')).toContainText('重新拍卖：前次为')
  await expect(page.getByText('起拍价上限（前次的 80 %）：24 万元')).toBeVisible()
  await page.getByLabel('起拍价（元）').fill('25万')
  await page.getByLabel('加价幅度（元）').fill('5000')
  await page.getByLabel('开始时间（北京时间）').fill('2027-03-12T09:00')
  await page.getByLabel('结束时间（北京时间）').fill('2027-03-12T11:00')
  await page.getByRole('button', { name: '添加标的' }).click()
  await expect(page.getByText(/不得高于前次起拍价的 80 %/)).toBeVisible()
  await page.getByLabel('高于上限的理由').fill('经评估机构重新评估，市场价值上升')
  await page.getByRole('button', { name: '添加标的' }).click()
  await expect(page.getByRole('cell', { name: '25 万元', exact: true })).toBeVisible()

  await page.getByRole('link', { name: '阀门密封性能自动检测装置' }).click()
  await expect(page.getByTestId('predecessor-link')).toHaveText(/前次拍卖：第 3 号标的/)
  await expect(page.getByText('经评估机构重新评估，市场价值上升')).toBeVisible()
  await page.getByTestId('predecessor-link').click()
  await expect(page.getByTestId('successor-link')).toHaveText(/重新拍卖：第 1 号标的（2027Q1）/)
})
