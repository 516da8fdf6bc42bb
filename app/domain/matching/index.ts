// The matching index: results and needs, each side an inverted index kept
// current one listing at a time (publish, edit, withdraw), with the counts
// BM25 needs (document frequency per term, total length, count) maintained on
// every change, so an incremental index ranks exactly as a fresh build does.
//
// Pure data and functions; the service layer owns one index per process,
// fills it from the database at start-up with buildMatchIndex, and calls
// upsertResult / removeResult (upsertNeed / removeNeed) when a listing is
// published, edited or leaves the market.

import { bridgeEntriesIn, bridgeLabel, type Bridge } from './bridge.ts'
import { intlSegmenter, PAIR_PREFIX, tokenize, type TokenizeOptions } from './tokenize.ts'

/** How listings are read: the tokenizer's options and the problem → technology bridge. */
export interface MatchIndexOptions extends TokenizeOptions {
  bridge?: Bridge
}

export interface MatchableResult {
  id: string
  title: string
  summary: string
  keywords: readonly string[]
  /** Field / industrial chain code (app/domain/fields.ts). */
  field: string
  /** TransferMode values (TRANSFER, LICENCE, JOINT_DEVELOPMENT, EQUITY). */
  transferModes: readonly string[]
  askingPriceFen: number | null
}

export interface MatchableNeed {
  id: string
  title: string
  description: string
  keywords: readonly string[]
  field: string
  /** TransferMode values the enterprise accepts; empty means "any". */
  acceptedModes: readonly string[]
  budgetMinFen: number | null
  budgetMaxFen: number | null
}

/**
 * How much one occurrence counts, by where it is written. Integers, so the
 * running totals are exact and an incremental index equals a rebuild.
 */
export const TEXT_WEIGHTS = { title: 3, keywords: 3, body: 1 } as const

/** A listing as the index holds it. */
export interface AnalyzedText {
  /** Term → weighted frequency (primary and "~" pair terms). */
  tf: Map<string, number>
  /** Sum of weighted frequencies of primary terms: BM25's document length. */
  length: number
  /** Sum of weighted frequencies of "~" character pairs: the pair signal's document length. */
  pairLength: number
  /** Term → the word as first written, where it differs from the term. */
  surfaces: Map<string, string>
  /**
   * Terms the bridge adds when this listing asks (a need: the technologies for
   * the problems it names; a result: the problems its technologies solve),
   * each with the entry that gave it ("刹不住 → 制动衰退"). Not in tf: a
   * bridged word is a query expansion, never a word the listing holds.
   */
  bridged: Map<string, string>
  /** Terms this listing only has as glued characters (铜去掉), never as a whole word: not shown as reasons. */
  glued: Set<string>
}

export interface PackedPosting {
  slots: Int32Array
  freqs: Float64Array
}

/** The term's posting as typed arrays (same order as the Map), cached until the term changes. */
export function packedPosting<D>(side: Side<D>, term: string, posting: Map<number, number>): PackedPosting {
  let packed = side.packed.get(term)
  if (!packed) {
    const slots = new Int32Array(posting.size)
    const freqs = new Float64Array(posting.size)
    let i = 0
    for (const [slot, f] of posting) {
      slots[i] = slot
      freqs[i++] = f
    }
    side.packed.set(term, (packed = { slots, freqs }))
  }
  return packed
}

/**
 * One side of the index. Listings live in numbered slots (reused after a
 * removal) so postings and scoring work on small integers, not id strings.
 */
interface Side<D> {
  docs: Map<string, { doc: D; text: AnalyzedText; slot: number }>
  /** Slot → listing id ('' when free). */
  ids: string[]
  /** Slot → BM25 length. */
  lengths: number[]
  /** Slot → length in character pairs. */
  pairLengths: number[]
  free: number[]
  /** Term → (slot → weighted frequency). */
  postings: Map<string, Map<number, number>>
  /**
   * Postings packed into typed arrays for the ranking loop, made on first use
   * after a change to that term (a Map is slow to iterate over thousands of slots).
   */
  packed: Map<string, PackedPosting>
  /** Field code → slots filed under it. */
  byField: Map<string, Set<number>>
  /** Sum of lengths, for the average. */
  totalLength: number
  /** Sum of pair lengths, for the average. */
  totalPairLength: number
}

export interface MatchIndex {
  results: Side<MatchableResult>
  needs: Side<MatchableNeed>
  options: MatchIndexOptions
}

export function createMatchIndex(options: MatchIndexOptions = {}): MatchIndex {
  return { results: emptySide(), needs: emptySide(), options }
}

/** A fresh index from every published listing (start-up, or tests). */
export function buildMatchIndex(
  results: Iterable<MatchableResult>,
  needs: Iterable<MatchableNeed>,
  options: MatchIndexOptions = {},
): MatchIndex {
  const index = createMatchIndex(options)
  for (const r of results) upsertResult(index, r)
  for (const n of needs) upsertNeed(index, n)
  return index
}

export function analyzeResult(r: MatchableResult, options: MatchIndexOptions = {}): AnalyzedText {
  return analyze([
    [r.title, TEXT_WEIGHTS.title],
    [r.keywords.join('，'), TEXT_WEIGHTS.keywords],
    [r.summary, TEXT_WEIGHTS.body],
  ], options, 'reverse', r.keywords)
}

export function analyzeNeed(n: MatchableNeed, options: MatchIndexOptions = {}): AnalyzedText {
  return analyze([
    [n.title, TEXT_WEIGHTS.title],
    [n.keywords.join('，'), TEXT_WEIGHTS.keywords],
    [n.description, TEXT_WEIGHTS.body],
  ], options, 'forward', n.keywords)
}

function analyze(
  parts: [string, number][],
  options: MatchIndexOptions,
  direction: 'forward' | 'reverse',
  keywords: readonly string[],
): AnalyzedText {
  const tf = new Map<string, number>()
  const surfaces = new Map<string, string>()
  const glued = new Set<string>()
  const whole = new Set<string>()
  let length = 0
  let pairLength = 0
  for (const [text, weight] of parts) {
    for (const token of tokenize(text, options)) {
      const { term, surface } = token
      tf.set(term, (tf.get(term) ?? 0) + weight)
      if (!term.startsWith(PAIR_PREFIX)) {
        length += weight
        if (surface !== term && !surfaces.has(term)) surfaces.set(term, surface)
        if (token.glued) glued.add(term)
        else whole.add(term)
      } else pairLength += weight
    }
  }
  // A keyword the owner wrote is a whole term even where the segmenter glued it.
  for (const k of keywords) whole.add(k.normalize('NFKC').toLowerCase().trim())
  for (const term of whole) glued.delete(term)
  const bridged = new Map<string, string>()
  if (options.bridge && options.bridge.entries.length > 0) {
    const text = parts.map(([t]) => t).join('。').normalize('NFKC').toLowerCase()
    let pieces: Set<string> | undefined
    const alone = (problem: string) => {
      // A one-character problem (漏, 堵, 臭) names a problem only as a word by itself, not inside another (漏检, 臭氧).
      pieces ??= new Set((options.segmenter ?? intlSegmenter()).cut(text).map((x) => x.trim()))
      return pieces.has(problem)
    }
    for (const entry of bridgeEntriesIn(options.bridge, text, direction)) {
      if (direction === 'forward' && entry.problem.length === 1 && !alone(entry.problem)) continue
      const target = direction === 'forward' ? entry.technology : entry.problem
      // The phrase's words that start or end it where the rest is a word too (残余应力 → 残余,
      // 应力; 尺寸稳定性 → 尺寸, 稳定性), never a word from its middle (耐高温摩擦材料: 高温, 摩擦)
      // nor a piece whose rest is not a word (热管理: 热管, 管理; 密封面: 封面; 热处理: 处理):
      // those would make listings about something else look like an answer.
      const phrase = target.normalize('NFKC').toLowerCase()
      const tokens = tokenize(target, { ...options, pairs: false })
      const surfaces = new Set(tokens.map((t) => t.surface))
      for (const { term, surface, glued } of tokens) {
        if (glued || !(phrase.startsWith(surface) || phrase.endsWith(surface))) continue
        if (surface !== phrase) {
          const rest = phrase.startsWith(surface) ? phrase.slice(surface.length) : phrase.slice(0, phrase.length - surface.length)
          if (!surfaces.has(rest.trim())) continue
        }
        if (!bridged.has(term)) bridged.set(term, bridgeLabel(entry))
      }
    }
  }
  return { tf, length, pairLength, surfaces, bridged, glued }
}

/** Adds or replaces a result (publish, edit). */
export function upsertResult(index: MatchIndex, result: MatchableResult): void {
  upsert(index.results, result, analyzeResult(result, index.options))
}

/** Takes a result out (withdrawn, sold, returned to draft). No-op when absent. */
export function removeResult(index: MatchIndex, id: string): void {
  remove(index.results, id)
}

export function upsertNeed(index: MatchIndex, need: MatchableNeed): void {
  upsert(index.needs, need, analyzeNeed(need, index.options))
}

export function removeNeed(index: MatchIndex, id: string): void {
  remove(index.needs, id)
}

export function resultCount(index: MatchIndex): number {
  return index.results.docs.size
}

export function needCount(index: MatchIndex): number {
  return index.needs.docs.size
}

function emptySide<D>(): Side<D> {
  return { docs: new Map(), ids: [], lengths: [], pairLengths: [], free: [], postings: new Map(), packed: new Map(), byField: new Map(), totalLength: 0, totalPairLength: 0 }
}

function upsert<D extends { id: string; field: string }>(side: Side<D>, doc: D, text: AnalyzedText): void {
  remove(side, doc.id)
  const slot = side.free.pop() ?? side.ids.length
  side.ids[slot] = doc.id
  side.lengths[slot] = text.length
  side.pairLengths[slot] = text.pairLength
  side.docs.set(doc.id, { doc, text, slot })
  for (const [term, f] of text.tf) {
    let posting = side.postings.get(term)
    if (!posting) side.postings.set(term, (posting = new Map()))
    side.packed.delete(term)
    posting.set(slot, f)
  }
  let slots = side.byField.get(doc.field)
  if (!slots) side.byField.set(doc.field, (slots = new Set()))
  slots.add(slot)
  side.totalLength += text.length
  side.totalPairLength += text.pairLength
}

function remove<D extends { id: string; field: string }>(side: Side<D>, id: string): void {
  const entry = side.docs.get(id)
  if (!entry) return
  side.docs.delete(id)
  const { slot } = entry
  for (const term of entry.text.tf.keys()) {
    const posting = side.postings.get(term)
    if (!posting) continue
    posting.delete(slot)
    side.packed.delete(term)
    if (posting.size === 0) side.postings.delete(term)
  }
  const slots = side.byField.get(entry.doc.field)
  slots?.delete(slot)
  if (slots && slots.size === 0) side.byField.delete(entry.doc.field)
  side.ids[slot] = ''
  side.lengths[slot] = 0
  side.pairLengths[slot] = 0
  side.free.push(slot)
  side.totalLength -= entry.text.length
  side.totalPairLength -= entry.text.pairLength
}

export type { Side }
