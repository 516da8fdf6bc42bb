// A staff report as XLSX (decision 020): /staff/reports/2026-06-30.xlsx, 2026-07-30, 2026-Q2 (periods that have ended).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { reportDownload } from '~/services/reports.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { downloadResponse } from '~/utils/download.server.ts'
import { currentLocale } from '~/utils/i18n.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const viewer = await requireStaffReader(request, db)
  return downloadResponse(await orRespond(reportDownload(db, viewer, params.period ?? '', 'xlsx', currentLocale(), new Date())))
}
