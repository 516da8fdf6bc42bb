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
 * Parses a yuan amount typed by a person ("12,345.67", "¥1 000", "50000")
 * into fen, exactly: no floating point on the way. Returns null when it is
 * not an amount with at most two decimals.
 */
export function parseYuanToFen(input: string): number | null {
  const cleaned = input.replace(/[¥￥,，\s]/g, '')
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned)
  if (!m) return null
  const yuan = m[1]!
  const cents = (m[2] ?? '').padEnd(2, '0')
  return Number(yuan) * FEN_PER_YUAN + Number(cents)
}

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

/** Plain yuan string for form inputs: 123456789 → "1234567.89", 100 → "1". */
export function fenToYuanInput(fen: number): string {
  return fenToYuanText(fen).replace(/\.00$/, '')
}

/** The fen of a whole number of yuan (a filter typed in yuan); throws beyond the safe range. */
export function fenFromWholeYuan(yuan: number): number {
  if (!Number.isSafeInteger(yuan)) throw new RangeError(`${yuan} is not a whole number of yuan`)
  return assertFen(yuan * FEN_PER_YUAN)
}

/** A rate in basis points as a percentage: 1000 → "10%", 1050 → "10.50%". */
export function formatBasisPoints(bp: number): string {
  return `${Math.trunc(bp / 100)}${bp % 100 ? `.${String(Math.abs(bp % 100)).padStart(2, '0')}` : ''}%`
}

/** 万元 with up to four decimals, as prices are read ("180 万元"). */
export function formatWan(fen: number): string {
  // Integer arithmetic: 1 万元 = 1,000,000 fen; four decimals (1 元), rounded half up.
  const sign = fen < 0 ? '-' : ''
  const yuan = Math.round(Math.abs(fen) / 100)
  const whole = Math.trunc(yuan / 10_000)
  const part = String(yuan % 10_000).padStart(4, '0').replace(/0+$/, '')
  return `${sign}${whole}${part ? `.${part}` : ''} 万元`
}

