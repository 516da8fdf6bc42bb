// The assignment table as XLSX, laid out as the notice's attachment (header in the reader's language).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { TABLE_HEADER_EN, TABLE_HEADER_ZH } from '~/domain/assignment-table.ts'
import { assignmentTableOf } from '~/services/campaigns.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { downloadResponse } from '~/utils/download.server.ts'
import { currentLocale, getT } from '~/utils/i18n.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { writeXlsxRows } from '~/utils/xlsx-table.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const t = await getT(request)
  const header = currentLocale() === 'en' ? TABLE_HEADER_EN : TABLE_HEADER_ZH
  const { campaign, rows } = await orRespond(assignmentTableOf(db, staff, params.id!, header))
  const file = await writeXlsxRows(t('campaign.sheetName'), rows, `${campaign.name} ${campaign.noticeRef}`)
  const name = `${campaign.name}-${t('campaign.sheetName')}.xlsx`
  return downloadResponse({
    body: file,
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    name,
    asciiName: 'table.xlsx',
  })
}
