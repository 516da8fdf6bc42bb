// Measures the matching engine on the hand-judged fixtures:
//   tsx scripts/evaluate-matching.ts [--fixtures tests/fixtures/matching] [--per-need]
// Prints precision@5, recall@10 and nDCG@10, each the mean over needs.
// Relevance is graded (2 = meets the need, 1 = partly); precision and recall
// count both grades as relevant, nDCG uses gain 2^grade − 1.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildMatchIndex, type MatchableNeed, type MatchableResult } from '../app/domain/matching/index.ts'
import { topResultsForNeed, type RankOptions } from '../app/domain/matching/rank.ts'
import type { TokenizeOptions } from '../app/domain/matching/tokenize.ts'

export interface Judgment {
  needId: string
  relevant: Record<string, 1 | 2>
}

export interface Fixtures {
  results: MatchableResult[]
  needs: MatchableNeed[]
  judgments: Judgment[]
}

export interface NeedScore {
  needId: string
  precisionAt5: number
  recallAt10: number
  ndcgAt10: number
  top: string[]
}

export interface Evaluation {
  needs: number
  precisionAt5: number
  recallAt10: number
  ndcgAt10: number
  perNeed: NeedScore[]
}

export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as T
      } catch (e) {
        throw new Error(`${path}:${i + 1}: ${(e as Error).message}`)
      }
    })
}

export function loadFixtures(dir = fileURLToPath(new URL('../tests/fixtures/matching/', import.meta.url))): Fixtures {
  return {
    results: readJsonLines<MatchableResult>(`${dir}/results.jsonl`),
    needs: readJsonLines<MatchableNeed>(`${dir}/needs.jsonl`),
    judgments: readJsonLines<Judgment>(`${dir}/judgments.jsonl`),
  }
}

/** Precision@k: share of the top k that is relevant (any grade). */
export function precisionAt(ranked: readonly string[], relevant: Record<string, number>, k: number): number {
  return ranked.slice(0, k).filter((id) => (relevant[id] ?? 0) > 0).length / k
}

/** Recall@k: share of the relevant results found in the top k. */
export function recallAt(ranked: readonly string[], relevant: Record<string, number>, k: number): number {
  const total = Object.values(relevant).filter((g) => g > 0).length
  if (total === 0) return 0
  return ranked.slice(0, k).filter((id) => (relevant[id] ?? 0) > 0).length / total
}

/** nDCG@k with gain 2^grade − 1 and log2(rank + 1) discount. */
export function ndcgAt(ranked: readonly string[], relevant: Record<string, number>, k: number): number {
  const dcg = (grades: number[]) => grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0)
  const ideal = dcg(Object.values(relevant).sort((a, b) => b - a))
  if (ideal === 0) return 0
  return dcg(ranked.map((id) => relevant[id] ?? 0)) / ideal
}

export function evaluateMatching(
  fixtures: Fixtures = loadFixtures(),
  options: { rank?: RankOptions; tokenize?: TokenizeOptions } = {},
): Evaluation {
  const index = buildMatchIndex(fixtures.results, [], options.tokenize)
  const needs = new Map(fixtures.needs.map((n) => [n.id, n]))
  const perNeed: NeedScore[] = []
  for (const j of fixtures.judgments) {
    const need = needs.get(j.needId)
    if (!need) throw new Error(`judgment for unknown need ${j.needId}`)
    const top = topResultsForNeed(index, need, 10, options.rank).map((m) => m.id)
    perNeed.push({
      needId: j.needId,
      precisionAt5: precisionAt(top, j.relevant, 5),
      recallAt10: recallAt(top, j.relevant, 10),
      ndcgAt10: ndcgAt(top, j.relevant, 10),
      top,
    })
  }
  const mean = (f: (s: NeedScore) => number) => perNeed.reduce((sum, s) => sum + f(s), 0) / perNeed.length
  return {
    needs: perNeed.length,
    precisionAt5: mean((s) => s.precisionAt5),
    recallAt10: mean((s) => s.recallAt10),
    ndcgAt10: mean((s) => s.ndcgAt10),
    perNeed,
  }
}

/** The best precision@5 the judgments allow (most needs have fewer than five relevant results). */
export function maxPrecisionAt5(judgments: readonly Judgment[]): number {
  return judgments.reduce((sum, j) => sum + Math.min(5, Object.keys(j.relevant).length) / 5, 0) / judgments.length
}

function main(argv: string[]) {
  const dirArg = argv.indexOf('--fixtures')
  const fixtures = dirArg >= 0 ? loadFixtures(argv[dirArg + 1]) : loadFixtures()
  const f3 = (x: number) => x.toFixed(3)
  const report = (label: string, e: Evaluation) =>
    console.log(`${label.padEnd(34)} P@5 ${f3(e.precisionAt5)}  R@10 ${f3(e.recallAt10)}  nDCG@10 ${f3(e.ndcgAt10)}`)

  console.log(
    `${fixtures.results.length} results, ${fixtures.needs.length} needs, ${fixtures.judgments.length} judged; ` +
      `P@5 can reach at most ${f3(maxPrecisionAt5(fixtures.judgments))} (few relevant results per need)`,
  )
  const main = evaluateMatching(fixtures)
  report('engine (as shipped)', main)
  if (argv.includes('--ablation')) {
    report('  no field/budget/mode adjustments', evaluateMatching(fixtures, { rank: { params: { fieldBonus: 0, neighbourFieldBonus: 0, budgetFitBonus: 0, budgetOverPenalty: 0, modeBonus: 0, modePenalty: 0 } } }))
    report('  no neighbour-field bonus', evaluateMatching(fixtures, { rank: { params: { neighbourFieldBonus: 0 } } }))
    report('  no character pairs', evaluateMatching(fixtures, { tokenize: { pairs: false } }))
    report('  no thesaurus', evaluateMatching(fixtures, { tokenize: { synonyms: false } }))
    report('  pairs only (no words)', evaluateMatching(fixtures, { rank: { params: { pairWeight: 1 } } }))
  }
  if (argv.includes('--per-need')) {
    for (const s of main.perNeed) {
      console.log(`${s.needId} nDCG ${f3(s.ndcgAt10)} R@10 ${f3(s.recallAt10)} top ${s.top.slice(0, 5).join(' ')}`)
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2))
