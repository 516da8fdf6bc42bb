import { describe, expect, test } from 'vitest'
import { messageText } from '~/utils/messages.ts'
import {
  CreditCodeError,
  creditCodeProblem,
  isValidCreditCode,
  normalizeCreditCode,
  organizationCodeCheckChar,
  withCheckDigit,
} from '~/domain/credit-code.ts'

// Codes printed on public documents (business licences, annual reports).
const HUAWEI = '914403001922038216' // 华为技术有限公司
const ALIBABA_CHINA = '91330100716105852F' // 阿里巴巴（中国）网络技术有限公司
const TENCENT_COMPUTER = '91440300708461136T' // 深圳市腾讯计算机系统有限公司

describe('valid codes pass', () => {
  test.each([
    ['a real enterprise code whose check character is a digit', HUAWEI],
    ['a real enterprise code whose check character is a letter (F)', ALIBABA_CHINA],
    ['a real enterprise code whose check character is a letter (T)', TENCENT_COMPUTER],
    ['a code whose check sum is 0 mod 31, so position 18 is "0" (31 → 0)', withCheckDigit('12331100470000435')],
    ['a post-2015 "MA…" organisation code with letters in the body', withCheckDigit('91331121MA2A1B2C6')],
    ['an organisation code whose own check character is X', withCheckDigit('1233110047000003X')],
  ])('%s: %s', (_rule, code) => {
    expect(creditCodeProblem(code)).toBeNull()
    expect(isValidCreditCode(code)).toBe(true)
  })

  test('the "0" case really is the 31 → 0 case', () => {
    expect(withCheckDigit('12331100470000435')).toBe('123311004700004350')
  })
})

describe('each rule gives its own message', () => {
  test.each([
    ['empty input', '', '请填写统一社会信用代码'],
    ['one character short', HUAWEI.slice(0, 17), '统一社会信用代码应为18位，现为17位'],
    ['one character too many', `${HUAWEI}0`, '统一社会信用代码应为18位，现为19位'],
    ['the old 15-digit registration number', '330000000012345', '统一社会信用代码应为18位，现为15位'],
    ['lower-case letter (position 18)', ALIBABA_CHINA.toLowerCase(), '第18位“f”是小写字母，统一社会信用代码只用大写字母'],
    ['lower-case letter in the body', '91330100ma2a1b2c3x', '第9位“m”是小写字母，统一社会信用代码只用大写字母'],
    ['letter I', `I${HUAWEI.slice(1)}`, '第1位不能是字母“I”：统一社会信用代码不使用 I、O、Z、S、V'],
    ['letter O', `${HUAWEI.slice(0, 9)}O${HUAWEI.slice(10)}`, '第10位不能是字母“O”：统一社会信用代码不使用 I、O、Z、S、V'],
    ['letter Z', `${HUAWEI.slice(0, 16)}Z${HUAWEI.slice(17)}`, '第17位不能是字母“Z”：统一社会信用代码不使用 I、O、Z、S、V'],
    ['letter S', `9S${HUAWEI.slice(2)}`, '第2位不能是字母“S”：统一社会信用代码不使用 I、O、Z、S、V'],
    ['letter V as check character', `${HUAWEI.slice(0, 17)}V`, '第18位不能是字母“V”：统一社会信用代码不使用 I、O、Z、S、V'],
    [
      'a letter in the division code (positions 3–8)',
      `91A4${HUAWEI.slice(4)}`,
      '第3位“A”不合法：第3–8位是登记管理机关行政区划码，只能是数字',
    ],
    ['punctuation', '91440300-922038216', '第9位“-”不合法：只能是数字或大写字母（不含 I、O、Z、S、V）'],
    ['a space inside', `914403 01922038216`, '第7位空格不合法：第3–8位是登记管理机关行政区划码，只能是数字'],
    ['a full-width digit', `９${HUAWEI.slice(1)}`, '第1位“９”不合法：只能是数字或大写字母（不含 I、O、Z、S、V）'],
    ['wrong check character', `${HUAWEI.slice(0, 17)}7`, '第18位校验码应为6，现为7，请逐位核对'],
    ['one character changed in the body', '914403001922038316', '第18位校验码应为7，现为6，请逐位核对'],
    ['one character changed in the division code', '914403011922038216', '第18位校验码应为L，现为6，请逐位核对'],
    ['two neighbours swapped', '914403009122038216', '第18位校验码应为G，现为6，请逐位核对'],
    [
      'position 18 consistent but the organisation code check (position 17) wrong',
      // 19220382 has GB 11714 check 1; with 2 and a recomputed position 18:
      '914403001922038229',
      '第9–17位组织机构代码校验不符：第17位应为1，现为2',
    ],
  ])('%s', (_rule, code, message) => {
    const problem = creditCodeProblem(code)
    expect(problem && messageText(problem.key, problem.params)).toBe(message)
    expect(isValidCreditCode(code)).toBe(false)
  })
})

describe('a one-character change anywhere is caught', () => {
  test.each([HUAWEI, ALIBABA_CHINA, TENCENT_COMPUTER])('%s', (code) => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    for (let i = 0; i < 18; i++) {
      for (const ch of alphabet) {
        if (ch === code[i]) continue
        const changed = code.slice(0, i) + ch + code.slice(i + 1)
        expect(isValidCreditCode(changed), changed).toBe(false)
      }
    }
  })
})

describe('withCheckDigit', () => {
  test.each([
    ['rebuilds real codes from their first 17', HUAWEI],
    ['rebuilds a letter check character', ALIBABA_CHINA],
    ['rebuilds another letter check character', TENCENT_COMPUTER],
  ])('%s: %s', (_rule, code) => {
    expect(withCheckDigit(code.slice(0, 17))).toBe(code)
  })

  test.each([
    ['wrong length', '9144030019220382', '统一社会信用代码前17位应为17个字符，现为16个'],
    ['a forbidden letter', '9I440300192203821', '第2位不能是字母“I”：统一社会信用代码不使用 I、O、Z、S、V'],
    ['18 characters', '914403001922038216', '统一社会信用代码前17位应为17个字符，现为18个'],
    ['a wrong organisation code check at 17', '91440300192203822', '第9–17位组织机构代码校验不符：第17位应为1，现为2'],
  ])('refuses %s', (_rule, first17, message) => {
    expect(() => withCheckDigit(first17)).toThrow(RangeError)
    try {
      withCheckDigit(first17)
    } catch (error) {
      expect(error).toBeInstanceOf(CreditCodeError)
      const { problem } = error as CreditCodeError
      expect(messageText(problem.key, problem.params)).toBe(message)
    }
  })

  test('whatever it returns is valid', () => {
    for (const body of ['00000000', '12345678', 'MA2A1B2C', 'MA27XY4Q', '71610585', '99999999']) {
      const code = withCheckDigit(`91331100${body}${organizationCodeCheckChar(body)}`)
      expect(isValidCreditCode(code), code).toBe(true)
    }
  })
})

describe('organisation code check (GB 11714)', () => {
  test.each([
    ['digits only', '19220382', '1'],
    ['digits only, another', '71610585', '2'],
    ['digits only, a third', '70846113', '6'],
    ['with letters (M = 22, A = 10)', 'MA2A1B2C', '6'],
    ['11 − remainder = 10 → X', '47000003', 'X'],
    ['11 − remainder = 11 → 0', '47000008', '0'],
  ])('%s: %s → %s', (_rule, body, check) => {
    expect(organizationCodeCheckChar(body)).toBe(check)
  })
})

describe('normalizeCreditCode makes typed input comparable', () => {
  test.each([
    ['lower case', '91330100716105852f', ALIBABA_CHINA],
    ['spaces and dashes', ' 9133 0100-7161 0585 2F ', ALIBABA_CHINA],
    ['full-width characters', '９１３３０１００７１６１０５８５２Ｆ', ALIBABA_CHINA],
  ])('%s', (_rule, typed, code) => {
    expect(normalizeCreditCode(typed)).toBe(code)
    expect(isValidCreditCode(normalizeCreditCode(typed))).toBe(true)
  })
})

describe('the position-18 weights are 3^(i−1) mod 31', () => {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const check = (first17: string, weights: readonly number[]) => {
    const sum = [...first17].reduce((s, ch, i) => s + charset.indexOf(ch) * weights[i]!, 0)
    return charset[(31 - (sum % 31)) % 31]
  }
  const powers = Array.from({ length: 17 }, (_, i) => Array.from({ length: i }).reduce<number>((p) => (p * 3) % 31, 1))

  test('1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 reproduce the real codes', () => {
    expect(powers).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
    for (const code of [HUAWEI, ALIBABA_CHINA, TENCENT_COMPUTER]) expect(check(code.slice(0, 17), powers)).toBe(code[17])
  })

  test('a circulating list ending …, 28, 25, 15, 8, 24, 10, 11 does not', () => {
    const wrong = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 28, 25, 15, 8, 24, 10, 11]
    for (const code of [HUAWEI, ALIBABA_CHINA, TENCENT_COMPUTER]) expect(check(code.slice(0, 17), wrong)).not.toBe(code[17])
  })
})
