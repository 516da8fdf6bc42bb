// The language of a request, and the server-side `t` for loaders, actions, API answers, sockets, e-mails.
// Order: the saved choice (the `lng` cookie; sign-in restores it from the user's row), else Accept-Language,
// else zh-CN. server/index.ts runs each request inside runWithLocale, so the error adapters, which have no
// request at hand, translate with currentT(). See docs/i18n.md.
import { AsyncLocalStorage } from 'node:async_hooks'
import { createCookie } from '@remix-run/node'
import { DEFAULT_LOCALE, fixedT, isLocale, negotiateLocale, translateMessage, type Locale, type MessageParams, type T } from '~/i18n/catalogue.ts'
import { singleton } from './singleton.server.ts'

export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/** The cookie's value when it names a supported language. */
export async function getSavedLocale(cookieHeader: string | null | undefined): Promise<Locale | null> {
  const value: unknown = await localeCookie.parse(cookieHeader ?? null).catch(() => null)
  return isLocale(value) ? value : null
}

/** The language for these request headers. */
export async function localeFromHeaders(cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): Promise<Locale> {
  return (await getSavedLocale(cookieHeader)) ?? negotiateLocale(acceptLanguage) ?? DEFAULT_LOCALE
}

/** The language to answer this request in. */
export async function getLocale(request: Request): Promise<Locale> {
  return localeFromHeaders(request.headers.get('Cookie'), request.headers.get('Accept-Language'))
}

/** `t` in the request's language. */
export async function getT(request: Request): Promise<T> {
  return fixedT(await getLocale(request))
}

/** `t` for a user reached without a request (e-mails, PDFs, jobs): their saved language, else Chinese. */
export function tForUser(user: { locale: string | null } | null | undefined): T {
  return fixedT(isLocale(user?.locale) ? user.locale : DEFAULT_LOCALE)
}

// One per process: the Remix build carries its own copy of this module, and server/index.ts sets the store.
const store = singleton('locale-store', () => new AsyncLocalStorage<Locale>())

/** Runs a request's work with its language known to currentLocale() (server/index.ts, socket handlers). */
export function runWithLocale<R>(locale: Locale, work: () => R): R {
  return store.run(locale, work)
}

/** The language of the request being served; zh-CN outside one (jobs, tests). */
export function currentLocale(): Locale {
  return store.getStore() ?? DEFAULT_LOCALE
}

export function currentT(): T {
  return fixedT(currentLocale())
}

/** A catalogue key (with parameters) or older plain text, in the current request's language. */
export function translateCurrent(message: string, params?: MessageParams): string {
  return translateMessage(currentT(), message, params)
}
