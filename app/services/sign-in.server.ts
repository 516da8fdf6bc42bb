// Signing in, for every door: the sign-in page (a cookie session) and POST /api/token (a bearer token, which stands
// for a bearer session). Both go through the same rate limit and the same password check, and each is audited in the
// transaction that creates its session. Signing out ends the browser's session and every bearer session of its user.
import type { Role } from '~/domain/access.ts'
import { authenticate, createLoginSession, endLoginSession, issueBearerToken } from '~/utils/auth.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { clearSignInLimit, limitSignIn } from '~/utils/rate-limit.server.ts'
import { audit } from './audit.server.ts'

export type SignInRequest = { email: string; password: string; address: string }
export type SignInRefusal =
  | { ok: false; reason: 'rate-limited'; waitSeconds: number }
  | { ok: false; reason: 'bad-credentials' }
  /** Redis, which keeps the sign-in counts, does not answer (SIGN_IN_UNAVAILABLE says it in words). */
  | { ok: false; reason: 'unavailable' }

async function checkCredentials(db: Db, req: SignInRequest) {
  const waitSeconds = await limitSignIn(req.address, req.email)
  if (waitSeconds === 'unavailable') return { ok: false as const, reason: 'unavailable' as const }
  if (waitSeconds !== null) return { ok: false as const, reason: 'rate-limited' as const, waitSeconds }
  const user = await authenticate(db, req.email, req.password)
  if (!user) return { ok: false as const, reason: 'bad-credentials' as const }
  await clearSignInLimit(req.address, req.email)
  return { ok: true as const, user }
}

/** The sign-in page: a cookie session (the route commits its id into the cookie). */
export async function signInWithPassword(db: Db, req: SignInRequest, now: Date): Promise<{ ok: true; sessionId: string; userId: string } | SignInRefusal> {
  const checked = await checkCredentials(db, req)
  if (!checked.ok) return checked
  const { user } = checked
  const sessionId = await db.$transaction(async (tx) => {
    const id = await createLoginSession(tx, user.id, now)
    await audit(tx, { actorId: user.id, action: 'user.sign-in', entityType: 'User', entityId: user.id, data: { via: 'page' }, at: now })
    return id
  })
  return { ok: true, sessionId, userId: user.id }
}

/** POST /api/token: a short-lived bearer token standing for a bearer session of its own. */
export async function issueApiToken(
  db: Db,
  req: SignInRequest,
  now: Date,
): Promise<{ ok: true; token: string; expiresAt: Date; role: Role } | SignInRefusal> {
  const checked = await checkCredentials(db, req)
  if (!checked.ok) return checked
  const { user } = checked
  const sessionId = await db.$transaction(async (tx) => {
    const id = await createLoginSession(tx, user.id, now, { bearer: true })
    await audit(tx, { actorId: user.id, action: 'user.token-issue', entityType: 'User', entityId: user.id, data: { via: 'api' }, at: now })
    return id
  })
  const { token, expiresAt } = issueBearerToken({ userId: user.id, role: user.role, organizationId: user.organizationId }, getEnv().SESSION_SECRET, now, sessionId)
  return { ok: true, token, expiresAt, role: user.role }
}

/** Ends the browser's session and the user's bearer tokens; returns the Set-Cookie that clears the cookie. */
export async function signOut(db: Db, request: Request, now: Date): Promise<string> {
  const { setCookie, userId } = await endLoginSession(request, db)
  if (userId) {
    await db.$transaction((tx) => audit(tx, { actorId: userId, action: 'user.sign-out', entityType: 'User', entityId: userId, at: now }))
  }
  return setCookie
}
