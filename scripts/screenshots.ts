// README screenshots: the lot room of the demo's live lot, the closed session's results and the staff home, in
// Chinese and English, at 1280×800 (and the lot room at 390×844, a phone), saved to docs/screenshots/.
//
//   npm run build && PORT=3420 DATA_DIR=/tmp/shots-data npm start -- --no-build   # a fresh demo (seeded on first start)
//   npx tsx scripts/screenshots.ts --base http://localhost:3420
//
// Needs a running server with the demo seeded (SEED_LIVE_AUCTION left on) and Debian's Chromium (/usr/bin/chromium,
// or CHROMIUM_PATH), launched as the browser tests launch it (playwright.config.ts). The language is chosen with the
// `lng` cookie, as the switcher does; nothing in the demo is changed (no clicks beyond signing in).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../prisma/seed-data.ts'

const args = process.argv.slice(2)
const baseArg = args.indexOf('--base')
const BASE = (baseArg >= 0 ? args[baseArg + 1] : undefined) ?? process.env.BASE_URL ?? 'http://localhost:3000'
const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const LOCALES = ['zh-CN', 'en'] as const
type Locale = (typeof LOCALES)[number]
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

// An approved bidder with its deposit paid in the live session (prisma/seed-live-auction.ts), so the lot room shows
// the bid form; staff of the Lishui bureau, whose sessions the demo's are.
const BIDDER = 'kema@demo.kjj.example'
const STAFF = 'staff.lishui@demo.kjj.example'

/** The `lng` cookie as Remix's createCookie writes an unsigned value: base64 of the JSON. */
const lngCookie = (locale: Locale) => ({
  name: 'lng',
  value: encodeURIComponent(Buffer.from(JSON.stringify(locale)).toString('base64')),
  url: BASE,
})

async function context(
  browser: Browser,
  viewport: { width: number; height: number },
  locale: Locale,
  email?: string,
): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL: BASE,
    viewport,
    locale,
    timezoneId: 'Asia/Shanghai',
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  })
  if (email) {
    const page = await ctx.newPage()
    await page.goto('/login')
    await page.locator('input[name="email"]').fill(email)
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.locator('form:has(input[name="password"]) button[type="submit"]').click(),
    ])
    await page.close()
  }
  // After sign-in: signing in restores the user's saved language into the cookie; this overrides it.
  await ctx.addCookies([lngCookie(locale)])
  return ctx
}

async function shoot(page: Page, path: string, file: string, fullPage = false) {
  const response = await page.goto(path, { waitUntil: 'networkidle' })
  if (!response || response.status() >= 400) throw new Error(`${path} answered ${response?.status()}`)
  await page.waitForTimeout(800) // the lot room's socket, the charts' first paint
  await page.screenshot({ path: join(OUT, file), fullPage })
  console.log(`${file}  ${path}`)
}

/** The demo's live lot and closed session, found from /auctions as a visitor would. */
async function findDemo(browser: Browser): Promise<{ lotPath: string; resultsPath: string }> {
  const ctx = await context(browser, DESKTOP, 'en')
  const page = await ctx.newPage()
  await page.goto('/auctions')
  const sessions = page.locator('ul.list > li')
  let lotPath: string | undefined
  let resultsPath: string | undefined
  for (let i = 0; i < (await sessions.count()); i++) {
    const item = sessions.nth(i)
    const href = await item.locator('h2 a').getAttribute('href')
    const status = (await item.locator('.badge').first().textContent())?.trim()
    if (!href) continue
    if (status === 'Closed' && !resultsPath) resultsPath = `${href}/results`
    if (!lotPath && status !== 'Closed' && status !== 'Cancelled') {
      const session = await ctx.newPage()
      await session.goto(href)
      const live = session
        .locator('tr')
        .filter({ has: session.locator('.badge.lot-LIVE') })
        .locator('a[href^="/auctions/lots/"]')
      if ((await live.count()) > 0) lotPath = (await live.first().getAttribute('href')) ?? undefined
      await session.close()
    }
  }
  await ctx.close()
  if (!lotPath) throw new Error('no live lot at /auctions: start a fresh demo (SEED_LIVE_AUCTION on)')
  if (!resultsPath) throw new Error('no closed session at /auctions')
  return { lotPath, resultsPath }
}

async function main() {
  mkdirSync(OUT, { recursive: true })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const { lotPath, resultsPath } = await findDemo(browser)
    const staffHome = (await fetch(new URL('/staff', BASE), { redirect: 'manual' })).status === 404 ? '/staff/payments' : '/staff'
    for (const locale of LOCALES) {
      const bidder = await context(browser, DESKTOP, locale, BIDDER)
      await shoot(await bidder.newPage(), lotPath, `lot-room.${locale}.png`)
      await shoot(await bidder.newPage(), resultsPath, `session-results.${locale}.png`)
      await bidder.close()

      const phone = await context(browser, PHONE, locale, BIDDER)
      await shoot(await phone.newPage(), lotPath, `lot-room.phone.${locale}.png`)
      await phone.close()

      const staff = await context(browser, DESKTOP, locale, STAFF)
      await shoot(await staff.newPage(), staffHome, `staff-home.${locale}.png`)
      await staff.close()
    }
  } finally {
    await browser.close()
  }
}

await main()
