// A sentence a service hands to the edge instead of writing it: a catalogue key and its parameters, with
// amounts (fen) and instants (ISO) kept raw so they are formatted in the reader's language. Isomorphic:
// a loader may return a Said and the page translates it with sayIt(t, locale, said).
import { formatMoneyExact } from '~/domain/money.ts'
import { translateMessage, type Locale, type MessageParams, type T } from '~/i18n/catalogue.ts'
import { formatDateTime } from './format.ts'

export type Said = {
  /** A catalogue key (older code may still hand plain text; it is shown as it is). */
  key: string
  params?: MessageParams
  /** Amounts in fen, formatted exactly (元, two decimals). */
  money?: Record<string, number>
  /** ISO instants, formatted with the date in Beijing time. */
  times?: Record<string, string>
  /** Sentence fragments, each translated, joined into the parameter `said`. */
  parts?: Said[]
}

/** The sentence in the reader's language. */
export function sayIt(t: T, locale: Locale, said: Said): string {
  const params: MessageParams = { ...said.params }
  for (const [name, fen] of Object.entries(said.money ?? {})) params[name] = formatMoneyExact(fen, locale)
  for (const [name, iso] of Object.entries(said.times ?? {})) params[name] = formatDateTime(iso, locale)
  if (said.parts) params.said = said.parts.map((part) => sayIt(t, locale, part)).join(t('serverText.listSeparator'))
  return translateMessage(t, said.key, params)
}
