import { describe, expect, test } from 'vitest'
import { evaluateMatching, loadFixtures } from '../../scripts/evaluate-matching.ts'

// The engine is measured on hand-judged listings (tests/fixtures/matching);
// `tsx scripts/evaluate-matching.ts --ablation` prints the figures.
describe('matching quality on the judged fixtures', () => {
  const fixtures = loadFixtures()

  test('the evaluation set is big enough and consistent', () => {
    expect(fixtures.results.length).toBeGreaterThanOrEqual(100)
    expect(fixtures.needs.length).toBeGreaterThanOrEqual(60)
    const resultIds = new Set(fixtures.results.map((r) => r.id))
    const needIds = new Set(fixtures.needs.map((n) => n.id))
    for (const j of fixtures.judgments) {
      expect(needIds.has(j.needId)).toBe(true)
      for (const [id, grade] of Object.entries(j.relevant)) {
        expect(resultIds.has(id)).toBe(true)
        expect([1, 2]).toContain(grade)
      }
    }
  })

  test('nDCG@10 stays at or above 0.7', () => {
    const e = evaluateMatching(fixtures)
    expect(e.ndcgAt10).toBeGreaterThanOrEqual(0.7)
  })
})
