// The catalogues stay complete: the same keys in every language, the same {{placeholders}}, no empty text,
// no Chinese left in English, and every key the code names in a ServiceError exists.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { messageText } from '~/utils/messages.ts'
import { catalogues, fixedT, isMessageKey, LOCALES, negotiateLocale, translateMessage } from '~/i18n/catalogue.ts'

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else for (const [kk, vv] of flatten(v as object, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogues[l])])) as Record<(typeof LOCALES)[number], Map<string, string>>
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort()
const HAN = /\p{Script=Han}/u
// English entries that are Chinese on purpose: the way back to Chinese, the name of the language, typing examples.
const CHINESE_ON_PURPOSE = new Set(['language.switchTo', 'language.switchToLabel', 'language.zh-CN', 'money.notUnderstood'])

describe('every language has every key', () => {
  for (const locale of LOCALES) {
    test(`${locale} has the keys of zh-CN and no others`, () => {
      expect([...flat[locale].keys()].sort()).toEqual([...flat['zh-CN'].keys()].sort())
    })
  }
})

test('every translation keeps the placeholders of the Chinese text', () => {
  for (const locale of LOCALES)
    for (const [key, zh] of flat['zh-CN']) expect({ key, locale, p: placeholders(flat[locale].get(key) ?? '') }).toEqual({ key, locale, p: placeholders(zh) })
})

test('no text is empty', () => {
  for (const locale of LOCALES) for (const [key, text] of flat[locale]) expect({ key, locale, empty: text.trim() === '' }).toEqual({ key, locale, empty: false })
})

test('English has no Chinese except where it is meant', () => {
  const left = [...flat.en].filter(([key, text]) => HAN.test(text) && !CHINESE_ON_PURPOSE.has(key)).map(([key]) => key)
  expect(left).toEqual([])
})

test('a key translates with its parameters in each language; text that is not a key passes through', () => {
  expect(fixedT('zh-CN')('nav.userWithOrg', { name: '张三', organization: '丽水学院' })).toBe('张三（丽水学院）')
  expect(fixedT('en')('nav.userWithOrg', { name: 'Zhang San', organization: 'Lishui University' })).toBe('Zhang San (Lishui University)')
  expect(translateMessage(fixedT('en'), 'realtime.errors.too-low')).toBe('Below the current minimum bid')
  expect(messageText('proxy.max-too-low', { minFen: 80_000_000 }, 'en')).toBe('The proxy ceiling must be at least CNY 800,000')
  expect(messageText('proxy.max-too-low', { minFen: 80_000_000 }, 'zh-CN')).toBe('代理最高价须不低于 80 万元')
  expect(translateMessage(fixedT('en'), '用户写的文字')).toBe('用户写的文字')
})

describe('Accept-Language picks a supported language', () => {
  test.each([
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR,en;q=0.5,zh;q=0.7', 'zh-CN'],
    ['fr-FR, en-GB;q=0.5', 'en'],
    ['de', null],
    ['en;q=0', null],
    ['', null],
  ])('%j → %j', (header, locale) => expect(negotiateLocale(header)).toBe(locale))
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'generated' || name === 'node_modules') return []
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

test('every catalogue key a ServiceError, a zod message or the API names exists', () => {
  const missing: string[] = []
  for (const file of [...sourceFiles('app'), ...sourceFiles('server'), ...sourceFiles('workers')]) {
    const text = readFileSync(file, 'utf8')
    // A service error's key lives under service.<key> (bid.<code> under realtime.errors.<code>): app/utils/messages.ts.
    const serviceKeys = [
      ...text.matchAll(/new ServiceError\(\s*'[\w-]+',\s*'([^']+)'/g),
      ...text.matchAll(/ServiceError\.rule\(\s*'[\w-]+',\s*'([^']+)'/g),
    ].map((m) => m[1]!)
    for (const key of serviceKeys) {
      const full = key.startsWith('bid.') ? `realtime.errors.${key.slice(4)}` : key.startsWith('vouchers.errors.') ? key : `service.${key}`
      if (!HAN.test(key) && !isMessageKey(full)) missing.push(`${file}: ${key}`)
    }
    const named = [...text.matchAll(/'([\w-]+(?:\.[\w-]+)+)' satisfies MessageKey/g)].map((m) => m[1]!)
    for (const key of named) if (!isMessageKey(key)) missing.push(`${file}: ${key}`)
  }
  expect(missing).toEqual([])
})
