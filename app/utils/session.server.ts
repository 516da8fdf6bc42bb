import { createCookieSessionStorage } from '@remix-run/node'
import { getEnv } from './env.server.ts'

/** The session cookie's name (the socket handshake tells a forged one from none). */
export const SESSION_COOKIE_NAME = '__kjj_session'

type SessionData = { sessionId: string; csrf: string; flash?: string }

let storage: ReturnType<typeof createCookieSessionStorage<SessionData, { flash: string }>> | undefined

/** Signed, httpOnly cookie holding only the id of a database session and the CSRF token. */
export function getSessionStorage() {
  if (!storage) {
    const env = getEnv()
    storage = createCookieSessionStorage<SessionData, { flash: string }>({
      cookie: {
        name: SESSION_COOKIE_NAME,
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: env.NODE_ENV === 'production',
        secrets: [env.SESSION_SECRET],
        maxAge: 60 * 60 * 24 * 30,
      },
    })
  }
  return storage
}

export async function getCookieSession(request: Request) {
  return getSessionStorage().getSession(request.headers.get('Cookie'))
}
