// An iCalendar file as a download (RFC 5545, text/calendar; UTF-8 for the Chinese titles).
export function calendarResponse(name: string, text: string): Response {
  return new Response(text, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  })
}
