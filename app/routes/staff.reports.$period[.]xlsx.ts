// A staff report as XLSX (decision 020): /staff/reports/2026-06-30.xlsx, 2026-07-30, 2026-Q2 (periods that have ended).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { reportDownload } from '~/services/reports.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { currentLocale, getT } from '~/utils/i18n.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const viewer = await requireStaffReader(request, db)
  const file = await reportDownload(db, viewer, params.period ?? '', 'xlsx', currentLocale(), new Date())
  if (!file) throw new Response((await getT(request))('dashboard.reports.notFound'), { status: 404 })
  return new Response(file.body, {
    headers: {
      'Content-Type': file.type,
      'Content-Disposition': `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'Cache-Control': 'no-store',
    },
  })
}
