// The outside probe of issue 11, kept as a suite. It discovers every route from the Remix route manifest (the build
// of today's source), reads every form of every page as the people who use it, and sends each route and form what an
// outsider sends: NUL and control characters, bidi overrides and invisible-only text, impossible calendar dates,
// huge, negative, non-integer and zero money, ids of other objects and other organisations, wrong content types,
// empty and malformed bodies, foreign origins, double submits; the JSON API and the payment webhook get their own.
// It passes when nothing answered 5xx, no impossible date was accepted, and the database holds nothing invalid
// afterwards. A route missing from ROUTES (or one ROUTES names that no longer exists) fails the suite.
// The bidding socket has its own probe (tests/integration/realtime-probe.test.ts).
import { parse, type HTMLElement } from 'node-html-parser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '~/utils/db.server.ts'
import { MOCK_WEBHOOK_SECRET } from '~/utils/env.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { signWebhookPayload, SIGNATURE_HEADER } from '~/utils/payment-webhook.server.ts'
import { DEMO_PASSWORD } from '../../prisma/seed-data.ts'
import { seed } from '../../prisma/seed.ts'
import { createTestDatabase } from '../support/database.ts'
import { startHttpApp, Visitor, type HttpApp } from '../support/http-app.ts'

type Who = 'anonymous' | 'institution' | 'enterprise' | 'staff' | 'admin'
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  institution: 'zju@demo.kjj.example',
  enterprise: 'ruixing@demo.kjj.example',
  staff: 'staff.lishui@demo.kjj.example',
  admin: 'admin.shaoxing@demo.kjj.example',
}

/** Ids from the seeded demo: ours (the acting visitor's), others' (another organisation's), and of other kinds. */
type Fixture = {
  resultOwn: string
  resultOther: string
  needOwn: string
  needOther: string
  sessionId: string
  lotId: string
  dealId: string
  paymentOwn: string
  paymentOther: string
  contractId: string
  challengeId: string
  campaignId: string
  voucherServiceId: string
  bookingId: string
  requestId: string
}

type Route = {
  /** Valid parameters for the route's path. */
  params?: (fx: Fixture) => Record<string, string>
  /** Who uses the page: its forms are read and posted as them. */
  actors: Who[]
  /** Field values that make a form's baseline valid, by the form's intent ('' when it has none). */
  fill?: Record<string, Record<string, string>>
  /** Do not post the valid baseline (it ends the visitor's session). */
  noBaseline?: true
  /** A form that creates a record: its valid baseline posted twice at once must create one. */
  creates?: { intent: string; count: (db: Db) => Promise<number> }
  /** The JSON API or the webhook: no forms, JSON bodies instead. */
  json?: true
}

const NEED = {
  title: '阀门密封面激光熔覆工艺开发',
  description: '现有阀门密封面堆焊工艺稀释率高、变形大，希望引入激光熔覆工艺，提高耐磨耐蚀性能并降低返修率。',
  keywords: '激光熔覆, 密封面',
  budgetMin: '100000',
  budgetMax: '300000',
  acceptedModes: 'LICENCE',
  contactName: '潘建国',
  contactPhone: '13905780001',
}
const RESULT = {
  title: '一种阀门密封面激光熔覆方法',
  summary: '采用同轴送粉激光熔覆在阀门密封面制备镍基合金涂层，稀释率低于百分之五，硬度与耐蚀性显著提高。',
  keywords: '激光熔覆, 阀门',
  askingPrice: '500000',
  transferModes: 'LICENCE',
  contactName: '周明远',
  contactPhone: '0571-87951234',
}

// Every route of the manifest, with who uses it. A new route must be added here (the first test says which).
const ROUTES: Record<string, Route> = {
  'routes/_index': { actors: ['anonymous'] },
  'routes/$': { params: () => ({ '*': 'no/such/page' }), actors: ['anonymous'] },
  'routes/language': { actors: ['anonymous', 'enterprise'] },
  'routes/challenges._index': { actors: ['anonymous', 'institution'] },
  'routes/challenges.$id': { params: (fx) => ({ id: fx.challengeId }), actors: ['institution', 'enterprise', 'staff'] },
  'routes/needs.$id_.challenge': { params: (fx) => ({ id: fx.needOwn }), actors: ['enterprise', 'staff'] },
  'routes/api.me': { actors: ['anonymous'], json: true },
  'routes/api.needs': { actors: ['anonymous'], json: true },
  'routes/api.needs.$id': { params: (fx) => ({ id: fx.needOther }), actors: ['anonymous'], json: true },
  'routes/api.results': { actors: ['anonymous'], json: true },
  'routes/api.results.$id': { params: (fx) => ({ id: fx.resultOther }), actors: ['anonymous'], json: true },
  'routes/api.token': { actors: ['anonymous'], json: true },
  'routes/auctions.$id': {
    params: (fx) => ({ id: fx.sessionId }),
    actors: ['staff', 'enterprise'],
    fill: { lot: { startingPrice: '100000', increment: '1000', depositPercent: '10', startsAt: '2027-02-02T09:00', endsAt: '2027-02-02T10:00' }, decide: { reason: '材料不全' } },
  },
  'routes/auctions._index': { actors: ['staff', 'enterprise'], fill: { '': { quarter: '2027Q3', title: '2027年第三季度竞价会', startsAt: '2027-07-01T09:00', endsAt: '2027-09-20T17:00' } } },
  'routes/auctions.$id_.results': { params: (fx) => ({ id: fx.sessionId }), actors: ['anonymous'] },
  'routes/auctions.results': { actors: ['anonymous'] },
  'routes/auctions.lots.$lotId_.confirmation[.]pdf': { params: (fx) => ({ lotId: fx.lotId }), actors: ['enterprise', 'staff'] },
  'routes/staff.policies': { actors: ['staff'] },
  'routes/auctions.lots.$lotId': { params: (fx) => ({ lotId: fx.lotId }), actors: ['enterprise', 'staff'] },
  'routes/auctions.lots.$lotId_.log': { params: (fx) => ({ lotId: fx.lotId }), actors: ['anonymous'] },
  'routes/auctions.lots.$lotId_.replay': { params: (fx) => ({ lotId: fx.lotId }), actors: ['anonymous'] },
  'routes/dev.mail': { actors: ['anonymous'] },
  'routes/healthz': { actors: ['anonymous'] },
  // An account that does not exist: the probe's wrong passwords must not lock a demo account out.
  'routes/login': { actors: ['anonymous'], fill: { '': { email: 'nobody@demo.kjj.example', password: 'wrong-password' } } },
  'routes/logout': { actors: ['enterprise'], noBaseline: true },
  'routes/my.interests': { actors: ['institution', 'enterprise'] },
  'routes/my.needs': { actors: ['enterprise'] },
  'routes/my.results': { actors: ['institution'] },
  'routes/my.rewards': { actors: ['enterprise'] },
  'routes/my.watchlist': { actors: ['enterprise'] },
  'routes/needs.$id': { params: (fx) => ({ id: fx.needOwn }), actors: ['enterprise', 'staff'] },
  'routes/needs.$id_.edit': { params: (fx) => ({ id: fx.needOwn }), actors: ['enterprise'] },
  'routes/needs._index': { actors: ['anonymous'] },
  'routes/needs.new': {
    actors: ['enterprise'],
    fill: { save: NEED },
    creates: { intent: 'save', count: (db) => db.technicalNeed.count({ where: { title: NEED.title } }) },
  },
  'routes/notifications': { actors: ['enterprise', 'institution'] },
  'routes/payments.$id': { params: (fx) => ({ id: fx.paymentOwn }), actors: ['enterprise', 'staff'] },
  'routes/payments._index': { actors: ['enterprise'] },
  'routes/payments.deal.$dealId': { params: (fx) => ({ dealId: fx.dealId }), actors: ['enterprise'], fill: { '': { cardNumber: '4000000000000002', expiry: '12/30', cvc: '123' } } },
  'routes/payments.deposit.$sessionId': { params: (fx) => ({ sessionId: fx.sessionId }), actors: ['enterprise'], fill: { '': { cardNumber: '4000000000000002', expiry: '12/30', cvc: '123' } } },
  'routes/results.$id': {
    params: (fx) => ({ id: fx.resultOther }),
    actors: ['enterprise', 'institution', 'staff'],
    fill: { interest: { message: '我们对该成果很感兴趣，希望进一步洽谈技术许可。' }, reply: { reply: '欢迎来校交流' } },
    creates: { intent: 'interest', count: (db) => db.interest.count({ where: { message: '我们对该成果很感兴趣，希望进一步洽谈技术许可。' } }) },
  },
  'routes/results.$id_.edit': { params: (fx) => ({ id: fx.resultOwn }), actors: ['institution'] },
  'routes/results._index': { actors: ['anonymous'] },
  'routes/results.new': {
    actors: ['institution'],
    fill: { save: RESULT },
    creates: { intent: 'save', count: (db) => db.researchResult.count({ where: { title: RESULT.title } }) },
  },
  'routes/staff.auctions.$sessionId': { params: (fx) => ({ sessionId: fx.sessionId }), actors: ['staff'] },
  'routes/staff.contracts': { actors: ['staff'], fill: { '': { registrationNo: '33060099001', amount: '200000', signedOn: '2026-03-01', attachments: '合同.pdf' } } },
  'routes/staff.contracts_.$id': {
    params: (fx) => ({ id: fx.contractId }),
    actors: ['staff'],
    fill: { 'record-payment': { amount: '1000', paidOn: '2026-04-01', reference: 'PZ-2026-0001' }, cancel: { reason: '双方协商解除' } },
  },
  'routes/staff.matching': { actors: ['staff'] },
  'routes/staff.organizations': {
    actors: ['staff', 'admin'],
    fill: { '': { kind: 'ENTERPRISE', name: '探针测试企业有限公司', creditCode: '91330600MA2BPQ3D36', county: '越城区', userName: '探针', email: 'probe@test.example', password: 'a-long-password' } },
  },
  'routes/staff.payments': { actors: ['staff'] },
  'routes/staff.review': { actors: ['staff'], fill: { return: { reason: '材料不全' } } },
  'routes/staff._index': { actors: ['staff'] },
  'routes/staff.reports.$period[.]xlsx': { params: () => ({ period: '2026-Q1' }), actors: ['staff'] },
  'routes/staff.reports.$period[.]pdf': { params: () => ({ period: '2026-Q1' }), actors: ['staff'] },
  'routes/staff.rewards': { actors: ['staff'], fill: { reject: { reason: '材料不全' } } },
  'routes/staff.rewards_.export': { actors: ['staff'] },
  'routes/staff.thesaurus': { actors: ['staff'] },
  'routes/staff.campaigns': {
    actors: ['staff'],
    fill: { '': { name: '科技企业服务月', noticeRef: '测试〔2026〕1号', startsOn: '2026-12-01', endsOn: '2026-12-31', coverageTargetOn: '2026-12-31', fundsTargetPercent: '75', fundsTargetOn: '2026-12-31' } },
  },
  'routes/staff.campaigns_.$id': { params: (fx) => ({ id: fx.campaignId }), actors: ['staff'] },
  'routes/staff.campaigns_.$id_.table[.]xlsx': { params: (fx) => ({ id: fx.campaignId }), actors: ['staff'] },
  'routes/staff.requests': { actors: ['staff'] },
  'routes/staff.requests_.$id': { params: (fx) => ({ id: fx.requestId }), actors: ['staff'] },
  'routes/my.requests': { actors: ['enterprise'], fill: { '': { category: 'POLICY', description: '研发费用加计扣除政策咨询' } } },
  'routes/api.requests': { actors: ['anonymous'], json: true },
  'routes/auctions.calendar': { actors: ['anonymous'] },
  'routes/auctions.calendar[.]ics': { actors: ['anonymous'] },
  'routes/auctions.$id_.calendar[.]ics': { params: (fx) => ({ id: fx.sessionId }), actors: ['anonymous'] },
  'routes/auctions.lots.$lotId_.calendar[.]ics': { params: (fx) => ({ lotId: fx.lotId }), actors: ['anonymous'] },
  'routes/vouchers._index': { actors: ['anonymous', 'institution'] },
  'routes/vouchers.$id': { params: (fx) => ({ id: fx.voucherServiceId }), actors: ['enterprise', 'institution', 'staff'] },
  'routes/vouchers.pay.$bookingId': { params: (fx) => ({ bookingId: fx.bookingId }), actors: ['enterprise'] },
  'routes/my.vouchers': { actors: ['enterprise', 'institution'] },
  'routes/staff.vouchers': { actors: ['staff'] },
  'routes/staff.enterprise-facts': { actors: ['staff'] },
  'routes/staff.enterprise-facts_.template': { actors: ['staff'] },
  'routes/requests.$id.attachments.$attachmentId': { params: (fx) => ({ id: fx.requestId, attachmentId: 'no-such-file' }), actors: ['enterprise', 'staff'] },
  'routes/api.requests.$id': { params: (fx) => ({ id: fx.requestId }), actors: ['anonymous'], json: true },
  'routes/watch': { actors: ['enterprise'] },
  'routes/webhooks.payments': { actors: ['anonymous'], json: true },
}

// What an outsider types.
const NUL = '\u0000'
const TEXT_BAD = [NUL, 'a\u0007b', '\u202Egpj.exe', '\u200B\u200B\u200B\u200B']
const DATE_BAD = ['2026-02-30', '2026-13-01', '2026-02-30T09:00', '2026-04-31']
const MONEY_BAD = ['99999999999999999999', '-1', '1.234', '0', 'NaN']

let db: Db
let closeDb: () => Promise<void>
let app: HttpApp
let fx: Fixture
const visitors = new Map<Who, Visitor>()
/** Every answer: what was sent and the status, for the report of a failure. */
const answers: { what: string; status: number; ms: number }[] = []

async function visitor(who: Who): Promise<Visitor> {
  let v = visitors.get(who)
  if (!v) {
    v = new Visitor(app.baseUrl)
    if (who !== 'anonymous') await v.signIn(EMAILS[who], DEMO_PASSWORD)
    visitors.set(who, v)
  }
  return v
}

async function send(who: Who, what: string, path: string, init: RequestInit = {}): Promise<Response> {
  const v = await visitor(who)
  const started = performance.now()
  const response = await v.fetch(path, init)
  answers.push({ what: `${who} ${init.method ?? 'GET'} ${path} ${what}`, status: response.status, ms: Math.round(performance.now() - started) })
  return response
}

function pathOf(routeId: string, params: Record<string, string>): string {
  const chain: string[] = []
  for (let id: string | undefined = routeId; id && id !== 'root'; id = app.build.routes[id]?.parentId) {
    const p = app.build.routes[id]?.path
    if (p) chain.unshift(p)
  }
  return `/${chain.join('/')}`
    .replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'no-such-id'))
    .replace(/\*$/, () => (params['*'] ?? 'no-such-page').split('/').map(encodeURIComponent).join('/'))
}

type FoundForm = { intent: string; action: string; fields: [string, string][]; types: Map<string, string> }

/** The post forms of a page, with the values a browser would send untouched. */
function formsOf(html: string, pagePath: string): FoundForm[] {
  const root = parse(html)
  return root
    .querySelectorAll('form')
    .filter((f) => (f.getAttribute('method') ?? 'get').toLowerCase() === 'post')
    .map((form) => {
      const fields: [string, string][] = []
      const types = new Map<string, string>()
      const seenRadio = new Set<string>()
      for (const el of form.querySelectorAll('input, textarea, select') as HTMLElement[]) {
        const name = el.getAttribute('name')
        if (!name) continue
        const tag = el.tagName.toLowerCase()
        const type = (el.getAttribute('type') ?? (tag === 'input' ? 'text' : tag)).toLowerCase()
        types.set(name, type)
        if (tag === 'select') {
          const options = el.querySelectorAll('option')
          const chosen = options.find((o) => o.hasAttribute('selected') && o.getAttribute('value')) ?? options.find((o) => o.getAttribute('value'))
          fields.push([name, chosen?.getAttribute('value') ?? ''])
        } else if (type === 'checkbox') {
          // As a browser sends it: only when checked (a route's fill checks what its valid baseline needs).
          if (el.hasAttribute('checked')) fields.push([name, el.getAttribute('value') ?? 'on'])
        } else if (type === 'radio') {
          if (seenRadio.has(name)) continue
          seenRadio.add(name)
          fields.push([name, el.getAttribute('value') ?? 'on'])
        } else if (type === 'submit' || type === 'button') {
          continue
        } else {
          fields.push([name, tag === 'textarea' ? el.textContent : (el.getAttribute('value') ?? '')])
        }
      }
      // The submit button that names the intent, when the form has no hidden one.
      const button = form.querySelector('button[name="intent"]')
      if (button && !fields.some(([n]) => n === 'intent')) fields.push(['intent', button.getAttribute('value') ?? ''])
      const intent = fields.find(([n]) => n === 'intent')?.[1] ?? ''
      return { intent, action: form.getAttribute('action') || pagePath, fields, types }
    })
}

type Kind = 'date' | 'money' | 'id' | 'text' | 'fixed'
function kindOf(name: string, type: string): Kind {
  if (name === 'csrf' || name === 'submissionKey' || name === 'intent' || type === 'checkbox' || type === 'radio' || type === 'select') return 'fixed'
  // On / At as the end of a camel-case name (signedOn, paidAt), not any word ending in -on or -at (description, reason).
  if (type === 'date' || type === 'datetime-local' || /(On|At)$/.test(name) || /(^from|^to|wantedBy|date)$/i.test(name)) return 'date'
  if (type === 'number' || /price|amount|budget|deposit|increment|reserve|fen|percent/i.test(name)) return 'money'
  if (/Id$|^id$/.test(name)) return 'id'
  return 'text'
}

function otherIds(): string[] {
  return [fx.resultOther, fx.needOther, fx.paymentOther, fx.sessionId, fx.lotId, 'no-such-id', 'x'.repeat(300)]
}

function badValues(kind: Kind): string[] {
  if (kind === 'date') return DATE_BAD
  if (kind === 'money') return MONEY_BAD
  if (kind === 'id') return [fx.resultOther, fx.needOther, fx.paymentOther, 'no-such-id', NUL]
  if (kind === 'text') return TEXT_BAD
  return []
}

function encode(fields: [string, string][]): URLSearchParams {
  const body = new URLSearchParams()
  for (const [k, v] of fields) body.append(k, v)
  return body
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

beforeAll(async () => {
  // Its own Redis keys (sign-in limits among them): the probe's wrong passwords stay out of other runs' counts.
  process.env.QUEUE_PREFIX = `t-bad-input-${process.pid}-${Date.now()}`
  const t = await createTestDatabase()
  db = t.prisma as Db
  closeDb = t.close
  process.env.SEED_LIVE_AUCTION = 'false'
  await seed(db)
  app = await startHttpApp(db)
  const org = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).organizationId
  const [zju, ruixing] = [await org(EMAILS.institution), await org(EMAILS.enterprise)]
  const result = (where: object) => db.researchResult.findFirstOrThrow({ where, select: { id: true } })
  const need = (where: object) => db.technicalNeed.findFirstOrThrow({ where, select: { id: true } })
  const lot = await db.lot.findFirstOrThrow({ select: { id: true, sessionId: true } })
  const payment = (where: object) => db.payment.findFirst({ where, select: { id: true } })
  fx = {
    resultOwn: (await result({ ownerId: zju })).id,
    resultOther: (await result({ ownerId: { not: zju }, status: 'PUBLISHED' })).id,
    needOwn: (await need({ enterpriseId: ruixing })).id,
    needOther: (await need({ enterpriseId: { not: ruixing } })).id,
    sessionId: lot.sessionId,
    lotId: lot.id,
    dealId: (await db.deal.findFirst({ where: { buyerId: ruixing }, select: { id: true } }))?.id ?? 'no-deal',
    paymentOwn: (await payment({ payerId: ruixing }))?.id ?? 'no-payment',
    paymentOther: (await payment({ payerId: { not: ruixing } }))?.id ?? 'no-payment',
    contractId: (await db.contract.findFirst({ select: { id: true } }))?.id ?? 'no-contract',
    challengeId: (await db.challenge.findFirst({ select: { id: true } }))?.id ?? 'no-challenge',
    campaignId: (await db.campaign.findFirst({ select: { id: true } }))?.id ?? 'no-campaign',
    voucherServiceId: (await db.voucherService.findFirst({ select: { id: true } }))?.id ?? 'no-service',
    bookingId: (await db.voucherBooking.findFirst({ select: { id: true } }))?.id ?? 'no-booking',
    requestId: (await db.serviceRequest.findFirst({ select: { id: true } }))?.id ?? 'no-request',
  }
}, 180_000)

afterAll(async () => {
  const slowest = [...answers].sort((a, b) => b.ms - a.ms).slice(0, 15)
  console.log(`valid baselines:\n${answers.filter((a) => a.what.endsWith(' baseline')).map((a) => `${a.status} ${a.what}`).join('\n')}`)
  console.log(`${answers.length} requests; slowest:\n${slowest.map((a) => `${a.ms} ms ${a.status} ${a.what}`).join('\n')}`)
  await app?.close()
  await closeDb?.()
  getRedis().disconnect()
})

function failures(from = 0) {
  return answers.slice(from).filter((a) => a.status >= 500)
}

describe('the route table covers the route manifest', () => {
  test('every route of the build is in ROUTES, and ROUTES names no route that is gone', () => {
    const manifest = Object.keys(app.build.routes).filter((id) => id !== 'root').sort()
    expect(manifest.filter((id) => !(id in ROUTES)), 'routes without probes: add them to ROUTES').toEqual([])
    expect(Object.keys(ROUTES).filter((id) => !manifest.includes(id)), 'ROUTES names routes that no longer exist').toEqual([])
  })
})

describe('security headers on every kind of answer (finding 13 of issue 11: no CSP, pages could be framed)', () => {
  test('a page, a JSON answer and a 404: CSP with a per-response nonce on every inline script, no framing, nosniff, a referrer policy', async () => {
    const nonces = new Set<string>()
    for (const path of ['/', '/results', '/api/results', '/no-such-page']) {
      const response = await fetch(`${app.baseUrl}${path}`)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("default-src 'self'")
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/)
      expect(response.headers.get('x-frame-options'), path).toBe('DENY')
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
      if (!(response.headers.get('content-type') ?? '').includes('text/html')) continue
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
      expect(nonce, path).toBeTruthy()
      nonces.add(nonce!)
      const scripts = parse(await response.text()).querySelectorAll('script')
      expect(scripts.length, path).toBeGreaterThan(0)
      for (const script of scripts) if (!script.getAttribute('src')) expect(script.getAttribute('nonce'), `${path}: an inline script without the nonce`).toBe(nonce)
    }
    expect(nonces.size, 'a nonce is never reused').toBe(3)
  })
})

describe('every page and loader, as everyone, with ids of its own, of others and broken ones', () => {
  test('no 5xx', async () => {
    const from = answers.length
    for (const [id, route] of Object.entries(ROUTES)) {
      const valid = route.params?.(fx) ?? {}
      const variants: Record<string, string>[] = [valid]
      for (const name of Object.keys(valid)) {
        for (const bad of [...otherIds(), NUL, 'a\u0007b', '%', '..']) variants.push({ ...valid, [name]: bad })
      }
      const whos = new Set<Who>(['anonymous', 'enterprise', 'staff', ...route.actors])
      for (const who of whos) {
        for (const params of variants) await send(who, id, pathOf(id, params))
        // Filters and ranges an outsider makes up.
        const junk = '?page=-1&page=99999999999&mode=BOGUS&kind=x&status=%00x&sessionId=no-such&from=2026-02-30&to=2026-13-01&q=' + encodeURIComponent('密封\u202E') + '&minPrice=-5&maxPrice=1e99&sort=%27%3B'
        await send(who, `${id} junk query`, `${pathOf(id, valid)}${junk}`)
        await send(who, `${id} single-fetch data`, `${pathOf(id, valid).replace(/\/$/, '') || '/_root'}.data`)
      }
    }
    expect(failures(from)).toEqual([])
  }, 600_000)
})

describe('every form action', () => {
  const actionRoutes = () => Object.entries(ROUTES).filter(([id, r]) => app.build.routes[id]?.module.action && !r.json)

  test('double submits of a creating form make one record', async () => {
    for (const [id, route] of Object.entries(ROUTES).filter(([, r]) => r.creates)) {
      const who = route.actors[0]!
      const path = pathOf(id, route.params?.(fx) ?? {})
      // Before the field probes, which may close the listings these forms are on.
      const html = await (await send(who, `${id} page`, path)).text()
      const form = formsOf(html, path).find((f) => f.intent === route.creates!.intent && f.action.split('?')[0] === path)
      expect(form, `${id} has a form with intent "${route.creates!.intent}"; found ${JSON.stringify(formsOf(html, path).map((f) => [f.intent, f.action]))}`).toBeDefined()
      const fill = route.fill?.[form!.intent] ?? {}
      const fields = form!.fields.map(([n, v]): [string, string] => [n, fill[n] ?? v])
      for (const [n, v] of Object.entries(fill)) if (!fields.some(([name]) => name === n)) fields.push([n, v])
      const before = await route.creates!.count(db)
      const post = () => send(who, `${id} double submit`, form!.action, { method: 'POST', headers: FORM, body: encode(fields) })
      const [a, b] = await Promise.all([post(), post()])
      expect([a.status, b.status].every((s) => s < 400), `${id}: ${a.status} ${b.status}`).toBe(true)
      await post()
      expect(await route.creates!.count(db), id).toBe(before + 1)
    }
  }, 120_000)

  test('wrong content types, empty and malformed bodies, foreign origins and missing tokens: refused, no 5xx', async () => {
    const from = answers.length
    for (const [id, route] of actionRoutes()) {
      const path = pathOf(id, route.params?.(fx) ?? {})
      const who = route.actors[0]!
      const csrf = /name="csrf" value="([^"]*)"/.exec(await (await send(who, `${id} page`, path)).text())?.[1] ?? ''
      const cases: [string, RequestInit][] = [
        ['JSON', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ csrf, intent: 'x' }) }],
        ['text/plain', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: `csrf=${csrf}` }],
        ['malformed multipart', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=xx' }, body: '--xx\r\ngarbage' }],
        ['multipart without boundary', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data' }, body: 'a=1' }],
        ['empty body', { method: 'POST' }],
        ['empty form', { method: 'POST', headers: FORM, body: '' }],
        ['malformed urlencoded', { method: 'POST', headers: FORM, body: `csrf=${csrf}&%E0%A4%A=1&=&&a` }],
        ['foreign origin', { method: 'POST', headers: { ...FORM, Origin: 'http://evil.example' }, body: `csrf=${csrf}` }],
        ['null origin', { method: 'POST', headers: { ...FORM, Origin: 'null' }, body: `csrf=${csrf}` }],
        ['garbage origin', { method: 'POST', headers: { ...FORM, Origin: 'not a url' }, body: `csrf=${csrf}` }],
        ['no CSRF token', { method: 'POST', headers: FORM, body: 'intent=x' }],
        ['PUT', { method: 'PUT', headers: FORM, body: `csrf=${csrf}` }],
        ['DELETE', { method: 'DELETE', headers: FORM, body: `csrf=${csrf}` }],
      ]
      for (const [what, init] of cases) {
        const response = await send(who, `${id} ${what}`, path, init)
        expect(response.status, `${id} ${what}`).toBeGreaterThanOrEqual(400)
      }
      const foreign = answers.slice(-cases.length).filter((a) => / (foreign|null|garbage) origin$/.test(a.what))
      expect(foreign.map((a) => a.status)).toEqual([403, 403, 403])
    }
    expect(failures(from)).toEqual([])
  }, 600_000)

  test('each field of each form, given what an outsider types: no 5xx, and no impossible date accepted', async () => {
    const from = answers.length
    const acceptedBadDates: string[] = []
    for (const [id, route] of actionRoutes()) {
      const path = pathOf(id, route.params?.(fx) ?? {})
      for (const who of route.actors) {
        const html = await (await send(who, `${id} page`, path)).text()
        // One of each kind of form: a list page repeats the same form per row.
        const seen = new Set<string>()
        const forms = formsOf(html, path).filter((f) => {
          const signature = `${f.action}|${f.intent}|${f.fields.map(([n]) => n).join(',')}`
          if (f.action.split('?')[0] !== path || seen.has(signature)) return false
          seen.add(signature)
          return true
        })
        for (const form of forms) {
          const fill = route.fill?.[form.intent] ?? {}
          const baseline = form.fields.map(([n, v]): [string, string] => [n, fill[n] ?? v])
          for (const [n, v] of Object.entries(fill)) if (!baseline.some(([name]) => name === n)) baseline.push([n, v])
          const baselineResponse = route.noBaseline ? null : await send(who, `${id} [${form.intent}] baseline`, form.action, { method: 'POST', headers: FORM, body: encode(baseline) })
          if (process.env.DEBUG_BASELINES && baselineResponse && baselineResponse.status >= 400) console.log(id, form.intent, JSON.stringify(baseline), (await baselineResponse.clone().text()).slice(0, 600))
          const baselineOk = baselineResponse !== null && baselineResponse.status < 400
          for (const [name] of baseline) {
            const kind = kindOf(name, form.types.get(name) ?? 'text')
            for (const bad of badValues(kind)) {
              const fields = baseline.map(([n, v]): [string, string] => [n, n === name ? bad : v])
              const response = await send(who, `${id} [${form.intent}] ${name}=${JSON.stringify(bad)}`, form.action, { method: 'POST', headers: FORM, body: encode(fields) })
              if (kind === 'date' && baselineOk && DATE_BAD.includes(bad) && response.status < 400) acceptedBadDates.push(`${who} ${id} [${form.intent}] ${name}=${bad} → ${response.status}`)
            }
          }
          // An unknown intent (not to sign-out, which any valid post ends).
          if (!route.noBaseline) await send(who, `${id} unknown intent`, form.action, { method: 'POST', headers: FORM, body: encode([...baseline.filter(([n]) => n !== 'intent'), ['intent', 'explode']]) })
        }
      }
    }
    expect(failures(from)).toEqual([])
    expect(acceptedBadDates, 'impossible calendar dates were accepted').toEqual([])
  }, 900_000)

})

describe('the JSON API and the payment webhook', () => {
  test('malformed and hostile bodies: refused with a JSON error, no 5xx', async () => {
    const from = answers.length
    const bodies: [string, RequestInit][] = [
      ['no body', { method: 'POST' }],
      ['not JSON', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":' }],
      ['an array', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' }],
      ['NUL in the email', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `a${NUL}@b.example`, password: 'x' }) }],
      ['numbers', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 1, password: {} }) }],
      ['huge', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(100_000) }) }],
      ['foreign origin', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: JSON.stringify({ email: EMAILS.enterprise, password: DEMO_PASSWORD }) }],
    ]
    for (const [what, init] of bodies) {
      for (const path of ['/api/token', '/webhooks/payments', '/api/results', '/api/needs', '/api/me']) {
        const response = await send('anonymous', what, path, init)
        expect(response.status, `${path} ${what}`).toBeGreaterThanOrEqual(400)
        expect(response.headers.get('Content-Type') ?? '', `${path} ${what}`).toMatch(/json/)
      }
    }
    for (const token of ['', 'x', 'a.b', 'a.b.c', `${'x'.repeat(5000)}.y`, NUL]) {
      const response = await send('anonymous', `token ${JSON.stringify(token)}`, '/api/me', { headers: { Authorization: `Bearer ${token === NUL ? 'a%00b' : token}` } })
      expect(response.status).toBe(401)
    }
    expect(failures(from)).toEqual([])
  })

  test('a signed webhook whose money does not match is refused and changes nothing', async () => {
    const payment = await db.payment.findFirst({ where: { providerId: { not: null } } })
    if (!payment) return
    const body = JSON.stringify({
      id: `evt_probe_${Date.now()}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: { object: { object: 'payment_intent', id: payment.providerId, status: 'succeeded', amount: 1, currency: 'usd', metadata: {} } },
    })
    const response = await send('anonymous', 'mismatched webhook', '/webhooks/payments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signWebhookPayload(body, MOCK_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) },
      body,
    })
    expect(response.status).toBe(422)
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe(payment.status)
  })
})

describe('afterwards, the database holds nothing invalid', () => {
  test('no text with control characters, bidi overrides, or only invisible characters', async () => {
    const columns = await db.$queryRaw<{ table: string; column: string; type: string }[]>`
      SELECT table_name AS "table", column_name AS "column", data_type AS type FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'ARRAY') AND table_name NOT LIKE '\\_prisma%'`
    const bad: string[] = []
    for (const c of columns) {
      const value = c.type === 'ARRAY' ? `array_to_string("${c.column}"::text[], ' ')` : `"${c.column}"`
      const rows = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${c.table}" WHERE ${value} ~ '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\u202a-\\u202e\\u2066-\\u2069]'
            OR (${value} <> '' AND regexp_replace(${value}, '[\\s\\u200b-\\u200f\\u2060-\\u2064\\ufeff\\u3000]', '', 'g') = '')`,
      )
      if (rows[0]!.n > 0) bad.push(`${c.table}.${c.column}: ${rows[0]!.n}`)
    }
    expect(bad).toEqual([])
  })

  test('no money out of range: prices, budgets and payments positive and below 10^13 fen', async () => {
    const checks: [string, string][] = [
      ['ResearchResult', '"askingPriceFen"'],
      ['TechnicalNeed', '"budgetMinFen"'],
      ['TechnicalNeed', '"budgetMaxFen"'],
      ['Lot', '"startingPriceFen"'],
      ['Lot', '"incrementFen"'],
      ['Lot', '"reserveFen"'],
      ['Payment', '"amountFen"'],
      ['Contract', '"amountFen"'],
    ]
    const bad: string[] = []
    for (const [table, column] of checks) {
      const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}" WHERE ${column} IS NOT NULL AND (${column} <= 0 OR ${column} >= 10000000000000)`)
      if (rows[0]!.n > 0) bad.push(`${table}.${column}: ${rows[0]!.n}`)
    }
    expect(bad).toEqual([])
  })

  test('the probe really probed (a suite that sent nothing proves nothing)', () => {
    expect(answers.length).toBeGreaterThan(1000)
    expect(answers.filter((a) => a.status >= 500)).toEqual([])
  })
})
