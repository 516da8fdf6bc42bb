import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, type BrowserContext, type Page } from '@playwright/test'
import { createCookie } from '@remix-run/node'
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

// ---------------------------------------------------------------------------------------------------------------------
// The checks every browser test runs on the pages it visits (issue 12): axe, sideways scroll, no Chinese in English.
// every-page.spec.ts runs them on every route; flows.spec.ts after every step of each role's main flows.

const ROOT = process.cwd()

function read(path: string): string {
  try {
    return readFileSync(join(ROOT, path), 'utf8')
  } catch {
    return ''
  }
}

export function filesUnder(dir: string, test: RegExp): string[] {
  try {
    return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => test.test(f))
      .map((f) => join(dir, f))
  } catch {
    return []
  }
}

export const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e\u2014\u2026\u00b7]+/g
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/

/** Every string literal holding Chinese in a source file; template literals split at their `${…}`. */
export function chineseLiterals(source: string): string[] {
  const out: string[] = []
  for (const m of source.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
    const text = m[1] ?? m[2] ?? m[3] ?? ''
    for (const part of text.split(/\$\{[^}]*\}/)) if (HAN.test(part)) out.push(part.trim())
  }
  return out
}

/**
 * User content: what the database holds (the seed's names, titles, summaries, keywords, counties, notice numbers) and
 * what the browser tests type. Every Chinese string literal of those files is removed from a page's text before the
 * "no Chinese in English" check. Tests should name the interface by catalogue key (flows.spec.ts does), not by its
 * Chinese text, or that text counts as user content here.
 */
const USER_CONTENT_FILES = [
  ...filesUnder('prisma', /^seed.*\.ts$/),
  'server/e2e-fixtures.ts',
  'app/domain/regions.ts',
  ...filesUnder('app/domain/matching', /data\.ts$|synonyms\.ts$|dictionary\.ts$/),
  // What the other browser tests type (when the whole suite runs, their records are in the database).
  ...filesUnder('tests/e2e', /\.spec\.ts$/).filter((f) => !f.endsWith('every-page.spec.ts')),
]
const USER_CONTENT = [...new Set(USER_CONTENT_FILES.flatMap((f) => chineseLiterals(read(f))))]
  .filter((s) => s.length > 0)
  .sort((a, b) => b.length - a.length)
/** A run of Chinese that is part of a user-content string (lists shorten summaries, so a part is enough). */
const USER_TEXT = USER_CONTENT.join('\n')

/** The page's text as a reader (or a screen reader) gets it: title, body, labels, placeholders, options. */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    let text = document.body.innerText
    // Text marked as Chinese on purpose (the language switch's 中文) is not English text.
    for (const el of document.body.querySelectorAll<HTMLElement>('[lang]:not(html)')) {
      if (el.lang.startsWith('zh')) text = text.replace(el.innerText, ' ')
    }
    const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt], [aria-description]')]
      .filter((el) => !(el.closest('[lang]') as HTMLElement | null)?.lang.startsWith('zh') || el.closest('html') === el.closest('[lang]'))
      .flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt', 'aria-description'].map((a) => el.getAttribute(a) ?? ''))
    const options = [...document.querySelectorAll('option')].map((o) => o.textContent ?? '')
    return [document.title, text, ...attributes, ...options]
  })
}

/** The runs of Chinese left in the texts once user content is taken out. */
export function chineseLeft(texts: string[]): string[] {
  const left: string[] = []
  for (let text of texts) {
    for (const content of USER_CONTENT) if (text.includes(content)) text = text.split(content).join(' ')
    for (const run of text.match(CJK) ?? []) {
      const han = run.replace(/^[^\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+$/g, '')
      if (han && !USER_TEXT.includes(han)) left.push(run)
    }
  }
  return [...new Set(left)]
}

/** axe's violations of any impact, one line each (rule, impact, help, the first few elements). */
export async function axeViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze()
  return axe.violations.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(' | ')
    return `${v.id} (${v.impact}): ${v.help} — ${targets}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`
  })
}

/** Whether the page scrolls sideways at the window's current width (null if not), naming an element that sticks out. */
export async function sidewaysScroll(page: Page): Promise<string | null> {
  const { scroll, inner, widest } = await page.evaluate(() => {
    const inner = window.innerWidth
    let widest = ''
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect()
      if (r.right > inner + 1 && r.width > 0) {
        widest = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right ${Math.round(r.right)})`
        if (!el.querySelector('*')) break
      }
    }
    return { scroll: document.documentElement.scrollWidth, inner, widest }
  })
  return scroll > inner ? `at ${inner} px the page is ${scroll} px wide; e.g. ${widest}` : null
}

/** The `lng` cookie as the header's switcher writes it, set without saving the choice on the user. */
export async function setLanguageCookie(context: BrowserContext, baseURL: string, lng: 'zh-CN' | 'en') {
  const value = (await createCookie('lng').serialize(lng)).split(';')[0]!.split('=')[1]!
  await context.addCookies([{ name: 'lng', value, url: baseURL }])
}
