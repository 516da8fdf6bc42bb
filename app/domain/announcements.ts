// 成交公告 / 流拍公告: what the public record of a decided lot says, derived
// only from the lot's log (its close or cancel entry) and the counts the log
// implies; pure, so the page and the API say the same.

export type LotLogFacts = { kind: string; payload: Record<string, unknown> }

export type UnsoldReason = 'no-bids' | 'below-reserve' | 'cancelled'

export type Announcement =
  | { outcome: 'SOLD'; priceFen: number; startingPriceFen: number; premiumBp: number; winner: string; reserveFen: number | null; endedAt: string | null }
  | { outcome: 'UNSOLD'; reason: UnsoldReason; startingPriceFen: number; highestFen: number | null; reserveFen: number | null; note: string | null; endedAt: string | null }
  /** The log holds no close or cancel entry: nothing is announced. */
  | { outcome: 'UNDECIDED' }

// Each reason's words are enums.unsoldReason.<reason> in the catalogue.

/** Premium over the start price in basis points, rounded down (integer arithmetic). */
export function premiumBp(startingPriceFen: number, priceFen: number): number {
  if (startingPriceFen <= 0) return 0
  return Math.floor(((priceFen - startingPriceFen) * 10_000) / startingPriceFen)
}


const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function announce(startingPriceFen: number, log: LotLogFacts[]): Announcement {
  const close = log.find((e) => e.kind === 'close')
  const cancel = log.find((e) => e.kind === 'cancel')
  if (close?.payload.outcome === 'SOLD' && num(close.payload.priceFen) !== null) {
    const priceFen = num(close.payload.priceFen)!
    return {
      outcome: 'SOLD',
      priceFen,
      startingPriceFen,
      premiumBp: premiumBp(startingPriceFen, priceFen),
      winner: String(close.payload.winner ?? ''),
      reserveFen: num(close.payload.reserveFen),
      endedAt: typeof close.payload.endedAt === 'string' ? close.payload.endedAt : null,
    }
  }
  if (close?.payload.outcome === 'UNSOLD') {
    return {
      outcome: 'UNSOLD',
      reason: close.payload.reason === 'below-reserve' ? 'below-reserve' : 'no-bids',
      startingPriceFen,
      highestFen: num(close.payload.highestFen),
      reserveFen: num(close.payload.reserveFen),
      note: null,
      endedAt: typeof close.payload.endedAt === 'string' ? close.payload.endedAt : null,
    }
  }
  if (cancel) {
    return { outcome: 'UNSOLD', reason: 'cancelled', startingPriceFen, highestFen: null, reserveFen: null, note: typeof cancel.payload.reason === 'string' ? cancel.payload.reason : null, endedAt: null }
  }
  return { outcome: 'UNDECIDED' }
}
