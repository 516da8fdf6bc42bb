import { expect, test } from '@playwright/test'
import { demo, signIn, signOut } from './support.ts'

// Owned by the demo university (浙江大学).
const RESULT = '精密行星减速器齿轮修形与降噪技术'

test('an interest reaches the owner in the notification centre and by e-mail (read from the development mail server); the bell counts it until read; 收藏 follows a result', async ({ page }) => {
  await signIn(page, demo.enterprise.email)
  await page.goto(`/results?q=${encodeURIComponent(RESULT)}`)
  await page.getByRole('link', { name: RESULT }).click()
  // 收藏: the result is followed and listed on the watchlist.
  await page.getByRole('button', { name: '☆ 收藏' }).click()
  await expect(page.getByRole('button', { name: '★ 已收藏' })).toBeVisible()
  await page.goto('/my/watchlist')
  await expect(page.getByRole('link', { name: RESULT })).toBeVisible()
  await page.goto(`/results?q=${encodeURIComponent(RESULT)}`)
  await page.getByRole('link', { name: RESULT }).click()
  const message = `我司希望引进该齿轮修形技术 ${Date.now()}`
  await page.getByLabel('向成果单位表达合作意向').fill(message)
  await page.getByRole('button', { name: '提交意向' }).click()
  await expect(page.getByRole('status').filter({ hasText: '意向已提交' })).toBeVisible()
  await signOut(page)

  await signIn(page, demo.university.email)
  const bell = page.getByTestId('notification-bell')
  await expect(bell).toContainText(/通知\s*\d+/)
  await bell.click()
  const item = page.locator('.notifications li.unread', { hasText: `新的合作意向：${RESULT}` }).first()
  await expect(item).toBeVisible()
  await item.getByRole('button', { name: '标为已读' }).click()
  await expect(page.getByRole('status').filter({ hasText: '已标为已读' })).toBeVisible()

  // The e-mail, as the SMTP server received it.
  await expect(async () => {
    await page.goto(`/dev/mail?to=${encodeURIComponent(demo.university.email)}`)
    await expect(page.getByTestId('dev-mail').locator('li', { hasText: `新的合作意向：${RESULT}` }).first()).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })

  // Choosing in-app only for a kind is kept.
  await page.goto('/notifications')
  await page.getByLabel('新的合作意向：站内', { exact: true }).check()
  await page.getByRole('button', { name: '保存通知方式' }).click()
  await expect(page.getByRole('status').filter({ hasText: '通知方式已保存' })).toBeVisible()
  await expect(page.getByLabel('新的合作意向：站内', { exact: true })).toBeChecked()
})
