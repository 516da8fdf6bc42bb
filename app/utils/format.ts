// Dates as the bureau reads them: always Asia/Shanghai whatever the server's or the browser's zone, always
// with the date, no milliseconds except in the bid log (formatBidTime). English adds "UTC+8" to each time
// so a reader abroad knows whose clock it is. See docs/i18n.md.
import { shanghaiToday } from '~/domain/calendar.ts'
import type { Locale } from '~/i18n/catalogue.ts'

const ZONE = 'Asia/Shanghai'
type When = string | Date | null | undefined

function make(locale: Locale, options: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: ZONE, ...options })
}

const DAY = { year: 'numeric', month: '2-digit', day: '2-digit' } as const
const DAY_EN = { year: 'numeric', month: 'short', day: 'numeric' } as const
const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const

const formats = {
  'zh-CN': {
    dateTime: make('zh-CN', { ...DAY, ...TIME }),
    dateTimeSeconds: make('zh-CN', { ...DAY, ...TIME, second: '2-digit' }),
    date: make('zh-CN', DAY),
  },
  en: {
    dateTime: make('en', { ...DAY_EN, ...TIME }),
    dateTimeSeconds: make('en', { ...DAY_EN, ...TIME, second: '2-digit' }),
    date: make('en', DAY_EN),
  },
} satisfies Record<Locale, Record<string, Intl.DateTimeFormat>>

const zoneLabel = (locale: Locale) => (locale === 'en' ? ' UTC+8' : '')

/** 2026/12/04 22:26 · 4 Dec 2026, 22:26 UTC+8 */
export function formatDateTime(iso: When, locale: Locale = 'zh-CN'): string {
  return iso ? formats[locale].dateTime.format(new Date(iso)) + zoneLabel(locale) : '—'
}

/** With seconds, where they matter (an end time moved by a late bid): 2026/12/04 22:26:10. */
export function formatDateTimeSeconds(iso: When, locale: Locale = 'zh-CN'): string {
  return iso ? formats[locale].dateTimeSeconds.format(new Date(iso)) + zoneLabel(locale) : '—'
}

/** A calendar date in Shanghai: 2026/12/04 · 4 Dec 2026. */
export function formatDate(iso: When, locale: Locale = 'zh-CN'): string {
  return iso ? formats[locale].date.format(new Date(iso)) : '—'
}

/** The bid log only: date, time and the server's milliseconds. 2026/12/04 22:26:08.436 */
export function formatBidTime(iso: string, locale: Locale = 'zh-CN'): string {
  const d = new Date(iso)
  const base = formats[locale].dateTimeSeconds.format(d)
  return `${base}.${String(d.getUTCMilliseconds()).padStart(3, '0')}${zoneLabel(locale)}`
}

/** Today's calendar date in Shanghai as YYYY-MM-DD (file names, date inputs). */
export function shanghaiDate(now: Date): string {
  return shanghaiToday(now.getTime())
}

/** @deprecated no date: use formatBidTime (bid log) or formatDateTimeSeconds. */
export function formatClockMs(iso: string): string {
  return formatBidTime(iso)
}

/** A duration split for a countdown: days, hours, minutes, seconds (rounded up to the second). */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.ceil(ms / 1000))
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  }
}

/**
 * Which countdown a lot shows at `now`: to its start before it starts ("starts in"), to its end while it runs,
 * none after. Pure, so the room, the session page and the console say the same.
 */
export function countdownPhase(
  now: number,
  startsAt: string | Date,
  endsAt: string | Date,
): { phase: 'before-start'; ms: number } | { phase: 'running'; ms: number } | { phase: 'ended'; ms: 0 } {
  const start = new Date(startsAt).getTime()
  const end = new Date(endsAt).getTime()
  if (now < start) return { phase: 'before-start', ms: start - now }
  if (now < end) return { phase: 'running', ms: end - now }
  return { phase: 'ended', ms: 0 }
}
