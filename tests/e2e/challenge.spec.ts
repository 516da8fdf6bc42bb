import { expect, test, type Browser } from '@playwright/test'
import { users } from '../../prisma/seed-data.ts'
import { confirmStep, signIn } from './support.ts'

// 揭榜挂帅: an enterprise posts its published need as a challenge, two institutions apply, the enterprise selects
// one, and the public page shows the challenge as awarded with the selected institution.
const NEED = '无铜环保刹车片配方开发'
const demoUser = (prefix: string) => users.find((u) => u.email.startsWith(`${prefix}@`))!
const [kema, zju, zjut] = [demoUser('kema'), demoUser('zju'), demoUser('zjut')]

async function asUser(browser: Browser, email: string) {
  const page = await (await browser.newContext()).newPage()
  await signIn(page, email)
  return page
}

/** A date 30 days ahead in Asia/Shanghai, as the date input wants it. */
function inDays(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

test('an enterprise posts a challenge, two institutions apply, one is selected, and the public page shows it awarded', async ({ browser, page }) => {
  const enterprise = await asUser(browser, kema.email)
  await enterprise.goto(`/needs?q=${encodeURIComponent(NEED)}`)
  await enterprise.getByRole('link', { name: NEED }).click()
  await enterprise.getByRole('link', { name: '发布为揭榜挂帅' }).click()

  // Bad input is refused beside its field; the amount is read as people write it.
  await enterprise.getByLabel(/榜额/).fill('5千')
  await enterprise.getByLabel('揭榜截止日期').fill(inDays(3))
  await enterprise.getByRole('button', { name: '发布榜单' }).click()
  await expect(enterprise.getByLabel(/榜额/)).toHaveAccessibleDescription(/请填写金额/)
  await enterprise.getByLabel(/榜额/).fill('80万')
  await expect(enterprise.getByTestId('money-echo').first()).toContainText('80 万元')
  // The deadline 3 days out is refused beside its field: by the page's own check, or by the server once confirmed.
  await enterprise.getByRole('button', { name: '发布榜单' }).click()
  const deadline = enterprise.getByLabel('揭榜截止日期')
  const step = enterprise.getByTestId('confirm-step')
  await expect(step.or(enterprise.getByText(/至少在 7 天之后/).first())).toBeVisible()
  if (await step.isVisible()) await confirmStep(enterprise, '800,000.00 元（80 万元）')
  await expect(deadline).toHaveAccessibleDescription(/至少在 7 天之后/)
  await enterprise.getByLabel('揭榜截止日期').fill(inDays(30))
  await enterprise.getByLabel(/揭榜条件/).fill('须具备台架试验条件，六个月内交付量产配方')
  await enterprise.getByRole('button', { name: '发布榜单' }).click()
  await confirmStep(enterprise, '800,000.00 元（80 万元）')
  await expect(enterprise.getByRole('heading', { name: NEED })).toBeVisible()
  await expect(enterprise.getByText('揭榜中')).toBeVisible()
  const url = enterprise.url()

  for (const [who, proposal] of [
    [zju, '我校无铜NAO配方以钛酸钾晶须替代铜纤维，已完成台架试验，三个月内可完成装车验证。'],
    [zjut, '采用陶瓷纤维增强与复合粘结剂体系，可提供中试样品和检测报告，六个月交付。'],
  ] as const) {
    const institution = await asUser(browser, who.email)
    await institution.goto(url)
    await institution.getByLabel(/揭榜方案/).fill('太短')
    await institution.getByRole('button', { name: '提交揭榜申请' }).click()
    await expect(institution.getByLabel(/揭榜方案/)).toHaveAccessibleDescription(/至少 20 个字/)
    await institution.getByLabel(/揭榜方案/).fill(proposal)
    await institution.getByRole('button', { name: '提交揭榜申请' }).click()
    await expect(institution.getByRole('heading', { name: '我的揭榜申请' })).toBeVisible()
    await expect(institution.getByRole('button', { name: '提交揭榜申请' })).toHaveCount(0)
    await institution.context().close()
  }

  await enterprise.reload()
  const applications = enterprise.getByTestId('challenge-application')
  await expect(applications).toHaveCount(2)
  const chosen = applications.filter({ hasText: zjut.organizationName })
  await chosen.getByRole('button', { name: '选定' }).click()
  await confirmStep(enterprise)
  await expect(enterprise.getByRole('status').filter({ hasText: '已保存' })).toBeVisible()
  await expect(chosen.getByText('已选定')).toBeVisible()
  await expect(applications.filter({ hasText: zju.organizationName }).getByText('未选定')).toBeVisible()

  // The public, signed out: awarded, with the selected institution and no proposals.
  await page.goto('/challenges')
  const item = page.getByTestId('challenge-item').filter({ hasText: NEED })
  await expect(item.getByText('已揭榜')).toBeVisible()
  await expect(item.getByTestId('challenge-winner')).toHaveText(zjut.organizationName)
  await item.getByRole('link', { name: NEED }).click()
  await expect(page.getByTestId('challenge-winner')).toContainText(zjut.organizationName)
  await expect(page.getByText('采用陶瓷纤维增强')).toHaveCount(0)
  await expect(page.getByRole('button', { name: '提交揭榜申请' })).toHaveCount(0)
})
