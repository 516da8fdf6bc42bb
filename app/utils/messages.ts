// The text of every error a service reports, by key. Services throw a key and parameters
// (app/utils/errors.ts); the door that answers the person renders it here, in one function, in the person's
// language: the words are in the message catalogue (`service.<key>` in app/i18n/zh-CN.ts and en.ts; a bid
// refusal `bid.<code>` is the socket's `realtime.errors.<code>`). Parameters whose name ends in Fen are money,
// shown as people read prices (万元 / CNY); those ending in At are instants (ISO), shown with their date and zone. A
// parameter that is itself a catalogue key of enums., validation. or serverText. (a word a service names, such as
// the action refused or a field) is translated too.
import type { BidRejection } from '~/domain/auction.ts'
import { formatMoney } from '~/domain/money.ts'
import { formatDateTime } from './format.ts'
import { DEFAULT_LOCALE, fixedT, getI18n, isMessageKey, type Catalogue, type Locale } from '~/i18n/catalogue.ts'

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

type BidKey = `bid.${BidRejection}`

/** A key under `service.` (most errors), a bid refusal, or a whole key of another group: a rule message the domain
 * returns (validation.*), or a feature's own area. */
export type MessageKey = Leaves<Catalogue['service']> | BidKey | Leaves<Catalogue>
export type MessageParams = Record<string, string | number>

export function messageText(key: MessageKey, params: MessageParams = {}, locale: Locale = DEFAULT_LOCALE): string {
  const t = fixedT(locale) as unknown as (key: string, options?: MessageParams) => string
  // A parameter may name an enum value, a field label or a word a service names (enums.paymentKind.DEPOSIT,
  // validation.labels.title, serverText.…): shown translated.
  const named = (value: string | number) => (typeof value === 'string' && /^(enums|validation|serverText)\./.test(value) && isMessageKey(value) ? t(value) : value)
  const shown = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      name.endsWith('Fen') && typeof value === 'number' ? formatMoney(value, locale) : name.endsWith('At') && typeof value === 'string' ? formatDateTime(value, locale) : named(value),
    ]),
  )
  return t(catalogueKeyOf(key), shown)
}

/** Where a service error's key lives in the catalogue: `service.<key>` when that exists, else the key itself. */
export function catalogueKeyOf(key: MessageKey): string {
  if (key.startsWith('bid.')) return `realtime.errors.${key.slice(4)}`
  return getI18n(DEFAULT_LOCALE).exists(`service.${key}`) ? `service.${key}` : key
}
