// 人民币大写: an amount in fen written in Chinese capital numerals, as on
// receipts, cheques and contracts (《支付结算办法》 附件一 rules): 元 then 角 and
// 分; "整" after 元 or 角 when nothing smaller follows; one 零 for each run of
// zeros inside the number; 壹拾 (not 拾) for a leading ten.
const DIGITS = '零壹贰叁肆伍陆柒捌玖'
const UNITS = ['', '拾', '佰', '仟']
const GROUPS = ['', '万', '亿', '万亿']

function groupText(n: number): string {
  let text = ''
  let zero = false
  for (let i = 3; i >= 0; i--) {
    const d = Math.trunc(n / 10 ** i) % 10
    if (d === 0) {
      if (text) zero = true
    } else {
      if (zero) text += '零'
      zero = false
      text += DIGITS[d]! + UNITS[i]!
    }
  }
  return text
}

function yuanText(yuan: number): string {
  const groups: number[] = []
  for (let rest = yuan; rest > 0; rest = Math.trunc(rest / 10_000)) groups.push(rest % 10_000)
  let text = ''
  let gap = false
  for (let g = groups.length - 1; g >= 0; g--) {
    const n = groups[g]!
    if (n === 0) {
      if (text) gap = true
      continue
    }
    if (text && (gap || n < 1000)) text += '零'
    gap = false
    text += groupText(n) + GROUPS[g]!
  }
  return text
}

/** 96000000 fen → "玖拾陆万元整"; 100105 → "壹仟零壹元零伍分". */
export function chineseCapitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError('an amount in fen must be a non-negative safe integer')
  const yuan = Math.trunc(fen / 100)
  const jiao = Math.trunc(fen / 10) % 10
  const cents = fen % 10
  let text = yuan > 0 ? `${yuanText(yuan)}元` : ''
  if (jiao === 0 && cents === 0) return (text || '零元') + '整'
  if (jiao > 0) text += `${DIGITS[jiao]}角`
  else if (yuan > 0) text += '零'
  text += cents > 0 ? `${DIGITS[cents]}分` : '整'
  return text
}
