// GET /auctions/:id/calendar.ics — an announced session's registration deadline and lots, for a calendar app.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { sessionCalendar } from '~/services/auction-calendar.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { currentLocale, getT } from '~/utils/i18n.server.ts'
import { calendarResponse } from '~/utils/calendar-response.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request)
  const { name, text } = await orRespond(sessionCalendar(getDb(), params.id!, t, currentLocale(), new URL(request.url).origin))
  return calendarResponse(name, text)
}
