// The enterprise facts import template (decision 016), in Chinese or English, as XLSX or CSV: the header row of
// app/domain/fact-import.ts and one example row (an invented enterprise, to be replaced).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { FACT_FIELDS, FACT_TEMPLATE_HEADERS } from '~/domain/fact-import.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { writeTable } from '~/utils/spreadsheet.server.ts'

const EXAMPLE: Record<(typeof FACT_FIELDS)[number], string> = {
  name: '示例科技有限公司',
  creditCode: '',
  certificateNo: 'GR202433001234',
  validFrom: '2024-12-06',
  validTo: '2027-12-05',
  aboveScaleYears: '2024、2025',
  techSmeYears: '2025',
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaffReader(request, getDb())
  const url = new URL(request.url)
  const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh-CN'
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx'
  const headers = FACT_FIELDS.map((f) => FACT_TEMPLATE_HEADERS[lang][f])
  const example = FACT_FIELDS.map((f) => (lang === 'en' && f === 'name' ? 'Example Technology Co., Ltd.' : lang === 'en' && f === 'aboveScaleYears' ? '2024, 2025' : EXAMPLE[f]))
  const body = await writeTable([headers, example], format, lang === 'en' ? 'Enterprise facts' : '企业认定信息')
  const name = `enterprise-facts-template-${lang}.${format}`
  return new Response(Buffer.from(body), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name}"`,
    },
  })
}
