// A signed-in browser for route tests: its login cookie, and a route's action called the way the web process
// does: a POST with that cookie and a valid CSRF token, against the test database (set as the process's client).
// Whatever the action throws that is not a Response counts as what Remix would send: a 500.
import type { ActionFunctionArgs } from '@remix-run/node'
import { createLoginSession } from '~/utils/auth.server.ts'
import { CSRF_FIELD } from '~/utils/csrf.server.ts'
import { setDb, type Db } from '~/utils/db.server.ts'
import { getSessionStorage } from '~/utils/session.server.ts'

/** The CSRF token of every test login cookie; a form posted with it passes the check. */
export const TEST_CSRF_TOKEN = 'test-csrf-token'

/** The `Cookie` header of a browser signed in as `userId` (a real login session, with the CSRF token). */
export async function loginCookie(db: Db, userId: string, at = new Date()): Promise<string> {
  const storage = getSessionStorage()
  const cookie = await storage.getSession()
  cookie.set('sessionId', await createLoginSession(db, userId, at))
  cookie.set('csrf', TEST_CSRF_TOKEN)
  return (await storage.commitSession(cookie)).split(';')[0]!
}

export type ActionOutcome = { status: number; body: unknown }

type Action = (args: ActionFunctionArgs) => Promise<unknown>

export async function postAction(
  db: Db,
  action: Action,
  opts: { userId: string; path: string; params: Record<string, string>; fields: Record<string, string> },
): Promise<ActionOutcome> {
  setDb(db)
  const body = new URLSearchParams({ ...opts.fields, [CSRF_FIELD]: TEST_CSRF_TOKEN })
  const request = new Request(`http://127.0.0.1${opts.path}`, {
    method: 'POST',
    headers: { Cookie: await loginCookie(db, opts.userId), 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  })
  try {
    return normalise(await action({ request, params: opts.params, context: {} }))
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() }
    return { status: 500, body: String(thrown) }
  }
}

function normalise(value: unknown): ActionOutcome {
  if (value instanceof Response) return { status: value.status, body: value.headers.get('Location') ?? null }
  // data(value, init) from @remix-run/node
  if (value && typeof value === 'object' && 'type' in value && (value as { type: unknown }).type === 'DataWithResponseInit') {
    const d = value as unknown as { data: unknown; init: ResponseInit | null }
    return { status: d.init?.status ?? 200, body: d.data }
  }
  return { status: 200, body: value }
}
