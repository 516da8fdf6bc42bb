// The text of every error a service reports, by key. Services throw a key and parameters
// (app/utils/errors.ts); the door that answers the person renders it here, in one function, in the person's
// language: the words are in the message catalogue (`service.<key>` in app/i18n/zh-CN.ts and en.ts; a bid
// refusal `bid.<code>` is the socket's `realtime.errors.<code>`). Parameters whose name ends in Fen are money,
// shown as people read prices (万元 / CNY). A parameter that is itself a `serverText.` key (a word a service
// names, such as the action refused) is translated too.
import type { BidRejection } from '~/domain/auction.ts'
import { formatMoney } from '~/domain/money.ts'
import { DEFAULT_LOCALE, fixedT, isMessageKey, type Catalogue, type Locale } from '~/i18n/catalogue.ts'

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

type BidKey = `bid.${BidRejection}`

export type MessageKey = Leaves<Catalogue['service']> | BidKey
export type MessageParams = Record<string, string | number>

export function messageText(key: MessageKey, params: MessageParams = {}, locale: Locale = DEFAULT_LOCALE): string {
  const t = fixedT(locale) as unknown as (key: string, options?: MessageParams) => string
  const shown = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      name.endsWith('Fen') && typeof value === 'number' ? formatMoney(value, locale) : typeof value === 'string' && value.startsWith('serverText.') && isMessageKey(value) ? t(value) : value,
    ]),
  )
  return t(key.startsWith('bid.') ? `realtime.errors.${key.slice(4)}` : `service.${key}`, shown)
}
