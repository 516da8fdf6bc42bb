// A request's attached file (decision 017): the enterprise that raised it and its bureau's staff download it; anyone
// else gets 404 (no hint that it exists). Served as a download with our own content type and no sniffing.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requestAttachment } from '~/services/service-requests.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const file = await orRespond(requestAttachment(db, user, params.id ?? '', params.attachmentId ?? ''))
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return new Response(file.data, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
