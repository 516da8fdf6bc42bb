// The main flows of each role (issue 12, "done when"), in Chinese and in English, at desktop (1280 px) and phone
// (390 px) sizes: after every step that shows a page, axe (any impact), no sideways scroll at the window's width,
// and in English no Chinese outside user content (the checks of support.ts, shared with every-page.spec.ts).
//
// The interface is named by catalogue key (`t('nav.results')`), so one test body serves both languages and none of
// its words count as "user content" for the Chinese check; what the tests type is user content (Chinese on purpose).
//
// Each language × size runs as its own test per story, with its own users where a record allows one per user (an
// enterprise registers once per session): the four enterprises of the demo take one combination each.
// What they create stays small: per combination one result, one need, one interest, one registration, one contract
// with one payment and its reward (for 宇恒电池, an enterprise no other browser test counts rewards for).
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import { fixedT, type Locale } from '../../app/i18n/catalogue.ts'
import { formatMoneyExact } from '../../app/domain/money.ts'
import { DEMO_PASSWORD } from '../../prisma/seed-data.ts'
import { axeViolations, chineseLeft, confirmStep, openFromMenu, setLanguageCookie, sidewaysScroll, visibleTexts } from './support.ts'

type Size = 'desktop' | 'phone'
const VIEWPORTS: Record<Size, { width: number; height: number }> = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } }
const COMBOS: { lng: Locale; size: Size }[] = [
  { lng: 'zh-CN', size: 'desktop' },
  { lng: 'zh-CN', size: 'phone' },
  { lng: 'en', size: 'desktop' },
  { lng: 'en', size: 'phone' },
]

/** One enterprise per combination (a registration is once per enterprise and session). */
const ENTERPRISES = ['ruixing@demo.kjj.example', 'kema@demo.kjj.example', 'yuheng@demo.kjj.example', 'jilisi@demo.kjj.example']
const ENTERPRISE_NAMES = ['浙江瑞兴阀门有限公司', '浙江科马摩擦材料有限公司', '宇恒电池股份有限公司', '浙江基力思汽车空调有限公司']
const UNIVERSITY = 'zju@demo.kjj.example'
// Lishui: the registrar and, for four eyes, the bureau's administrator (who did not create the registrar's login).
const STAFF = 'staff.lishui@demo.kjj.example'
const APPROVER = 'admin.lishui@demo.kjj.example'
const PROVINCE = 'province@demo.kjj.example'
/** The buyer of the contracts below: a Lishui enterprise (遂昌县) no other browser test counts rewards for. */
const REWARDED = { email: 'yuheng@demo.kjj.example', name: '宇恒电池股份有限公司' }

/** The session the enterprises register for: planned once by Lishui staff (a quarter no other browser test uses). */
const SESSION = { quarter: '2027Q2', title: '2027年第二季度科技成果竞价会（流程测试）' }

/** One person's browser in one language and size; `check` runs the page checks and keeps what they find. */
class Visit {
  readonly t
  /** Pages axe has seen in this visit, by path and the number of elements in <main> (axe is the slow check). */
  private readonly axeSeen = new Set<string>()
  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
    readonly lng: Locale,
    readonly who: string,
    readonly findings: string[],
  ) {
    this.t = fixedT(lng)
  }

  async check() {
    const t0 = Date.now()
    await this.page.waitForLoadState('load')
    const where = `[${this.who}] ${new URL(this.page.url()).pathname}`
    // The same page again with the same number of elements (a reload, a step that changed a few words): axe has seen its markup.
    const shape = `${where} ${await this.page.locator('main *').count()}`
    if (!this.axeSeen.has(shape)) for (const v of await axeViolations(this.page)) this.findings.push(`${where} axe: ${v}`)
    this.axeSeen.add(shape)
    const wide = await sidewaysScroll(this.page)
    if (wide) this.findings.push(`${where} width: ${wide}`)
    if (this.lng === 'en') for (const s of chineseLeft(await visibleTexts(this.page))) this.findings.push(`${where} Chinese: ${s}`)
    if (process.env.FLOWS_TIMING) console.log(`${where}: checks ${Date.now() - t0} ms`)
  }

  async goto(url: string) {
    await this.page.goto(url)
    await this.check()
  }

  /** A link of the header's menu (staff pages sit in groups; on a phone too). */
  async menu(name: string) {
    const href = await this.page.getByRole('banner').getByRole('link', { name, exact: true, includeHidden: true }).getAttribute('href')
    await openFromMenu(this.page, name)
    await this.page.waitForURL((url) => url.pathname === href)
    await this.check()
  }

  /** Follows a link and checks the page it opens. */
  async follow(link: Locator) {
    const href = (await link.getAttribute('href'))!
    await link.click()
    await this.page.waitForURL((url) => url.pathname === href.split(/[?#]/)[0])
    await this.check()
  }

  async close() {
    await this.context.close()
  }
}

async function visit(browser: Browser, baseURL: string, lng: Locale, size: Size, who: string, findings: string[], email?: string): Promise<Visit> {
  const context = await browser.newContext({ locale: lng === 'en' ? 'en-US' : 'zh-CN', viewport: VIEWPORTS[size] })
  const page = await context.newPage()
  const v = new Visit(page, context, lng, who, findings)
  if (email) {
    const t = v.t
    // The sign-in page itself is checked in the visitor's flow.
    await page.goto('/login')
    await page.getByLabel(t('login.email')).fill(email)
    await page.getByLabel(t('login.password')).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: t('login.submit') }).click()
    // Sign-in puts the user's saved language back in the cookie: the test's language wins (without saving it).
    await expect(page.getByRole('button', { name: new RegExp(`^(${fixedT('zh-CN')('nav.logout')}|${fixedT('en')('nav.logout')})$`) })).toBeVisible()
    await setLanguageCookie(context, baseURL, lng)
    await page.reload()
    await expect(page.getByRole('button', { name: t('nav.logout') })).toBeVisible()
  } else {
    await setLanguageCookie(context, baseURL, lng)
  }
  return v
}

function report(findings: string[]) {
  if (findings.length) console.log(`\n${findings.join('\n')}\n`)
  expect(findings, 'accessibility, width and Chinese findings').toEqual([])
}

/** Plans the session the enterprises register for, unless an earlier test of this run did. */
async function ensureSession(browser: Browser, baseURL: string) {
  const findings: string[] = []
  const staff = await visit(browser, baseURL, 'zh-CN', 'desktop', 'staff (session)', findings, STAFF)
  const { page, t } = staff
  await page.goto('/auctions')
  if ((await page.getByRole('link', { name: SESSION.title }).count()) === 0) {
    await page.getByRole('textbox', { name: t('auctionPages.sessions.quarter'), exact: true }).fill(SESSION.quarter)
    await page.getByLabel(t('auctionPages.sessions.sessionTitle')).fill(SESSION.title)
    await page.getByLabel(t('auctionPages.sessions.startsAt')).fill('2027-05-01T09:00')
    await page.getByLabel(t('auctionPages.sessions.endsAt')).fill('2027-06-20T17:00')
    await page.getByRole('button', { name: t('auctionPages.sessions.create') }).click()
    await expect(page.getByRole('heading', { name: new RegExp(SESSION.quarter) })).toBeVisible()
    await page.getByLabel(t('auctionPages.session.lotForm.result')).selectOption({ index: 1 })
    await page.getByLabel(t('auctionPages.session.lotForm.startingPrice')).fill('300000')
    await page.getByLabel(t('auctionPages.session.lotForm.increment')).fill('10000')
    await page.getByLabel(t('auctionPages.sessions.startsAt')).fill('2027-06-10T09:00')
    await page.getByLabel(t('auctionPages.sessions.endsAt')).fill('2027-06-10T11:00')
    await page.getByRole('button', { name: t('auctionPages.session.lotForm.title') }).click()
    await expect(page.getByRole('cell', { name: '30 万元', exact: true })).toBeVisible()
    await page.getByLabel(t('auctionNotice.notice.days')).fill('7')
    await page.getByRole('button', { name: t('auctionNotice.notice.publish') }).click()
    await confirmStep(page)
    await expect(page.getByRole('button', { name: t('auctionPages.session.lotForm.title') })).toHaveCount(0)
  }
  await staff.close()
}

// A step that cannot happen fails within seconds (with its locator), not at the test's timeout. The timeout is
// generous: on a loaded machine (two shared cores) axe on a staff page takes seconds.
test.use({ trace: 'off', actionTimeout: 15_000 })
test.describe.configure({ timeout: 300_000 })

for (const [i, { lng, size }] of COMBOS.entries()) {
  const tag = `${lng} ${size}`

  test(`visitor (${tag}): browse and search results, needs, auctions and their results, sign-in prompt`, async ({ browser, baseURL }) => {
    const findings: string[] = []
    const v = await visit(browser, baseURL!, lng, size, 'visitor', findings)
    const { page, t } = v
    await v.goto('/')
    await v.menu(t('nav.results'))
    await expect(page.getByRole('heading', { level: 1, name: t('nav.results') })).toBeVisible()
    // Search by a phrase of the seed's results.
    await page.getByLabel(t('listingPages.form.keywords')).fill('密封')
    await page.getByRole('button', { name: t('listingPages.list.search') }).click()
    await expect(page).toHaveURL(/q=/)
    await v.check()
    await v.follow(page.getByRole('main').locator('a[href^="/results/"]').first())
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await v.menu(t('nav.needs'))
    await v.follow(page.getByRole('main').locator('a[href^="/needs/"]').first())
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await v.menu(t('nav.auctions'))
    await v.follow(page.getByRole('main').getByRole('link', { name: t('auctionPages.allResults.title') }))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await v.follow(page.getByRole('main').locator('a[href^="/auctions/lots/"]').first())
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await v.menu(t('nav.challenges'))
    await v.menu(t('nav.login'))
    // The switcher: the other language, for a visitor only in the cookie.
    await page.getByRole('banner').getByRole('button', { name: t('language.switchToLabel') }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', lng === 'en' ? 'zh-CN' : 'en')
    await v.close()
    report(findings)
  })

  test(`university, staff, enterprise (${tag}): a result is posted, approved, found, asked about and answered`, async ({ browser, baseURL }) => {
    const findings: string[] = []
    const title = `流程测试：超声波阀门泄漏在线监测装置 ${lng} ${size} ${Date.now() % 100_000}`
    const uni = await visit(browser, baseURL!, lng, size, 'university', findings, UNIVERSITY)
    let { page, t } = uni
    await uni.menu(t('nav.myResults'))
    await uni.follow(page.getByRole('link', { name: t('listingPages.myResults.add') }))
    await page.getByLabel(t('listingPages.form.resultTitle')).fill(title)
    await page.getByLabel(t('listingPages.form.summary')).fill('采用声发射传感阵列与边缘计算识别阀门内漏，泄漏量检测下限 0.1 L/min，已在两家阀门企业试用。')
    await page.getByLabel(t('listingPages.form.field')).selectOption('equipment')
    await page.getByLabel(t('listingPages.form.keywords')).fill('阀门内漏，声发射，在线监测')
    await page.getByLabel(t('listingPages.form.ipKind')).selectOption('INVENTION_PATENT')
    await page.getByLabel(t('listingPages.form.ipNumbers')).fill('ZL202410765432.1')
    await page.getByLabel(t('listingPages.form.maturity')).selectOption('PILOT')
    await page.getByLabel(t('enums.transferMode.TRANSFER'), { exact: true }).check()
    await page.getByLabel(t('listingPages.form.askingPrice')).fill('80万')
    await page.getByLabel(t('listingPages.form.contactName'), { exact: true }).fill('陈老师')
    await page.getByLabel(t('listingPages.form.contactPhone')).fill('0571-88320001')
    await page.getByRole('button', { name: t('listingPages.common.saveAndSubmit') }).click()
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(title.slice(0, 10)) })).toBeVisible()
    await expect(page.locator('h1').getByText(t('enums.listingStatus.SUBMITTED'))).toBeVisible()
    await uni.check()
    const resultPath = new URL(page.url()).pathname

    // Staff find it in the review queue and publish it (the step asks first).
    const staff = await visit(browser, baseURL!, lng, size, 'staff', findings, STAFF)
    ;({ page, t } = staff)
    await staff.menu(t('nav.staffReview'))
    await staff.follow(page.getByRole('link', { name: title }))
    await page.getByRole('button', { name: t('enums.listingAction.publish') }).click()
    await confirmStep(page)
    await expect(page.locator('h1').getByText(t('enums.listingStatus.PUBLISHED'))).toBeVisible()
    await staff.check()
    await staff.close()

    // An enterprise finds it by a phrase of its text and expresses interest.
    const ent = await visit(browser, baseURL!, lng, size, 'enterprise', findings, ENTERPRISES[i])
    ;({ page, t } = ent)
    await ent.menu(t('nav.results'))
    await page.getByLabel(t('listingPages.form.keywords')).fill('声发射')
    await page.getByRole('button', { name: t('listingPages.list.search') }).click()
    await ent.follow(page.getByRole('link', { name: title }))
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(title.slice(0, 10)) })).toBeVisible()
    await page.getByLabel(t('listingPages.interests.expressLabel')).fill('我司阀门生产线需要在线检测内漏，希望洽谈转让。')
    await page.getByRole('button', { name: t('listingPages.interests.submit') }).click()
    await expect(page.getByRole('status').filter({ hasText: t('listingPages.interests.sent') })).toBeVisible()
    await ent.check()
    await ent.menu(t('nav.interests'))
    await expect(page.getByRole('link', { name: title })).toBeVisible()

    // The university answers it.
    ;({ page, t } = uni)
    await uni.menu(t('nav.interests'))
    await uni.follow(page.getByRole('link', { name: title }).first())
    await expect(page).toHaveURL(new RegExp(`${resultPath}$`))
    await page.getByLabel(t('listingPages.interests.replyTo', { name: ENTERPRISE_NAMES[i]! })).fill('欢迎来访，可安排现场演示。')
    await page.getByRole('button', { name: t('listingPages.interests.reply') }).click()
    await expect(page.getByText('欢迎来访，可安排现场演示。')).toBeVisible()
    await uni.check()
    await uni.close()

    // The enterprise reads the answer.
    ;({ page, t } = ent)
    await page.reload()
    await expect(page.getByText('欢迎来访，可安排现场演示。')).toBeVisible()
    await ent.check()
    await ent.close()
    report(findings)
  })

  test(`enterprise, staff (${tag}): a need is posted and returned, a session applied for, payments and rewards read, the language switched`, async ({ browser, baseURL }) => {
    await ensureSession(browser, baseURL!)
    const findings: string[] = []
    const title = `流程测试：阀门密封面激光熔覆修复工艺 ${lng} ${size} ${Date.now() % 100_000}`
    const ent = await visit(browser, baseURL!, lng, size, 'enterprise', findings, ENTERPRISES[i])
    let { page, t } = ent
    await ent.menu(t('nav.myNeeds'))
    await ent.follow(page.getByRole('main').locator('a[href="/needs/new"]').first())
    await expect(page.getByRole('heading', { level: 1, name: t('listingPages.needForm.newTitle') })).toBeVisible()
    await page.getByLabel(t('listingPages.form.needTitle')).fill(title)
    await page.getByLabel(t('listingPages.form.description')).fill('阀门密封面长期冲蚀后需修复，希望采用激光熔覆替代堆焊，降低变形并延长寿命一倍以上。')
    await page.getByLabel(t('listingPages.form.field')).selectOption('equipment')
    await page.getByLabel(t('listingPages.form.keywords')).fill('激光熔覆，密封面修复')
    await page.getByLabel(t('listingPages.form.budgetMin')).fill('20万')
    await page.getByLabel(t('listingPages.form.budgetMax')).fill('50万')
    await page.getByLabel(t('enums.transferMode.TRANSFER'), { exact: true }).check()
    await page.getByLabel(t('listingPages.form.contactName'), { exact: true }).fill('潘工')
    await page.getByLabel(t('listingPages.form.contactPhone')).fill('0578-65510000')
    await page.getByRole('button', { name: t('listingPages.common.saveAndSubmit') }).click()
    await expect(page.locator('h1').getByText(t('enums.listingStatus.SUBMITTED'))).toBeVisible()
    await ent.check()

    // Staff return it with a reason (the step asks first).
    const staff = await visit(browser, baseURL!, lng, size, 'staff', findings, STAFF)
    ;({ page, t } = staff)
    await staff.menu(t('nav.staffReview'))
    await staff.follow(page.getByRole('link', { name: title }))
    await page.getByLabel(t('listingPages.actions.reason')).fill('请补充现有堆焊工艺的失效数据')
    await page.getByRole('button', { name: t('enums.listingAction.return') }).click()
    await confirmStep(page)
    await expect(page.locator('h1').getByText(t('enums.listingStatus.RETURNED'))).toBeVisible()
    await staff.check()
    await staff.close()

    // The enterprise sees why, and can edit it.
    ;({ page, t } = ent)
    await ent.menu(t('nav.myNeeds'))
    await ent.follow(page.getByRole('link', { name: title }))
    await expect(page.getByRole('cell', { name: '请补充现有堆焊工艺的失效数据' })).toBeVisible()
    await ent.follow(page.getByRole('link', { name: t('listingPages.common.edit') }))
    await expect(page.getByLabel(t('listingPages.form.needTitle'))).toHaveValue(title)

    // It applies for the quarter's session.
    await ent.menu(t('nav.auctions'))
    await ent.follow(page.getByRole('link', { name: SESSION.title }))
    await page.getByRole('button', { name: t('auctionPages.session.apply') }).click()
    await expect(
      page.getByText(t('auctionPages.session.myRegistration', { status: t('auctionPages.session.registrationStatus.PENDING') })),
    ).toBeVisible()
    await ent.check()
    await ent.follow(page.locator('tbody a[href^="/auctions/lots/"], main a[href^="/auctions/lots/"]').first())
    await expect(page.getByTestId('my-registration')).toBeVisible()

    // Its money pages.
    await ent.menu(t('nav.myPayments'))
    await ent.menu(t('nav.myRewards'))

    // The switcher: the other language (saved on the user); the saved choice ends Chinese for the tests after this.
    const other = lng === 'en' ? 'zh-CN' : 'en'
    await page.getByRole('banner').getByRole('button', { name: t('language.switchToLabel') }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', other)
    await expect(page.getByRole('button', { name: fixedT(other)('nav.logout') })).toBeVisible()
    if (other === 'en') {
      await page.getByRole('banner').getByRole('button', { name: fixedT('en')('language.switchToLabel') }).click()
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    }
    await ent.close()
    report(findings)
  })

  test(`staff (${tag}): a contract and its payment are registered, another staff member approves and pays the reward, reports`, async ({ browser, baseURL }) => {
    const findings: string[] = []
    const no = `3306012026${String(Date.now() % 100_000).padStart(5, '0')}${i}`
    const staff = await visit(browser, baseURL!, lng, size, 'staff', findings, STAFF)
    let { page, t } = staff
    await staff.menu(t('nav.staffContracts'))
    await page.getByLabel(t('moneyPages.staffContracts.registrationNo')).fill(no)
    await page.getByLabel(t('moneyPages.staffContracts.kind')).selectOption('TRANSFER')
    await page.getByLabel(t('moneyPages.staffContracts.buyer')).selectOption({ label: REWARDED.name })
    await page.getByLabel(t('moneyPages.staffContracts.seller')).selectOption({ label: '浙江大学' })
    await page.getByLabel(t('moneyPages.staffContracts.amount')).fill('100万')
    await page.getByLabel(t('moneyPages.staffContracts.signedOn')).fill('2026-06-01')
    await page.getByRole('button', { name: t('moneyPages.staffContracts.submit'), exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: t('moneyPages.staffContract.heading', { no }) })).toBeVisible()
    await staff.check()
    await page.getByLabel(t('moneyPages.staffContract.payAmount')).fill('100000')
    await page.getByLabel(t('moneyPages.staffContract.paidOn')).fill('2026-07-01')
    await page.getByLabel(t('moneyPages.staffContract.reference')).fill(`HK-${no}`)
    await page.getByRole('button', { name: t('moneyPages.staffContract.paySubmit') }).click()
    await confirmStep(page, formatMoneyExact(10_000_000, lng))
    await expect(page.getByRole('status')).toContainText(t('moneyPages.staffContract.recorded'))
    await staff.check()
    // The worker computes the reward (10 % of 100,000) in the web process.
    const reward = formatMoneyExact(1_000_000, lng)
    await expect(async () => {
      await page.reload()
      await expect(page.getByText(reward).first()).toBeVisible({ timeout: 1_000 })
    }).toPass({ timeout: 20_000 })
    await staff.check()
    await staff.menu(t('nav.staffRewards'))
    const mine = page.locator('li.card', { hasText: no })
    await expect(mine.getByText(t('moneyPages.staffRewards.ownContract'))).toBeVisible()
    await expect(mine.getByRole('button', { name: t('moneyPages.staffRewards.approve') })).toHaveCount(0)
    await staff.close()

    // Four eyes: the bureau's administrator approves and pays it.
    const approver = await visit(browser, baseURL!, lng, size, 'approver', findings, APPROVER)
    ;({ page, t } = approver)
    await approver.menu(t('nav.staffRewards'))
    const card = page.locator('li.card', { hasText: no })
    await card.getByRole('button', { name: t('moneyPages.staffRewards.approve') }).click()
    await confirmStep(page, reward)
    await expect(page.getByRole('status')).toContainText(t('moneyPages.staffRewards.approved'))
    await approver.check()
    await card.getByRole('button', { name: t('moneyPages.staffRewards.pay') }).click()
    await confirmStep(page, reward)
    await expect(card.locator('.badge', { hasText: t('enums.rewardStatus.PAID') })).toBeVisible()
    await approver.check()
    // The staff home with the reports, and a report file.
    await approver.follow(page.getByRole('banner').getByRole('link', { name: t('dashboard.nav'), exact: true }))
    const xlsx = page.getByRole('link', { name: t('dashboard.reports.xlsx') }).first()
    await expect(xlsx).toBeVisible()
    await approver.check()
    const file = await page.request.get((await xlsx.getAttribute('href'))!)
    expect(file.status()).toBe(200)
    await approver.close()

    // The enterprise sees it paid.
    const ent = await visit(browser, baseURL!, lng, size, 'enterprise', findings, REWARDED.email)
    ;({ page, t } = ent)
    await ent.menu(t('nav.myRewards'))
    await expect(page.locator('li.card', { hasText: no }).locator('.badge', { hasText: t('enums.rewardStatus.PAID') })).toBeVisible()
    await ent.close()
    report(findings)
  })

  test(`province (${tag}): reads every bureau's contracts, rewards, payments and organisations, and can change nothing`, async ({ browser, baseURL }) => {
    const findings: string[] = []
    const v = await visit(browser, baseURL!, lng, size, 'province', findings, PROVINCE)
    const { page, t } = v
    await v.follow(page.getByRole('banner').getByRole('link', { name: t('dashboard.nav'), exact: true }))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await v.menu(t('nav.staffContracts'))
    await expect(page.getByRole('button', { name: t('moneyPages.staffContracts.submit'), exact: true })).toHaveCount(0)
    await v.menu(t('nav.staffRewards'))
    await expect(page.getByRole('button', { name: t('moneyPages.staffRewards.approve') })).toHaveCount(0)
    await expect(page.getByRole('button', { name: t('moneyPages.staffRewards.pay') })).toHaveCount(0)
    await v.menu(t('nav.staffPayments'))
    await v.menu(t('nav.staffOrganizations'))
    await v.menu(t('nav.staffPolicies'))
    await v.close()
    report(findings)
  })
}
