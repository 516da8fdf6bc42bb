import { describe, expect, test } from 'vitest'
import { documentTokens, queryTokens } from '~/domain/search-text.ts'

const doc = documentTokens('高性能阀门密封面激光熔覆技术', '适用于 LNG 超低温球阀，泄漏率降低 90%')

function matches(query: string) {
  const have = new Set(doc)
  return queryTokens(query).every((t) => have.has(t))
}

describe('Chinese full-text search finds any substring of the text', () => {
  test.each([
    ['密封', true],
    ['激光熔覆', true],
    ['阀门密封面', true],
    ['球阀', true],
    ['阀', true], // one character searches by itself
    ['lng', true],
    ['LNG 球阀', true],
    ['密封阀门', false], // words present but not in this order are not a phrase match for the bigram 封阀
    ['电池', false],
    ['涂层', false],
  ])('%s → %s', (q, expected) => expect(matches(q)).toBe(expected))

  test('full-width letters and case are folded', () => {
    expect(queryTokens('ＬＮＧ')).toEqual(['lng'])
  })

  test('a query has at most 32 tokens, so a pasted essay cannot slow the index down', () => {
    expect(queryTokens('一二三四五六七八九十'.repeat(10)).length).toBeLessThanOrEqual(32)
  })
})
