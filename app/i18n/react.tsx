// The browser side of i18n: the provider (in root.tsx), the language of the page, `t`, and formatters bound
// to the language. Components call useT() / useFormat(); loaders and actions use app/utils/i18n.server.ts.
import { useRouteLoaderData } from '@remix-run/react'
import { useMemo, type ReactNode } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { formatMoney, formatMoneyExact } from '~/domain/money.ts'
import { formatBidTime, formatDate, formatDateTime, formatDateTimeSeconds } from '~/utils/format.ts'
import { DEFAULT_LOCALE, getI18n, isLocale, translateMessage, type Locale, type MessageParams, type T } from './catalogue.ts'

/** The page's language: the root loader decided it (app/utils/i18n.server.ts); zh-CN when the root failed. */
export function useLocale(): Locale {
  const data = useRouteLoaderData('root') as { locale?: unknown } | undefined
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE
}

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <I18nextProvider i18n={getI18n(locale)}>{children}</I18nextProvider>
}

/** `t` with the catalogue's typed keys. */
export function useT(): T {
  return useTranslation().t
}

/** Shows a message that is a catalogue key or plain text (a service error, a zod message, user content). */
export function useMessage(): (message: string | undefined | null, params?: MessageParams) => string {
  const t = useT()
  return (message, params) => (message ? translateMessage(t, message, params) : '')
}

/** Money and time formatters in the page's language. */
export function useFormat() {
  const locale = useLocale()
  return useMemo(
    () => ({
      locale,
      /** prices, budgets, totals: 180 万元 · CNY 1,800,000 */
      money: (fen: number) => formatMoney(fen, locale),
      /** receipts, payments, reward explanations: 1,800,000.00 元 · CNY 1,800,000.00 */
      moneyExact: (fen: number) => formatMoneyExact(fen, locale),
      dateTime: (iso: string | Date | null | undefined) => formatDateTime(iso, locale),
      dateTimeSeconds: (iso: string | Date | null | undefined) => formatDateTimeSeconds(iso, locale),
      date: (iso: string | Date | null | undefined) => formatDate(iso, locale),
      bidTime: (iso: string) => formatBidTime(iso, locale),
    }),
    [locale],
  )
}
