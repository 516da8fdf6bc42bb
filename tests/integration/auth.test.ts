// Sign-in against a real database and a real Redis: argon2 passwords, database
// sessions behind the cookie, bearer tokens, and the sign-in rate limit.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  authenticate,
  commitLoginCookie,
  createLoginSession,
  getCurrentUser,
  hashPassword,
  issueBearerToken,
  logout,
} from '~/utils/auth.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { clearSignInLimit, limitSignIn, PER_ACCOUNT, PER_ADDRESS, SIGN_IN_WINDOW_SECONDS, signInKeyPrefix } from '~/utils/rate-limit.server.ts'
import { issueApiToken, signInWithPassword, signOut } from '~/services/sign-in.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { createTestDatabase } from '../support/database.ts'

let db: Db
let close: () => Promise<void>
let userId: string
const email = 'valve@test.example'
const password = 'correct horse battery staple'

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  const org = await db.organization.create({ data: { kind: 'ENTERPRISE', name: '测试阀门有限公司', creditCode: 'T-AUTH', county: '青田县' } })
  userId = (await db.user.create({ data: { email, name: '潘工', role: 'ENTERPRISE', organizationId: org.id, passwordHash: await hashPassword(password) } })).id
})
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

describe('passwords', () => {
  test('argon2id hashes, never the password itself', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.passwordHash).not.toContain(password)
  })
  test.each([
    [email, password, true],
    ['VALVE@test.example ', password, true], // emails are case- and space-insensitive
    [email, 'wrong', false],
    ['nobody@test.example', password, false],
  ])('%s / %s → %s', async (e, p, ok) => expect(Boolean(await authenticate(db, e, p))).toBe(ok))
})

describe('cookie sessions are database sessions: signing out ends them', () => {
  test('sign in, be recognised, sign out, be a stranger', async () => {
    const sessionId = await createLoginSession(db, userId, new Date())
    const setCookie = await commitLoginCookie(new Request('http://x/'), sessionId)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    const request = new Request('http://x/', { headers: { Cookie: setCookie.split(';')[0]! } })
    expect(await getCurrentUser(request, db)).toMatchObject({ userId, role: 'ENTERPRISE', organizationName: '测试阀门有限公司' })
    await logout(request, db)
    expect(await getCurrentUser(request, db)).toBeNull()
  })

  test('an expired session is no session', async () => {
    const sessionId = await createLoginSession(db, userId, new Date('2020-01-01'))
    const cookie = (await commitLoginCookie(new Request('http://x/'), sessionId)).split(';')[0]!
    expect(await getCurrentUser(new Request('http://x/', { headers: { Cookie: cookie } }), db)).toBeNull()
  })

  test('a bearer token identifies its user for API clients; the token issue is audited', async () => {
    const issued = await issueApiToken(db, { email, password, address: `t-${randomUUID()}` }, new Date())
    if (!issued.ok) throw new Error(issued.reason)
    const request = new Request('http://x/api/me', { headers: { Authorization: `Bearer ${issued.token}` } })
    expect(await getCurrentUser(request, db)).toMatchObject({ userId })
    const forged = new Request('http://x/api/me', { headers: { Authorization: `Bearer ${issued.token}x` } })
    expect(await getCurrentUser(forged, db)).toBeNull()
    expect(await db.auditLog.count({ where: { entityId: userId, action: 'user.token-issue' } })).toBeGreaterThan(0)
    // A token signed with the secret but standing for no bearer session is worthless over HTTP.
    const bare = issueBearerToken({ userId, role: 'ENTERPRISE', organizationId: 'x' }, getEnv().SESSION_SECRET, new Date())
    expect(await getCurrentUser(new Request('http://x/api/me', { headers: { Authorization: `Bearer ${bare.token}` } }), db)).toBeNull()
  })

  test('signing out revokes the bearer tokens of the user (finding 12 of issue 11)', async () => {
    const issued = await issueApiToken(db, { email, password, address: `t-${randomUUID()}` }, new Date())
    if (!issued.ok) throw new Error(issued.reason)
    const api = new Request('http://x/api/me', { headers: { Authorization: `Bearer ${issued.token}` } })
    expect(await getCurrentUser(api, db)).toMatchObject({ userId })
    const signedIn = await signInWithPassword(db, { email, password, address: `t-${randomUUID()}` }, new Date())
    if (!signedIn.ok) throw new Error(signedIn.reason)
    const browser = new Request('http://x/', { headers: { Cookie: (await commitLoginCookie(new Request('http://x/'), signedIn.sessionId)).split(';')[0]! } })
    await signOut(db, browser, new Date())
    expect(await getCurrentUser(browser, db)).toBeNull()
    expect(await getCurrentUser(api, db)).toBeNull()
    expect(await db.auditLog.count({ where: { entityId: userId, action: 'user.sign-out' } })).toBe(1)
  })

  test('the CSRF token changes at sign-in: one read before is worthless after (finding 11 of issue 11)', async () => {
    const { ensureCsrfToken, validateCsrf } = await import('~/utils/csrf.server.ts')
    const anonymous = await ensureCsrfToken(new Request('http://x/login'))
    const before = anonymous.setCookie!.split(';')[0]!
    const signedIn = await signInWithPassword(db, { email, password, address: `t-${randomUUID()}` }, new Date())
    if (!signedIn.ok) throw new Error(signedIn.reason)
    const after = (await commitLoginCookie(new Request('http://x/', { headers: { Cookie: before } }), signedIn.sessionId)).split(';')[0]!
    const form = new FormData()
    form.set('csrf', anonymous.token)
    const status = await validateCsrf(new Request('http://x/needs/new', { method: 'POST', headers: { Cookie: after } }), form)
      .then(() => 200)
      .catch((r: Response) => r.status)
    expect(status).toBe(403)
    const fresh = await ensureCsrfToken(new Request('http://x/', { headers: { Cookie: after } }))
    expect(fresh.token).not.toBe(anonymous.token)
  })
})

describe('sign-in is rate limited in Redis: 5 tries per account and address in 15 minutes', () => {
  test('the sixth try waits; success clears the count', async () => {
    const address = `test-${randomUUID()}`
    // An account of its own: the account-wide count (20 from all addresses) outlives one test run in the shared Redis.
    const email = `valve-${randomUUID()}@test.example`
    for (let i = 0; i < 5; i++) expect(await limitSignIn(address, email)).toBeNull()
    const wait = await limitSignIn(address, email)
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(15 * 60)
    // Another account from the same address is not locked out by this one.
    expect(await limitSignIn(address, `other-${randomUUID()}@test.example`)).toBeNull()
    await clearSignInLimit(address, email)
    expect(await limitSignIn(address, email)).toBeNull()
  })
})

describe('the sign-in limiter (finding 17 of issue 11)', () => {
  test('its keys are under the instance prefix (QUEUE_PREFIX), so two instances on one Redis count apart', async () => {
    const address = `prefix-${randomUUID()}`
    await limitSignIn(address, 'someone@test.example')
    expect(signInKeyPrefix()).toBe(`${process.env.QUEUE_PREFIX || 'kjj'}:rl:signin`)
    expect(await getRedis().exists(`${signInKeyPrefix()}:addr:${address}`)).toBe(1)
    expect(await getRedis().exists(`rl:signin:addr:${address}`)).toBe(0)
  })

  test('successful sign-ins do not count toward the per-address limit (a campus behind one address)', async () => {
    const campus = `campus-${randomUUID()}`
    for (let i = 0; i < PER_ADDRESS + 5; i++) {
      const outcome = await signInWithPassword(db, { email, password, address: campus }, new Date())
      expect(outcome.ok, `sign-in ${i + 1}`).toBe(true)
    }
  }, 60_000)
})

describe('one account guessed from many addresses: 20 tries per 15 minutes across addresses not known for it', () => {
  test('a botnet rotating addresses is stopped at 20; the user at a known address still gets in; the wait is bounded', async () => {
    const victim = `victim-${randomUUID()}@test.example`
    const home = `home-${randomUUID()}`
    // The user signed in from home before the attack: home is a known address.
    expect(await limitSignIn(home, victim)).toBeNull()
    await clearSignInLimit(home, victim)

    // That first try from home (then still unknown) counted: the botnet has the other 19.
    for (let i = 1; i < PER_ACCOUNT; i++) expect(await limitSignIn(`bot-${randomUUID()}`, victim), `try ${i + 1}`).toBeNull()
    const wait = await limitSignIn(`bot-${randomUUID()}`, victim)
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(SIGN_IN_WINDOW_SECONDS) // a fixed window: never "forever"
    // Upper or mixed case is the same account.
    expect(await limitSignIn(`bot-${randomUUID()}`, victim.toUpperCase())).toBeGreaterThan(0)

    // The real user at the known address is not locked out by the attack …
    expect(await limitSignIn(home, victim)).toBeNull()
    // … though from a new address they wait the window out, like the attacker (the documented trade-off).
    expect(await limitSignIn(`cafe-${randomUUID()}`, victim)).toBeGreaterThan(0)
    // Other accounts are untouched.
    expect(await limitSignIn(`bot-${randomUUID()}`, `other-${randomUUID()}@test.example`)).toBeNull()

    // Nothing in Redis outlives the window except the known-address mark, which only helps the user.
    const ttl = await getRedis().pttl(`${signInKeyPrefix()}:acct-any:${victim}`)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(SIGN_IN_WINDOW_SECONDS * 1000)
  })
})

describe('every form post carries the CSRF token of its session', () => {
  async function post(fields: Record<string, string>, headers: Record<string, string>) {
    const { validateCsrf } = await import('~/utils/csrf.server.ts')
    const body = new FormData()
    for (const [k, v] of Object.entries(fields)) body.set(k, v)
    return validateCsrf(new Request('http://market.test/results/new', { method: 'POST', headers }), body)
      .then(() => 200)
      .catch((r: Response) => r.status)
  }

  test.each([
    ['the right token', (t: string) => ({ csrf: t }), {}, 200],
    ['no token', () => ({}), {}, 403],
    ['another token', () => ({ csrf: 'forged' }), {}, 403],
    ['the right token from another site', (t: string) => ({ csrf: t }), { Origin: 'http://evil.test' }, 403],
    ['the right token from this site', (t: string) => ({ csrf: t }), { Origin: 'http://market.test' }, 200],
  ])('%s → %i', async (_, fields, headers, status) => {
    const { ensureCsrfToken } = await import('~/utils/csrf.server.ts')
    const { token, setCookie } = await ensureCsrfToken(new Request('http://market.test/'))
    expect(await post(fields(token), { Cookie: setCookie!.split(';')[0]!, ...headers })).toBe(status)
  })
})
