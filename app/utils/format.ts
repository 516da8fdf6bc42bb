// Dates as the bureau reads them: Asia/Shanghai, whatever the server's zone.
import { shanghaiToday } from '~/domain/calendar.ts'

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
const date = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

export function formatDateTime(iso: string | Date | null): string {
  return iso ? dateTime.format(new Date(iso)) : '—'
}

export function formatDate(iso: string | Date | null): string {
  return iso ? date.format(new Date(iso)) : '—'
}

/** Today's calendar date in Shanghai as YYYY-MM-DD. */
export function shanghaiDate(now: Date): string {
  return shanghaiToday(now.getTime())
}

const clock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })

/** hh:mm:ss.mmm in Shanghai: bid times to the millisecond, as the server stamped them. */
export function formatClockMs(iso: string): string {
  const d = new Date(iso)
  return `${clock.format(d)}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`
}
