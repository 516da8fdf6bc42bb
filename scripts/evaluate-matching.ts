// Measures the matcher on judged evaluation sets, each split into a part we
// may tune on and a held-out part we only report:
//   npm run eval:matching                       both sets in tests/fixtures
//   tsx scripts/evaluate-matching.ts --set DIR  one set (any folder in one of the two layouts below)
//   … --per-need  one line per need;  --ablation  each idea on and off, tuning parts only
//   … --compare   per tuning need: nDCG@10 of ours and the baseline, and both top 10s with grades
//                 (tuning parts only: the held-out needs are never listed one by one)
//   … --tune-only print the tuning parts only (for tuning sessions: held-out figures stay unseen)
// Prints nDCG@10, P@5 and R@10 (means over needs) for ours and for the
// baseline, plain BM25 over overlapping character pairs (no segmentation, no
// thesaurus, no bridge), side by side.
//
// Layouts: results.jsonl / needs.jsonl / judgments.jsonl (tests/fixtures/matching)
// or results.json / needs.json / judgments.json (tests/fixtures/matching-independent);
// split.json holds { tune: [needId…], heldout: [needId…] }. Grades: higher is
// better; nDCG uses gain 2^grade − 1; P@5 and R@10 count grades of at least half the top
// grade as relevant (≥ 1 on a 1–2 scale, ≥ 2 on a 0–3 scale).

import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compileBridge, type Bridge } from '../app/domain/matching/bridge.ts'
import { DEFAULT_BRIDGE } from '../app/domain/matching/bridge-data.ts'
import { technicalWords } from '../app/domain/matching/dictionary.ts'
import { buildMatchIndex, type MatchIndex, type MatchIndexOptions, type MatchableNeed, type MatchableResult } from '../app/domain/matching/index.ts'
import { topResultsForNeed, type RankOptions } from '../app/domain/matching/rank.ts'
import type { WordSegmenter } from '../app/domain/matching/tokenize.ts'
import { createJiebaSegmenter, type JiebaOptions } from '../app/utils/segmenter.server.ts'

export interface Judgment {
  needId: string
  /** Result id → grade (only grades above 0 are kept). */
  relevant: Record<string, number>
}

export interface Fixtures {
  results: MatchableResult[]
  needs: MatchableNeed[]
  judgments: Judgment[]
}

export interface EvalSet extends Fixtures {
  name: string
  split: { tune: string[]; heldout: string[] }
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

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/', import.meta.url))
export const EXISTING_SET = `${FIXTURES}matching`
export const INDEPENDENT_SET = `${FIXTURES}matching-independent`

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

/** Records of a JSON-lines file, or of a JSON file holding an array (or an object whose one array holds them). */
export function readRecordFile(path: string): unknown[] {
  const text = readFileSync(path, 'utf8')
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return readJsonLines(path) // several lines, one object each
  }
  if (Array.isArray(v)) return v
  const o = v as Record<string, unknown>
  if ('id' in o) return [o] // a JSON-lines file of one line
  return Object.values(o).find(Array.isArray) ?? []
}

function readRecords(dir: string, name: string): unknown[] {
  if (existsSync(`${dir}/${name}.jsonl`)) return readJsonLines(`${dir}/${name}.jsonl`)
  const v = JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8')) as unknown
  if (Array.isArray(v)) return v
  // { "results": [...] } or { id: {...} }
  const o = v as Record<string, unknown>
  if (Array.isArray(o[name])) return o[name] as unknown[]
  return Object.entries(o).map(([id, rec]) => (typeof rec === 'object' && rec !== null ? { id, ...rec } : { id, value: rec }))
}

export type Rec = Record<string, unknown>
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? v.split(/[，,、;；\s]+/).filter(Boolean) : [])
const fen = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** A result record in either layout (transferModes or modes, summary or description …). */
export function toResult(r: Rec): MatchableResult {
  return {
    id: String(r.id),
    title: str(r.title),
    summary: str(r.summary ?? r.description ?? r.abstract ?? r.text),
    keywords: strs(r.keywords),
    field: str(r.field) || 'other',
    transferModes: strs(r.transferModes ?? r.modes),
    askingPriceFen: fen(r.askingPriceFen),
  }
}

/** A need record in either layout. */
export function toNeed(n: Rec): MatchableNeed {
  return {
    id: String(n.id),
    title: str(n.title),
    description: str(n.description ?? n.summary ?? n.text),
    keywords: strs(n.keywords),
    field: str(n.field) || 'other',
    acceptedModes: strs(n.acceptedModes ?? n.modes),
    budgetMinFen: fen(n.budgetMinFen),
    budgetMaxFen: fen(n.budgetMaxFen),
  }
}

// judgments.json may also be { scale, judgments: { needId: { resultId: grade } } }.
function readJudgmentRecords(dir: string): unknown[] {
  if (existsSync(`${dir}/judgments.jsonl`)) return readJsonLines(`${dir}/judgments.jsonl`)
  const v = JSON.parse(readFileSync(`${dir}/judgments.json`, 'utf8')) as unknown
  if (Array.isArray(v)) return v
  const o = v as Record<string, unknown>
  const inner = (o.judgments && typeof o.judgments === 'object' ? o.judgments : o) as Record<string, unknown>
  if (Array.isArray(inner)) return inner
  return Object.entries(inner).map(([needId, relevant]) => ({ needId, relevant }))
}

/** Judgments in any of: {needId, relevant:{id:grade}}, {needId, resultId, grade}, or {needId:{id:grade}}. */
function toJudgments(records: unknown[]): Judgment[] {
  const by = new Map<string, Record<string, number>>()
  const put = (needId: string, resultId: string, grade: number) => {
    if (!by.has(needId)) by.set(needId, {})
    if (grade > 0) by.get(needId)![resultId] = grade
  }
  for (const rec of records as Rec[]) {
    const needId = String(rec.needId ?? rec.need ?? rec.id)
    const rel = rec.relevant ?? rec.judgments ?? rec.grades
    if (rel && typeof rel === 'object' && !Array.isArray(rel)) {
      for (const [id, g] of Object.entries(rel as Record<string, unknown>)) put(needId, id, Number(g))
    } else if (Array.isArray(rel)) {
      for (const x of rel as Rec[]) put(needId, String(x.resultId ?? x.id), Number(x.grade ?? x.relevance))
    } else if (rec.resultId !== undefined) {
      put(needId, String(rec.resultId), Number(rec.grade ?? rec.relevance))
    } else {
      for (const [id, g] of Object.entries(rec)) if (id !== 'id' && typeof g === 'number') put(needId, id, g)
    }
  }
  return [...by].map(([needId, relevant]) => ({ needId, relevant }))
}

export function loadEvalSet(dir: string, name = dir.split('/').filter(Boolean).pop()!): EvalSet {
  const results = readRecords(dir, 'results').map((r) => toResult(r as Rec))
  const needs = readRecords(dir, 'needs').map((n) => toNeed(n as Rec))
  const judgments = toJudgments(readJudgmentRecords(dir))
  const split = existsSync(`${dir}/split.json`)
    ? (JSON.parse(readFileSync(`${dir}/split.json`, 'utf8')) as { tune: string[]; heldout: string[] })
    : { tune: [], heldout: judgments.map((j) => j.needId) }
  return { name, results, needs, judgments, split: { tune: split.tune ?? [], heldout: split.heldout ?? [] } }
}

/** The first set (kept for older callers): tests/fixtures/matching. */
export function loadFixtures(dir = EXISTING_SET): Fixtures {
  return loadEvalSet(dir)
}

/** Precision@k: share of the top k that is relevant (grade ≥ from). */
export function precisionAt(ranked: readonly string[], relevant: Record<string, number>, k: number, from = 1): number {
  return ranked.slice(0, k).filter((id) => (relevant[id] ?? 0) >= from).length / k
}

/** Recall@k: share of the relevant results (grade ≥ from) found in the top k. */
export function recallAt(ranked: readonly string[], relevant: Record<string, number>, k: number, from = 1): number {
  const total = Object.values(relevant).filter((g) => g >= from).length
  if (total === 0) return 0
  return ranked.slice(0, k).filter((id) => (relevant[id] ?? 0) >= from).length / total
}

/**
 * The grade from which a result counts as relevant for P@5 and R@10: half the
 * set's top grade, rounded up (1 on a 1–2 scale: "partly" counts; 2 on a 0–3
 * scale: "largely helps" counts, "related" does not).
 */
export function relevantFrom(judgments: readonly Judgment[]): number {
  const top = Math.max(1, ...judgments.flatMap((j) => Object.values(j.relevant)))
  return Math.ceil(top / 2)
}

/** nDCG@k with gain 2^grade − 1 and log2(rank + 1) discount. */
export function ndcgAt(ranked: readonly string[], relevant: Record<string, number>, k: number): number {
  const dcg = (grades: number[]) => grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0)
  const ideal = dcg(Object.values(relevant).sort((a, b) => b - a))
  if (ideal === 0) return 0
  return dcg(ranked.map((id) => relevant[id] ?? 0)) / ideal
}

/** A ranker: the top 10 result ids for a need. */
export type Ranker = (need: MatchableNeed) => string[]

export interface MatcherConfig {
  rank?: RankOptions
  index?: MatchIndexOptions
  /** Segment with jieba and the technical dictionary (default), or with Intl.Segmenter. */
  segmenter?: 'jieba' | 'intl'
  /** The bridge (default: the built-in list); null for none. */
  bridge?: Bridge | null
  jieba?: JiebaOptions
}

const segmenters = new Map<string, WordSegmenter>()
/** jieba with the set's technical dictionary (keywords of its listings, thesaurus, bridge), built once per set. */
export function setSegmenter(set: Pick<Fixtures, 'results' | 'needs'>, bridge: Bridge | null, options: JiebaOptions = {}): WordSegmenter {
  const key = `${set.results.length}:${set.needs.length}:${set.results[0]?.id}:${bridge?.entries.length ?? 0}:${JSON.stringify(options)}`
  let s = segmenters.get(key)
  if (!s) segmenters.set(key, (s = createJiebaSegmenter(technicalWords([...set.results, ...set.needs], bridge ?? undefined), options)))
  return s
}

/** The index the app would build over these listings (jieba + technical dictionary + built-in bridge), or a variant. */
export function matcherIndex(set: Pick<Fixtures, 'results' | 'needs'>, config: MatcherConfig = {}): MatchIndex {
  const bridge = config.bridge === undefined ? compileBridge(DEFAULT_BRIDGE) : config.bridge
  const segmenter = config.segmenter === 'intl' ? undefined : setSegmenter(set, bridge, config.jieba)
  return buildMatchIndex(set.results, [], { segmenter, bridge: bridge ?? undefined, ...config.index })
}

/** Our matcher as it runs in the app, or a variant. */
export function matcherRanker(set: Fixtures, config: MatcherConfig = {}): Ranker {
  const index = matcherIndex(set, config)
  return (need) => topResultsForNeed(index, need, 10, config.rank).map((m) => m.id)
}

// ---------------------------------------------------------------------------
// The baseline: BM25 (k1 1.2, b 0.75) over overlapping character pairs of the
// whole text (title, keywords, summary), Latin words whole; no segmentation,
// no thesaurus, no field weights, no bridge, no field/budget/mode terms.

export function characterPairs(text: string): string[] {
  const out: string[] = []
  for (const run of text.normalize('NFKC').toLowerCase().match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g) ?? []) {
    if (/^[a-z0-9]/.test(run)) out.push(run)
    else if (run.length === 1) out.push(run)
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2))
  }
  return out
}

export function baselineRanker(set: Fixtures): Ranker {
  const k1 = 1.2
  const b = 0.75
  const docs = set.results.map((r) => {
    const tf = new Map<string, number>()
    const toks = characterPairs(`${r.title} ${r.keywords.join(' ')} ${r.summary}`)
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1)
    return { id: r.id, tf, len: toks.length }
  })
  const df = new Map<string, number>()
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1)
  const n = docs.length
  const avg = docs.reduce((s, d) => s + d.len, 0) / Math.max(1, n)
  return (need) => {
    const q = new Map<string, number>()
    for (const t of characterPairs(`${need.title} ${need.keywords.join(' ')} ${need.description}`)) q.set(t, (q.get(t) ?? 0) + 1)
    const scored = docs.map((d) => {
      let s = 0
      for (const [t, qf] of q) {
        const f = d.tf.get(t)
        if (!f) continue
        const idf = Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5))
        s += qf * idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.len) / avg)))
      }
      return { id: d.id, s }
    })
    scored.sort((x, y) => y.s - x.s || (x.id < y.id ? -1 : 1))
    return scored.slice(0, 10).map((x) => x.id)
  }
}

// ---------------------------------------------------------------------------

export function evaluate(set: Fixtures, ranker: Ranker, needIds?: readonly string[]): Evaluation {
  const needs = new Map(set.needs.map((n) => [n.id, n]))
  const judged = new Map(set.judgments.map((j) => [j.needId, j]))
  // A need the catalogue holds no answer for (every pooled candidate graded 0) has no ideal ranking: left out, as
  // TREC leaves out topics without a relevant document.
  const ids = (needIds ?? set.judgments.map((j) => j.needId)).filter((id) => Object.keys(judged.get(id)?.relevant ?? {}).length > 0)
  const from = relevantFrom(set.judgments)
  const perNeed: NeedScore[] = []
  for (const id of ids) {
    const need = needs.get(id)
    if (!need) throw new Error(`judged need ${id} is not in needs`)
    const relevant = judged.get(id)?.relevant ?? {}
    const top = ranker(need)
    perNeed.push({
      needId: id,
      precisionAt5: precisionAt(top, relevant, 5, from),
      recallAt10: recallAt(top, relevant, 10, from),
      ndcgAt10: ndcgAt(top, relevant, 10),
      top,
    })
  }
  const mean = (f: (s: NeedScore) => number) => (perNeed.length === 0 ? 0 : perNeed.reduce((sum, s) => sum + f(s), 0) / perNeed.length)
  return { needs: perNeed.length, precisionAt5: mean((s) => s.precisionAt5), recallAt10: mean((s) => s.recallAt10), ndcgAt10: mean((s) => s.ndcgAt10), perNeed }
}

/** Our matcher over all judged needs of a set (kept for older callers). */
export function evaluateMatching(fixtures: Fixtures = loadFixtures(), config: MatcherConfig = {}): Evaluation {
  return evaluate(fixtures, matcherRanker(fixtures, config))
}

export interface SetReport {
  set: string
  part: 'tune' | 'heldout'
  ours: Evaluation
  baseline: Evaluation
}

export function reportSet(set: EvalSet, config: MatcherConfig = {}): SetReport[] {
  const ours = matcherRanker(set, config)
  const base = baselineRanker(set)
  return (['tune', 'heldout'] as const)
    .filter((part) => set.split[part].length > 0)
    .map((part) => ({ set: set.name, part, ours: evaluate(set, ours, set.split[part]), baseline: evaluate(set, base, set.split[part]) }))
}

/** The best precision@5 the judgments allow (most needs have fewer than five relevant results). */
export function maxPrecisionAt5(judgments: readonly Judgment[]): number {
  return judgments.reduce((sum, j) => sum + Math.min(5, Object.keys(j.relevant).length) / 5, 0) / Math.max(1, judgments.length)
}

/** A top 10 as "id:grade …", "·" for a result nobody judged (it counts as 0). */
function gradedTop(top: readonly string[], relevant: Record<string, number>): string {
  return top.map((id) => `${id}:${relevant[id] ?? '·'}`).join(' ')
}

/**
 * The mean per-need difference of two rankers on the same needs, with a 95 % interval from a paired bootstrap
 * (10,000 resamples of the needs, a fixed seed, so the figure is the same on every run), and how many needs each wins.
 * An interval above 0 says the difference is not the luck of which needs the set holds.
 */
export function pairedDifference(ours: readonly number[], baseline: readonly number[], resamples = 10_000) {
  const d = ours.map((x, i) => x - baseline[i]!)
  const n = d.length
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
  let seed = 20261205
  const next = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0
    return seed / 2 ** 32
  }
  const means: number[] = []
  for (let r = 0; r < resamples; r++) {
    let sum = 0
    for (let k = 0; k < n; k++) sum += d[Math.floor(next() * n)]!
    means.push(sum / Math.max(1, n))
  }
  means.sort((a, b) => a - b)
  const eps = 1e-9
  return {
    mean: mean(d),
    low: means[Math.floor(0.025 * resamples)] ?? 0,
    high: means[Math.ceil(0.975 * resamples) - 1] ?? 0,
    better: d.filter((x) => x > eps).length,
    worse: d.filter((x) => x < -eps).length,
    tied: d.filter((x) => Math.abs(x) <= eps).length,
  }
}

function main(argv: string[]) {
  const f3 = (x: number) => x.toFixed(3)
  const setArgs = argv.flatMap((a, i) => (a === '--set' ? [argv[i + 1]!] : []))
  const dirs = setArgs.length > 0 ? setArgs : [EXISTING_SET, INDEPENDENT_SET].filter((d) => existsSync(d))
  console.log('set                      part     needs │ ours: nDCG@10   P@5   R@10 │ baseline: nDCG@10   P@5   R@10')
  for (const dir of dirs) {
    const set = loadEvalSet(dir)
    for (const r of reportSet(set)) {
      if (argv.includes('--tune-only') && r.part !== 'tune') continue
      console.log(
        `${set.name.padEnd(24)} ${r.part.padEnd(8)} ${String(r.ours.needs).padStart(5)} │       ${f3(r.ours.ndcgAt10)} ${f3(r.ours.precisionAt5)} ${f3(r.ours.recallAt10)} │           ${f3(r.baseline.ndcgAt10)} ${f3(r.baseline.precisionAt5)} ${f3(r.baseline.recallAt10)}`,
      )
      // How close to the ceiling: needs whose top 10 is already ideally ordered (counts only).
      const perfect = (e: Evaluation) => e.perNeed.map((x) => x.ndcgAt10 > 0.9999)
      const po = perfect(r.ours)
      const pb = perfect(r.baseline)
      console.log(
        `${''.padEnd(24)} ${''.padEnd(8)} perfect (nDCG@10 = 1): ours ${po.filter(Boolean).length}, baseline ${pb.filter(Boolean).length}, both ${po.filter((x, i) => x && pb[i]).length} of ${po.length}`,
      )
      const diff = pairedDifference(r.ours.perNeed.map((x) => x.ndcgAt10), r.baseline.perNeed.map((x) => x.ndcgAt10))
      console.log(
        `${''.padEnd(24)} ${''.padEnd(8)} paired, ours − baseline: ${diff.mean >= 0 ? '+' : ''}${f3(diff.mean)} (95 % bootstrap interval ${f3(diff.low)} to ${f3(diff.high)}); ours better on ${diff.better}, worse on ${diff.worse}, tied on ${diff.tied} needs`,
      )
      if (argv.includes('--compare') && r.part === 'tune') {
        const judged = new Map(set.judgments.map((j) => [j.needId, j.relevant]))
        const titles = new Map(set.needs.map((n) => [n.id, n.title]))
        for (const [i, o] of r.ours.perNeed.entries()) {
          const bl = r.baseline.perNeed[i]!
          const rel = judged.get(o.needId) ?? {}
          const mark = o.ndcgAt10 < bl.ndcgAt10 - 1e-9 ? '<' : o.ndcgAt10 > bl.ndcgAt10 + 1e-9 ? '>' : '='
          console.log(`  ${mark} ${o.needId} ours ${f3(o.ndcgAt10)} baseline ${f3(bl.ndcgAt10)}  ${titles.get(o.needId) ?? ''}  judged ${Object.entries(rel).map(([id, g]) => `${id}:${g}`).join(' ')}`)
          console.log(`      ours     ${gradedTop(o.top, rel)}`)
          console.log(`      baseline ${gradedTop(bl.top, rel)}`)
        }
      }
      if (argv.includes('--per-need')) {
        for (const s of r.ours.perNeed) console.log(`  ${s.needId} nDCG ${f3(s.ndcgAt10)} R@10 ${f3(s.recallAt10)} top ${s.top.slice(0, 5).join(' ')}`)
      }
    }
  }
  if (argv.includes('--ablation')) {
    // Each idea measured on the tuning parts only (held-out parts are not looked at here).
    const variants: [string, MatcherConfig][] = [
      ['as shipped', {}],
      ['Intl.Segmenter instead of jieba', { segmenter: 'intl' }],
      ['jieba exact cut (no sub-words)', { jieba: { mode: 'exact' } }],
      ['jieba search cut as one flat list (before 2026-12-05)', { jieba: { mode: 'search-flat' } }],
      ['English listings against the whole query (englishReach 0)', { rank: { params: { englishReach: 0 } } }],
      ['no bridge', { bridge: null }],
      ['no look-alike penalty', { rank: { params: { bridgeMissPenalty: 0 } } }],
      ['no coverage (coverageWeight 0)', { rank: { params: { coverageWeight: 0 } } }],
      ['English listings in the word/pair mix', { rank: { params: { pairlessWordsOnly: 0 } } }],
      ['neither (the 2026-12-02 scoring)', { rank: { params: { coverageWeight: 0, pairlessWordsOnly: 0 } } }],
      ['no character pairs', { index: { pairs: false } }],
      ['words only in the fusion (wordShare 1)', { rank: { params: { wordShare: 1 } } }],
      ['pairs weigh as words (wordShare 0.5)', { rank: { params: { wordShare: 0.5 } } }],
      ['no thesaurus', { index: { synonyms: false } }],
      ['no field/budget/mode adjustments', { rank: { params: { fieldBonus: 0, neighbourFieldBonus: 0, budgetFitBonus: 0, budgetOverPenalty: 0, modeBonus: 0, modePenalty: 0 } } }],
      // Without the bridge and the thesaurus, as on text whose vocabulary they do not know (an outside set).
      ['lexical core (no bridge, no thesaurus)', { bridge: null, index: { synonyms: false } }],
      ['lexical core, no coverage', { bridge: null, index: { synonyms: false }, rank: { params: { coverageWeight: 0 } } }],
      ['lexical core, 2026-12-02 scoring', { bridge: null, index: { synonyms: false }, rank: { params: { coverageWeight: 0, pairlessWordsOnly: 0 } } }],
    ]
    const sets = dirs.map((d) => loadEvalSet(d))
    console.log(`\nablation, tuning parts only: nDCG@10 per set (${sets.map((x) => x.name).join(' | ')})`)
    for (const [label, config] of variants) {
      console.log(`  ${label.padEnd(58)} ${sets.map((x) => f3(evaluate(x, matcherRanker(x, config), x.split.tune).ndcgAt10)).join('   ')}`)
    }
  }
  console.log(`(${new Date().toISOString().slice(0, 10)}; P@5 and R@10 count a grade of at least half the set's top grade as relevant; nDCG gain 2^grade − 1)`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2))
