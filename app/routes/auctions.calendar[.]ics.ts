// GET /auctions/calendar.ics — every announced lot still to come, a feed a calendar app can subscribe to.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { upcomingCalendar } from '~/services/auction-calendar.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { currentLocale, getT } from '~/utils/i18n.server.ts'
import { calendarResponse } from '~/utils/calendar-response.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request)
  return calendarResponse('auctions', await upcomingCalendar(getDb(), new Date(), t, currentLocale(), new URL(request.url).origin))
}
