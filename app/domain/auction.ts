// The rules of a live lot (docs/decisions/005-live-bidding.md), pure: time is a
// parameter (epoch milliseconds, the server's clock), money is integer fen.
// The bid service, the socket handlers, the closing job and the bid form all
// ask here; no other module computes a price step, an extension or a result.

export type LotStatus = 'SCHEDULED' | 'LIVE' | 'PAUSED' | 'SOLD' | 'UNSOLD' | 'CANCELLED'

export type LotRules = {
  startingPriceFen: number
  incrementFen: number
  /** Secret until the close; null means none. */
  reserveFen: number | null
  /** The late-bid window N: a bid inside the last N ms moves the end to N ms after it. */
  extensionMs: number
}

export type LotState = {
  status: LotStatus
  startsAt: number
  endsAt: number
  currentPriceFen: number | null
  leaderId: string | null
  bidCount: number
  pausedAt: number | null
}

export type Bidder = {
  id: string
  /** Approved for the session by staff. */
  approved: boolean
  depositPaid: boolean
  /** The bidder's organization owns the result on this lot. */
  ownsLot: boolean
}

export type BidRejection =
  | 'invalid-amount'
  | 'not-live'
  | 'paused'
  | 'ended'
  | 'not-approved'
  | 'deposit-unpaid'
  | 'own-lot'
  | 'already-leading'
  | 'too-low'
  | 'too-high'
  | 'not-increment'

// Each rejection's words are in the catalogue under realtime.errors.<code> (app/i18n), translated at the edge.

/** The smallest valid bid now: the starting price first, then the current price plus one increment. */
export function nextMinimumBid(rules: LotRules, state: Pick<LotState, 'currentPriceFen'>): number {
  return state.currentPriceFen === null ? rules.startingPriceFen : state.currentPriceFen + rules.incrementFen
}

/**
 * The highest bid the lot takes now: ten times the starting price, or a hundred increments above the next
 * minimum, whichever is higher. A typing slip (an extra digit or five) is refused instead of freezing the lot
 * with a leader nobody can pay or outbid, and every price stays far inside the safe integers; a lot that really
 * rises past ten times its start still can, a hundred increments at a time.
 */
export const MAX_BID_START_MULTIPLE = 10
export const MAX_BID_JUMP_INCREMENTS = 100
export function maximumBid(rules: LotRules, state: Pick<LotState, 'currentPriceFen'>): number {
  return Math.max(rules.startingPriceFen * MAX_BID_START_MULTIPLE, nextMinimumBid(rules, state) + MAX_BID_JUMP_INCREMENTS * rules.incrementFen)
}

/** Whether the lot takes bids at this instant (the end is exclusive: a bid at endsAt is late). */
export function biddingState(state: LotState, at: number): 'open' | Extract<BidRejection, 'not-live' | 'paused' | 'ended'> {
  if (state.status === 'PAUSED') return 'paused'
  if (state.status === 'SCHEDULED') return at < state.startsAt ? 'not-live' : at >= state.endsAt ? 'ended' : 'open'
  if (state.status !== 'LIVE') return 'ended'
  if (at < state.startsAt) return 'not-live'
  if (at >= state.endsAt) return 'ended'
  return 'open'
}

/** Amounts lie on the grid starting price + k × increment, so every price is reachable by steps. */
export function isOnGrid(rules: LotRules, amountFen: number): boolean {
  return amountFen >= rules.startingPriceFen && (amountFen - rules.startingPriceFen) % rules.incrementFen === 0
}

/** The highest grid amount not above `fen`, or null below the starting price. */
export function gridFloor(rules: LotRules, fen: number): number | null {
  if (fen < rules.startingPriceFen) return null
  return fen - ((fen - rules.startingPriceFen) % rules.incrementFen)
}

export type BidDecision =
  | { ok: true; state: LotState; extended: boolean }
  | { ok: false; reason: BidRejection; nextMinimumFen: number }

/** Why this bidder may not bid on the lot at all, whatever the amount and time, or null (part of decideBid). */
export function bidderBar(bidder: Bidder): Extract<BidRejection, 'own-lot' | 'not-approved' | 'deposit-unpaid'> | null {
  if (bidder.ownsLot) return 'own-lot'
  if (!bidder.approved) return 'not-approved'
  if (!bidder.depositPaid) return 'deposit-unpaid'
  return null
}

/** Decides a bid that arrived at `at`; on success returns the lot's next state. */
export function decideBid(rules: LotRules, state: LotState, bidder: Bidder, amountFen: number, at: number): BidDecision {
  const min = nextMinimumBid(rules, state)
  const reject = (reason: BidRejection): BidDecision => ({ ok: false, reason, nextMinimumFen: min })
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return reject('invalid-amount')
  const open = biddingState(state, at)
  if (open !== 'open') return reject(open)
  const barred = bidderBar(bidder)
  if (barred) return reject(barred)
  if (state.leaderId === bidder.id) return reject('already-leading')
  if (amountFen < min) return reject('too-low')
  if (amountFen > maximumBid(rules, state)) return reject('too-high')
  if (!isOnGrid(rules, amountFen)) return reject('not-increment')
  const endsAt = extendedEnd(rules, state.endsAt, at)
  return {
    ok: true,
    extended: endsAt !== state.endsAt,
    state: { ...state, status: 'LIVE', currentPriceFen: amountFen, leaderId: bidder.id, bidCount: state.bidCount + 1, endsAt },
  }
}

/** A bid inside the last N minutes moves the end to N minutes after the bid; never earlier. */
export function extendedEnd(rules: LotRules, endsAt: number, bidAt: number): number {
  return Math.max(endsAt, bidAt + rules.extensionMs)
}

export type StaffAction = 'open' | 'pause' | 'resume' | 'cancel'
export type StaffDecision = { ok: true; state: LotState } | { ok: false; reason: 'wrong-status' | 'reason-required' }

/** Staff control of a lot: pause freezes the clock, resume moves the end by the pause. */
export function decideStaffAction(state: LotState, action: StaffAction, at: number, reason?: string): StaffDecision {
  switch (action) {
    case 'open':
      return state.status === 'SCHEDULED' ? { ok: true, state: { ...state, status: 'LIVE', startsAt: Math.min(state.startsAt, at) } } : { ok: false, reason: 'wrong-status' }
    case 'pause':
      return state.status === 'LIVE' && at < state.endsAt
        ? { ok: true, state: { ...state, status: 'PAUSED', pausedAt: at } }
        : { ok: false, reason: 'wrong-status' }
    case 'resume': {
      if (state.status !== 'PAUSED' || state.pausedAt === null) return { ok: false, reason: 'wrong-status' }
      const paused = at - state.pausedAt
      return { ok: true, state: { ...state, status: 'LIVE', pausedAt: null, endsAt: state.endsAt + paused } }
    }
    case 'cancel':
      if (!reason?.trim()) return { ok: false, reason: 'reason-required' }
      return ['SCHEDULED', 'LIVE', 'PAUSED'].includes(state.status)
        ? { ok: true, state: { ...state, status: 'CANCELLED', pausedAt: null } }
        : { ok: false, reason: 'wrong-status' }
  }
}

export type CloseDecision = { outcome: 'SOLD'; winnerId: string; priceFen: number } | { outcome: 'UNSOLD'; reason: 'no-bids' | 'below-reserve' }

/**
 * How long after a lot's end the close waits. Bids are stamped on arrival by whichever web process received them
 * and reach the lot's row lock a moment later; a bid stamped before the end is on time (and may extend the lot)
 * however late its transaction runs, so the close must not take the lock before bids stamped before the end on
 * every process have been decided. Two seconds covers a bid's path to the database many times over on a loaded
 * machine (docs/decisions/010-bid-path-headroom.md); bids stamped at or after the end are refused as before.
 */
export const CLOSE_GRACE_MS = 2_000

/** Due to close: live and past its end by the grace (a paused lot's clock is frozen). */
export function isDueToClose(state: LotState, at: number): boolean {
  return (state.status === 'LIVE' || state.status === 'SCHEDULED') && at >= state.endsAt + CLOSE_GRACE_MS
}

/** At the end: the highest bid at or above the reserve sells; otherwise unsold (流拍). */
export function decideClose(rules: LotRules, state: LotState): CloseDecision {
  if (state.leaderId === null || state.currentPriceFen === null) return { outcome: 'UNSOLD', reason: 'no-bids' }
  if (rules.reserveFen !== null && state.currentPriceFen < rules.reserveFen) return { outcome: 'UNSOLD', reason: 'below-reserve' }
  return { outcome: 'SOLD', winnerId: state.leaderId, priceFen: state.currentPriceFen }
}

// ---- Proxy bids (代理出价)
//
// A bidder may leave a maximum. Rules, applied after every accepted bid:
// 1. A proxy's effective maximum is its maximum floored to the price grid.
// 2. Among proxies of bidders other than the leader that can still pay the next
//    minimum, the strongest challenges: highest effective maximum, then the
//    earliest set (equal maximums: the earlier one leads).
// 3. The challenger meets the leader's defence: the leader's own proxy's
//    effective maximum if it has one, otherwise the current price.
//    - With no proxy behind the leader, the challenger bids the next minimum.
//    - If the challenger is stronger (higher effective maximum, or equal and set
//      earlier than the leader's proxy), the leader's proxy first bids its
//      effective maximum (when above the current price), then the challenger
//      bids one increment above it; with equal maximums the challenger simply
//      bids that maximum.
//    - Otherwise the challenger bids its effective maximum and the leader's
//      proxy answers with the smallest grid amount above it, capped at its
//      maximum; if the challenger's maximum equals the leader's and the leader's
//      was set earlier, the leader's proxy takes that maximum and the challenger
//      does not bid.
// 4. Repeat until no challenger can pay the next minimum. Every proxy bid is an
//    ordinary bid (validated, stamped, sequenced, extending the end).

export type ProxyBid = { bidderId: string; maxFen: number; setAt: number }
export type PlannedBid = { bidderId: string; amountFen: number }

export function resolveProxies(rules: LotRules, state: Pick<LotState, 'currentPriceFen' | 'leaderId'>, proxies: ProxyBid[]): PlannedBid[] {
  const planned: PlannedBid[] = []
  let price = state.currentPriceFen
  let leader = state.leaderId
  const effective = (p: ProxyBid) => gridFloor(rules, p.maxFen)
  const stronger = (a: ProxyBid, b: ProxyBid) => effective(a)! > effective(b)! || (effective(a) === effective(b) && a.setAt < b.setAt)
  const bid = (bidderId: string, amountFen: number) => {
    planned.push({ bidderId, amountFen })
    price = amountFen
    leader = bidderId
  }
  for (let guard = 0; guard < proxies.length * 2 + 2; guard++) {
    const min = nextMinimumBid(rules, { currentPriceFen: price })
    const challengers = proxies.filter((p) => p.bidderId !== leader && (effective(p) ?? -1) >= min)
    if (challengers.length === 0) break
    const challenger = challengers.reduce((best, p) => (stronger(p, best) ? p : best))
    const defence = proxies.find((p) => p.bidderId === leader && (effective(p) ?? -1) >= (price ?? 0))
    const cMax = effective(challenger)!
    if (!defence) {
      bid(challenger.bidderId, min)
    } else if (stronger(challenger, defence)) {
      const dMax = effective(defence)!
      if (dMax === cMax) {
        bid(challenger.bidderId, cMax)
      } else {
        if (dMax > (price ?? -1)) bid(defence.bidderId, dMax)
        bid(challenger.bidderId, Math.min(cMax, dMax + rules.incrementFen))
      }
    } else {
      const dMax = effective(defence)!
      if (cMax === dMax) {
        if (dMax > (price ?? -1)) bid(defence.bidderId, dMax)
      } else {
        bid(challenger.bidderId, cMax)
        bid(defence.bidderId, Math.min(dMax, cMax + rules.incrementFen))
      }
    }
  }
  return planned
}

/** The winner pays the price less its deposit within this many days of the close, or forfeits the deposit. */
export const BALANCE_DUE_DAYS = 10

export function balanceDeadline(closedAt: number): number {
  return closedAt + BALANCE_DUE_DAYS * 86_400_000
}

/** A lot that takes no more bids and will not change again. */
export function isFinished(status: LotStatus): boolean {
  return status === 'SOLD' || status === 'UNSOLD' || status === 'CANCELLED'
}
