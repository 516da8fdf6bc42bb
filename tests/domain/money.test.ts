import { describe, expect, test } from 'vitest'
import { describeMoneyInput, fenFromDb, fenFromWholeYuan, fenToYuanInput, fenToYuanText, formatBasisPoints, formatFen, formatMoney, formatMoneyExact, parseMoneyInput, parseYuanToFen } from '~/domain/money.ts'

describe('formatFen shows ¥ with thousands separators, exact to the fen', () => {
  test.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [123456789, '¥1,234,567.89'],
    [50_000_000, '¥500,000.00'],
    [-12345, '-¥123.45'],
    [900719925474099, '¥9,007,199,254,740.99'],
  ])('%i fen → %s', (fen, shown) => expect(formatFen(fen)).toBe(shown))
})

describe('parseYuanToFen reads what a person types, without floats', () => {
  test.each([
    ['1234.56', 123456],
    ['¥1,234.5', 123450],
    ['0.1', 10],
    ['500000', 50_000_000],
    ['  12 345 ', 1234500],
    ['1.234', null],
    ['-5', null],
    ['abc', null],
    ['', null],
  ])('%j → %j', (typed, fen) => expect(parseYuanToFen(typed)).toBe(fen))

  test('round-trips through the form value', () => {
    for (const fen of [0, 1, 99, 100, 123456789]) expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen)
  })
})

describe('parseMoneyInput accepts 万, 万元, 亿 and plain yuan, exactly', () => {
  test.each([
    ['80万', 80_000_000],
    ['80 万元', 80_000_000],
    ['80万元', 80_000_000],
    ['800000', 80_000_000],
    ['800,000.00', 80_000_000],
    ['800000元', 80_000_000],
    ['¥800,000', 80_000_000],
    ['CNY 800,000', 80_000_000],
    ['０.５万', 500_000], // full-width digits and point
    ['12.5万', 12_500_000],
    ['1.234567万', 1_234_567],
    ['1.2345678万', null], // below a fen
    ['1.2亿', 12_000_000_000],
    ['180 万元', 180_000_000],
    ['800，000', 80_000_000], // full-width comma
    ['80万万', null],
    ['万', null],
    ['-80万', null],
    ['80 万 元', 80_000_000],
  ])('%j → %j fen', (typed, fen) => expect(parseMoneyInput(typed)).toBe(fen))

  test('parseYuanToFen is the same reader', () => expect(parseYuanToFen('80万')).toBe(80_000_000))
})

describe('formatMoney: 万元 in Chinese, CNY with separators in English', () => {
  test.each([
    [180_000_000, '180 万元', 'CNY 1,800,000'],
    [12_500_000, '12.5 万元', 'CNY 125,000'],
    [500_000, '0.5 万元', 'CNY 5,000'],
    [123_456_789, '123.456789 万元', 'CNY 1,234,567.89'],
    [1_234_500, '1.2345 万元', 'CNY 12,345'],
    [50, '0.00005 万元', 'CNY 0.50'],
    [0, '0 万元', 'CNY 0'],
    [1_234_567_800_000_000, '1,234,567,800 万元', 'CNY 12,345,678,000,000'],
    [-180_000_000, '-180 万元', '-CNY 1,800,000'],
  ])('%i fen → %s / %s', (fen, zh, en) => {
    expect(formatMoney(fen, 'zh-CN')).toBe(zh)
    expect(formatMoney(fen, 'en')).toBe(en)
  })
})

describe('formatMoneyExact: 元 with two decimals for receipts, payments, reward explanations', () => {
  test.each([
    [180_000_000, '1,800,000.00 元', 'CNY 1,800,000.00'],
    [5, '0.05 元', 'CNY 0.05'],
    [-12345, '-123.45 元', '-CNY 123.45'],
    [900719925474099, '9,007,199,254,740.99 元', 'CNY 9,007,199,254,740.99'],
  ])('%i fen → %s / %s', (fen, zh, en) => {
    expect(formatMoneyExact(fen, 'zh-CN')).toBe(zh)
    expect(formatMoneyExact(fen, 'en')).toBe(en)
  })
})

describe('describeMoneyInput shows what an input understood before saving', () => {
  test.each([
    ['80万', '80 万元（800,000.00 元）', 'CNY 800,000.00'],
    ['800,000.00', '80 万元（800,000.00 元）', 'CNY 800,000.00'],
    ['0', '0 万元（0.00 元）', 'CNY 0.00'],
    ['eighty', null, null],
  ])('%j → %j / %j', (typed, zh, en) => {
    expect(describeMoneyInput(typed, 'zh-CN')).toBe(zh)
    expect(describeMoneyInput(typed, 'en')).toBe(en)
  })
})

test('every fen round-trips through its 万元 and exact texts', () => {
  for (const fen of [0, 1, 99, 100, 1_000_000, 123_456_789, 80_000_000]) {
    expect(parseMoneyInput(formatMoney(fen, 'zh-CN'))).toBe(fen)
    expect(parseMoneyInput(formatMoneyExact(fen, 'zh-CN'))).toBe(fen)
    expect(parseMoneyInput(formatMoneyExact(fen, 'en'))).toBe(fen)
  }
})
describe('fenFromDb reads a stored amount (BigInt or its text from plain SQL) and refuses one beyond the safe range', () => {
  test.each([
    [123n, 123],
    ['123', 123],
    ['9007199254740991', 9_007_199_254_740_991],
    [null, null],
  ])('%o → %o', (stored, fen) => {
    expect(fenFromDb(stored)).toBe(fen)
  })
  test.each([9_007_199_254_740_993n, '9007199254740993'])('%o throws', (stored) => {
    expect(() => fenFromDb(stored)).toThrow(RangeError)
  })
})

describe('yuan in and out for filters, exports and rates, exact to the fen', () => {
  test.each([
    [123_456_789, '1234567.89'],
    [100, '1.00'],
    [5, '0.05'],
    [-150, '-1.50'],
    [0, '0.00'],
  ])('fenToYuanText(%i) = %s', (fen, text) => {
    expect(fenToYuanText(fen)).toBe(text)
  })
  test('a whole number of yuan typed in a filter is that many hundred fen; a fraction or an overflow is refused', () => {
    expect(fenFromWholeYuan(500_000)).toBe(50_000_000)
    expect(() => fenFromWholeYuan(1.5)).toThrow(RangeError)
    expect(() => fenFromWholeYuan(Number.MAX_SAFE_INTEGER)).toThrow(RangeError)
  })
  test.each([
    [1000, '10%'],
    [2000, '20%'],
    [1050, '10.50%'],
    [5, '0.05%'],
    [-50, '-0.50%'],
    [-1050, '-10.50%'],
  ])('formatBasisPoints(%i) = %s', (bp, text) => {
    expect(formatBasisPoints(bp)).toBe(text)
  })
})
