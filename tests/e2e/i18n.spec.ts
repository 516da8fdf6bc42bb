import { expect, test } from './fixtures.ts'
import { DEMO_PASSWORD, users } from '../../prisma/seed-data.ts'
import { demo, signIn } from './support.ts'

test('the language follows Accept-Language, the switcher saves a choice, and sign-in brings it back', async ({ browser }) => {
  // A browser that prefers English gets English without asking.
  const english = await browser.newContext({ locale: 'en-US' })
  const page = await english.newPage()
  await page.goto('/login')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  // Form messages are in English too: the browser's check and the server's answer.
  await page.getByLabel('E-mail').fill(`nobody-${Date.now()}@demo.kjj.example`)
  await page.getByLabel('Password').fill('wrong-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Wrong e-mail or password')

  // An unknown page: translated, with the site's navigation.
  await page.goto('/no-such-page')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Auctions' })).toBeVisible()

  // Switch to Chinese, sign in: the choice is saved on the user too.
  await page.getByRole('button', { name: '切换到中文' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await page.goto('/login')
  await page.getByLabel('邮箱').fill(demo.enterprise.email)
  await page.getByLabel('密码').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible()
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'My payments' })).toBeVisible()
  await english.close()

  // Another browser that prefers Chinese: after sign-in the saved English comes back.
  const chinese = await browser.newContext({ locale: 'zh-CN' })
  const other = await chinese.newPage()
  await other.goto('/login')
  await expect(other.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await other.getByLabel('邮箱').fill(demo.enterprise.email)
  await other.getByLabel('密码').fill(DEMO_PASSWORD)
  await other.getByRole('button', { name: '登录' }).click()
  await expect(other.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await expect(other.locator('html')).toHaveAttribute('lang', 'en')
  // Back to Chinese, saved: the browser tests after this one sign in as the same demo enterprise and read Chinese.
  await other.getByRole('button', { name: '切换到中文' }).click()
  await expect(other.getByRole('button', { name: '退出' })).toBeVisible()
  await chinese.close()
})

test('the header says 我的款项 like the page it opens', async ({ page }) => {
  // Another enterprise than above: that one chose English.
  await signIn(page, users.find((u) => u.role === 'ENTERPRISE' && u.email !== demo.enterprise.email)!.email)
  await expect(page.getByRole('link', { name: '我的款项' })).toBeVisible()
})
