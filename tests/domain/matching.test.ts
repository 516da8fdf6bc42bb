import { describe, expect, test } from 'vitest'
import {
  buildMatchIndex,
  createMatchIndex,
  removeNeed,
  removeResult,
  upsertNeed,
  upsertResult,
  type MatchableNeed,
  type MatchableResult,
} from '~/domain/matching/index.ts'
import { topNeedsForResult, topResultsForNeed } from '~/domain/matching/rank.ts'
import { budgetFit, modesInCommon, SCORING } from '~/domain/matching/score.ts'
import { words } from '~/domain/matching/tokenize.ts'
import { loadFixtures } from '../../scripts/evaluate-matching.ts'

const W = 1_000_000 // fen in 万元

function result(over: Partial<MatchableResult> & { id: string }): MatchableResult {
  return { title: '', summary: '', keywords: [], field: 'equipment', transferModes: [], askingPriceFen: null, ...over }
}
function need(over: Partial<MatchableNeed> = {}): MatchableNeed {
  return {
    id: 'n1',
    title: '闸阀关闭不严渗漏',
    description: '阀座密封面被蒸汽冲蚀后渗漏，希望提高密封面硬度。',
    keywords: ['闸阀', '密封面'],
    field: 'equipment',
    acceptedModes: [],
    budgetMinFen: null,
    budgetMaxFen: null,
    ...over,
  }
}
const coating = result({
  id: 'r-coating',
  title: '阀门密封面激光熔覆耐磨涂层',
  summary: '在阀座密封面熔覆钴基合金，泄漏率显著下降。',
  keywords: ['激光熔覆', '密封面'],
})

describe('Chinese text is segmented into words, not characters', () => {
  test.each([
    ['阀门密封面的耐磨涂层及其制备方法', ['阀门', '密封', '密封面', '耐磨', '涂层', '制备']],
    ['污水处理厂曝气系统节能控制', ['污水', '曝气', '节能']],
    ['碳化硅单晶衬底', ['碳化硅', '单晶', '衬底']],
  ])('%s', (text, expected) => {
    const terms = words(text)
    for (const w of expected) expect(terms).toContain(w)
    expect(terms.every((t) => t.length >= 2)).toBe(true)
  })

  test('generic words (一种, 方法, 技术) are not terms', () => {
    expect(words('一种新型技术方法')).toEqual([])
  })

  test('Latin words are lowercased, singular, stop words dropped', () => {
    expect(words('The HVOF Coatings for Valve Seats')).toEqual(['hvof', 'coating', 'valve', 'seat', 'valve seat'])
  })
})

describe('reasons', () => {
  const index = buildMatchIndex([coating, result({ id: 'r-other', title: '数控机床主轴热误差补偿', field: 'equipment' })], [])

  test('shared terms are reported, joined synonyms shown as asked≈found', () => {
    const [top] = topResultsForNeed(index, need(), 1)
    expect(top!.id).toBe('r-coating')
    expect(top!.reasons.sharedTerms).toEqual(expect.arrayContaining(['密封面', '渗漏≈泄漏']))
    expect(top!.reasons.sharedTerms.every((t) => t.length >= 2)).toBe(true)
  })

  test('an English listing meets a Chinese need through the thesaurus', () => {
    const english = result({ id: 'r-en', title: 'Wear-resistant coating for valve seats', summary: 'Stops leakage of gate valves.' })
    const idx = buildMatchIndex([english], [])
    const [top] = topResultsForNeed(idx, need({ title: '阀门耐磨涂层', description: '减少泄漏', keywords: [] }), 1)
    expect(top!.reasons.sharedTerms).toEqual(expect.arrayContaining(['阀门≈valve', '耐磨≈wear resistant', '涂层≈coating', '泄漏≈leakage']))
  })
})

describe('same field adds a fixed bonus', () => {
  const a = result({ ...coating, id: 'a-elsewhere', field: 'digital' })
  const b = result({ ...coating, id: 'b-same', field: 'equipment' })
  const index = buildMatchIndex([a, b], [])
  const ranked = topResultsForNeed(index, need(), 2)

  test('the same-field result ranks first, by exactly the bonus', () => {
    expect(ranked.map((m) => m.id)).toEqual(['b-same', 'a-elsewhere'])
    expect(ranked[0]!.reasons.sameField).toBe(true)
    expect(ranked[1]!.reasons.sameField).toBe(false)
    expect(ranked[0]!.parts.field).toBe(SCORING.fieldBonus)
    expect(ranked[0]!.score - ranked[1]!.score).toBeCloseTo(SCORING.fieldBonus, 12)
  })

  test('a same-field listing sharing no word is still a candidate, below those that do', () => {
    const idx = buildMatchIndex([coating, result({ id: 'r-mute', title: '矿用永磁直驱电机' })], [])
    const ranked2 = topResultsForNeed(idx, need(), 5)
    expect(ranked2.map((m) => m.id)).toEqual(['r-coating', 'r-mute'])
    expect(ranked2[1]!.parts.text).toBe(0)
  })
})

describe('budget fit: asking price against the need budget (fen)', () => {
  test.each([
    [50 * W, 30 * W, 100 * W, 'fits'],
    [100 * W, 30 * W, 100 * W, 'fits'],
    [100 * W + 1, 30 * W, 100 * W, 'over'],
    [20 * W, 30 * W, 100 * W, 'under'],
    [20 * W, null, 100 * W, 'fits'],
    [200 * W, 30 * W, null, 'fits'],
    [null, 30 * W, 100 * W, 'unknown'],
    [50 * W, null, null, 'unknown'],
  ] as const)('price %s in [%s, %s] → %s', (price, min, max, expected) => {
    expect(budgetFit(price, min, max)).toBe(expected)
  })

  test('over budget ranks below fits; the penalty grows up to twice the budget', () => {
    const prices = { fits: 50 * W, over15: 150 * W, over3x: 300 * W, over10x: 1000 * W }
    const index = buildMatchIndex(
      Object.entries(prices).map(([id, askingPriceFen]) => ({ ...coating, id, askingPriceFen })),
      [],
    )
    const ranked = topResultsForNeed(index, need({ budgetMinFen: 30 * W, budgetMaxFen: 100 * W }), 4)
    // over3x and over10x both carry the full penalty: equal scores, ordered by id.
    expect(ranked.map((m) => m.id)).toEqual(['fits', 'over15', 'over10x', 'over3x'])
    const byId = Object.fromEntries(ranked.map((m) => [m.id, m]))
    expect(byId.fits!.reasons.budgetFit).toBe('fits')
    expect(byId.fits!.parts.budget).toBe(SCORING.budgetFitBonus)
    expect(byId.over15!.reasons.budgetFit).toBe('over')
    expect(byId.over15!.parts.budget).toBeLessThan(0)
    expect(byId.over3x!.parts.budget).toBe(-SCORING.budgetOverPenalty)
    expect(byId.over10x!.parts.budget).toBe(-SCORING.budgetOverPenalty)
  })
})

describe('transfer modes', () => {
  test.each([
    [['TRANSFER', 'LICENCE'], ['LICENCE', 'EQUITY'], ['LICENCE']],
    [['TRANSFER'], ['EQUITY'], []],
    [['TRANSFER', 'JOINT_DEVELOPMENT'], [], ['TRANSFER', 'JOINT_DEVELOPMENT']], // the need accepts any
    [[], ['TRANSFER'], []],
  ])('offered %j, accepted %j → %j', (offered, accepted, expected) => {
    expect(modesInCommon(offered, accepted)).toEqual(expected)
  })

  test('a result with no acceptable mode ranks below one with a mode in common', () => {
    const index = buildMatchIndex(
      [
        { ...coating, id: 'equity-only', transferModes: ['EQUITY'] },
        { ...coating, id: 'licence', transferModes: ['LICENCE'] },
      ],
      [],
    )
    const ranked = topResultsForNeed(index, need({ acceptedModes: ['TRANSFER', 'LICENCE'] }), 2)
    expect(ranked.map((m) => m.id)).toEqual(['licence', 'equity-only'])
    expect(ranked[0]!.reasons.modesInCommon).toEqual(['LICENCE'])
    expect(ranked[1]!.reasons.modesInCommon).toEqual([])
    expect(ranked[0]!.parts.modes).toBe(SCORING.modeBonus)
    expect(ranked[1]!.parts.modes).toBe(-SCORING.modePenalty)
  })
})

describe('the index is kept current without a rebuild', () => {
  const { results, needs } = loadFixtures()

  function rankingOf(index: ReturnType<typeof createMatchIndex>) {
    return {
      forNeeds: needs.map((n) => topResultsForNeed(index, n, 10).map((m) => [m.id, m.score])),
      forResults: results.slice(0, 30).map((r) => topNeedsForResult(index, r, 5).map((m) => [m.id, m.score])),
    }
  }

  test('publishing, editing and withdrawing one at a time ranks exactly as a fresh build', () => {
    const live = createMatchIndex()
    // Publish everything (results and needs interleaved), in a shuffled order.
    const order = [...results.keys()].sort((a, b) => ((a * 7919) % 113) - ((b * 7919) % 113))
    order.forEach((i, step) => {
      upsertResult(live, results[i]!)
      if (step < needs.length) upsertNeed(live, needs[step]!)
    })
    for (const need of needs.slice(order.length)) upsertNeed(live, need)
    // Edit some: first a wrong text, then back to the real one; change a field.
    const edited = results.slice(0, 20).map((r, i) => (i % 2 === 0 ? { ...r, field: 'digital', summary: r.summary + '补充说明' } : r))
    for (const r of results.slice(0, 20)) upsertResult(live, { ...r, title: '临时标题 temporary', keywords: [] })
    for (const r of edited) upsertResult(live, r)
    // Withdraw some results and close some needs.
    const withdrawn = new Set(results.filter((_, i) => i % 9 === 4).map((r) => r.id))
    for (const id of withdrawn) removeResult(live, id)
    const closed = new Set(needs.filter((_, i) => i % 11 === 3).map((n) => n.id))
    for (const id of closed) removeNeed(live, id)
    removeResult(live, 'no-such-id') // no-op

    const finalResults = [...edited, ...results.slice(20)].filter((r) => !withdrawn.has(r.id))
    const fresh = buildMatchIndex(finalResults, needs.filter((n) => !closed.has(n.id)))
    expect(rankingOf(live)).toEqual(rankingOf(fresh))
    for (const top of rankingOf(live).forNeeds) for (const [id] of top) expect(withdrawn.has(id as string)).toBe(false)
  })
})

describe('ranking output', () => {
  const { results, needs } = loadFixtures()
  const index = buildMatchIndex(results, needs)

  test('top k is sorted by score (ties by id), finite, at most k long', () => {
    for (const n of needs) {
      const top = topResultsForNeed(index, n, 10)
      expect(top.length).toBeLessThanOrEqual(10)
      for (let i = 1; i < top.length; i++) {
        const [a, b] = [top[i - 1]!, top[i]!]
        expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true)
      }
      for (const m of top) {
        expect(Number.isFinite(m.score)).toBe(true)
        expect(m.score).toBeCloseTo(m.parts.text + m.parts.field + m.parts.budget + m.parts.modes, 12)
      }
    }
  })

  test('a result finds the needs it may meet', () => {
    const sic = results.find((r) => r.id === 'r045')!
    expect(topNeedsForResult(index, sic, 3)[0]!.id).toBe('n036')
  })

  test('k = 0 and an empty index give nothing', () => {
    expect(topResultsForNeed(index, needs[0]!, 0)).toEqual([])
    expect(topResultsForNeed(createMatchIndex(), needs[0]!, 5)).toEqual([])
  })

  test('excluded ids are never returned', () => {
    const first = topResultsForNeed(index, needs[0]!, 1)[0]!.id
    expect(topResultsForNeed(index, needs[0]!, 10, { exclude: new Set([first]) }).map((m) => m.id)).not.toContain(first)
  })
})
