import { expect, test } from './fixtures.ts'
import { confirmStep, demo, signIn, signOut } from './support.ts'

// The owner of both results below is the demo university (浙江大学).
const GEARS = '精密行星减速器齿轮修形与降噪技术'
const PIPES = '不锈钢焊管在线光亮固溶处理装置与工艺'

async function openResult(page: import('@playwright/test').Page, title: string) {
  await page.goto(`/results?q=${encodeURIComponent(title)}`)
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { name: title })).toBeVisible()
}

test('every interest error shows beside its control: the message box, the reply box, and errors that name no field', async ({ page, browser }) => {
  await signIn(page, demo.enterprise.email)
  await openResult(page, GEARS)
  const box = page.getByLabel('向成果单位表达合作意向')
  await box.fill('好')
  await page.getByRole('button', { name: '提交意向' }).click()
  await expect(box).toHaveAccessibleDescription('意向说明至少 5 个字')
  await box.fill('我司风电变桨减速器需要降噪 3 dB 以上，希望洽谈许可')
  await page.getByRole('button', { name: '提交意向' }).click()
  await expect(page.getByRole('status').filter({ hasText: '意向已提交' })).toBeVisible()
  await expect(box).toHaveValue('')

  // An error with no field: the result is withdrawn while the enterprise writes.
  await openResult(page, PIPES)
  const owner = await browser.newPage()
  await signIn(owner, demo.university.email)
  await openResult(owner, PIPES)
  await owner.getByRole('button', { name: '撤回' }).click()
  await confirmStep(owner, PIPES)
  await expect(owner.getByRole('cell', { name: '已发布 → 已撤回' })).toBeVisible()
  await page.getByLabel('向成果单位表达合作意向').fill('我司焊管产线希望引进该固溶处理装置')
  await page.getByRole('button', { name: '提交意向' }).click()
  await expect(page.getByRole('alert').filter({ hasText: '该成果当前不接受合作意向' })).toBeVisible()
  await signOut(page)

  // The owner's reply: too short, then accepted.
  await openResult(owner, GEARS)
  const reply = owner.getByRole('textbox', { name: /^回复/ }).first()
  await reply.fill('好')
  await owner.getByRole('button', { name: '回复', exact: true }).first().click()
  await expect(reply).toHaveAccessibleDescription('请填写回复内容')
  await reply.fill('欢迎来校交流，联系王老师')
  await owner.getByRole('button', { name: '回复', exact: true }).first().click()
  await expect(owner.getByText('欢迎来校交流，联系王老师')).toBeVisible()
  await owner.close()
})
