// CSRF protection for every form post: a random token kept in the signed
// session cookie is rendered into each form (<CsrfInput/>) and must come back
// with the post; a cross-site Origin is refused outright as well.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { getCookieSession, getSessionStorage } from './session.server.ts'
import { getT } from './i18n.server.ts'

export const CSRF_FIELD = 'csrf'

/** The token for this visitor, with a Set-Cookie header when it had none yet. */
export async function ensureCsrfToken(request: Request): Promise<{ token: string; setCookie?: string }> {
  const session = await getCookieSession(request)
  const existing = session.get('csrf')
  if (existing) return { token: existing }
  const token = newCsrfToken()
  session.set('csrf', token)
  return { token, setCookie: await getSessionStorage().commitSession(session) }
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url')
}

export async function validateCsrf(request: Request, formData: FormData): Promise<void> {
  const origin = request.headers.get('Origin')
  if (origin && origin !== 'null' && new URL(origin).host !== new URL(request.url).host) {
    throw new Response((await getT(request))('errors.crossSite'), { status: 403 })
  }
  const session = await getCookieSession(request)
  const expected = session.get('csrf')
  const given = formData.get(CSRF_FIELD)
  if (!expected || typeof given !== 'string' || !safeEqual(expected, given)) {
    throw new Response((await getT(request))('errors.csrf'), { status: 403 })
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
