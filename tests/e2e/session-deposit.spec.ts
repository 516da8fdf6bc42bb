import { expect, test } from './fixtures.ts'
import { confirmStep, demo, signIn, signOut } from './support.ts'

const staff = demo.staff
const enterprise = demo.enterprise

test('staff plan a session with a lot, an enterprise applies, is approved, and pays the deposit by card', async ({ page }) => {
  await signIn(page, staff.email)
  await page.goto('/auctions')
  await page.getByRole('textbox', { name: '季度', exact: true }).fill('2027Q1')
  await page.getByLabel('场次名称').fill('2027年第一季度科技成果竞价会')
  await page.getByLabel('开始时间（北京时间）').fill('2027-02-01T09:00')
  await page.getByLabel('结束时间（北京时间）').fill('2027-03-20T17:00')
  await page.getByRole('button', { name: '创建场次' }).click()
  await expect(page).toHaveURL(/\/auctions\/[A-Za-z0-9]+$/)
  await expect(page.getByRole('heading', { name: '2027Q1 · 2027年第一季度科技成果竞价会' })).toBeVisible()
  const sessionUrl = page.url()

  await page.getByLabel('成果（已发布、未在竞价中）').selectOption({ index: 1 })
  await page.getByLabel('起拍价（元）').fill('500000')
  await page.getByLabel('加价幅度（元）').fill('10000')
  await page.getByLabel('保留价（元，保密，可空）').fill('400000')
  await page.getByLabel('开始时间（北京时间）').fill('2027-03-10T09:00')
  await page.getByLabel('结束时间（北京时间）').fill('2027-03-10T11:00')
  await page.getByRole('button', { name: '添加标的' }).click()
  // The planning rule answers beside its field, and nothing is added.
  await expect(page.getByText('保留价不能低于起拍价')).toBeVisible()
  await page.getByLabel('保留价（元，保密，可空）').fill('600000')
  await page.getByRole('button', { name: '添加标的' }).click()
  await expect(page.getByRole('cell', { name: '50 万元', exact: true })).toBeVisible()
  await expect(page.getByRole('cell', { name: '5 万元', exact: true })).toBeVisible() // 10 % deposit
  // A draft until its notice is published: then its lots are fixed and registration closes 7 days before the lot opens.
  await page.getByLabel('报名截止于首个标的开始前（天）').fill('7')
  await page.getByRole('button', { name: '发布竞价公告' }).click()
  await confirmStep(page, '确认发布竞价公告')
  await expect(page.getByText(/报名截止：2027\/03\/03 09:00/)).toBeVisible()
  await expect(page.getByRole('button', { name: '添加标的' })).toHaveCount(0)
  await signOut(page)

  // A visitor is asked to sign in, and comes back to the same page afterwards; the home page names a session.
  await page.goto(sessionUrl)
  const prompt = page.getByRole('link', { name: '登录后报名' })
  await expect(prompt).toHaveAttribute('href', `/login?redirectTo=${encodeURIComponent(new URL(sessionUrl).pathname)}`)
  await page.locator('tbody a[href^="/auctions/lots/"]').first().click()
  await expect(page.getByRole('link', { name: '登录后报名、出价' })).toHaveAttribute('href', /\/login\?redirectTo=%2Fauctions%2Flots%2F/)
  await page.goto('/')
  await expect(page.getByTestId('home-session')).toContainText(/正在竞价|下一场竞价会/)

  await signIn(page, enterprise.email)
  await page.goto(sessionUrl)
  await page.getByRole('button', { name: '报名参加本场竞价' }).click()
  await expect(page.getByText('报名状态：待审核')).toBeVisible()
  await expect(page.getByRole('cell', { name: '有（保密）' })).toBeVisible() // the reserve stays secret
  // the lot room shows the registration instead of offering 去报名 again
  await page.locator('tbody a[href^="/auctions/lots/"]').first().click()
  await expect(page.getByTestId('my-registration')).toHaveText('您已报名：待审核')
  await expect(page.getByRole('link', { name: '去报名' })).toHaveCount(0)
  await signOut(page)

  await signIn(page, staff.email)
  await page.goto(sessionUrl)
  await page.getByRole('button', { name: '通过', exact: true }).click()
  await expect(page.locator('.badge', { hasText: '已通过' })).toBeVisible()
  await signOut(page)

  await signIn(page, enterprise.email)
  await page.goto(sessionUrl)
  await page.getByRole('link', { name: '缴纳保证金' }).click()
  // Deposits are per lot (decision 021): the session's deposits page lists its lot, unpaid, with its own checkout.
  const row = page.getByTestId('lot-deposits').locator('tr[data-lot="1"]')
  await expect(row).toContainText('未缴')
  await row.getByRole('link', { name: '缴纳' }).click()
  await expect(page.getByTestId('lot-deposit-summary')).toContainText('第 1 号标的')
  await page.getByLabel('银行卡号').fill('4000 0000 0000 0002')
  await page.getByLabel('有效期（MM/YY）').fill('12/30')
  await page.getByLabel('安全码（CVC）').fill('123')
  await page.getByRole('button', { name: '支付保证金' }).click()
  await confirmStep(page, '50,000.00 元（5 万元）')
  await expect(page.getByRole('alert')).toContainText(/拒绝|declined/)
  await page.getByLabel('银行卡号').fill('4242 4242 4242 4242')
  await page.getByLabel('有效期（MM/YY）').fill('12/30')
  await page.getByLabel('安全码（CVC）').fill('123')
  await page.getByRole('button', { name: '支付保证金' }).click()
  await confirmStep(page, '50,000.00 元（5 万元）')
  await expect(page).toHaveURL(/\/payments\/[^/]+$/)
  await expect(page.getByText('50,000.00 元').first()).toBeVisible()
})
