import { describe, expect, test } from 'vitest'
import { fenFromDb, fenFromWholeYuan, fenToYuanInput, fenToYuanText, formatBasisPoints, formatFen, parseYuanToFen } from '~/domain/money.ts'

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
  ])('formatBasisPoints(%i) = %s', (bp, text) => {
    expect(formatBasisPoints(bp)).toBe(text)
  })
})
