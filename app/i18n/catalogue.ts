// The i18n core, shared by server and browser: the catalogues, their key type,
// one i18next instance per language, and the rule that picks a language.
import { createInstance, type i18n, type TFunction } from 'i18next'
import { en } from './en.ts'
import { zhCN } from './zh-CN.ts'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
/** The shape every catalogue has: the Chinese one's keys, string values. */
export type Catalogue = Widen<typeof zhCN>

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
/** A dotted key of the catalogue: 'nav.results', 'errors.unknown', … */
export type MessageKey = Leaves<Catalogue>
/** Parameters a message interpolates ({{name}}). */
export type MessageParams = Record<string, string | number>

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

export const catalogues: Record<Locale, Catalogue> = { 'zh-CN': zhCN, en }

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: Catalogue }
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

const instances = new Map<Locale, i18n>()

/** The i18next instance of a language (resources are static, so one per language serves every request). */
export function getI18n(locale: Locale): i18n {
  let instance = instances.get(locale)
  if (!instance) {
    instance = createInstance({
      lng: locale,
      supportedLngs: [...LOCALES],
      load: 'currentOnly',
      // A key missing in English shows the Chinese text rather than the key; the catalogue test and the
      // "no Chinese in English pages" browser test catch it before it ships.
      fallbackLng: DEFAULT_LOCALE,
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes; plain-text outputs (CSV, e-mail) need no HTML escaping
      returnNull: false,
    })
    void instance.init()
    instances.set(locale, instance)
  }
  return instance
}

export type T = TFunction<'translation'>

/** The `t` of a language, for loaders, actions, jobs, e-mails, sockets. */
export function fixedT(locale: Locale): T {
  return getI18n(locale).getFixedT(locale)
}

export function isMessageKey(value: string): value is MessageKey {
  return getI18n(DEFAULT_LOCALE).exists(value)
}

/** Separates a key from its JSON parameters in a one-string message (keyWithParams). */
const PARAMS_MARK = '|'

/**
 * A message that may be a catalogue key (with parameters) or, from older code and user content, plain text:
 * a key is translated, anything else is shown as it is.
 */
export function translateMessage(t: T, message: string, params?: MessageParams): string {
  const translate = t as unknown as (key: string, options?: MessageParams) => string
  const bar = message.indexOf(PARAMS_MARK)
  if (bar > 0 && isMessageKey(message.slice(0, bar))) {
    let carried: MessageParams = {}
    try {
      carried = JSON.parse(message.slice(bar + 1)) as MessageParams
    } catch {
      return message
    }
    // A parameter may itself be a key (a field's label, validation.labels.title; an enum value): translated too.
    const shown = Object.fromEntries(Object.entries({ ...carried, ...params }).map(([k, v]) => [k, typeof v === 'string' && isMessageKey(v) ? translate(v) : v]))
    return translate(message.slice(0, bar), shown)
  }
  return isMessageKey(message) ? translate(message, params) : message
}


/**
 * A message key with its parameters in one string, for the places that carry only a string (zod issues, form
 * errors): 'validation.text.tooShort|{"label":"validation.labels.resultTitle","min":4}'. translateMessage reads it.
 */
export function keyWithParams(key: MessageKey, params: MessageParams): string {
  return `${key}${PARAMS_MARK}${JSON.stringify(params)}`
}

/**
 * The best supported language for an Accept-Language header ("en-US,en;q=0.9,zh;q=0.8"), or null.
 * Any Chinese tag (zh, zh-CN, zh-Hans, zh-TW) picks zh-CN, any English tag picks en.
 */
export function negotiateLocale(header: string | null | undefined): Locale | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';')
      const q = rest.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean)
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index }
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN'
    if (tag === 'en' || tag.startsWith('en-')) return 'en'
  }
  return null
}
