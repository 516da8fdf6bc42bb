// Requests (诉求) over the JSON API: an enterprise reads its own, staff read their bureau's queue
// (?status=, ?overdue=1). Another bureau's requests are never listed.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { isStaff } from '~/domain/access.ts'
import { listOwnRequests, requestQueue } from '~/services/service-requests.server.ts'
import { apiError, apiRespond } from '~/utils/api.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { QueueFilterSchema } from '~/utils/campaign-validation.ts'
import { getDb } from '~/utils/db.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  if (!user) return apiError(401, 'unauthenticated', 'send Authorization: Bearer <token> from POST /api/token')
  const filter = QueueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return apiRespond(() => (isStaff(user) ? requestQueue(db, user, filter, new Date()) : listOwnRequests(db, user, new Date())))
}
