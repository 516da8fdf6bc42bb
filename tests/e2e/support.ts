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
