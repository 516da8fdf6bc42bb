// Search tokens for listings, the same on both sides of the query.
//
// PostgreSQL's built-in full-text search cannot segment Chinese, and PGlite has
// no zhparser. So a listing stores its text as tokens (a GIN-indexed text[])
// in the way Lucene's CJK analyzer does: every Chinese character and every
// pair of adjacent characters, and every Latin word or number, lowercased.
// A query is tokenized the same way and matches listings holding all of its
// tokens, which finds any substring of two or more Chinese characters.
// Ranking by meaning is the matching engine's job (app/domain/matching), not this.

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/
const RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9.+-]*[a-z0-9]|[a-z0-9]/g

function runsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUN) ?? []
}

function bigrams(run: string): string[] {
  const chars = Array.from(run)
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  return out
}

/** Tokens a listing is stored with: unigrams and bigrams of Chinese runs, Latin words. */
export function documentTokens(...texts: string[]): string[] {
  const tokens = new Set<string>()
  for (const run of texts.flatMap(runsOf)) {
    if (CJK.test(run)) {
      for (const ch of run) tokens.add(ch)
      for (const bg of bigrams(run)) tokens.add(bg)
    } else {
      tokens.add(run)
    }
  }
  return [...tokens]
}

/**
 * Tokens a query must all match: bigrams of each Chinese run (a lone
 * character stands for itself), Latin words as they are.
 */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>()
  for (const run of runsOf(query)) {
    if (CJK.test(run)) {
      const pairs = bigrams(run)
      if (pairs.length === 0) tokens.add(run)
      for (const bg of pairs) tokens.add(bg)
    } else {
      tokens.add(run)
    }
  }
  return [...tokens].slice(0, 32)
}
