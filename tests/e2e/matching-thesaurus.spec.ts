import { expect, test } from './fixtures.ts'
import { demo, signIn, openFromMenu } from './support.ts'

test('staff add a problem → technology entry, see it with its history, and take it out again', async ({ page }) => {
  const problem = `烫手${Date.now() % 100000}`
  await signIn(page, demo.staff.email)
  await openFromMenu(page, '匹配词表')
  await expect(page.getByRole('heading', { name: '匹配词表（问题 → 技术）' })).toBeVisible()
  // The built-in list is there, as data staff can see.
  await expect(page.getByRole('row', { name: /刹不住\s*制动衰退\s*内置/ })).toBeVisible()

  // Bad input stays on the form with a message beside the field.
  await page.getByRole('button', { name: '添加', exact: true }).click()
  await expect(page.getByText('必填').first()).toBeVisible()

  await page.getByLabel('企业的说法（问题）').fill(problem)
  await page.getByLabel('成果的说法（技术）').fill('油冷')
  await page.getByLabel('说明（可选）').fill('电机企业常这样说')
  await page.getByRole('button', { name: '添加', exact: true }).click()
  await expect(page.getByRole('row', { name: new RegExp(`${problem}\\s*油冷\\s*${demo.staff.name}`) })).toBeVisible()
  const history = page.getByRole('region', { name: '修改记录' })
  await expect(history.getByRole('row', { name: new RegExp(`添加 ${problem} → 油冷.*电机企业常这样说`) })).toBeVisible()

  // The same entry twice is refused with a message.
  await page.getByLabel('企业的说法（问题）').fill(problem)
  await page.getByLabel('成果的说法（技术）').fill('油冷')
  await page.getByRole('button', { name: '添加', exact: true }).click()
  await expect(page.getByText(`“${problem} → 油冷”已在词表中`)).toBeVisible()

  await page.getByRole('button', { name: `移除 ${problem} → 油冷` }).click()
  await expect(page.getByRole('button', { name: `移除 ${problem} → 油冷` })).toHaveCount(0)
  await expect(history.getByRole('row', { name: new RegExp(`移除 ${problem} → 油冷`) })).toBeVisible()
})
