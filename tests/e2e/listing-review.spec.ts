import { expect, test } from './fixtures.ts'
import { confirmStep, demo, openFromMenu, signIn, signOut } from './support.ts'

const university = demo.university
const staff = demo.staff

test('a university submits a result, staff publish it, and it is public on the list and the API', async ({ page, request }) => {
  const title = `超低温球阀柔性石墨复合密封结构 ${Date.now()}`

  await signIn(page, university.email)
  await page.getByRole('link', { name: '我的成果' }).click()
  await page.getByRole('link', { name: '发布新成果' }).click()

  // Bad input first: the messages appear beside their fields and nothing is saved.
  await page.getByLabel('成果名称').fill('阀门')
  await page.getByLabel('挂牌价格（元）').fill('12.345')
  await page.getByRole('button', { name: '保存并提交审核' }).click()
  await expect(page.getByText('成果名称至少 4 个字')).toBeVisible()
  await expect(page.getByText('挂牌价格应为金额（元），最多两位小数')).toBeVisible()
  await expect(page).toHaveURL(/\/results\/new$/)

  await page.getByLabel('成果名称').fill(title)
  await page
    .getByLabel('成果简介')
    .fill(
      '针对 LNG 超低温球阀阀座密封在 -196℃ 下易泄漏的问题，采用柔性石墨与 PTFE 复合密封环结构，泄漏率低于 10 ppm，已在两家阀门企业中试。',
    )
  await page.getByLabel('所属产业链').selectOption('equipment')
  await page.getByLabel('关键词').fill('超低温球阀，柔性石墨，密封')
  await page.getByLabel('知识产权类型').selectOption('INVENTION_PATENT')
  await page.getByLabel('知识产权编号').fill('ZL202310654321.0')
  await page.getByLabel('成熟度').selectOption('PILOT')
  await page.getByLabel('转让', { exact: true }).check()
  await page.getByLabel('许可', { exact: true }).check()
  await page.getByLabel('挂牌价格（元）').fill('1,200,000')
  await page.getByLabel('联系人', { exact: true }).fill('陈老师')
  await page.getByLabel('联系电话').fill('0571-88320000')
  await page.getByRole('button', { name: '保存并提交审核' }).click()

  await expect(page.getByRole('heading', { name: title })).toBeVisible()
  await expect(page.locator('h1').getByText('待审核')).toBeVisible()
  const resultUrl = page.url()
  const resultId = resultUrl.split('/').pop()!

  // Not public yet.
  const hidden = await request.get(`/api/results/${resultId}`)
  expect(hidden.status()).toBe(404)
  await signOut(page)

  await signIn(page, staff.email)
  await openFromMenu(page, '审核队列')
  await page.getByRole('link', { name: title }).click()
  await page.getByRole('button', { name: '审核通过并发布' }).click()
  await confirmStep(page, '发布后所有人可见')
  await expect(page.locator('h1').getByText('已发布')).toBeVisible()
  await expect(page.getByRole('cell', { name: '待审核 → 已发布' })).toBeVisible()
  await signOut(page)

  // Anyone finds it in the public list by a Chinese phrase from its text.
  await page.goto('/results?q=柔性石墨')
  await expect(page.getByRole('link', { name: title })).toBeVisible()
  await expect(page.getByText('120 万元').first()).toBeVisible()

  const list = await request.get(`/api/results?q=${encodeURIComponent('柔性石墨复合密封')}`)
  expect(list.ok()).toBe(true)
  const body = (await list.json()) as { items: { id: string; askingPriceFen: number; status: string }[] }
  expect(body.items.map((i) => i.id)).toContain(resultId)
  const detail = await (await request.get(`/api/results/${resultId}`)).json()
  expect(detail).toMatchObject({ id: resultId, title, askingPriceFen: 120_000_000, status: 'PUBLISHED' })
})
