import { expect, test } from './fixtures.ts'
import { confirmStep, openFromMenu, signIn, signOut } from './support.ts'

// Two staff members of the bureau whose region the buyer is in (龙泉市, 丽水): the one who registers a contract
// cannot approve its reward (four eyes).
const registrar = 'staff.lishui@demo.kjj.example'
const approver = 'admin.lishui@demo.kjj.example'
// An enterprise no other browser test buys for, so its yearly totals are this test's alone.
const enterprise = 'jilisi@demo.kjj.example'

test('staff register a contract and a payment, the worker computes the reward, another staff member approves and pays it, the enterprise sees it', async ({ page }) => {
  await signIn(page, registrar)
  await openFromMenu(page, '技术合同')
  await page.getByLabel('技术合同登记号').fill('3306012026000123')
  await page.getByLabel('合同类型').selectOption({ label: '技术转让' })
  // the buyer must be an enterprise: the lists only offer the right kind
  await page.getByLabel('买方（企业）').selectOption({ label: '浙江基力思汽车空调有限公司' })
  await page.getByLabel('卖方（高校、科研院所）').selectOption({ label: '浙江大学' })
  await page.getByLabel('合同金额（元）').fill('0')
  await page.getByLabel('签订日期').fill('2026-06-01')
  await page.getByLabel('附件名称').fill('技术转让合同.pdf\n技术合同登记证明.pdf')
  await page.getByRole('button', { name: '登记', exact: true }).click()
  await expect(page.getByText('合同金额必须大于零')).toBeVisible()
  await page.getByLabel('合同金额（元）').fill('3000000')
  await page.getByRole('button', { name: '登记', exact: true }).click()
  await expect(page.getByRole('heading', { name: '合同 3306012026000123' })).toBeVisible()
  await expect(page.getByText('技术转让合同.pdf、技术合同登记证明.pdf')).toBeVisible()

  await page.getByLabel('付款金额（元）').fill('300000')
  await page.getByLabel('付款日期').fill('2026-07-01')
  await page.getByLabel('付款凭证号').fill('HK-2026-001')
  await page.getByRole('button', { name: '登记付款' }).click()
  await confirmStep(page, '300,000.00 元（30 万元）')
  await expect(page.getByRole('status')).toContainText('付款已登记')
  // the worker runs inside the web process: the reward (10 % of 300,000) appears once computed
  await expect(async () => {
    await page.reload()
    await expect(page.getByText('30,000.00 元')).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })

  await openFromMenu(page, '奖励审核')
  const card = page.locator('li.card', { hasText: '3306012026000123' })
  await expect(card.getByText('待审核')).toBeVisible()
  await expect(card.getByText('按比例计算')).toBeVisible()
  await expect(card.getByText('您登记了该合同，须由另一位工作人员审核。')).toBeVisible()
  await expect(card.getByRole('button', { name: '批准' })).toHaveCount(0)
  await signOut(page)

  await signIn(page, approver)
  await openFromMenu(page, '奖励审核')
  const same = page.locator('li.card', { hasText: '3306012026000123' })
  await same.getByRole('button', { name: '批准' }).click()
  await confirmStep(page, '30,000.00 元（3 万元）')
  await expect(page.getByRole('status')).toContainText('已批准')
  await same.getByRole('button', { name: '发放' }).click()
  await confirmStep(page, '发放奖励 30,000.00 元')
  await expect(same.locator('.badge', { hasText: '已发放' })).toBeVisible()
  // the finance office's exports
  // the export's end date is included, and the form says so
  await expect(page.getByText('含起止两日（北京时间），默认至今天。')).toBeVisible()
  const period = await page.request.get('/staff/rewards/export?type=rewards&from=2026-01-01&to=2027-01-01')
  expect(period.headers()['content-type']).toContain('text/csv')
  expect(await period.text()).toMatch(/3306012026000123,否,2026,300000\.00,10%,30000\.00,已发放/)
  const summary = await page.request.get('/staff/rewards/export?type=summary&year=2026')
  expect(await summary.text()).toMatch(/浙江基力思汽车空调有限公司,\w{18},2026,1,30000\.00,0\.00,0\.00,30000\.00,0\.00,30000\.00,1000000\.00,970000\.00/)
  await signOut(page)

  await signIn(page, enterprise)
  await page.getByRole('link', { name: '我的奖励' }).click()
  const mine = page.locator('li.card', { hasText: '3306012026000123' })
  await expect(mine.locator('.badge', { hasText: '已发放' })).toBeVisible()
  await expect(mine.getByText('300,000.00 元')).toBeVisible() // the base
  await expect(mine.getByText('丽水市技术交易奖励（演示）')).toBeVisible() // a Lishui enterprise: Lishui's policy (decision 016)
  // the yearly total against the cap: 30,000 of 1,000,000, 970,000 left
  const year = page.getByRole('row', { name: /^2026/ })
  await expect(year.getByRole('cell', { name: '1,000,000.00 元' })).toBeVisible()
  await expect(year.getByRole('cell', { name: '970,000.00 元' })).toBeVisible()
})
