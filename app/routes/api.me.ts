import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiError } from '~/utils/api.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'

/** Who the bearer token (or cookie) belongs to. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request)
  if (!user) return apiError(401, 'unauthenticated', 'send Authorization: Bearer <token> from POST /api/token')
  return Response.json({ id: user.userId, name: user.name, role: user.role, organization: { id: user.organizationId, name: user.organizationName } })
}
