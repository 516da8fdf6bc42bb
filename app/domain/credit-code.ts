// 统一社会信用代码 (unified social credit code), GB 32100-2015.
//
//   位置   1      2      3–8           9–17                      18
//        登记管理  机构   登记管理机关      主体标识码（组织机构代码，     校验码
//        部门代码  类别   行政区划码        GB 11714，第17位是它自己      (GB/T 17710 MOD 31-3)
//                                         的校验码）
//
// Characters: 0–9 and the capital letters of CHARSET (no I, O, Z, S, V), each
// worth its index in CHARSET (A = 10 … Y = 30). Positions 3–8 are digits.
//
// Position 18: weights Wi = 3^(i-1) mod 31 for i = 1…17, that is
//   1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
// C18 = 31 − (Σ Ci·Wi mod 31), where 31 is written '0'. (A list circulating
// with …, 28, 25, 15, 8, 24, 10, 11 from the eleventh weight on is wrong: it
// rejects every real code, e.g. 914403001922038216; see the tests.)
//
// Positions 9–17 (GB 11714): eight body characters, digits worth 0–9 and
// letters A–Z worth 10–35, weights 3, 7, 9, 10, 5, 8, 4, 2;
// C9 = 11 − (Σ mod 11), where 10 is written 'X' and 11 is written '0'.
//
// Pure: only a type import, so the browser, the server and the seed can all use it.
import type { RuleKey, RuleParams } from './rule-message.ts'

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const CREDIT_CODE_LENGTH = 18

const CHECK_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const
const FORBIDDEN_LETTERS = 'IOZSV'

/** The GB 32100 check character (position 18) for 17 characters of CHARSET. */
function checkChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * CHECK_WEIGHTS[i]!
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!
}

/** GB 11714 value of a body character: 0–9 → 0–9, A–Z → 10–35. */
function orgCodeValue(ch: string): number {
  const c = ch.charCodeAt(0)
  return c <= 57 ? c - 48 : c - 55
}

/**
 * The GB 11714 check character of an organisation code's eight-character body
 * (positions 9–16 of a credit code): '0'–'9' or 'X'.
 */
export function organizationCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError(`organisation code body must be 8 characters 0-9/A-Z, got "${body8}"`)
  let sum = 0
  for (let i = 0; i < 8; i++) sum += orgCodeValue(body8[i]!) * ORG_CODE_WEIGHTS[i]!
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/**
 * What a person typed, made comparable: full-width letters and digits to
 * ASCII, spaces and dashes removed, upper case. Validation itself stays strict
 * (lower case is reported), so call this first on form input.
 */
export function normalizeCreditCode(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-－—]/g, '')
    .toUpperCase()
}

/** What is wrong with a code: a key of validation.creditCode and its parameters (translated at the edge). */
export type CreditCodeProblem = { key: RuleKey; params?: RuleParams }

/** The character as the message shows it: quoted, or the word for a space (itself a key, translated too). */
function quote(ch: string): string {
  return /\s/.test(ch) ? 'validation.creditCode.space' : `“${ch}”`
}

/** Problem with one character at 0-based index i of the first 17, or null. */
function characterProblem(ch: string, i: number): CreditCodeProblem | null {
  const pos = i + 1
  if (pos >= 3 && pos <= 8) {
    if (/^[0-9]$/.test(ch)) return null
    return { key: 'validation.creditCode.divisionDigit', params: { pos, char: quote(ch) } }
  }
  if (CREDIT_CODE_CHARSET.includes(ch)) return null
  if (/^[a-z]$/.test(ch)) return { key: 'validation.creditCode.lowercase', params: { pos, char: quote(ch) } }
  if (FORBIDDEN_LETTERS.includes(ch)) return { key: 'validation.creditCode.forbiddenLetter', params: { pos, letter: ch } }
  return { key: 'validation.creditCode.badChar', params: { pos, char: quote(ch) } }
}

/**
 * Says exactly what is wrong with a code (as a key with parameters), or null when it is a
 * valid GB 32100-2015 code: its length, the first bad character and its
 * position, a wrong check character (position 18), or an organisation code
 * (positions 9–17) whose own GB 11714 check character is wrong.
 */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const chars = Array.from(code)
  if (chars.length === 0) return { key: 'validation.creditCode.required' }
  if (chars.length !== CREDIT_CODE_LENGTH) return { key: 'validation.creditCode.length', params: { length: chars.length } }
  for (let i = 0; i < CREDIT_CODE_LENGTH; i++) {
    const ch = chars[i]!
    if (i === 17) {
      if (CREDIT_CODE_CHARSET.includes(ch)) break
      if (/^[a-z]$/.test(ch)) return { key: 'validation.creditCode.lowercase', params: { pos: 18, char: quote(ch) } }
      if (FORBIDDEN_LETTERS.includes(ch)) return { key: 'validation.creditCode.forbiddenLetter', params: { pos: 18, letter: ch } }
      return { key: 'validation.creditCode.badCheckChar', params: { char: quote(ch) } }
    }
    const problem = characterProblem(ch, i)
    if (problem) return problem
  }
  // Any single wrong character among the first 17 changes the check
  // character (31 is prime and no weight is 0 mod 31), so this comes first.
  const expected = checkChar(code.slice(0, 17))
  if (code[17] !== expected) return { key: 'validation.creditCode.checkMismatch', params: { expected, actual: code[17]! } }
  const orgCheck = organizationCodeCheckChar(code.slice(8, 16))
  if (code[16] !== orgCheck) {
    return { key: 'validation.creditCode.orgCheckMismatch', params: { expected: orgCheck, actual: code[16]! } }
  }
  return null
}

/** True when the code is a valid GB 32100-2015 code (exact, upper case). */
export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null
}

/** Thrown by withCheckDigit: a RangeError that carries the problem (key and parameters). */
export class CreditCodeError extends RangeError {
  constructor(readonly problem: CreditCodeProblem) {
    super(`${problem.key} ${JSON.stringify(problem.params ?? {})}`)
    this.name = 'CreditCodeError'
  }
}

/**
 * The full code for 17 characters: appends the check character. Throws a
 * CreditCodeError (a RangeError with the problem) when the 17 characters could not
 * begin a valid code, including a wrong organisation code check at 17, so
 * what it returns always passes isValidCreditCode.
 */
export function withCheckDigit(first17: string): string {
  const chars = Array.from(first17)
  if (chars.length !== 17) throw new CreditCodeError({ key: 'validation.creditCode.first17Length', params: { length: chars.length } })
  for (let i = 0; i < 17; i++) {
    const problem = characterProblem(chars[i]!, i)
    if (problem) throw new CreditCodeError(problem)
  }
  const code = first17 + checkChar(first17)
  const problem = creditCodeProblem(code)
  if (problem) throw new CreditCodeError(problem)
  return code
}
