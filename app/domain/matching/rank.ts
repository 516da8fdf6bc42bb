// Ranking: the top k listings of the other side for one listing, each with
// its score, the parts of the score and reasons a person can read.
// The formula is in score.ts.

import type { TransferMode } from '../labels.ts'
import {
  analyzeNeed,
  analyzeResult,
  type AnalyzedText,
  type MatchIndex,
  type MatchableNeed,
  type MatchableResult,
  type Side,
} from './index.ts'
import {
  adjustmentScore,
  bm25Tf,
  idf,
  pairAdjustments,
  queryTermWeight,
  SCORING,
  type BudgetFit,
  type ScoringParams,
} from './score.ts'
import { PAIR_PREFIX } from './tokenize.ts'

export interface MatchReasons {
  /** Words both listings use, strongest first ("泄漏≈渗漏" when the thesaurus joined two words). */
  sharedTerms: string[]
  sameField: boolean
  budgetFit: BudgetFit
  /** Modes the deal could use (the result's modes when the need accepts any). */
  modesInCommon: TransferMode[]
}

export interface MatchParts {
  text: number
  field: number
  budget: number
  modes: number
}

export interface Match {
  id: string
  score: number
  reasons: MatchReasons
  parts: MatchParts
}

export interface RankOptions {
  /** Scoring constants other than the defaults (evaluation only). */
  params?: Partial<ScoringParams>
  /** Ids never to return (e.g. listings of the asking organisation). */
  exclude?: ReadonlySet<string>
  /** At most this many shared terms in the reasons (default 8). */
  maxSharedTerms?: number
}

/** The k results that best meet a need (the need need not be in the index). */
export function topResultsForNeed(index: MatchIndex, need: MatchableNeed, k = 10, options: RankOptions = {}): Match[] {
  const query = index.needs.docs.get(need.id)?.doc === need ? index.needs.docs.get(need.id)!.text : analyzeNeed(need, index.options)
  const p = params(options)
  return rank(index.results, query, need.field, k, options, {
    score: (result) => adjustmentScore(result, need, p),
    explain: (result) => pairAdjustments(result, need, p),
  })
}

/** The k needs a result may meet (the result need not be in the index). */
export function topNeedsForResult(index: MatchIndex, result: MatchableResult, k = 10, options: RankOptions = {}): Match[] {
  const query =
    index.results.docs.get(result.id)?.doc === result
      ? index.results.docs.get(result.id)!.text
      : analyzeResult(result, index.options)
  const p = params(options)
  return rank(index.needs, query, result.field, k, options, {
    score: (need) => adjustmentScore(result, need, p),
    explain: (need) => pairAdjustments(result, need, p),
  })
}

function params(options: RankOptions): ScoringParams {
  return options.params ? { ...SCORING, ...options.params } : SCORING
}

interface Scored {
  id: string
  score: number
  text: number
}

function rank<D extends { id: string; field: string }>(
  side: Side<D>,
  query: AnalyzedText,
  queryField: string,
  k: number,
  options: RankOptions,
  adjust: { score: (doc: D) => number; explain: (doc: D) => ReturnType<typeof pairAdjustments> },
): Match[] {
  if (k <= 0 || side.docs.size === 0) return []
  const p = params(options)
  const n = side.docs.size
  const avgLength = side.totalLength / n

  // Text: accumulate BM25 over the postings of the query's terms, in the
  // query's term order, so a listing's sum is the same however the index
  // was built (slots differ, sums do not).
  const scores = new Float64Array(side.ids.length)
  const seen = new Uint8Array(side.ids.length)
  const touched: number[] = []
  let maxText = 0
  const { k1, b } = p
  const terms = [...query.tf.keys()].sort()
  for (const term of terms) {
    const posting = side.postings.get(term)
    if (!posting) continue
    const w = (term.startsWith(PAIR_PREFIX) ? p.pairWeight : 1) * queryTermWeight(query.tf.get(term)!, p) * idf(n, posting.size)
    maxText += w * (k1 + 1)
    for (const [slot, f] of posting) {
      if (seen[slot] === 0) {
        seen[slot] = 1
        touched.push(slot)
      }
      // bm25Tf inlined: this loop is the hot path.
      const norm = avgLength > 0 ? 1 - b + (b * side.lengths[slot]!) / avgLength : 1
      scores[slot] = scores[slot]! + (w * (f * (k1 + 1))) / (f + k1 * norm)
    }
  }
  // Listings of the same chain are candidates even without a shared word.
  for (const slot of side.byField.get(queryField) ?? []) {
    if (seen[slot] === 0) {
      seen[slot] = 1
      touched.push(slot)
    }
  }

  const heap: Scored[] = []
  for (const slot of touched) {
    const id = side.ids[slot]!
    if (options.exclude?.has(id)) continue
    const entry = side.docs.get(id)!
    const t = maxText > 0 ? scores[slot]! / maxText : 0
    pushTop(heap, { id, score: t + adjust.score(entry.doc), text: t }, k)
  }
  heap.sort(better)

  return heap.map(({ id, score, text: t }) => {
    const entry = side.docs.get(id)!
    const a = adjust.explain(entry.doc)
    return {
      id,
      score,
      reasons: {
        sharedTerms: sharedTerms(query, entry.text, side, n, avgLength, p, options.maxSharedTerms ?? 8),
        sameField: a.relation === 'same',
        budgetFit: a.fit,
        modesInCommon: a.modes,
      },
      parts: { text: t, field: a.field, budget: a.budget, modes: a.mode },
    }
  })
}

/** Higher score first; equal scores by id, so results are deterministic. */
function better(a: Scored, b: Scored): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

// A bounded heap whose root is the worst of the best k kept so far.
function pushTop(heap: Scored[], item: Scored, k: number): void {
  if (heap.length < k) {
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (better(heap[i]!, heap[parent]!) <= 0) break // the parent is no better: in place
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
    return
  }
  if (better(item, heap[0]!) >= 0) return // not better than the worst kept
  heap[0] = item
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let worst = i
    if (l < heap.length && better(heap[l]!, heap[worst]!) > 0) worst = l
    if (r < heap.length && better(heap[r]!, heap[worst]!) > 0) worst = r
    if (worst === i) break
    ;[heap[i], heap[worst]] = [heap[worst]!, heap[i]!]
    i = worst
  }
}

function sharedTerms<D>(
  query: AnalyzedText,
  doc: AnalyzedText,
  side: Side<D>,
  n: number,
  avgLength: number,
  p: ScoringParams,
  max: number,
): string[] {
  const shared: { label: string; weight: number }[] = []
  for (const [term, qf] of query.tf) {
    if (term.startsWith(PAIR_PREFIX)) continue
    const f = doc.tf.get(term)
    if (f === undefined) continue
    const df = side.postings.get(term)?.size ?? 0
    const weight = queryTermWeight(qf, p) * idf(n, df) * bm25Tf(f, doc.length, avgLength, p)
    const asked = query.surfaces.get(term) ?? term
    const found = doc.surfaces.get(term) ?? term
    shared.push({ label: asked === found ? asked : `${asked}≈${found}`, weight })
  }
  shared.sort((a, b) => b.weight - a.weight || (a.label < b.label ? -1 : 1))
  // A pair glued across two shown words (阀体 + 铸件 → 体铸) says nothing new.
  const labels = shared.map((s) => s.label)
  const straddles = (t: string) =>
    t.length === 2 && labels.some((a) => a.length > 1 && a.endsWith(t[0]!)) && labels.some((b) => b.length > 1 && b.startsWith(t[1]!))
  return labels.filter((t) => !straddles(t)).slice(0, max)
}
