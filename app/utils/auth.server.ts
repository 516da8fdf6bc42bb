// Who is asking: a browser's cookie session or a non-browser client's bearer
// token. Loaders and actions call requirePrincipal / requireStaff; the rules
// of what each role may do live in app/domain/access.ts.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { redirect } from '@remix-run/node'
import type { Principal, Role } from '~/domain/access.ts'
import type { Db } from './db.server.ts'
import { getDb } from './db.server.ts'
import { getEnv } from './env.server.ts'
import { newCsrfToken } from './csrf.server.ts'
import { getCookieSession, getSessionStorage, SESSION_COOKIE_NAME } from './session.server.ts'
import { getT } from './i18n.server.ts'

export type CurrentUser = Principal & { name: string; email: string; organizationName: string; locale: string | null }

const SESSION_DAYS = 30
export const BEARER_TOKEN_SECONDS = 15 * 60

// argon2id with OWASP's minimum (19 MiB, 2 passes); one hash takes ~30 ms here.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

// The native addon (≈ 4 MB of RSS) loads with the first password checked or set: the socket path reads this
// module for its token and cookie checks and never hashes (issue 17).
const argon2 = () => import('@node-rs/argon2')

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, ARGON2)
}

// Verified against when the email is unknown, so both answers take as long.
let dummyHash: Promise<string> | undefined

export async function authenticate(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } })
  dummyHash ??= hashPassword('not-a-real-password')
  const { verify } = await argon2()
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false)
  return user && ok ? user : null
}

export async function createLoginSession(db: Pick<Db, "session">, userId: string, now: Date, opts: { bearer?: boolean } = {}): Promise<string> {
  const lifetime = opts.bearer ? BEARER_TOKEN_SECONDS * 1000 : SESSION_DAYS * 86_400_000
  const session = await db.session.create({
    data: { userId, expiresAt: new Date(now.getTime() + lifetime), bearer: opts.bearer ?? false },
  })
  return session.id
}

export async function commitLoginCookie(request: Request, sessionId: string): Promise<string> {
  const cookie = await getCookieSession(request)
  cookie.set('sessionId', sessionId)
  // A new CSRF token with the new identity: one read from the sign-in page before is worthless after (finding 11 of issue 11).
  cookie.set('csrf', newCsrfToken())
  return getSessionStorage().commitSession(cookie)
}

/**
 * Ends the browser's session and every bearer token of its user (finding 12 of issue 11: a token outlived the sign-out).
 * Returns the cookie that clears the browser's, and who signed out (null when nobody was signed in).
 */
export async function endLoginSession(request: Request, db: Db = getDb()): Promise<{ setCookie: string; userId: string | null }> {
  const cookie = await getCookieSession(request)
  const sessionId = cookie.get('sessionId')
  let userId: string | null = null
  if (sessionId) {
    const session = await db.session.findUnique({ where: { id: sessionId }, select: { userId: true } })
    userId = session?.userId ?? null
    await db.session.deleteMany({ where: { OR: [{ id: sessionId }, ...(userId ? [{ userId, bearer: true }] : [])] } })
  }
  return { setCookie: await getSessionStorage().destroySession(cookie), userId }
}

export async function logout(request: Request, db: Db = getDb()): Promise<string> {
  return (await endLoginSession(request, db)).setCookie
}

async function principalFromSession(db: Db, sessionId: string, now: Date): Promise<CurrentUser | null> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    include: { user: { include: { organization: true } } },
  })
  if (!session || session.expiresAt <= now) return null
  return currentUserOf(session.user)
}

/** The signed-in user as loaders and services see them. */
function currentUserOf(user: { id: string; role: CurrentUser['role']; organizationId: string; name: string; email: string; locale: CurrentUser['locale']; organization: { name: string } }): CurrentUser {
  return {
    userId: user.id,
    role: user.role,
    organizationId: user.organizationId,
    name: user.name,
    email: user.email,
    organizationName: user.organization.name,
    locale: user.locale,
  }
}

/** The caller, or null: a bearer token (Authorization header) first, then the cookie session. */
export async function getCurrentUser(request: Request, db: Db = getDb(), now = new Date()): Promise<CurrentUser | null> {
  const header = request.headers.get('Authorization')
  if (header?.startsWith('Bearer ')) {
    const claims = verifyBearerToken(header.slice(7).trim(), getEnv().SESSION_SECRET, now)
    // A token stands for its bearer session: signed out (the session deleted) or expired, it is worthless.
    if (!claims?.sid) return null
    const session = await db.session.findUnique({ where: { id: claims.sid }, include: { user: { include: { organization: true } } } })
    if (!session || !session.bearer || session.userId !== claims.sub || session.expiresAt <= now) return null
    return currentUserOf(session.user)
  }
  const cookie = await getCookieSession(request)
  const sessionId = cookie.get('sessionId')
  return sessionId ? principalFromSession(db, sessionId, now) : null
}

export async function requireUser(request: Request, db: Db = getDb()): Promise<CurrentUser> {
  const user = await getCurrentUser(request, db)
  if (user) return user
  const url = new URL(request.url)
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
}

/** A reader of the staff pages: staff, or the province's read-only login (decision 016). Actions still require STAFF. */
export async function requireStaffReader(request: Request, db: Db = getDb()): Promise<CurrentUser> {
  const user = await requireUser(request, db)
  if (user.role !== 'STAFF' && user.role !== 'PROVINCE') throw new Response('您的账号无权访问此页面', { status: 403 })
  return user
}

export async function requireRole(request: Request, role: Role, db: Db = getDb()): Promise<CurrentUser> {
  const user = await requireUser(request, db)
  if (user.role !== role) throw new Response((await getT(request))('errors.forbiddenPage'), { status: 403 })
  return user
}

// ---- Bearer tokens: short-lived, HMAC-signed, for Socket.IO and API clients.

/** `sid`: the bearer session the token stands for (POST /api/token makes one); the HTTP API requires it. */
type TokenClaims = { sub: string; role: Role; org: string; exp: number; sid?: string }

export function issueBearerToken(p: Principal, secret: string, now: Date, sessionId?: string): { token: string; expiresAt: Date } {
  const exp = Math.floor(now.getTime() / 1000) + BEARER_TOKEN_SECONDS
  const claims: TokenClaims = { sub: p.userId, role: p.role, org: p.organizationId, exp, ...(sessionId ? { sid: sessionId } : {}) }
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return { token: `${body}.${sign(body, secret)}`, expiresAt: new Date(exp * 1000) }
}

export function verifyBearerToken(token: string, secret: string, now: Date): TokenClaims | null {
  const [body, signature, extra] = token.split('.')
  if (!body || !signature || extra !== undefined) return null
  const expected = Buffer.from(sign(body, secret))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as TokenClaims
    return typeof claims.exp === 'number' && claims.exp * 1000 > now.getTime() ? claims : null
  } catch {
    return null
  }
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(`bearer:${body}`).digest('base64url')
}

export type CookieLogin =
  | { kind: 'none' }
  /** A session cookie is there but its signature or format fails. */
  | { kind: 'forged' }
  /** Signed by us, but its session has ended or was signed out: the visitor is anonymous, as on the pages. */
  | { kind: 'signed-out' }
  | { kind: 'user'; user: Principal & { name: string }; expiresAt: Date }

/** The socket handshake's reading of a Cookie header: who, and until when (pages use getCurrentUser). */
export async function cookieLogin(cookieHeader: string, db: Db, now: Date): Promise<CookieLogin> {
  const present = cookieHeader.split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE_NAME}=`))
  if (!present) return { kind: 'none' }
  const cookie = await getSessionStorage().getSession(cookieHeader)
  if (!cookie.has('sessionId') && !cookie.has('csrf')) return { kind: 'forged' }
  const sessionId = cookie.get('sessionId')
  if (typeof sessionId !== 'string') return { kind: 'signed-out' }
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { expiresAt: true, user: { select: { id: true, role: true, organizationId: true, name: true } } },
  })
  if (!session || session.expiresAt <= now) return { kind: 'signed-out' }
  const { user } = session
  return { kind: 'user', user: { userId: user.id, role: user.role, organizationId: user.organizationId, name: user.name }, expiresAt: session.expiresAt }
}
