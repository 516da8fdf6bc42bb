// Calls a Remix route's action the way the web process does: a POST with the
// signed-in user's cookie and a valid CSRF token, against the test database
// (set as the process's client). Whatever the action throws that is not a
// Response counts as what Remix would send: a 500.
import type { ActionFunctionArgs } from '@remix-run/node'
import { createLoginSession } from '~/utils/auth.server.ts'
import { CSRF_FIELD } from '~/utils/csrf.server.ts'
import { setDb, type Db } from '~/utils/db.server.ts'
import { getSessionStorage } from '~/utils/session.server.ts'

export type ActionOutcome = { status: number; body: unknown }

type Action = (args: ActionFunctionArgs) => Promise<unknown>

export async function postAction(
  db: Db,
  action: Action,
  opts: { userId: string; path: string; params: Record<string, string>; fields: Record<string, string> },
): Promise<ActionOutcome> {
  setDb(db)
  const storage = getSessionStorage()
  const cookie = await storage.getSession()
  cookie.set('sessionId', await createLoginSession(db, opts.userId, new Date()))
  cookie.set('csrf', 'test-csrf-token')
  const setCookie = await storage.commitSession(cookie)
  const body = new URLSearchParams({ ...opts.fields, [CSRF_FIELD]: 'test-csrf-token' })
  const request = new Request(`http://127.0.0.1${opts.path}`, {
    method: 'POST',
    headers: { Cookie: setCookie.split(';')[0]!, 'Content-Type': 'application/x-www-form-urlencoded' },
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
