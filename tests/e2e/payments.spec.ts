import { expect, test } from './fixtures.ts'
import { confirmStep, demo, signIn, signOut } from './support.ts'

// The demo seed's past session (prisma/seed-data.ts `pastAuction`): 浙江瑞兴阀门 (the first demo enterprise) won
// lot 1 at ¥960,000 and owes ¥880,000 after its ¥80,000 deposit; 浙江科马 paid; 宇恒电池 won nothing and was refunded.
const PAST_SESSION = /科技成果竞价会（已结束）/
const enterprise = demo.enterprise
const staff = demo.staff

test.describe.configure({ mode: 'serial' })

async function fillCard(page: import('@playwright/test').Page, number: string) {
  await page.getByLabel('银行卡号').fill(number)
  await page.getByLabel('有效期（MM/YY）').fill('12/30')
  await page.getByLabel('安全码（CVC）').fill('123')
}

test('a winner pays the balance of a won lot before its deadline, and finds the receipts in "my payments"', async ({ page }) => {
  await signIn(page, enterprise.email)
  await page.goto('/payments')
  const due = page.getByRole('listitem').filter({ hasText: '多级降压低噪声调节阀阀芯设计方法' })
  await expect(due).toContainText('应付 880,000.00 元（成交价 960,000.00 元，保证金抵扣 80,000.00 元）')
  await due.getByRole('link', { name: '支付' }).click()

  await expect(page.getByRole('heading', { name: '支付成交价款' })).toBeVisible()
  await expect(page.getByText(/付款期限：/)).toBeVisible()
  // a card with too little money: the reason in plain words, nothing paid
  await fillCard(page, '4000 0000 0000 9995')
  await page.getByRole('button', { name: '支付尾款' }).click()
  await confirmStep(page, '确认支付 880,000.00 元（88 万元）')
  await expect(page.getByRole('alert')).toContainText('卡内余额不足')
  await fillCard(page, '4242 4242 4242 4242')
  await page.getByRole('button', { name: '支付尾款' }).click()
  await confirmStep(page)

  await expect(page).toHaveURL(/\/payments\/[^/]+$/)
  await expect(page.getByRole('heading', { name: /成交价款回执/ })).toContainText('已支付')
  await expect(page.getByText('880,000.00 元')).toBeVisible()
  await expect(page.getByText(/支付机构单号/)).toBeVisible()
  // the receipt's history shows the declined attempt, then the payment
  await expect(page.getByRole('listitem').filter({ hasText: '处理中 → 支付失败' })).toContainText('余额不足')
  await expect(page.getByRole('listitem').filter({ hasText: '处理中 → 已支付' })).toBeVisible()

  await page.getByRole('link', { name: '返回' }).click()
  await expect(page.getByText('没有待付的成交价款。')).toBeVisible()
  const settlementRow = page.getByRole('row').filter({ hasText: '成交价款' }).filter({ hasText: '880,000.00 元' })
  await expect(settlementRow).toContainText('已支付')
  // Its deposit for the lot it won (8 万) is applied; its deposit for the lot it lost (6 万) was refunded at that lot's close.
  const depositRow = page.getByRole('row').filter({ hasText: '保证金' }).filter({ hasText: PAST_SESSION }).filter({ hasText: '80,000.00 元' })
  await expect(depositRow).toContainText('已抵作价款')
  await expect(page.getByRole('row').filter({ hasText: '保证金' }).filter({ hasText: PAST_SESSION }).filter({ hasText: '60,000.00 元' })).toContainText('已退还')
  await depositRow.getByRole('link', { name: '查看' }).click()
  await expect(page.getByRole('heading', { name: /保证金回执/ })).toContainText('已抵作价款')
  await expect(page.getByText('80,000.00 元')).toBeVisible()
  await signOut(page)
})

test('staff filter all payments and read the deposits held per session', async ({ page }) => {
  await signIn(page, staff.email)
  await page.goto('/staff/payments')

  // deposits of the past session, one per lot (decision 021): 5 paid (8 + 8 + 6 + 6 + 3 万), the 3 losers' refunded at
  // their lots' close (8 + 6 + 3 万), the 2 winners' applied to prices (after the balance above), none held
  const report = page.getByRole('table', { name: '各场次保证金' }).getByRole('row').filter({ hasText: PAST_SESSION })
  await expect(report.getByRole('cell')).toHaveText(['', '310,000.00 元', '170,000.00 元', '140,000.00 元', '0.00 元', '0.00 元', '✓ 相符', ''].map((t, i) => (i === 0 ? PAST_SESSION : t)))

  await page.getByLabel('类别').selectOption({ label: '成交价款' })
  await page.getByLabel('状态').selectOption({ label: '已支付' })
  await page.getByRole('button', { name: '筛选' }).click()
  await expect(page).toHaveURL(/kind=SETTLEMENT/)
  await expect(page).toHaveURL(/status=SUCCEEDED/)
  const listed = page.getByRole('table', { name: '全部款项' }).getByRole('row')
  await expect(listed.filter({ hasText: '浙江瑞兴阀门有限公司' })).toContainText('880,000.00 元')
  await expect(listed.filter({ hasText: '浙江科马摩擦材料有限公司' })).toContainText('690,000.00 元')
  for (const row of await listed.all()) {
    if ((await row.getByRole('cell').count()) === 0) continue // the header
    await expect(row).toContainText('成交价款')
    await expect(row).toContainText('已支付')
  }

  await page.getByLabel('类别').selectOption({ label: '保证金' })
  await page.getByLabel('状态').selectOption({ label: '已退还' })
  await page.getByRole('button', { name: '筛选' }).click()
  const refunded = page.getByRole('table', { name: '全部款项' }).getByRole('row')
  await expect(refunded.filter({ hasText: '宇恒电池股份有限公司' })).toContainText('30,000.00 元')
  // a winner's deposit for the lot it won is never refunded; its deposit for the lot it lost is
  await expect(refunded.filter({ hasText: '浙江瑞兴阀门有限公司' }).filter({ hasText: '80,000.00 元' })).toHaveCount(0)
  await expect(refunded.filter({ hasText: '浙江瑞兴阀门有限公司' }).filter({ hasText: '60,000.00 元' })).toHaveCount(1)
  await signOut(page)
})

test('a balance that arrived after the deal was forfeited is listed with what to do, and the refund button does it', async ({ page, request }) => {
  const made = await request.post('/__e2e/settlement-after-default')
  expect(made.ok()).toBe(true)
  const { paymentId, enterprise: payer } = (await made.json()) as { paymentId: string; enterprise: string }

  await signIn(page, staff.email)
  await page.goto('/staff/payments')
  const problems = page.getByRole('table', { name: '需要处理的款项' })
  const row = problems.getByRole('row').filter({ hasText: payer }).filter({ hasText: '尾款却已到账' })
  await expect(row).toContainText('230,000.00 元')
  await expect(row).toContainText('原路退还该笔尾款')
  await row.getByRole('button', { name: '退还尾款' }).click()
  await confirmStep(page, '230,000.00 元')
  await expect(page.getByRole('status')).toHaveText('尾款已原路退还')
  await expect(problems.getByRole('row').filter({ hasText: '尾款却已到账' })).toHaveCount(0)

  // its deposit was forfeited: the session's report says so and still balances
  const report = page.getByRole('table', { name: '各场次保证金' }).getByRole('row').filter({ hasText: '浏览器测试场次' })
  await expect(report.getByRole('cell').nth(4)).toHaveText('20,000.00 元')
  await expect(report).toContainText('✓ 相符')

  await page.goto(`/payments/${paymentId}`)
  await expect(page.getByRole('heading', { name: /成交价款回执/ })).toContainText('已退还')
  await expect(page.getByText('退款单号')).toBeVisible()
})
