// The lot's whole hash-chained log as JSON: anyone after the close, staff any time.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLotLog } from '~/services/lot-view.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const log = await orRespond(getLotLog(db, await getCurrentUser(request, db), params.lotId!))
  return new Response(JSON.stringify({ ...log, algorithm: 'sha256(prevHash + "\\n" + canonicalJson({seq, kind, at, payload}))' }, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `inline; filename="lot-${log.lotId}-log.json"` },
  })
}
