// The whole year of one research result (issue 13, "Done when"), through the real pages, the real lot clock and the
// development mail server: the bureau announces a session with the result as its lot, two enterprises register, are
// approved and pay their deposits, bid live, one wins; the 成交公告 is public, the winner downloads the 成交确认书 and
// its text is read back; the winner does not pay the balance, so its deposit is forfeited. The defaulter is barred
// (decision 022); the result is re-auctioned at no more than 80 % of the first start in an extra session (补充场) of the
// same quarter, from the defaulted lot's 重新拍卖 panel; the defaulter is refused at registration, the other bidder
// registers, pays that lot's deposit (deposits are per lot, decision 021), bids and buys it; both lots link each other.
// Every step that tells someone something is checked in the mail the SMTP server received (/dev/mail).
//
// Times are real and short: the session is announced with 0 registration days (an extra session's short notice) and
// its lot opens at the first whole minute at least two minutes away (LEAD_MS), for one minute with a one-minute
// extension window: the bidders wait in the lot's room and bid as it opens, so it closes a minute after the last bid. The only time travel is the fixture that moves the
// deal's payment deadline (ten days after the close) to a minute ago (server/e2e-fixtures.ts, E2E_FIXTURES=1); what
// follows from it is the services' own doing.
import { expect as baseExpect, test, type Browser, type Page } from './fixtures.ts'
import { DEMO_PASSWORD, organizations, users } from '../../prisma/seed-data.ts'

test.setTimeout(20 * 60_000)
// Pages can take many seconds on a machine shared by several test runs; a step that is slow is not a wrong one.
const expect = baseExpect.configure({ timeout: 30_000 })

/** How long before the lot opens it is announced: enough for both enterprises to register, be approved and pay. */
const LEAD_MS = Number(process.env.AUCTION_YEAR_LEAD_S ?? 120) * 1000

const staffUser = users.find((u) => u.email === 'staff.shaoxing@demo.kjj.example')!
// A wins the first auction and defaults; B loses it.
const [A, B] = [users.find((u) => u.email.startsWith('kema'))!, users.find((u) => u.email.startsWith('yuheng'))!]
const org = (name: string) => organizations.find((o) => o.name === name)!
// A result of a Shaoxing institution that no other browser test uses; the Shaoxing bureau runs the sessions, so the
// quarter's Lishui session of the live-auction test does not collide with this one (one regular session a quarter).
const RESULT = '中药配方颗粒指纹图谱质量控制方法'
const SELLER = '绍兴文理学院'
const BUREAU = '绍兴市科学技术局'

/** datetime-local text in Beijing time for an instant. */
function beijing(at: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

/** The first whole minute at least `leadMs` from now. */
function wholeMinuteAfter(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 60_000) * 60_000
}

/** This quarter in Beijing: its name, its first minute and its last day's 23:00 (a session must lie inside it). */
function quarterNow() {
  const [y, m] = beijing(Date.now()).split('-').map(Number) as [number, number]
  const q = Math.floor((m - 1) / 3)
  const lastMonth = q * 3 + 3
  const lastDay = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate()
  const pad = (n: number) => String(n).padStart(2, '0')
  return { name: `${y}Q${q + 1}`, start: `${y}-${pad(q * 3 + 1)}-01T00:00`, end: `${y}-${pad(lastMonth)}-${pad(lastDay)}T23:00` }
}

/** support.ts's confirmStep, with this file's patience. */
async function confirmStep(page: Page, says?: string | RegExp) {
  const step = page.getByTestId('confirm-step')
  await expect(step).toBeVisible()
  if (says) await expect(step).toContainText(says)
  await step.getByTestId('confirm-yes').click()
}

/** Signs in as support.ts's signIn does, with this file's patience. */
async function asUser(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto('/login')
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible()
  return page
}

/**
 * Waits until the development SMTP server has received a mail for `to` whose subject contains `subject` (and whose
 * text contains each of `says`), read from /dev/mail in a context of its own; returns the mail's text.
 */
async function mailArrives(mail: Page, to: string, subject: string, says: (string | RegExp)[] = [], timeout = 90_000): Promise<string> {
  let text = ''
  await expect(async () => {
    await mail.goto(`/dev/mail?to=${encodeURIComponent(to)}`)
    const item = mail.getByTestId('dev-mail').locator('li').filter({ has: mail.locator('h3', { hasText: subject }) }).first()
    await expect(item).toBeVisible({ timeout: 1000 })
    for (const s of says) await expect(item.locator('pre')).toContainText(s, { timeout: 500 })
    text = await item.locator('pre').innerText()
  }).toPass({ timeout, intervals: [500, 1000, 2000] })
  return text
}

async function payDeposit(page: Page, sessionUrl: string, amount: string) {
  await page.goto(sessionUrl)
  // The deposit is paid per lot (decision 021): the session's deposit page lists its lots, each with its own checkout.
  await page.getByRole('link', { name: '缴纳保证金' }).click()
  await page.getByTestId('lot-deposits').getByRole('row').filter({ hasText: RESULT }).getByRole('link', { name: '缴纳', exact: true }).click()
  await expect(page.getByTestId('lot-deposit-summary')).toContainText(RESULT)
  await page.getByLabel('银行卡号').fill('4242 4242 4242 4242')
  await page.getByLabel('有效期（MM/YY）').fill('12/30')
  await page.getByLabel('安全码（CVC）').fill('123')
  await page.getByRole('button', { name: '支付保证金' }).click()
  await confirmStep(page, amount)
  await expect(page).toHaveURL(/\/payments\/[^/]+$/)
  await expect(page.getByRole('heading', { name: /保证金回执/ })).toContainText('已支付')
}

/** Text of a PDF, read back with pdfjs (as tests/integration/announcements.test.ts does), without spaces and line breaks. */
async function pdfText(pdf: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise
  let text = ''
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('')
  }
  await doc.destroy()
  return text.replace(/\s+/g, '')
}

async function bid(page: Page, amount: string) {
  await page.getByTestId('bid-minimum').click()
  await expect(page.getByTestId('confirm-money')).toContainText(amount)
  await page.getByTestId('confirm-money-yes').click()
  await expect(page.getByTestId('bid-message')).toContainText(`出价成功：${amount}`)
}

test('the whole year of one result: announced, registered, deposit paid, bid, won, 成交公告, 成交确认书, balance not paid, deposit forfeited, defaulter barred, re-auctioned at ≤ 80 % in an extra session, sold to another bidder; e-mail at each step', async ({ browser }) => {
  const started = Date.now()
  const lap = (what: string) => console.log(`auction-year: ${what} at ${Math.round((Date.now() - started) / 1000)} s`)
  const tag = started.toString(36).slice(-5).toUpperCase()
  const quarter = quarterNow()
  const sessionTitle = `中药颗粒成果专场 ${tag}`
  const mail = await browser.newPage() // the development mail server's page, and the public's view
  const [staff, a, b] = await Promise.all([asUser(browser, staffUser.email), asUser(browser, A.email), asUser(browser, B.email)])

  // ── Announced: a session with the result as its only lot, published with registration open until the lot opens.
  let sessionUrl = ''
  let opensAt = 0
  await test.step('announced', async () => {
    await staff.goto('/auctions')
    await staff.getByRole('textbox', { name: '季度', exact: true }).fill(quarter.name)
    await staff.getByLabel('场次名称').fill(sessionTitle)
    await staff.getByLabel('开始时间（北京时间）').fill(quarter.start)
    await staff.getByLabel('结束时间（北京时间）').fill(quarter.end)
    await staff.getByRole('button', { name: '创建场次' }).click()
    await expect(staff.getByRole('heading', { name: new RegExp(quarter.name) })).toBeVisible()
    sessionUrl = staff.url()

    const choice = staff.getByLabel('成果（已发布、未在竞价中）')
    await choice.selectOption((await choice.locator('option', { hasText: RESULT }).getAttribute('value'))!)
    await staff.getByLabel('起拍价（元）').fill('200000')
    await staff.getByLabel('加价幅度（元）').fill('10000')
    opensAt = wholeMinuteAfter(LEAD_MS)
    await staff.getByLabel('开始时间（北京时间）').fill(beijing(opensAt))
    await staff.getByLabel('结束时间（北京时间）').fill(beijing(opensAt + 60_000))
    await staff.getByLabel('延时周期（分钟）').fill('1')
    await staff.getByRole('button', { name: '添加标的' }).click()
    await expect(staff.getByRole('cell', { name: '20 万元', exact: true })).toBeVisible()
    await expect(staff.getByRole('cell', { name: '2 万元', exact: true })).toBeVisible() // the deposit, 10 % of the start
    await staff.getByLabel('报名截止于首个标的开始前（天）').fill('0')
    await staff.getByRole('button', { name: '发布竞价公告' }).click()
    await confirmStep(staff, '确认发布竞价公告')
    await expect(staff.getByText(/公告发布于/)).toBeVisible()
  })
  lap(`announced (the lot opens in ${Math.round((opensAt - Date.now()) / 1000)} s)`)

  // ── Registered: both enterprises apply, staff approve them; each is told by e-mail.
  await test.step('registered and approved', async () => {
    await Promise.all(
      [a, b].map(async (p) => {
        await p.goto(sessionUrl)
        // A click while the page is still hydrating can be lost: press again until the registration shows.
        const apply = p.getByRole('button', { name: '报名参加本场竞价' })
        await expect(async () => {
          if (await apply.isVisible()) await apply.click()
          await expect(p.getByText('报名状态：待审核')).toBeVisible({ timeout: 5000 })
        }).toPass({ timeout: 60_000 })
      }),
    )
    await staff.reload()
    for (let i = 0; i < 2; i++) {
      await staff.getByRole('button', { name: '通过', exact: true }).first().click()
      await expect(staff.locator('.badge', { hasText: '已通过' })).toHaveCount(i + 1)
    }
  })
  lap('registered')

  // ── Deposit paid: 2 万元 each, by card.
  await test.step('deposits paid', async () => {
    await Promise.all([payDeposit(a, sessionUrl, '20,000.00 元（2 万元）'), payDeposit(b, sessionUrl, '20,000.00 元（2 万元）')])
  })
  lap('deposits paid')

  // ── Bid: both wait in the lot's room; the server's clock opens it; A takes the start, B raises, A raises and wins.
  let lotUrl = ''
  await test.step('bid', async () => {
    await a.goto(sessionUrl)
    await a.locator('tbody').getByRole('link', { name: RESULT }).click()
    await a.waitForURL(/\/auctions\/lots\/[^/]+$/)
    lotUrl = a.url()
    await b.goto(lotUrl)
    for (const p of [a, b]) await expect(p.getByText('实时连接')).toBeVisible({ timeout: 30_000 })
    if (Date.now() > opensAt) lap('LATE: the lot opened before both were in its room')
    for (const p of [a, b]) await expect(p.locator('.badge.lot-LIVE')).toBeVisible({ timeout: Math.max(10_000, opensAt - Date.now() + 20_000) })
    lap('the lot is open')

    await bid(a, '200,000.00 元')
    await expect(b.getByTestId('current-price')).toHaveText('20 万元')
    await bid(b, '210,000.00 元')
    await expect(a.getByTestId('my-status')).toContainText('您已被超越')
    await bid(a, '220,000.00 元')
    await expect(b.getByTestId('my-status')).toContainText('您已被超越')
    lap('bids placed')
    for (const u of [A, B]) await mailArrives(mail, u.email, `标的开始竞价：${RESULT}`)
    // Each outbid bidder hears it by e-mail too, with the price that passed it.
    await mailArrives(mail, A.email, `您的出价已被超过：${RESULT}`, ['210,000.00'])
    await mailArrives(mail, B.email, `您的出价已被超过：${RESULT}`, ['220,000.00'])
  })

  // While the lot runs: the e-mails of the approvals, and the public notice with its calendar file.
  await test.step('announced in public; approvals by e-mail', async () => {
    for (const u of [A, B]) await mailArrives(mail, u.email, `报名已通过：${sessionTitle}`)
    await mail.goto(sessionUrl)
    await expect(mail.getByRole('heading', { name: new RegExp(sessionTitle) })).toBeVisible()
    await expect(mail.getByText(/公告发布于/)).toBeVisible()
    await expect(mail.getByRole('row').filter({ hasText: RESULT })).toContainText('20 万元')
    const ics = await mail.request.get(`${new URL(sessionUrl).pathname}/calendar.ics`)
    expect(ics.ok()).toBe(true)
    expect((await ics.text()).replace(/\r?\n[ \t]/g, '')).toContain(RESULT)
  })

  // ── Won: the clock closes the lot about a minute after the last bid; A is the buyer at 22 万元.
  await test.step('won', async () => {
    await expect(a.getByTestId('outcome')).toContainText('成交', { timeout: 3 * 60_000 })
    lap('the lot closed')
    await expect(a.getByTestId('outcome')).toContainText('22 万元')
    await expect(a.getByTestId('outcome')).toContainText('您是买受人')
    await expect(b.getByTestId('outcome')).not.toContainText('您是买受人')
    await mailArrives(mail, A.email, `恭喜成交：${RESULT}`, ['220,000.00', '逾期视为悔拍'])
    await mailArrives(mail, B.email, `竞价结束：${RESULT}`, ['220,000.00'])
    // The loser's deposit goes back when the lot is over.
    await mailArrives(mail, B.email, `保证金已退还：${sessionTitle}`, ['20,000.00'])
  })

  // ── 成交公告: the public result names the buyer, the price, the premium, bidders and bids, and the log's last hash.
  let lastHash = ''
  await test.step('成交公告 published', async () => {
    const log = (await (await mail.request.get(`${new URL(lotUrl).pathname}/log`)).json()) as { entries: { seq: number; hash: string; kind: string }[] }
    lastHash = log.entries.at(-1)!.hash
    expect(log.entries.at(-1)!.kind).toBe('close')
    await mail.goto(`${new URL(sessionUrl).pathname}/results`)
    const notice = mail.getByTestId('lot-result').filter({ hasText: RESULT })
    await expect(notice.getByRole('heading', { name: '成交公告' })).toBeVisible()
    await expect(notice.getByTestId('winner')).toHaveText(A.organizationName)
    await expect(notice).toContainText('22 万元')
    await expect(notice).toContainText(/10\.00\s?%/) // premium over the 20 万元 start
    await expect(notice).toContainText('2 人 / 3 次')
    await expect(notice.locator('code')).toHaveText(lastHash)
    await mail.goto(`/auctions/results?quarter=${quarter.name}`)
    await expect(mail.getByTestId('lot-result').filter({ hasText: sessionTitle }).getByTestId('winner')).toHaveText(A.organizationName)
  })

  // ── 成交确认书: the buyer downloads it from the lot page; its text carries the parties, the price in figures and in
  // capitals, the deposit applied, the balance, and the log's last hash.
  await test.step('成交确认书 downloaded and read', async () => {
    await a.goto(lotUrl)
    // The link's file, fetched with the buyer's session (the browser's download event proved flaky on a loaded machine).
    const href = (await a.getByTestId('confirmation-link').getAttribute('href'))!
    const response = await a.request.get(href, { timeout: 120_000 })
    expect(response.ok()).toBe(true)
    expect(response.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"/)
    const pdf = await response.body()
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.includes('FontFile2')).toBe(true) // the CJK font is embedded
    const text = await pdfText(pdf)
    for (const expected of [
      '成交确认书',
      `CJQR-${quarter.name}-001`,
      RESULT,
      BUREAU,
      org(BUREAU).creditCode,
      SELLER,
      org(SELLER).creditCode,
      A.organizationName,
      org(A.organizationName).creditCode,
      '¥220,000.00',
      '人民币贰拾贰万元整',
      '¥200,000.00', // the starting price
      '¥20,000.00', // the deposit applied
      '人民币贰拾万元整', // the balance in capitals
      '待支付余款',
      lastHash,
    ]) {
      expect(text, expected).toContain(expected.replace(/\s+/g, ''))
    }
  })

  // ── Balance not paid: ten days pass (the fixture moves the deadline to a minute ago); the winner is told it is overdue
  // and can no longer pay.
  await test.step('balance not paid', async () => {
    const lotId = new URL(lotUrl).pathname.split('/').at(-1)!
    const moved = await mail.request.post(`/__e2e/deal-deadline-passed/${lotId}`)
    expect(moved.ok()).toBe(true)
    await mailArrives(mail, A.email, `余款已逾期：${RESULT}`)
    await a.goto('/payments')
    await expect(a.getByRole('listitem').filter({ hasText: RESULT })).toContainText('已逾期')
  })

  // ── Deposit forfeited: staff act on the overdue deal (unless the payments queue's minute sweep got there first: the
  // same end state); the defaulter is told, and its receipt says so.
  await test.step('deposit forfeited', async () => {
    await staff.goto('/staff/payments')
    const overdue = staff.getByRole('table', { name: '需要处理的款项' }).getByRole('row').filter({ hasText: A.organizationName }).filter({ hasText: '成交价款未付' })
    if (await overdue.isVisible()) {
      await overdue.getByRole('button', { name: '没收保证金' }).click()
      await confirmStep(staff, '220,000.00 元（22 万元）')
      // (the sweep may have forfeited it between the page's load and the click: then the deal is no longer awaiting payment)
      await expect(staff.getByRole('status')).toHaveText(/^(保证金已没收，成交作违约处理|该成交不在待付款状态)$/)
    }
    await mailArrives(mail, A.email, '保证金不予退还', ['20,000.00', '悔拍'])
    await a.goto('/payments')
    const depositRow = a.getByRole('row').filter({ hasText: '保证金' }).filter({ hasText: sessionTitle })
    await expect(depositRow).toContainText('已没收')
    await expect(a.getByRole('listitem').filter({ hasText: RESULT })).toHaveCount(0) // nothing left to pay
    // The confirmation of sale now records the default.
    const confirmation = await a.request.get(`${new URL(lotUrl).pathname}/confirmation.pdf`)
    expect(await pdfText(await confirmation.body())).toContain('买受人悔拍')
  })

  lap('deposit forfeited')

  // ── Defaulter barred: told by e-mail (deal-defaulted), the defaulted lot says so in public.
  await test.step('defaulter barred', async () => {
    await mailArrives(mail, A.email, `悔拍：${RESULT}`, ['不得参加该成果的下一次拍卖'])
    await mail.goto(lotUrl)
    await expect(mail.getByTestId('reauction-panel')).toContainText('悔拍')
  })

  // ── Re-auctioned at ≤ 80 % in an extra session (补充场) of the same quarter, from the defaulted lot's 重新拍卖.
  const session2Title = `中药颗粒成果补充场 ${tag}`
  let session2Url = ''
  let opensAt2 = 0
  await test.step('re-auctioned at ≤ 80 % in an extra session', async () => {
    await staff.goto('/auctions')
    await staff.getByRole('textbox', { name: '季度', exact: true }).fill(quarter.name)
    await staff.getByLabel('场次名称').fill(session2Title)
    await staff.getByLabel('开始时间（北京时间）').fill(quarter.start)
    await staff.getByLabel('结束时间（北京时间）').fill(quarter.end)
    await staff.getByLabel('场次类型').selectOption('EXTRA')
    await staff.getByRole('button', { name: '创建场次' }).click()
    await expect(staff.getByRole('heading', { name: new RegExp(session2Title) })).toContainText('补充场')
    session2Url = staff.url()
    await staff.goto(lotUrl)
    const panel = staff.getByTestId('reauction-panel')
    await expect(panel).toContainText('16 万元') // the ceiling, 80 % of the 20 万元 start
    await panel.getByRole('listitem').filter({ hasText: session2Title }).getByTestId('reauction-go').click()
    await expect(staff.getByTestId('reauction-hint')).toContainText('20 万元')
    await staff.getByLabel('起拍价（元）').fill('170000') // above the ceiling, no reason: refused beside the price
    await staff.getByLabel('加价幅度（元）').fill('10000')
    opensAt2 = wholeMinuteAfter(LEAD_MS)
    await staff.getByLabel('开始时间（北京时间）').fill(beijing(opensAt2))
    await staff.getByLabel('结束时间（北京时间）').fill(beijing(opensAt2 + 60_000))
    await staff.getByLabel('延时周期（分钟）').fill('1')
    await staff.getByRole('button', { name: '添加标的' }).click()
    await expect(staff.getByText(/不得高于前次起拍价的 80 %/)).toBeVisible()
    await staff.getByLabel('起拍价（元）').fill('160000')
    await staff.getByRole('button', { name: '添加标的' }).click()
    await expect(staff.getByRole('cell', { name: '16 万元', exact: true })).toBeVisible()
    await staff.getByLabel('报名截止于首个标的开始前（天）').fill('0')
    await staff.getByRole('button', { name: '发布竞价公告' }).click()
    await confirmStep(staff, '确认发布竞价公告')
    await expect(staff.getByText(/公告发布于/)).toBeVisible()
    // The defaulter may not register for the result's next auction; the other bidder may.
    await a.goto(session2Url)
    const barred = a.getByRole('button', { name: '报名参加本场竞价' })
    await expect(async () => {
      if (await barred.isVisible()) await barred.click()
      await expect(a.getByText('贵单位曾对该成果悔拍，不得参加其下一次拍卖')).toBeVisible({ timeout: 5000 })
    }).toPass({ timeout: 60_000 })
    await expect(a.getByText(/报名状态/)).toHaveCount(0)
    await b.goto(session2Url)
    const apply = b.getByRole('button', { name: '报名参加本场竞价' })
    await expect(async () => {
      if (await apply.isVisible()) await apply.click()
      await expect(b.getByText('报名状态：待审核')).toBeVisible({ timeout: 5000 })
    }).toPass({ timeout: 60_000 })
    await staff.reload()
    await staff.getByRole('button', { name: '通过', exact: true }).first().click()
    await expect(staff.locator('.badge', { hasText: '已通过' })).toHaveCount(1)
    await payDeposit(b, session2Url, '16,000.00 元（1.6 万元）')
  })
  lap(`re-auction announced, B registered and paid (the lot opens in ${Math.round((opensAt2 - Date.now()) / 1000)} s)`)

  // ── Sold to another bidder: B bids the start as the lot opens and buys it.
  await test.step('sold to another bidder', async () => {
    await b.goto(session2Url)
    await b.locator('tbody').getByRole('link', { name: RESULT }).click()
    await b.waitForURL(/\/auctions\/lots\/[^/]+$/)
    const lot2Url = b.url()
    await expect(b.getByTestId('predecessor-link')).toHaveAttribute('href', new URL(lotUrl).pathname)
    await expect(b.getByText('实时连接')).toBeVisible()
    await expect(b.locator('.badge.lot-LIVE')).toBeVisible({ timeout: Math.max(10_000, opensAt2 - Date.now() + 20_000) })
    lap('the re-auctioned lot is open')
    await bid(b, '160,000.00 元')
    await mailArrives(mail, B.email, `报名已通过：${session2Title}`)
    await expect(b.getByTestId('outcome')).toContainText('您是买受人', { timeout: 3 * 60_000 })
    await expect(b.getByTestId('outcome')).toContainText('16 万元')
    await mailArrives(mail, B.email, `恭喜成交：${RESULT}`, ['160,000.00'])
    await mail.goto(lotUrl)
    await expect(mail.getByTestId('successor-link')).toHaveAttribute('href', new URL(lot2Url).pathname)
    await mail.goto(`${new URL(session2Url).pathname}/results`)
    const notice = mail.getByTestId('lot-result').filter({ hasText: RESULT })
    await expect(notice.getByRole('heading', { name: '成交公告' })).toBeVisible()
    await expect(notice.getByTestId('winner')).toHaveText(B.organizationName)
    await expect(notice).toContainText('16 万元')
    await expect(notice).toContainText('1 人 / 1 次')
  })

  lap('done')
})
