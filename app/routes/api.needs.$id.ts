import type { LoaderFunctionArgs } from '@remix-run/node'
import { getNeed } from '~/services/needs.server.ts'
import { apiRespond } from '~/utils/api.server.ts'
import { getDb } from '~/utils/db.server.ts'

export async function loader({ params }: LoaderFunctionArgs) {
  return apiRespond(() => getNeed(getDb(), null, params.id!))
}
