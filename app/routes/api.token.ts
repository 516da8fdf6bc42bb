import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { apiError } from '~/utils/api.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { SIGN_IN_UNAVAILABLE } from '~/utils/rate-limit.server.ts'
import { issueApiToken } from '~/services/sign-in.server.ts'
import { currentT } from '~/utils/i18n.server.ts'

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
  const address = String(context.clientAddress ?? 'unknown')
  const outcome = await issueApiToken(getDb(), { ...parsed.data, address }, new Date())
  if (!outcome.ok && outcome.reason === 'unavailable') return apiError(503, SIGN_IN_UNAVAILABLE.code, currentT()(SIGN_IN_UNAVAILABLE.message))
  if (!outcome.ok && outcome.reason === 'rate-limited') return apiError(429, 'rate-limited', `too many attempts; retry in ${outcome.waitSeconds} s`)
  if (!outcome.ok) return apiError(401, 'bad-credentials', 'wrong email or password')
  return Response.json({ token: outcome.token, tokenType: 'Bearer', expiresAt: outcome.expiresAt.toISOString(), role: outcome.role })
}
