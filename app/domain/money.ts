// Money is integer fen (1 CNY = 100 fen), held as a JS number that must be a
// safe integer (±9e15 fen, far above any contract). The database stores BigInt;
// conversion happens only at the data layer (fenFromDb / fenToDb).

export const FEN_PER_YUAN = 100

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

export function assertFen(value: number, what = 'amount'): number {
  if (!isFen(value)) throw new RangeError(`${what} must be a whole number of fen, got ${value}`)
  return value
}

/** A stored amount (BigInt from Prisma, or its decimal text from plain SQL) as fen; throws beyond the safe range. */
export function fenFromDb(value: bigint | string): number
export function fenFromDb(value: bigint | string | null): number | null
export function fenFromDb(value: bigint | string | null): number | null {
  if (value === null) return null
  const n = Number(typeof value === 'string' ? BigInt(value) : value)
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${value} fen is beyond safe range`)
  return n
}

export function fenToDb(value: number): bigint
export function fenToDb(value: number | null | undefined): bigint | null
export function fenToDb(value: number | null | undefined): bigint | null {
  if (value === null || value === undefined) return null
  return BigInt(assertFen(value))
}

/**
 * Parses an amount typed by a person into fen, exactly (no floating point on the way), or null.
 * Accepted, with or without spaces, full-width digits and punctuation, a leading ¥/￥/CNY/RMB and a
 * trailing 元: plain yuan ("800000", "800,000.00", "¥1 000"), 万 ("80万", "80 万元", "0.5万"; "1.2345678万" is
 * refused: it is not a whole fen) and 亿 ("1.2亿"). Negative amounts are refused.
 */
export function parseMoneyInput(input: string): number | null {
  const cleaned = input
    .normalize('NFKC') // full-width digits, "，", "．", "￥" become ASCII
    .replace(/^\s*(CNY|RMB)/i, '')
    .replace(/[¥,\s]/g, '')
  const m = /^(\d{1,13})(?:\.(\d{1,8}))?(万|亿)?元?$/.exec(cleaned)
  if (!m) return null
  const unit = m[3] === '亿' ? 10_000_000_000 : m[3] === '万' ? 1_000_000 : FEN_PER_YUAN // fen per unit
  const places = Math.round(Math.log10(unit)) // decimals that still make whole fen
  const decimals = (m[2] ?? '').replace(/0+$/, '')
  if (decimals.length > places) return null
  const fen = Number(m[1]!) * unit + (decimals ? Number(decimals.padEnd(places, '0')) : 0)
  return Number.isSafeInteger(fen) ? fen : null
}

/** Older name of parseMoneyInput: every amount input accepts 万 and 亿 as well as plain yuan. */
export const parseYuanToFen = parseMoneyInput

const yuanFormat = new Intl.NumberFormat('zh-CN', {
  style: 'currency',
  currency: 'CNY',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})

/** ¥1,234,567.89 from 123456789 fen; exact for every safe integer. */
export function formatFen(fen: number): string {
  assertFen(fen)
  const negative = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.trunc(abs / FEN_PER_YUAN)
  const cents = abs % FEN_PER_YUAN
  // Format the whole yuan part with Intl, then append cents ourselves so no
  // float division ever touches the value.
  const whole = yuanFormat.format(yuan).replace(/\.00$/, '')
  return `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`
}

/** Plain yuan with exactly two decimals, no symbol or separators (CSV for the finance office): -123456789 → "-1234567.89". */
export function fenToYuanText(fen: number): string {
  assertFen(fen)
  const abs = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / FEN_PER_YUAN)}.${String(abs % FEN_PER_YUAN).padStart(2, '0')}`
}

export type MoneyLocale = 'zh-CN' | 'en'

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** "1,234,567" for a whole number, exact (BigInt keeps it exact past 2^53 too). */
function group(whole: number): string {
  return grouping.format(BigInt(whole))
}

/** Whole and fraction digits of |fen| / fenPerUnit, the fraction without trailing zeros. */
function split(fen: number, fenPerUnit: number, places: number): [string, string] {
  const abs = Math.abs(fen)
  const whole = Math.trunc(abs / fenPerUnit)
  const fraction = String(abs % fenPerUnit)
    .padStart(places, '0')
    .replace(/0+$/, '')
  return [group(whole), fraction]
}

/**
 * Prices, budgets and totals as people read them: "180 万元", "12.5 万元", "0.35 万元" in Chinese
 * (exact: as many decimals of 万 as the amount needs), "CNY 1,800,000" in English (cents only when there are any).
 */
export function formatMoney(fen: number, locale: MoneyLocale): string {
  assertFen(fen)
  const sign = fen < 0 ? '-' : ''
  if (locale === 'en') {
    const [whole, cents] = split(fen, FEN_PER_YUAN, 2)
    return `${sign}CNY ${whole}${cents ? `.${cents.padEnd(2, '0')}` : ''}`
  }
  const [whole, fraction] = split(fen, 1_000_000, 6)
  return `${sign}${whole}${fraction ? `.${fraction}` : ''} 万元`
}

/** Receipts, payments, reward explanations: exact 元 with two decimals ("1,800,000.00 元", "CNY 1,800,000.00"). */
export function formatMoneyExact(fen: number, locale: MoneyLocale): string {
  assertFen(fen)
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const digits = `${group(Math.trunc(abs / FEN_PER_YUAN))}.${String(abs % FEN_PER_YUAN).padStart(2, '0')}`
  return locale === 'en' ? `${sign}CNY ${digits}` : `${sign}${digits} 元`
}

/** What an amount input understood, shown beside it before saving: "80 万元（800,000.00 元）". */
export function describeMoneyInput(input: string, locale: MoneyLocale): string | null {
  const fen = parseMoneyInput(input)
  if (fen === null) return null
  const exact = formatMoneyExact(fen, locale)
  if (locale === 'en') return exact
  const wan = formatMoney(fen, locale)
  return wan === exact ? wan : `${wan}（${exact}）`
}

/** Plain yuan string for form inputs: 123456789 → "1234567.89", 100 → "1". */
export function fenToYuanInput(fen: number): string {
  return fenToYuanText(fen).replace(/\.00$/, '')
}

/** The fen of a whole number of yuan (a filter typed in yuan); throws beyond the safe range. */
export function fenFromWholeYuan(yuan: number): number {
  if (!Number.isSafeInteger(yuan)) throw new RangeError(`${yuan} is not a whole number of yuan`)
  return assertFen(yuan * FEN_PER_YUAN)
}

/**
 * A rate in basis points as a percentage, the one formatter of rates:
 * - 'as-needed' (default): 1000 → "10%", 1050 → "10.50%" (the reward explanation, exports);
 * - 'short': 1050 → "10.5%", 1005 → "10.05%" (policy rates as typed);
 * - 'fixed': 2000 → "20.00 %", -50 → "-0.50 %" (a premium over the start price).
 */
export function formatBasisPoints(bp: number, style: 'as-needed' | 'short' | 'fixed' = 'as-needed'): string {
  const sign = bp < 0 ? '-' : ''
  const whole = Math.trunc(Math.abs(bp) / 100)
  const hundredths = String(Math.abs(bp) % 100).padStart(2, '0')
  if (style === 'fixed') return `${sign}${whole}.${hundredths} %`
  if (hundredths === '00') return `${sign}${whole}%`
  return `${sign}${whole}.${style === 'short' ? hundredths.replace(/0$/, '') : hundredths}%`
}

/** 万元 rounded to the yuan (four decimals), as notifications read ("12.3457 万元"); pages use formatMoney. */
export function formatWan(fen: number): string {
  // Integer arithmetic: 1 万元 = 1,000,000 fen; four decimals (1 元), rounded half up.
  const sign = fen < 0 ? '-' : ''
  const yuan = Math.round(Math.abs(fen) / 100)
  const whole = Math.trunc(yuan / 10_000)
  const part = String(yuan % 10_000).padStart(4, '0').replace(/0+$/, '')
  return `${sign}${whole}${part ? `.${part}` : ''} 万元`
}

