import { expect, test, type Page } from './fixtures.ts'
import { confirmStep, signIn, signOut, openFromMenu } from './support.ts'

// Two staff members of the Shaoxing bureau (the policy's owner) and one of Lishui.
const proposer = 'staff.shaoxing@demo.kjj.example'
const approver = 'admin.shaoxing@demo.kjj.example'
const otherBureau = 'staff.lishui@demo.kjj.example'

/** The Shanghai calendar date `days` from today, as a date input takes it. */
function day(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000))
}

async function waitForReward(page: Page, amount: string) {
  // the worker runs inside the web process
  await expect(async () => {
    await page.reload()
    await expect(page.getByText(amount)).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
}

// The new version is valid for ten days that ended ten days ago, so no payment another browser test
// makes today falls inside it: a version is not approved over rewards already computed within its validity.
test('a new policy version: proposed by one staff member, approved by another, used for payments from its start while an older payment keeps the old version', async ({ page }) => {
  const contractNo = `3306022026${Date.now().toString().slice(-6)}`
  await signIn(page, proposer)
  await openFromMenu(page, '技术合同')
  await page.getByLabel('技术合同登记号').fill(contractNo)
  await page.getByLabel('合同类型').selectOption({ label: '技术开发' })
  // a buyer of Shaoxing's region: a Lishui enterprise is Lishui's to register (decision 015)
  await page.getByLabel('买方（企业）').selectOption({ label: '绍兴柯桥演示纺织科技有限公司' })
  await page.getByLabel('卖方（高校、科研院所）').selectOption({ label: '浙江工业大学' })
  await page.getByLabel('合同金额（元）').fill('1000000')
  await page.getByLabel('签订日期').fill(day(-40))
  await page.getByRole('button', { name: '登记', exact: true }).click()
  await expect(page.getByRole('heading', { name: `合同 ${contractNo}` })).toBeVisible()
  const contractUrl = page.url()
  // a payment dated before the contract was signed is refused beside the date
  await page.getByLabel('付款金额（元）').fill('100000')
  await page.getByLabel('付款日期').fill(day(-41))
  await page.getByLabel('付款凭证号').fill('HK-OLD')
  await page.getByRole('button', { name: '登记付款' }).click()
  await confirmStep(page)
  await expect(page.getByText(/付款日期不能早于合同签订日期/)).toBeVisible()
  // (a fresh page: this form does not submit again after a refusal from the server, whatever the field; seen on main too)
  await page.goto(contractUrl)
  // the older payment, under version 1: 10 %
  await page.getByLabel('付款金额（元）').fill('100000')
  await page.getByLabel('付款日期').fill(day(-25))
  await page.getByLabel('付款凭证号').fill('HK-OLD')
  await page.getByRole('button', { name: '登记付款' }).click()
  await confirmStep(page)
  await expect(page.getByRole('status')).toContainText('付款已登记')
  await waitForReward(page, '10,000.00 元')

  await openFromMenu(page, '奖励政策')
  const policy = page.getByRole('region', { name: '绍市科〔2022〕24号 措施七' })
  await expect(policy.locator('tr[data-version="1"]')).toContainText('已生效')
  // the form starts from the version in force
  await expect(page.getByLabel('竞价以外的比例（%）')).toHaveValue('10')
  await page.getByLabel('生效日期').fill(day(-20))
  await page.getByLabel('失效日期（不含，可空）').fill(day(-10))
  await page.getByLabel('竞价以外的比例（%）').fill('15')
  await page.getByLabel('依据').fill('测试：竞价以外的比例临时提高到 15%')
  await page.getByRole('button', { name: '提交审批' }).click()
  await expect(page.getByRole('status')).toContainText('新版本已提交')
  const v2 = policy.locator('tr[data-version="2"]')
  await expect(v2).toContainText('待审批')
  await expect(v2).toContainText('您提出了该版本，须由另一位工作人员审批。')
  await expect(v2.getByRole('button', { name: '批准生效' })).toHaveCount(0)
  await signOut(page)

  // staff of another bureau see it but cannot decide
  await signIn(page, otherBureau)
  await openFromMenu(page, '奖励政策')
  await expect(page.getByRole('region', { name: '绍市科〔2022〕24号 措施七' }).locator('tr[data-version="2"]')).toContainText('该政策属于另一科技局。')
  await signOut(page)

  await signIn(page, approver)
  await openFromMenu(page, '奖励政策')
  await policy.locator('tr[data-version="2"]').getByRole('button', { name: '批准生效' }).click()
  await confirmStep(page, '确认批准该奖励政策版本')
  await expect(page.getByRole('status')).toContainText('已批准')
  await expect(policy.locator('tr[data-version="2"]')).toContainText('已生效')

  // a payment dated within version 2: 15 %, computed by the running worker that had read version 1
  await page.goto(contractUrl)
  await page.getByLabel('付款金额（元）').fill('100000')
  await page.getByLabel('付款日期').fill(day(-15))
  await page.getByLabel('付款凭证号').fill('HK-NEW')
  await page.getByRole('button', { name: '登记付款' }).click()
  await confirmStep(page)
  await expect(page.getByRole('status')).toContainText('付款已登记')
  await waitForReward(page, '15,000.00 元')
  await expect(page.getByText('10,000.00 元')).toBeVisible() // the older payment keeps version 1

  // each reward names its version; the policy page links to what each version computed
  await openFromMenu(page, '奖励政策')
  await policy.locator('tr[data-version="2"]').getByRole('link', { name: '1 笔' }).click()
  const cards = page.locator('li.card', { hasText: contractNo })
  await expect(cards).toHaveCount(1)
  await expect(cards.first()).toContainText('第 2 版')
  await expect(cards.first()).toContainText('15%')
  await openFromMenu(page, '奖励审核')
  const both = page.locator('li.card', { hasText: contractNo })
  await expect(both).toHaveCount(2)
  await expect(both.filter({ hasText: '第 1 版' })).toContainText('10,000.00 元')
  await expect(both.filter({ hasText: '第 2 版' })).toContainText('15,000.00 元')
})
