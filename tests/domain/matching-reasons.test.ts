// Reasons people can read (issue 16 part 3) and the bridge as data (part 2),
// with the segmenter the app uses.
import { describe, expect, test } from 'vitest'
import { bridgeEntriesIn, compileBridge } from '~/domain/matching/bridge.ts'
import { DEFAULT_BRIDGE } from '~/domain/matching/bridge-data.ts'
import { technicalWords } from '~/domain/matching/dictionary.ts'
import { buildMatchIndex, type MatchableNeed, type MatchableResult } from '~/domain/matching/index.ts'
import { topResultsForNeed } from '~/domain/matching/rank.ts'
import { createJiebaSegmenter } from '~/utils/segmenter.server.ts'

function result(over: Partial<MatchableResult> & { id: string }): MatchableResult {
  return { title: '', summary: '', keywords: [], field: 'auto-parts', transferModes: [], askingPriceFen: null, ...over }
}
const need: MatchableNeed = {
  id: 'n1',
  title: '出口北美的刹车片要把铜去掉，高温段刹不住',
  description: '在这种情况下完成台架试验时，刹车片高温段刹不住，客户投诉，需要尽快解决。',
  keywords: [],
  field: 'auto-parts',
  acceptedModes: [],
  budgetMinFen: null,
  budgetMaxFen: null,
}
const friction = result({
  id: 'r-friction',
  title: '低铜无石棉摩擦材料及其高温制动衰退抑制技术',
  summary: '以芳纶浆粕和钛酸钾晶须替代铜纤维，在这种情况下完成了台架试验，600℃下摩擦系数保持率85%以上，热衰退小。',
  keywords: ['摩擦材料', '制动衰退', '无铜'],
})
// A look-alike: shares the product's words (刹车片, 铜, 高温, 台架试验), solves another problem (squeal).
const squeal = result({
  id: 'r-squeal',
  title: '城轨列车铜基粉末冶金刹车片啸叫抑制技术',
  summary: '针对铜基粉末冶金刹车片在高温下的啸叫，采用阻尼背板与倒角结构，在这种情况下完成台架试验，噪声降低8分贝。',
  keywords: ['刹车片', '啸叫', '粉末冶金'],
})

const bridge = compileBridge(DEFAULT_BRIDGE)
const segmenter = createJiebaSegmenter(technicalWords([friction, squeal, need], bridge))
const index = buildMatchIndex([friction, squeal], [], { segmenter, bridge })

describe('reasons are whole terms or named relations', () => {
  const matches = topResultsForNeed(index, need, 2)

  test('the result that solves the problem ranks above the look-alike that shares the product words', () => {
    expect(matches.map((m) => m.id)).toEqual(['r-friction', 'r-squeal'])
  })

  test('the bridge used is a reason: "刹不住 → 制动衰退…"', () => {
    expect(matches[0]!.reasons.bridges.some((b) => b.startsWith('刹不住 → ') && b.includes('制动衰退'))).toBe(true)
  })

  test.each(['况下', '完成', '试验', '情况', '这种'])('no fragment or generic word as a reason: %s', (fragment) => {
    for (const m of matches) expect(m.reasons.sharedTerms).not.toContain(fragment)
  })

  test('every shared term is a word of two characters or more, never a character pair', () => {
    for (const m of matches) {
      for (const t of m.reasons.sharedTerms) {
        expect(t.startsWith('~')).toBe(false)
        expect(t.replace(/≈.*/, '').length).toBeGreaterThanOrEqual(2)
      }
    }
    expect(matches[0]!.reasons.sharedTerms).toEqual(expect.arrayContaining(['刹车≈制动']))
  })
})

describe('the bridge', () => {
  test('entries fire on the problem as a substring of the need, after NFKC and lowercase', () => {
    const b = compileBridge([{ problem: '漏', technology: '密封' }, { problem: 'COD高', technology: '高级氧化' }])
    expect(bridgeEntriesIn(b, '阀门老是漏水', 'forward').map((e) => e.technology)).toEqual(['密封'])
    expect(bridgeEntriesIn(b, 'ｃｏｄ高降不下来'.normalize('NFKC').toLowerCase(), 'forward').map((e) => e.technology)).toEqual(['高级氧化'])
    expect(bridgeEntriesIn(b, '采用高级氧化工艺', 'reverse').map((e) => e.problem)).toEqual(['cod高'])
  })

  test('an English problem fires only as whole words (a plural or -ed/-ing ending may follow)', () => {
    const b = compileBridge([{ problem: 'rust', technology: '防锈' }, { problem: 'fume', technology: '废气治理' }])
    const fired = (text: string) => bridgeEntriesIn(b, text, 'forward').map((e) => e.technology)
    expect(fired('gates rust within a year')).toEqual(['防锈'])
    expect(fired('welding fumes in the shop')).toEqual(['废气治理'])
    expect(fired('axial thrust on the bearing')).toEqual([])
    expect(fired('a perfume bottle line')).toEqual([])
  })

  test('an entry whose two sides are the same, or empty, is dropped', () => {
    expect(compileBridge([{ problem: '晶圆', technology: '晶圆' }, { problem: ' ', technology: '密封' }]).entries).toEqual([])
  })

  test('without the bridge the look-alike is closer: the bridge is what tells them apart here', () => {
    const plain = buildMatchIndex([friction, squeal], [], { segmenter })
    const [a, b] = topResultsForNeed(plain, need, 2)
    const [c, d] = matches()
    expect(c!.score - d!.score).toBeGreaterThan(a!.id === 'r-friction' ? a!.score - b!.score : b!.score - a!.score)
    function matches() {
      return topResultsForNeed(index, need, 2)
    }
  })
})

describe('everyday words are not shown as reasons', () => {
  const plain: MatchableNeed = { ...need, id: 'n-plain', title: '车间注塑件直接一次成型后翘曲', description: '车间管理说注塑件一次成型后翘曲，合格率下降，损失大。' }
  const moulding = result({ id: 'r-moulding', title: '注塑件翘曲变形控制', summary: '通过模温分区与保压曲线优化，注塑件一次成型翘曲量下降60%，减少车间损失，管理简单。', keywords: ['注塑', '翘曲'] })
  const idx = buildMatchIndex([moulding], [], { segmenter: createJiebaSegmenter(technicalWords([moulding, plain], bridge)), bridge })
  const [m] = topResultsForNeed(idx, plain, 1)

  test('the technical words are the reasons', () => {
    expect(m!.reasons.sharedTerms).toContain('翘曲')
  })

  test.each(['车间', '直接', '一次', '下降', '损失', '管理'])('not a reason: %s', (word) => {
    expect(m!.reasons.sharedTerms).not.toContain(word)
  })
})
