// One request over the JSON API: staff of its bureau, or the enterprise that raised it; anyone else: 404.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getRequest } from '~/services/service-requests.server.ts'
import { apiError, apiRespond } from '~/utils/api.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  if (!user) return apiError(401, 'unauthenticated', 'send Authorization: Bearer <token> from POST /api/token')
  return apiRespond(() => getRequest(db, user, params.id!, new Date()))
}
