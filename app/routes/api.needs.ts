import type { LoaderFunctionArgs } from '@remix-run/node'
import { listPublicNeeds } from '~/services/needs.server.ts'
import { apiRespond } from '~/utils/api.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { NeedFiltersSchema } from '~/utils/listing-validation.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = NeedFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return apiRespond(() => listPublicNeeds(getDb(), filters))
}
