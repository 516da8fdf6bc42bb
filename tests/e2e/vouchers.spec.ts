import { expect, test } from './fixtures.ts'
import { confirmStep, signIn, signOut } from './support.ts'

// The whole voucher flow (decision 018): a provider lists an instrument, Shaoxing staff approve it, the Shaoxing demo
// enterprise books it with its voucher, the provider confirms and delivers with its report, the voucher is redeemed
// with nothing for the enterprise to fill in, the enterprise pays its share by card, staff pay the provider, and the
// enterprise's remaining quota is right to the fen.
const provider = 'zjut@demo.kjj.example'
const staff = 'staff.shaoxing@demo.kjj.example'
const holder = 'keqiao@demo.kjj.example'

test('list, approve, book, deliver, redeem, pay the share, pay out; the quota is right to the fen', async ({ page }) => {
  const title = `原子力显微镜机时 ${Date.now().toString().slice(-6)}`
  await signIn(page, provider)
  await page.goto('/my/vouchers')
  const listForm = page.getByRole('form', { name: '发布仪器或检测服务' })
  await listForm.getByLabel('名称').fill(title)
  await listForm.getByLabel('服务内容').fill('AFM 表面形貌与粗糙度测试，按机时计费')
  await listForm.getByLabel('价格（元）').fill('1234.56')
  await listForm.getByLabel('服务周期（天）').fill('5')
  await listForm.getByLabel('地点').fill('杭州市西湖区留和路288号')
  await listForm.getByRole('button', { name: '提交审核' }).click()
  await expect(page.getByText('已提交，等待科技局审核')).toBeVisible()
  await signOut(page)

  await signIn(page, staff)
  await page.goto('/staff/vouchers')
  const quotaBefore = Number(await page.locator('[data-quota-holder="绍兴柯桥演示纺织科技有限公司"]').count())
  expect(quotaBefore).toBe(1)
  await page.locator('li', { hasText: title }).getByRole('button', { name: '通过' }).click()
  await expect(page.getByText('已保存')).toBeVisible()
  await signOut(page)

  await signIn(page, holder)
  await page.goto('/my/vouchers')
  const remainingBefore = Number(await page.locator('[data-remaining-fen]').getAttribute('data-remaining-fen'))
  // the same search as results: Chinese bigrams
  await page.goto(`/vouchers?q=${encodeURIComponent('原子力显微镜')}`)
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByText(/不重复支持/).first()).toBeVisible()
  await page.getByRole('button', { name: '预约', exact: true }).click()
  await expect(page.getByText('已预约，请等待服务单位确认')).toBeVisible()
  await signOut(page)

  await signIn(page, provider)
  await page.goto('/my/vouchers')
  const row = page.locator('tr', { hasText: title })
  await row.getByRole('button', { name: '确认预约' }).click()
  await expect(page.getByText('已办理')).toBeVisible()
  await row.getByLabel('报告名称').fill('AFM-2026-001')
  await row.getByLabel('报告内容（结论摘要）').fill('Ra = 3.2 nm')
  await row.getByRole('button', { name: '完成并提交报告' }).click()
  await expect(row.locator('[data-status="DELIVERED"]').or(page.locator(`tr[data-status="DELIVERED"]`, { hasText: title }))).toBeVisible()
  await signOut(page)

  await signIn(page, holder)
  await page.goto('/my/vouchers')
  // 1,234.56 CNY at 50 %: the voucher redeemed 617.28, the own share is 617.28
  const mine = page.locator('tr', { hasText: title })
  await expect(mine.locator('[data-voucher-fen="61728"]')).toBeVisible()
  await mine.getByRole('link', { name: '支付自付部分' }).click()
  await page.getByLabel('卡号').fill('4242 4242 4242 4242')
  await page.getByLabel(/有效期/).fill('12/30')
  await page.getByLabel(/安全码/).fill('123')
  await page.getByRole('button', { name: '支付', exact: true }).click()
  // A card payment asks first, with the amount (the card form is the shared checkout, decision 012).
  const step = page.getByTestId('confirm-step')
  await expect(step.or(page.locator('tr', { hasText: title }).locator('[data-share-status="SUCCEEDED"]'))).toBeVisible()
  if (await step.isVisible()) await confirmStep(page, '617.28')
  await expect(page.locator('tr', { hasText: title }).locator('[data-share-status="SUCCEEDED"]')).toBeVisible()
  const remainingAfter = Number(await page.locator('[data-remaining-fen]').getAttribute('data-remaining-fen'))
  expect(remainingBefore - remainingAfter).toBe(61_728)
  await signOut(page)

  await signIn(page, staff)
  await page.goto('/staff/vouchers')
  await page.locator('tr', { hasText: title }).getByRole('button', { name: '兑付给服务单位' }).click()
  await expect(page.locator('tr', { hasText: title })).toContainText('已支付')
})
