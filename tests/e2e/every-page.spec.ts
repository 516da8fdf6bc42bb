// Every page, for every kind of visitor, in both languages (issue 12): no accessibility violation (axe, any impact),
// nothing wider than the window at 390 px and at 1280 px, and no Chinese on English pages outside user content.
//
// The page list comes from the app's routes: every file in app/routes needs an entry in ROUTES below (a page, with who
// can see it, or the reason it is not a page), so a new route without one fails here. Pages with a parameter are not
// listed by URL: the spec follows the links of the pages it has seen (breadth first) and opens the first link that
// matches each such route, for every visitor that should reach one.
//
// User content (what the database holds: the seed's names, titles, summaries, keywords, counties, notice numbers, and
// what other browser tests type) is stripped before the Chinese check: every Chinese string literal of the seed and
// those files is removed from the page's text. What remains is reported with the page's URL, split into Chinese that
// comes from files other helpers are still converting (enum labels, validation messages, services' text, budgets,
// the countdown: PENDING_SOURCES) and everything else.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from './fixtures.ts'
import { users } from '../../prisma/seed-data.ts'
import { axeViolations, chineseLeft, chineseLiterals, demo, filesUnder, setLanguageCookie, sidewaysScroll, signIn, visibleTexts } from './support.ts'

type Kind = 'signed-out' | 'enterprise' | 'university' | 'staff' | 'admin'
const ALL: Kind[] = ['signed-out', 'enterprise', 'university', 'staff', 'admin']
const SIGNED_IN: Kind[] = ['enterprise', 'university', 'staff', 'admin']
const STAFF: Kind[] = ['staff', 'admin']

type Entry =
  /** A page without parameters: opened by its URL. */
  | { url: string; who: Kind[] }
  /** A page with parameters: reached by following links; `who` must reach one, unless `missing` says why the demo has none. */
  | { follow: true; who: Kind[]; missing?: string }
  | { notPage: string }

const ROUTES: Record<string, Entry> = {
  '$.tsx': { url: '/no-such-page', who: ALL },
  '_index.tsx': { notPage: 'redirects to /results' },
  'api.me.ts': { notPage: 'JSON API' },
  'api.needs.$id.ts': { notPage: 'JSON API' },
  'api.needs.ts': { notPage: 'JSON API' },
  'api.results.$id.ts': { notPage: 'JSON API' },
  'api.results.ts': { notPage: 'JSON API' },
  'api.token.ts': { notPage: 'JSON API' },
  'auctions.$id.tsx': { follow: true, who: ALL },
  'auctions.$id_.results.tsx': { follow: true, who: ALL },
  'auctions._index.tsx': { url: '/auctions', who: ALL },
  'auctions.lots.$lotId.tsx': { follow: true, who: ALL },
  'auctions.lots.$lotId_.confirmation[.]pdf.ts': { notPage: 'PDF download' },
  'auctions.lots.$lotId_.log.ts': { notPage: 'CSV download (the lot log)' },
  'auctions.lots.$lotId_.replay.tsx': { follow: true, who: ALL },
  'auctions.results.tsx': { url: '/auctions/results', who: ALL },
  'challenges.$id.tsx': { follow: true, who: ALL, missing: 'the demo seed has no challenge' },
  'challenges._index.tsx': { url: '/challenges', who: ALL },
  'dev.mail.tsx': { notPage: 'development tool: the mails the development SMTP server caught (not in production)' },
  'healthz.ts': { notPage: 'health check' },
  'language.tsx': { notPage: 'form action of the language switch (GET redirects)' },
  'login.tsx': { url: '/login', who: ['signed-out'] },
  'logout.tsx': { notPage: 'form action (GET redirects)' },
  'my.interests.tsx': { url: '/my/interests', who: SIGNED_IN },
  'my.needs.tsx': { url: '/my/needs', who: ['enterprise'] },
  'my.results.tsx': { url: '/my/results', who: ['university'] },
  'my.rewards.tsx': { url: '/my/rewards', who: ['enterprise'] },
  'my.watchlist.tsx': { url: '/my/watchlist', who: SIGNED_IN },
  'needs.$id.tsx': { follow: true, who: ALL },
  'needs.$id_.challenge.tsx': { follow: true, who: ['enterprise'] },
  'needs.$id_.edit.tsx': { follow: true, who: ['enterprise'], missing: 'the demo enterprise has no draft or returned need' },
  'needs._index.tsx': { url: '/needs', who: ALL },
  'needs.new.tsx': { url: '/needs/new', who: ['enterprise'] },
  'notifications.tsx': { url: '/notifications', who: SIGNED_IN },
  'payments.$id.tsx': { follow: true, who: ['enterprise'] },
  'payments._index.tsx': { url: '/payments', who: ['enterprise'] },
  'payments.deal.$dealId.tsx': { follow: true, who: ['enterprise'], missing: 'the demo deal is paid by an earlier browser test (payments.spec), and a paid deal links to its receipt instead' },
  'payments.deposit.$sessionId.tsx': { follow: true, who: ['enterprise'], missing: 'the demo has no session open for deposits (SEED_LIVE_AUCTION=false)' },
  'results.$id.tsx': { follow: true, who: ALL },
  'results.$id_.edit.tsx': { follow: true, who: ['university'] },
  'results._index.tsx': { url: '/results', who: ALL },
  'results.new.tsx': { url: '/results/new', who: ['university'] },
  'staff._index.tsx': { url: '/staff', who: STAFF },
  'staff.reports.$period[.]xlsx.ts': { notPage: 'XLSX report download' },
  'staff.reports.$period[.]pdf.ts': { notPage: 'PDF report download' },
  'staff.auctions.$sessionId.tsx': { follow: true, who: STAFF },
  'staff.contracts.tsx': { url: '/staff/contracts', who: STAFF },
  'staff.contracts_.$id.tsx': { follow: true, who: STAFF, missing: 'the demo seed has no contract' },
  'staff.matching.tsx': { url: '/staff/matching', who: STAFF },
  'staff.organizations.tsx': { url: '/staff/organizations', who: STAFF },
  'staff.payments.tsx': { url: '/staff/payments', who: STAFF },
  'staff.policies.tsx': { url: '/staff/policies', who: STAFF },
  'staff.review.tsx': { url: '/staff/review', who: STAFF },
  'staff.rewards.tsx': { url: '/staff/rewards', who: STAFF },
  'staff.rewards_.export.ts': { notPage: 'CSV / XLSX download' },
  'staff.thesaurus.tsx': { url: '/staff/thesaurus', who: STAFF },
  'watch.ts': { notPage: 'form action (watch / unwatch)' },
  'webhooks.payments.ts': { notPage: 'payment provider webhook' },
  'api.requests.$id.ts': { notPage: 'JSON API' },
  'api.requests.ts': { notPage: 'JSON API' },
  'auctions.$id_.calendar[.]ics.ts': { notPage: 'calendar file (.ics)' },
  'auctions.calendar.tsx': { url: '/auctions/calendar', who: ALL },
  'auctions.calendar[.]ics.ts': { notPage: 'calendar file (.ics)' },
  'auctions.lots.$lotId_.calendar[.]ics.ts': { notPage: 'calendar file (.ics)' },
  'requests.$id.attachments.$attachmentId.ts': { notPage: 'file download (a request attachment)' },
  'my.requests.tsx': { url: '/my/requests', who: ['enterprise'] },
  'my.vouchers.tsx': { url: '/my/vouchers', who: ['enterprise', 'university'] },
  'staff.campaigns.tsx': { url: '/staff/campaigns', who: STAFF },
  'staff.campaigns_.$id.tsx': { follow: true, who: STAFF },
  'staff.campaigns_.$id_.table[.]xlsx.ts': { notPage: 'XLSX download (the assignment table)' },
  'staff.enterprise-facts.tsx': { url: '/staff/enterprise-facts', who: STAFF },
  'staff.enterprise-facts_.template.ts': { notPage: 'CSV / XLSX template download' },
  'staff.requests.tsx': { url: '/staff/requests', who: STAFF },
  'staff.requests_.$id.tsx': { follow: true, who: STAFF, missing: 'the demo seed has no request' },
  'staff.vouchers.tsx': { url: '/staff/vouchers', who: STAFF },
  'vouchers.$id.tsx': { follow: true, who: ALL },
  'vouchers._index.tsx': { url: '/vouchers', who: ALL },
  'vouchers.pay.$bookingId.tsx': { follow: true, who: ['enterprise'], missing: 'the demo has no booking awaiting payment' },
}

const ROOT = process.cwd()
const STATIC_URLS = new Set(Object.values(ROUTES).flatMap((e) => ('url' in e ? [e.url] : [])))
const ROUTE_FILES = readdirSync(join(ROOT, 'app/routes')).filter((f) => /\.(tsx?|jsx?)$/.test(f))

/** A Remix flat route file name → a regular expression for its URLs. */
function routePattern(file: string): RegExp {
  const name = file.replace(/\.(tsx?|jsx?)$/, '')
  const segments = name
    .replace(/\[\.\]/g, '\u0000')
    .split('.')
    .map((s) => s.replace(/\u0000/g, '.'))
    .filter((s) => s !== '_index')
    .map((s) => (s.startsWith('$') ? '[^/?#]+' : s.replace(/_$/, '').replace(/[.]/g, '\\.')))
  return new RegExp(`^/${segments.join('/')}/?$`)
}

// ---------------------------------------------------------------------------------------------------------------------
// User content and the files other helpers are converting

function read(path: string): string {
  try {
    return readFileSync(join(ROOT, path), 'utf8')
  } catch {
    return ''
  }
}

/** Files two other helpers are converting (issue 12): Chinese from them is reported, not this spec's to fix. */
const PENDING_SOURCES = [
  'app/domain/labels.ts',
  'app/domain/fields.ts',
  'app/components/budget-text.tsx',
  'app/components/lot-parts.tsx',
  'app/utils/format.ts',
  ...filesUnder('app/domain', /\.ts$/),
  ...filesUnder('app/services', /\.ts$/),
  ...filesUnder('app/utils', /\.ts$/),
  ...filesUnder('app/schemas', /\.ts$/),
]
  .map((f) => ({ file: f, text: chineseLiterals(read(f)).join('\n') }))
  // Enum labels (`X_LABELS = { … }`) wherever they are.
  .concat(
    filesUnder('app', /\.tsx?$/).map((f) => ({
      file: `${f} (*_LABELS)`,
      text: [...read(f).matchAll(/_LABELS\b[^=\n]*=\s*\{[^}]*\}/g)].flatMap((m) => chineseLiterals(m[0])).join('\n'),
    })),
  )

function pendingSource(snippet: string): string | null {
  return PENDING_SOURCES.find((s) => s.text.includes(snippet))?.file ?? null
}

// ---------------------------------------------------------------------------------------------------------------------
// The checks

type Finding = { url: string; kind: 'axe' | 'width' | 'chinese' | 'chinese-pending' | 'unreachable' | 'status'; detail: string }

/**
 * Pages axe has checked, by language and route (a route's pages differ by their records, not their markup; the same
 * list page seen by another visitor differs only in the header): axe is the slow part, so it runs once for each.
 */
const axeDone = new Set<string>()

function routeOf(path: string): string {
  return ROUTE_FILES.find((f) => !('notPage' in (ROUTES[f] ?? { notPage: '' })) && routePattern(f).test(path)) ?? path
}

async function checkPage(page: Page, url: string, kind: Kind, english: boolean, findings: Finding[]) {
  const path = new URL(page.url()).pathname + new URL(page.url()).search
  const where = url === path ? url : `${url} (→ ${path})`
  // Staff and bureau administrators see the same pages; the signed-out header differs from the signed-in one.
  const audience = kind === 'signed-out' ? 'out' : STAFF.includes(kind) ? 'staff' : kind
  const axeKey = `${english ? 'en' : 'zh'} ${audience} ${routeOf(new URL(page.url()).pathname)}`
  const violations = axeDone.has(axeKey) ? [] : await axeViolations(page)
  axeDone.add(axeKey)
  for (const v of violations) findings.push({ url: where, kind: 'axe', detail: v })
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 })
    const wide = await sidewaysScroll(page)
    if (wide) findings.push({ url: where, kind: 'width', detail: wide })
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  if (english) {
    for (const snippet of chineseLeft(await visibleTexts(page))) {
      const source = pendingSource(snippet)
      findings.push(source ? { url: where, kind: 'chinese-pending', detail: `${snippet}  [${source}]` } : { url: where, kind: 'chinese', detail: snippet })
    }
  }
}

const LOGIN: Record<Exclude<Kind, 'signed-out'>, string> = {
  enterprise: demo.enterprise.email,
  university: demo.university.email,
  staff: demo.staff.email,
  admin: users.find((u) => u.bureauAdmin)!.email,
}

// Traces would record every step of a few hundred page checks: too slow here.
test.use({ trace: 'off' })

test('every route file is a page with visitors or says why it is not', () => {
  const missing = ROUTE_FILES.filter((f) => !ROUTES[f])
  const stale = Object.keys(ROUTES).filter((f) => !ROUTE_FILES.includes(f))
  expect(missing, 'routes without an entry in ROUTES').toEqual([])
  expect(stale, 'entries in ROUTES without a route file').toEqual([])
})

for (const kind of ALL) {
  for (const lng of ['zh-CN', 'en'] as const) {
    test(`every page for ${kind} in ${lng}`, async ({ browser, baseURL }) => {
      // Generous: on a loaded machine (two shared cores) the staff's pages with axe take minutes.
      test.setTimeout(420_000)
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      if (kind !== 'signed-out') await signIn(page, LOGIN[kind])
      // The language cookie as the switcher writes it (without saving the choice on the demo user, as the switcher would).
      await setLanguageCookie(context, baseURL!, lng)

      const findings: Finding[] = []
      const mine = Object.entries(ROUTES).filter(([, e]) => 'who' in e && e.who.includes(kind))
      // One's own pages first: the first result or need followed is then one's own (with its edit page).
      const queue: string[] = mine.flatMap(([, e]) => ('url' in e ? [e.url] : [])).sort((a, b) => Number(b.startsWith('/my/')) - Number(a.startsWith('/my/')))
      const followed = new Map<string, string>() // route file → the URL opened for it
      const extra = new Map<string, number>() // route file → more of its pages opened
      const patterns = Object.entries(ROUTES)
        .filter(([, e]) => 'follow' in e)
        .map(([file]) => ({ file, pattern: routePattern(file) }))
      const seen = new Set<string>()
      while (queue.length) {
        const url = queue.shift()!
        if (seen.has(url)) continue
        seen.add(url)
        const t0 = Date.now()
        const response = await page.goto(url)
        const status = response?.status() ?? 0
        if (status >= (url === '/no-such-page' ? 500 : 400)) findings.push({ url, kind: 'status', detail: `answered ${status}` })
        const t1 = Date.now()
        const before = findings.length
        await checkPage(page, url, kind, lng === 'en', findings)
        for (const f of findings.slice(before)) if (f.kind !== 'chinese-pending') console.log(`  [${kind} ${lng}] ${f.url}  ${f.kind}: ${f.detail}`)
        if (process.env.EVERY_PAGE_TIMING) console.log(`${url}: load ${t1 - t0} ms, checks ${Date.now() - t1} ms`)
        // Follow the first link to every page with parameters not yet opened.
        const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')!))
        for (const href of hrefs) {
          const path = href.split(/[?#]/)[0]!
          // /results/new is not a result, /auctions/results not a session: URLs of pages without parameters are skipped.
          if (STATIC_URLS.has(path)) continue
          // One page a route; on one's own lists (/my/…) a few more while a page with parameters is still unreached
          // (only some of one's own records have an edit page).
          const more = url.startsWith('/my/') && mine.some(([f, e]) => 'follow' in e && !followed.has(f))
          const match = patterns.find((p) => p.pattern.test(path) && (!followed.has(p.file) || (more && (extra.get(p.file) ?? 0) < 4)))
          if (!match || seen.has(path) || queue.includes(path)) continue
          if (followed.has(match.file)) extra.set(match.file, (extra.get(match.file) ?? 0) + 1)
          else followed.set(match.file, path)
          queue.push(path)
        }
      }
      for (const [file, entry] of mine) {
        if ('follow' in entry && !entry.missing && !followed.has(file)) findings.push({ url: file, kind: 'unreachable', detail: 'no link to this page was found' })
      }
      await context.close()

      const ours = findings.filter((f) => f.kind !== 'chinese-pending')
      const pending = findings.filter((f) => f.kind === 'chinese-pending')
      const bySource = (fs: Finding[]) => {
        const files = new Map<string, Set<string>>()
        for (const f of fs) {
          const [, snippet, file] = /^(.*) {2}\[(.*)\]$/.exec(f.detail) ?? [, f.detail, '?']
          files.set(file!, (files.get(file!) ?? new Set()).add(snippet!))
        }
        return [...files].map(([file, snippets]) => `  ${file}: ${[...snippets].join(' / ')}`).join('\n')
      }
      const list = (fs: Finding[]) => fs.map((f) => `  ${f.url}  ${f.kind}: ${f.detail}`).join('\n')
      console.log(
        `\n== ${kind}, ${lng}: ${seen.size} pages (${[...followed.values()].join(', ')})\n` +
          (ours.length ? `-- to fix:\n${list(ours)}\n` : '') +
          (pending.length ? `-- Chinese from files being converted elsewhere:\n${list(pending)}\n` : '') +
          (pending.length ? `-- the same by file:\n${bySource(pending)}\n` : ''),
      )
      expect(ours, 'accessibility, width and Chinese findings').toEqual([])
      expect(pending, 'Chinese from files still being converted (enum labels, validation, services, budgets, countdown)').toEqual([])
    })
  }
}
