import type { LoaderFunctionArgs } from '@remix-run/node'
import { getResult } from '~/services/results.server.ts'
import { apiRespond } from '~/utils/api.server.ts'
import { getDb } from '~/utils/db.server.ts'

// Public only: the API shows what anyone may see, whoever asks.
export async function loader({ params }: LoaderFunctionArgs) {
  return apiRespond(() => getResult(getDb(), null, params.id!))
}
