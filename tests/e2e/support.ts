import { expect, type Page } from '@playwright/test'
import { DEMO_PASSWORD, users } from '../../prisma/seed-data.ts'

export const demo = {
  university: users.find((u) => u.role === 'INSTITUTION')!,
  enterprise: users.find((u) => u.role === 'ENTERPRISE')!,
  staff: users.find((u) => u.role === 'STAFF')!,
}

export async function signIn(page: Page, email: string) {
  await page.goto('/login')
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible()
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).click()
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible()
}

/** Opens a page from the header's menu; staff pages sit in drop-down groups (app/components/site-nav.tsx). */
export async function openFromMenu(page: Page, name: string) {
  const link = page.getByRole('banner').getByRole('link', { name, exact: true })
  if (!(await link.isVisible())) {
    await page
      .locator('details.menu-group')
      .filter({ has: page.locator('a', { hasText: new RegExp(`^${name}$`) }) })
      .locator('summary')
      .click()
  }
  await link.click()
}

/**
 * A consequential action asks first (app/components/confirm-form.tsx): the inline "are you sure" step shows the
 * question (with the amount in 元 and 万元 where money is involved); this checks it and confirms.
 */
export async function confirmStep(page: Page, says?: string | RegExp) {
  const step = page.getByTestId('confirm-step')
  await expect(step).toBeVisible()
  if (says) await expect(step).toContainText(says)
  await step.getByTestId('confirm-yes').click()
}
