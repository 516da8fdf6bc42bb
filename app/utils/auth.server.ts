// Who is asking: a browser's cookie session or a non-browser client's bearer
// token. Loaders and actions call requirePrincipal / requireStaff; the rules
// of what each role may do live in app/domain/access.ts.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { redirect } from '@remix-run/node'
import type { Principal, Role } from '~/domain/access.ts'
import type { Db } from './db.server.ts'
import { getDb } from './db.server.ts'
import { getEnv } from './env.server.ts'
import { getCookieSession, getSessionStorage, SESSION_COOKIE_NAME } from './session.server.ts'

export type CurrentUser = Principal & { name: string; email: string; organizationName: string; locale: string | null }

const SESSION_DAYS = 30
export const BEARER_TOKEN_SECONDS = 15 * 60

// argon2id with OWASP's minimum (19 MiB, 2 passes); one hash takes ~30 ms here.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2)
}

// Verified against when the email is unknown, so both answers take as long.
let dummyHash: Promise<string> | undefined

export async function authenticate(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } })
  dummyHash ??= hashPassword('not-a-real-password')
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false)
  return user && ok ? user : null
}

export async function createLoginSession(db: Pick<Db, "session">, userId: string, now: Date): Promise<string> {
  const session = await db.session.create({
    data: { userId, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) },
  })
  return session.id
}

export async function commitLoginCookie(request: Request, sessionId: string): Promise<string> {
  const cookie = await getCookieSession(request)
  cookie.set('sessionId', sessionId)
  return getSessionStorage().commitSession(cookie)
}

export async function logout(request: Request, db: Db = getDb()): Promise<string> {
  const cookie = await getCookieSession(request)
  const sessionId = cookie.get('sessionId')
  if (sessionId) await db.session.deleteMany({ where: { id: sessionId } })
  return getSessionStorage().destroySession(cookie)
}

async function principalFromSession(db: Db, sessionId: string, now: Date): Promise<CurrentUser | null> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    include: { user: { include: { organization: true } } },
  })
  if (!session || session.expiresAt <= now) return null
  const { user } = session
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
    if (!claims) return null
    const user = await db.user.findUnique({ where: { id: claims.sub }, include: { organization: true } })
    if (!user) return null
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

export async function requireRole(request: Request, role: Role, db: Db = getDb()): Promise<CurrentUser> {
  const user = await requireUser(request, db)
  if (user.role !== role) throw new Response('您的账号无权访问此页面', { status: 403 })
  return user
}

// ---- Bearer tokens: short-lived, HMAC-signed, for Socket.IO and API clients.

type TokenClaims = { sub: string; role: Role; org: string; exp: number }

export function issueBearerToken(p: Principal, secret: string, now: Date): { token: string; expiresAt: Date } {
  const exp = Math.floor(now.getTime() / 1000) + BEARER_TOKEN_SECONDS
  const claims: TokenClaims = { sub: p.userId, role: p.role, org: p.organizationId, exp }
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
