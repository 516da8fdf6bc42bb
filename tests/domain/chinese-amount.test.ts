import { describe, expect, test } from 'vitest'
import { chineseCapitalAmount } from '~/domain/chinese-amount.ts'

describe('人民币大写 follows the payment-settlement rules', () => {
  test.each([
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角整'],
    [55, '伍角伍分'],
    [100, '壹元整'],
    [105, '壹元零伍分'],
    [110, '壹元壹角整'],
    [1_000_00, '壹仟元整'],
    [1_005_00, '壹仟零伍元整'],
    [1_050_00, '壹仟零伍拾元整'],
    [1_000_05, '壹仟元零伍分'],
    [10_000_00, '壹万元整'],
    [10_005_00, '壹万零伍元整'],
    [100_000_00, '壹拾万元整'],
    [105_000_00, '壹拾万伍仟元整'],
    [100_500_00, '壹拾万零伍佰元整'],
    [960_000_00, '玖拾陆万元整'],
    [1_234_567_89, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    [10_000_000_00, '壹仟万元整'],
    [100_000_000_00, '壹亿元整'],
    [100_001_000_00, '壹亿零壹仟元整'],
    [100_010_000_00, '壹亿零壹万元整'],
    [101_000_000_00, '壹亿零壹佰万元整'],
    [110_000_000_00, '壹亿壹仟万元整'],
    [1_000_000_000_000_00, '壹万亿元整'],
  ])('%i fen → %s', (fen, text) => {
    expect(chineseCapitalAmount(fen)).toBe(text)
  })

  test.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 2])('%d is refused', (fen) => {
    expect(() => chineseCapitalAmount(fen)).toThrow(RangeError)
  })
})
