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
  packedPosting,
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
import { hasLatinForm } from './synonyms.ts'
import { PAIR_PREFIX } from './tokenize.ts'

export interface MatchReasons {
  /** Words both listings use, strongest first ("泄漏≈渗漏" when the thesaurus joined two words). */
  sharedTerms: string[]
  /** Bridge entries that joined the two ("刹不住 → 制动衰退"), strongest first. */
  bridges: string[]
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
  return rank(index.results, query, need.field, k, options, index.options.synonyms !== false, {
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
  return rank(index.needs, query, result.field, k, options, index.options.synonyms !== false, {
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
  thesaurus: boolean,
  adjust: { score: (doc: D) => number; explain: (doc: D) => ReturnType<typeof pairAdjustments> },
): Match[] {
  if (k <= 0 || side.docs.size === 0) return []
  const p = params(options)
  const n = side.docs.size
  const avgLength = side.totalLength / n

  // Text: three BM25 signals over the postings of the query's terms, each
  // divided by the most the query could score on it: words (segmented, with
  // the thesaurus), character pairs ("~xy"), and the words the bridge adds;
  // plus coverage, the idf-weighted share of the query's distinct words the
  // listing holds at all (a listing that answers more of the need's words
  // beats one that repeats a single word often).
  // Accumulated in the query's term order, so a listing's sums are the same
  // however the index was built (slots differ, sums do not).
  const size = side.ids.length
  const wordScores = new Float64Array(size)
  const pairScores = new Float64Array(size)
  const bridgeScores = new Float64Array(size)
  const coverage = p.coverageWeight > 0 ? new Float64Array(size) : null
  let maxCoverage = 0
  const seen = new Uint8Array(size)
  const touched: number[] = []
  let maxWord = 0
  // The part of maxWord (and maxCoverage) a listing written in English could hold at all.
  let maxWordLatin = 0
  let maxCoverageLatin = 0
  let maxPair = 0
  let maxBridge = 0
  const { k1, b } = p
  const lengths = side.lengths
  const accumulate = (term: string, posting: Map<number, number>, w: number, into: Float64Array, covered = 0) => {
    const { slots, freqs } = packedPosting(side, term, posting)
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!
      const f = freqs[i]!
      if (seen[slot] === 0) {
        seen[slot] = 1
        touched.push(slot)
      }
      if (covered > 0) coverage![slot] = coverage![slot]! + covered
      // bm25Tf inlined: this loop is the hot path.
      const norm = avgLength > 0 ? 1 - b + (b * lengths[slot]!) / avgLength : 1
      into[slot] = into[slot]! + (w * (f * (k1 + 1))) / (f + k1 * norm)
    }
  }
  const maxPairDf = Math.max(50, p.maxPairShare * n)
  const terms = [...query.tf.keys()].sort()
  for (const term of terms) {
    const posting = side.postings.get(term)
    if (!posting) continue
    const isPair = term.startsWith(PAIR_PREFIX)
    // A pair in most listings (技术, 一种 as characters) says almost nothing and costs the most to sum.
    if (isPair && posting.size > maxPairDf) continue
    const w = queryTermWeight(query.tf.get(term)!, p) * idf(n, posting.size)
    if (isPair) {
      maxPair += w * (k1 + 1)
      accumulate(term, posting, w, pairScores)
    } else {
      maxWord += w * (k1 + 1)
      // Coverage counts each distinct word once, however often either side says it.
      const covered = coverage ? idf(n, posting.size) : 0
      maxCoverage += covered
      if (/^[a-z0-9]/.test(term) || (thesaurus && hasLatinForm(term))) {
        maxWordLatin += w * (k1 + 1)
        maxCoverageLatin += covered
      }
      accumulate(term, posting, w, wordScores, covered)
    }
  }
  if (p.bridgeWeight > 0) {
    for (const term of [...query.bridged.keys()].sort()) {
      if (query.tf.has(term)) continue // the listing says it itself
      const posting = side.postings.get(term)
      if (!posting) continue
      const w = idf(n, posting.size)
      maxBridge += w * (k1 + 1)
      accumulate(term, posting, w, bridgeScores)
    }
  }
  const wordShare = maxPair === 0 ? 1 : maxWord === 0 ? 0 : p.wordShare
  // A listing without a single character pair (written in English) cannot
  // score on pairs: it is read on words alone, not held to (1 − wordShare) below
  // a Chinese listing with the same words.
  // When the need names a problem the bridge knows, a candidate that holds none
  // of the technologies for it is likely a look-alike (shares the product's
  // words, solves another problem): its text score is cut by missPenalty.
  const pairless = side.pairLengths
  const cw = coverage && maxCoverage > 0 ? p.coverageWeight : 0
  const mu = p.englishReach
  const maxWordEn = (1 - mu) * maxWord + mu * maxWordLatin
  const maxCoverageEn = (1 - mu) * maxCoverage + mu * maxCoverageLatin
  const english = (slot: number) => p.pairlessWordsOnly > 0 && pairless[slot] === 0
  const lexical = (slot: number) =>
    english(slot)
      ? maxWordEn > 0 ? wordScores[slot]! / maxWordEn : 0
      : (maxWord > 0 ? (wordShare * wordScores[slot]!) / maxWord : 0) + (maxPair > 0 ? ((1 - wordShare) * pairScores[slot]!) / maxPair : 0)
  const coverageOf = (slot: number) =>
    english(slot) ? (maxCoverageEn > 0 ? coverage![slot]! / maxCoverageEn : 0) : coverage![slot]! / maxCoverage
  const textOf = (slot: number) =>
    ((1 - cw) * lexical(slot) + (cw > 0 ? cw * coverageOf(slot) : 0)) *
      (maxBridge > 0 && bridgeScores[slot] === 0 ? 1 - p.bridgeMissPenalty : 1) +
    (maxBridge > 0 ? (p.bridgeWeight * bridgeScores[slot]!) / maxBridge : 0)
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
    const t = textOf(slot)
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
        bridges: bridgesUsed(query, entry.text, side, n),
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
    // A reason is a whole word (of the segmenter, the thesaurus or a keyword) on
    // at least one side, never characters glued together on both, nor a word
    // every listing uses.
    if ((query.glued.has(term) && doc.glued.has(term)) || !isShownTerm(term)) continue
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
  // A word inside a longer shown word (冷凝 in 冷凝器, 不锈 in 不锈钢) says nothing new either.
  const inside = (t: string) => !t.includes('≈') && labels.some((o) => o !== t && !o.includes('≈') && o.includes(t))
  return labels.filter((t) => !straddles(t) && !inside(t)).slice(0, max)
}

// Real words that say nothing about why two listings fit (seen as reasons before
// this list: 完成, 试验, 况下); the matcher still counts them, reasons skip them.
const UNSHOWN = new Set(
  (
    '完成 试验 实验 测试 工作 情况下 条件 部分 时间 基础 过程中 环节 方案 工艺 材料 结构 参数 数据 指标 功能 作用 影响 ' +
    '运行 使用寿命 客户 用户 现场 产品线 工程 规模 批量 合作开发 转让 许可 示范 推广 验证 成熟 样机 中试 小试 ' +
    '国产化 进口 替代 自主 关键 核心 重点 重要 主要 基本 一般 普通 常规 通用 多种 各种 不同 相应 一定 较大 较好 ' +
    '成本 费用 连续 提前 表面 处理 控制 优化 模型 温度 压力 客户 投诉 招标 ' +
    '以及 通过 要求 希望 需要 相关 问题 方法 技术 系统 装置 设备 ' +
    // Everyday words seen as reasons on the tuning needs (2026-12-05): words, but not technical terms.
    '直接 一次 两年 下降 延长 损失 状态 计划 管理 信息 风险 面积 生成 改造 配套 不含 关闭 接触 自动 人工 机器 ' +
    '车间 订单 新品 部门 集团 品牌 产地 消费 消费者 用工 北方 南方 沿海 一体 合格'
  ).split(/\s+/),
)

function isShownTerm(term: string): boolean {
  if (UNSHOWN.has(term)) return false
  // Latin words and numbers: at least two letters (not "5", "a1").
  if (/^[a-z0-9.+-]+$/.test(term)) return /[a-z].*[a-z]|[a-z]{2}/.test(term) || /[a-z]/.test(term) && term.length >= 3
  return term.length >= 2
}

/** Bridge entries whose added words the candidate holds, strongest (rarest) first. */
function bridgesUsed<D>(query: AnalyzedText, doc: AnalyzedText, side: Side<D>, n: number): string[] {
  const found = new Map<string, number>()
  for (const [term, label] of query.bridged) {
    if (query.tf.has(term) || !doc.tf.has(term)) continue
    const weight = idf(n, side.postings.get(term)?.size ?? 0)
    found.set(label, Math.max(found.get(label) ?? 0, weight))
  }
  // One reason per problem: "刹不住 → 制动衰退、热衰退".
  const byProblem = new Map<string, { techs: string[]; weight: number }>()
  for (const [label, weight] of [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const [problem, tech] = label.split(' → ') as [string, string]
    const entry = byProblem.get(problem) ?? { techs: [], weight }
    entry.techs.push(tech)
    byProblem.set(problem, entry)
  }
  return [...byProblem].slice(0, 3).map(([problem, e]) => `${problem} → ${e.techs.slice(0, 3).join('、')}`)
}
