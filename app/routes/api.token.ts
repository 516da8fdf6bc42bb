import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { apiError } from '~/utils/api.server.ts'
import { authenticate, issueBearerToken } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { clearSignInLimit, limitSignIn, SIGN_IN_UNAVAILABLE } from '~/utils/rate-limit.server.ts'

const TokenRequest = z.object({ email: z.email('email must be an email address'), password: z.string().min(1, 'password is required') })

export async function loader() {
  return apiError(405, 'method-not-allowed', 'POST { email, password } as JSON to get a token')
}

/** A short-lived bearer token for non-browser clients (live bidding, scripts). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'method-not-allowed', 'use POST')
  const body = await request.json().catch(() => null)
  const parsed = TokenRequest.safeParse(body)
  if (!parsed.success) {
    return apiError(400, 'invalid', 'the body must be JSON { email, password }', z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)
  }
  const address = String((context as { clientAddress?: string }).clientAddress ?? 'unknown')
  const wait = await limitSignIn(address, parsed.data.email)
  if (wait === 'unavailable') return apiError(503, SIGN_IN_UNAVAILABLE.code, SIGN_IN_UNAVAILABLE.apiMessage)
  if (wait !== null) return apiError(429, 'rate-limited', `too many attempts; retry in ${wait} s`)
  const db = getDb()
  const user = await authenticate(db, parsed.data.email, parsed.data.password)
  if (!user) return apiError(401, 'bad-credentials', 'wrong email or password')
  await clearSignInLimit(address, parsed.data.email)
  const { token, expiresAt } = issueBearerToken(
    { userId: user.id, role: user.role, organizationId: user.organizationId },
    getEnv().SESSION_SECRET,
    new Date(),
  )
  return Response.json({ token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), role: user.role })
}
