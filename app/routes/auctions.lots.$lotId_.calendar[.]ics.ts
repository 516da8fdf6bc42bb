// GET /auctions/lots/:lotId/calendar.ics — one announced lot, for a calendar app.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { lotCalendar } from '~/services/auction-calendar.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { currentLocale, getT } from '~/utils/i18n.server.ts'
import { calendarResponse } from '~/utils/calendar-response.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request)
  const { name, text } = await orRespond(lotCalendar(getDb(), params.lotId!, t, currentLocale(), new URL(request.url).origin))
  return calendarResponse(name, text)
}
