/*
 * How a result–need pair is scored. One formula, whichever side asks.
 *
 *   score = text + field + budget + modes
 *
 * text: BM25 of the asking listing's terms (the query) against the other
 * side's listings, divided by the most the query could score, so it lies in
 * [0, 1] and reads as "how much of the query's evidence this listing holds":
 *
 *            Σ_t  w_t · qw_t · idf_t · f_t·(k1+1) / (f_t + k1·(1 − b + b·len/avglen))
 *   text = ───────────────────────────────────────────────────────────────────────
 *            Σ_t  w_t · qw_t · idf_t · (k1+1)
 *
 *   t      each distinct query term present on the other side (df > 0)
 *   f_t    its weighted frequency in the listing: title ×3, keywords ×3, body ×1
 *   len    the listing's weighted count of words (pairs not counted)
 *   idf_t  ln(1 + (N − df + 0.5)/(df + 0.5))  (Lucene's BM25 idf, never < 0)
 *   qw_t   qf·(k3+1)/(qf+k3): the term's weighted frequency in the query, saturating
 *   w_t    1 for words; pairWeight for "~" character pairs (tokenize.ts)
 *   k1 = 1.2, b = 0.75, k3 = 8  (SCORING below holds every constant)
 *
 * That is each of the three signals (words, character pairs, bridged words;
 * rank.ts). Words and pairs are mixed wordShare / (1 − wordShare); a listing
 * with no character pair at all (written in English) is read on words alone.
 * That mix keeps (1 − coverageWeight) of the lexical score; the rest is
 * coverage, the idf-weighted share of the query's distinct words the listing
 * holds at all (Σ idf of the words it has / Σ idf of the query's words), so a
 * listing that answers more of the need beats one that repeats one word often.
 *
 * field: +fieldBonus when both are filed under the same industrial chain,
 * +neighbourFieldBonus when the chains are neighbours (FIELD_NEIGHBOURS:
 * e.g. casting and valves), else 0. Listings of the asking listing's own field
 * are candidates even when they share no word, so a paraphrase that shares no
 * term can still be found through its chain.
 *
 * budget (result's asking price p against the need's [min, max]):
 *   'unknown' (no price, or no bound)          0
 *   'fits'    (min ≤ p ≤ max)                  +budgetFitBonus
 *   'under'   (p < min: cheaper than planned)  0
 *   'over'    (p > max)                        −budgetOverPenalty · min(1, log2(p / max))
 *             (full penalty at twice the budget and beyond)
 *
 * modes (result's transfer modes against the modes the need accepts):
 *   either side lists none                     0
 *   at least one in common                     +modeBonus
 *   none in common                             −modePenalty
 *
 * Bonuses are small against text on purpose: what the listings say decides,
 * chain, budget and modes order near-equals and push impossible deals down.
 * Amounts are integer fen; the ratio p/max is computed in floating point only
 * for this adjustment, never for money.
 */

import { TRANSFER_MODES, type TransferMode } from '../labels.ts'
import type { MatchableNeed, MatchableResult } from './index.ts'

export interface ScoringParams {
  k1: number
  b: number
  k3: number
  /** Share of the word signal in the text score; the rest is character pairs. */
  wordShare: number
  /** Character pairs found in more than this share of the other side's listings (and in more than 50) are skipped. */
  maxPairShare: number
  /** A candidate with no character pairs (written in English) is scored on words alone (1), or as any other (0). */
  pairlessWordsOnly: number
  /** Share of coverage in the lexical score: the idf-weighted share of the query's distinct words the listing holds at all. */
  coverageWeight: number
  /** Weight of the bridge signal added to the text score (0 = bridge off). */
  bridgeWeight: number
  /** Share of the text score a candidate loses when the asking listing names a bridged problem and the candidate holds none of its technologies. */
  bridgeMissPenalty: number
  /**
   * How far a listing written in English is read against the part of the query it could hold at all
   * (words with an English form: Latin words, thesaurus groups with an English member) rather than the
   * whole query: 0 = the whole query, 1 = only that part.
   */
  englishReach: number
  fieldBonus: number
  neighbourFieldBonus: number
  budgetFitBonus: number
  budgetOverPenalty: number
  modeBonus: number
  modePenalty: number
}

/** The parameters in use; the evaluation script tries others against the fixtures. */
export const SCORING: Readonly<ScoringParams> = {
  k1: 1.2,
  b: 0.75,
  k3: 8,
  wordShare: 0.75,
  maxPairShare: 0.1,
  coverageWeight: 0.2,
  pairlessWordsOnly: 1,
  bridgeWeight: 0.3,
  bridgeMissPenalty: 0.35,
  englishReach: 0.5,
  fieldBonus: 0.1,
  neighbourFieldBonus: 0.03,
  budgetFitBonus: 0.02,
  budgetOverPenalty: 0.08,
  modeBonus: 0.01,
  modePenalty: 0.08,
}

/** Chains whose listings often serve each other (symmetric). */
export const FIELD_NEIGHBOURS: readonly (readonly [string, string])[] = [
  ['equipment', 'casting'],
  ['equipment', 'auto-parts'],
  ['casting', 'auto-parts'],
  ['auto-parts', 'new-energy'],
  ['new-energy', 'new-materials'],
  ['new-materials', 'semiconductor'],
  ['new-materials', 'textiles'],
  ['semiconductor', 'digital'],
  ['biomedicine', 'agriculture'],
  ['agriculture', 'bamboo-wood'],
  ['new-energy', 'environment'],
]

const NEIGHBOURS = new Set(FIELD_NEIGHBOURS.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]))

export type FieldRelation = 'same' | 'neighbour' | 'other'
export type BudgetFit = 'fits' | 'over' | 'under' | 'unknown'

export function fieldRelation(a: string, b: string): FieldRelation {
  if (a === b) return 'same'
  return NEIGHBOURS.has(`${a}|${b}`) ? 'neighbour' : 'other'
}

export function fieldScore(relation: FieldRelation, p: ScoringParams = SCORING): number {
  return relation === 'same' ? p.fieldBonus : relation === 'neighbour' ? p.neighbourFieldBonus : 0
}

/** Where the result's asking price falls against the need's budget range. */
export function budgetFit(
  askingPriceFen: number | null,
  budgetMinFen: number | null,
  budgetMaxFen: number | null,
): BudgetFit {
  if (askingPriceFen === null || (budgetMinFen === null && budgetMaxFen === null)) return 'unknown'
  if (budgetMaxFen !== null && askingPriceFen > budgetMaxFen) return 'over'
  if (budgetMinFen !== null && askingPriceFen < budgetMinFen) return 'under'
  return 'fits'
}

export function budgetScore(
  fit: BudgetFit,
  askingPriceFen: number | null,
  budgetMaxFen: number | null,
  p: ScoringParams = SCORING,
): number {
  if (fit === 'fits') return p.budgetFitBonus
  if (fit !== 'over' || askingPriceFen === null || budgetMaxFen === null) return 0
  const overBy = budgetMaxFen <= 0 ? 1 : Math.min(1, Math.log2(askingPriceFen / budgetMaxFen))
  return -p.budgetOverPenalty * overBy
}

function knownModes(modes: readonly string[]): TransferMode[] {
  return TRANSFER_MODES.filter((m) => modes.includes(m))
}

/**
 * Transfer modes the deal could use. A need that lists no mode accepts any,
 * so then the result's own modes are the ones in common.
 */
export function modesInCommon(resultModes: readonly string[], acceptedModes: readonly string[]): TransferMode[] {
  const offered = knownModes(resultModes)
  if (acceptedModes.length === 0) return offered
  return offered.filter((m) => acceptedModes.includes(m))
}

export function modeScore(
  resultModes: readonly string[],
  acceptedModes: readonly string[],
  p: ScoringParams = SCORING,
): number {
  if (resultModes.length === 0 || acceptedModes.length === 0) return 0
  return modesInCommon(resultModes, acceptedModes).length > 0 ? p.modeBonus : -p.modePenalty
}

/** idf as in Lucene's BM25: ln(1 + (N − df + 0.5)/(df + 0.5)). */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5))
}

export function queryTermWeight(qf: number, p: ScoringParams = SCORING): number {
  return (qf * (p.k3 + 1)) / (qf + p.k3)
}

/** BM25's saturated, length-normalised frequency part (without idf). */
export function bm25Tf(f: number, length: number, avgLength: number, p: ScoringParams = SCORING): number {
  const norm = avgLength > 0 ? 1 - p.b + (p.b * length) / avgLength : 1
  return (f * (p.k1 + 1)) / (f + p.k1 * norm)
}

/**
 * field + budget + modes for a pair, as a number: the same values as
 * pairAdjustments, without building the explanation (the ranking loop runs
 * this for every candidate).
 */
export function adjustmentScore(result: MatchableResult, need: MatchableNeed, p: ScoringParams = SCORING): number {
  const field = fieldScore(fieldRelation(result.field, need.field), p)
  const budget = budgetScore(budgetFit(result.askingPriceFen, need.budgetMinFen, need.budgetMaxFen), result.askingPriceFen, need.budgetMaxFen, p)
  let mode = 0
  if (result.transferModes.length > 0 && need.acceptedModes.length > 0) {
    const common = result.transferModes.some((m) => need.acceptedModes.includes(m) && (TRANSFER_MODES as readonly string[]).includes(m))
    mode = common ? p.modeBonus : -p.modePenalty
  }
  return field + budget + mode
}

/** The parts of a pair's score that do not depend on text. */
export function pairAdjustments(result: MatchableResult, need: MatchableNeed, p: ScoringParams = SCORING) {
  const relation = fieldRelation(result.field, need.field)
  const fit = budgetFit(result.askingPriceFen, need.budgetMinFen, need.budgetMaxFen)
  return {
    relation,
    fit,
    modes: modesInCommon(result.transferModes, need.acceptedModes),
    field: fieldScore(relation, p),
    budget: budgetScore(fit, result.askingPriceFen, need.budgetMaxFen, p),
    mode: modeScore(result.transferModes, need.acceptedModes, p),
  }
}
