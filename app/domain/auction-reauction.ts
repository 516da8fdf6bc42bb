// Re-auctions (重新拍卖) after 流拍 or 悔拍: which lot a result's next lot follows, and how high it may start.
// As on the judicial auction platforms (法释〔2016〕18号 art. 26): a re-auction starts at no more than 80 % of
// the previous starting price, unless staff record why (a reason is kept with the lot and audited).
// Pure: the add-lot form shows the same ceiling the service enforces.
import type { MessageKey } from '~/i18n/catalogue.ts'

/** 80 %, in basis points. */
export const REAUCTION_CEILING_BP = 8000

/** The highest starting price a re-auction may ask without a reason: 80 % of the predecessor's, rounded down to whole yuan. */
export function reauctionCeilingFen(predecessorStartFen: number): number {
  const raw = Math.floor((predecessorStartFen * REAUCTION_CEILING_BP) / 10_000)
  return Math.floor(raw / 100) * 100
}

export type ReauctionKey = Extract<MessageKey, `reauction.${string}`>

/**
 * Why a re-auction's starting price is refused, or null: above the ceiling needs a reason (at least a few
 * characters, not blank). A reason given within the ceiling is kept but not needed.
 */
export function reauctionPriceProblem(input: { startingPriceFen: number; predecessorStartFen: number; reason: string | null | undefined }): ReauctionKey | null {
  if (input.startingPriceFen <= reauctionCeilingFen(input.predecessorStartFen)) return null
  const reason = input.reason?.trim() ?? ''
  if (!reason) return 'reauction.errors.above-ceiling'
  return null
}

/** A lot whose result may go to auction again: 流拍 (unsold), or sold to a winner who defaulted (悔拍). */
export function isReauctionable(lot: { status: string; dealStatus: string | null }): boolean {
  return lot.status === 'UNSOLD' || (lot.status === 'SOLD' && lot.dealStatus === 'DEFAULTED')
}

/**
 * Of a result's earlier lots (any order), the one a new lot follows: the latest to be decided that is
 * re-auctionable and has no successor yet. Withdrawn (cancelled) lots are not followed: staff took them back
 * before any price was tried.
 */
export function predecessorOf<L extends { id: string; status: string; dealStatus: string | null; closedAtMs: number | null; hasSuccessor: boolean }>(lots: readonly L[]): L | null {
  let best: L | null = null
  for (const lot of lots) {
    if (!isReauctionable(lot) || lot.hasSuccessor) continue
    if (!best || (lot.closedAtMs ?? 0) > (best.closedAtMs ?? 0)) best = lot
  }
  return best
}
