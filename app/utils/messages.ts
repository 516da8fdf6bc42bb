// The text of every error a service reports, by key. Services throw a key and parameters
// (app/utils/errors.ts); the door that answers the person renders it here, in one function, in the person's
// language: the words are in the message catalogue (`service.<key>` in app/i18n/zh-CN.ts and en.ts; a bid
// refusal `bid.<code>` is the socket's `realtime.errors.<code>`). Parameters whose name ends in Fen are money,
// shown as people read prices (万元 / CNY).
import type { BidRejection } from '~/domain/auction.ts'
import { formatMoney } from '~/domain/money.ts'
import { DEFAULT_LOCALE, fixedT, type Catalogue, type Locale } from '~/i18n/catalogue.ts'

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

type BidKey = `bid.${BidRejection}`

/** A feature area's own refusals (`vouchers.errors.*`), kept in its area file; used as full catalogue keys. */
type AreaErrorKey = `vouchers.errors.${Leaves<Catalogue['vouchers']['errors']>}`

export type MessageKey = Leaves<Catalogue['service']> | BidKey | AreaErrorKey
export type MessageParams = Record<string, string | number>

export function messageText(key: MessageKey, params: MessageParams = {}, locale: Locale = DEFAULT_LOCALE): string {
  const shown = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, name.endsWith('Fen') && typeof value === 'number' ? formatMoney(value, locale) : value]),
  )
  const t = fixedT(locale) as unknown as (key: string, options: MessageParams) => string
  return t(key.startsWith('bid.') ? `realtime.errors.${key.slice(4)}` : key.startsWith('vouchers.errors.') ? key : `service.${key}`, shown)
}
