import type { LoaderFunctionArgs } from '@remix-run/node'
import { listPublicResults } from '~/services/results.server.ts'
import { apiRespond } from '~/utils/api.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { ResultFiltersSchema } from '~/utils/listing-validation.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = ResultFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return apiRespond(() => listPublicResults(getDb(), filters))
}
