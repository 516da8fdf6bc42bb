import { describe, expect, test } from 'vitest'
import {
  CLOSE_GRACE_MS,
  decideBid,
  decideClose,
  decideStaffAction,
  extendedEnd,
  isDueToClose,
  nextMinimumBid,
  resolveProxies,
  type Bidder,
  type LotRules,
  type LotState,
} from '~/domain/auction.ts'

const MIN = 60_000
const rules: LotRules = { startingPriceFen: 100_000_00, incrementFen: 5_000_00, reserveFen: 120_000_00, extensionMs: 5 * MIN }
const T0 = Date.UTC(2026, 11, 15, 2, 0) // 10:00 Shanghai
const live: LotState = { status: 'LIVE', startsAt: T0, endsAt: T0 + 60 * MIN, currentPriceFen: null, leaderId: null, bidCount: 0, pausedAt: null }
const withPrice = (price: number, leader = 'B'): LotState => ({ ...live, currentPriceFen: price, leaderId: leader, bidCount: 1 })
const a: Bidder = { id: 'A', approved: true, depositPaid: true, ownsLot: false }

describe('next minimum bid: the starting price first, then current price plus one increment', () => {
  test.each([
    [null, 100_000_00],
    [100_000_00, 105_000_00],
    [135_000_00, 140_000_00],
  ])('current %s → %s', (current, min) => expect(nextMinimumBid(rules, { currentPriceFen: current })).toBe(min))
})

describe('a bid is valid when the lot is live and the amount is a whole number of increments at or above the minimum', () => {
  const at = T0 + 10 * MIN
  test.each([
    ['first bid at the starting price', live, a, 100_000_00, null],
    ['first bid above it on the grid', live, a, 110_000_00, null],
    ['first bid below the starting price', live, a, 99_999_99, 'too-low'],
    ['first bid off the grid', live, a, 101_000_00, 'not-increment'],
    ['next bid at current + increment', withPrice(100_000_00), a, 105_000_00, null],
    ['next bid equal to current', withPrice(100_000_00), a, 100_000_00, 'too-low'],
    ['next bid off the grid', withPrice(100_000_00), a, 107_500_00, 'not-increment'],
    ['the leader raising itself', withPrice(100_000_00, 'A'), a, 105_000_00, 'already-leading'],
    ['the owner institution on its own lot', live, { ...a, ownsLot: true }, 100_000_00, 'own-lot'],
    ['not approved for the session', live, { ...a, approved: false }, 100_000_00, 'not-approved'],
    ['deposit unpaid', live, { ...a, depositPaid: false }, 100_000_00, 'deposit-unpaid'],
    ['a paused lot', { ...live, status: 'PAUSED', pausedAt: at - MIN } as LotState, a, 100_000_00, 'paused'],
    ['a scheduled lot before its start', { ...live, status: 'SCHEDULED', startsAt: at + MIN } as LotState, a, 100_000_00, 'not-live'],
    ['a scheduled lot past its end (never opened)', { ...live, status: 'SCHEDULED', endsAt: at - 1 } as LotState, a, 100_000_00, 'ended'],
    ['a sold lot', { ...live, status: 'SOLD' } as LotState, a, 100_000_00, 'ended'],
    ['a fractional amount', live, a, 100_000_00.5, 'invalid-amount'],
    ['a negative amount', live, a, -5, 'invalid-amount'],
    // Issue 11 #21: a bid may be at most 10× the starting price, or 100 increments above the minimum if higher.
    ['a first bid at ten times the starting price', live, a, 1_000_000_00, null],
    ['a first bid one increment above ten times the starting price', live, a, 1_005_000_00, 'too-high'],
    ['9,007,199,254,740,000 fen on a 1,000,000-yuan lot', live, a, 9_007_199_254_740_000, 'too-high'],
    ['past ten times the start: 100 increments above the minimum', withPrice(2_000_000_00), a, 2_005_000_00 + 100 * 5_000_00, null],
    ['past ten times the start: 101 increments above the minimum', withPrice(2_000_000_00), a, 2_005_000_00 + 101 * 5_000_00, 'too-high'],
  ] as const)('%s', (_, state, bidder, amount, reason) => {
    const d = decideBid(rules, state, bidder, amount, at)
    if (reason === null) expect(d).toMatchObject({ ok: true, state: { currentPriceFen: amount, leaderId: bidder.id } })
    else expect(d).toMatchObject({ ok: false, reason })
  })

  test('ties: of two equal amounts the first accepted stands, the second is too low', () => {
    const first = decideBid(rules, live, a, 105_000_00, T0 + MIN)
    if (!first.ok) throw new Error(first.reason)
    expect(decideBid(rules, first.state, { ...a, id: 'B' }, 105_000_00, T0 + MIN)).toMatchObject({ ok: false, reason: 'too-low', nextMinimumFen: 110_000_00 })
  })

  test('a bid at the end instant is late; one a millisecond before counts', () => {
    expect(decideBid(rules, live, a, 100_000_00, live.endsAt)).toMatchObject({ ok: false, reason: 'ended' })
    expect(decideBid(rules, live, a, 100_000_00, live.endsAt - 1)).toMatchObject({ ok: true })
  })
})

describe('late-bid extension: a bid in the last N minutes moves the end to N minutes after that bid, without limit', () => {
  test.each([
    ['10 minutes before the end: no change', 10 * MIN, live.endsAt],
    ['exactly 5 minutes before: the end stays (5 min after the bid is the end)', 5 * MIN, live.endsAt],
    ['4 minutes before: the end moves 1 minute', 4 * MIN, live.endsAt + MIN],
    ['1 ms before: the end moves to 5 minutes after the bid', 1, live.endsAt - 1 + 5 * MIN],
  ])('%s', (_, before, end) => expect(extendedEnd(rules, live.endsAt, live.endsAt - before)).toBe(end))

  test('repeats: each late bid extends again', () => {
    let state = live
    for (let i = 0; i < 20; i++) {
      const at = state.endsAt - 1000
      const d = decideBid(rules, state, { ...a, id: i % 2 ? 'A' : 'B' }, nextMinimumBid(rules, state), at)
      if (!d.ok) throw new Error(d.reason)
      expect(d.extended).toBe(true)
      expect(d.state.endsAt).toBe(at + 5 * MIN)
      state = d.state
    }
  })

  test('a rejected bid never moves the end', () => {
    const d = decideBid(rules, live, a, 1, live.endsAt - 1000)
    expect(d.ok).toBe(false)
  })
})

describe('the close waits CLOSE_GRACE_MS after the end, so bids stamped before the end on any process are decided first', () => {
  test.each([
    [-1, false],
    [0, false],
    [CLOSE_GRACE_MS - 1, false],
    [CLOSE_GRACE_MS, true],
  ])('%s ms after the end: due to close %s', (after, due) => {
    const at = live.endsAt + after
    expect(isDueToClose(live, at)).toBe(due)
    // Meanwhile a bid stamped at or after the end is refused, and one stamped before it is decided on its merits.
    expect(decideBid(rules, live, a, 100_000_00, at)).toMatchObject(at >= live.endsAt ? { ok: false, reason: 'ended' } : { ok: true })
  })
})

describe('staff control: pause freezes the clock, resume moves the end by the pause, cancel needs a reason', () => {
  test('pause then resume 7 minutes later moves the end 7 minutes', () => {
    const p = decideStaffAction(live, 'pause', T0 + 50 * MIN)
    if (!p.ok) throw new Error()
    expect(decideBid(rules, p.state, a, 100_000_00, T0 + 51 * MIN)).toMatchObject({ ok: false, reason: 'paused' })
    expect(isDueToClose(p.state, T0 + 70 * MIN)).toBe(false)
    const r = decideStaffAction(p.state, 'resume', T0 + 57 * MIN)
    expect(r).toMatchObject({ ok: true, state: { status: 'LIVE', endsAt: live.endsAt + 7 * MIN, pausedAt: null } })
  })
  test.each([
    [live, 'resume', undefined, 'wrong-status'],
    [{ ...live, status: 'SOLD' } as LotState, 'pause', undefined, 'wrong-status'],
    [live, 'cancel', ' ', 'reason-required'],
    [{ ...live, status: 'UNSOLD' } as LotState, 'cancel', '权属争议', 'wrong-status'],
  ] as const)('%o %s is refused: %s', (state, action, reason, code) => {
    expect(decideStaffAction(state, action, T0, reason)).toEqual({ ok: false, reason: code })
  })
})

describe('the close: highest bid at or above the reserve sells, otherwise unsold', () => {
  test.each([
    ['no bids', live, { outcome: 'UNSOLD', reason: 'no-bids' }],
    ['below the reserve', withPrice(115_000_00), { outcome: 'UNSOLD', reason: 'below-reserve' }],
    ['at the reserve', withPrice(120_000_00), { outcome: 'SOLD', winnerId: 'B', priceFen: 120_000_00 }],
    ['above the reserve', withPrice(150_000_00), { outcome: 'SOLD', winnerId: 'B', priceFen: 150_000_00 }],
  ] as const)('%s', (_, state, expected) => expect(decideClose(rules, state)).toEqual(expected))

  test('without a reserve any bid sells', () => {
    expect(decideClose({ ...rules, reserveFen: null }, withPrice(100_000_00))).toMatchObject({ outcome: 'SOLD' })
  })
})

describe('proxy bids settle at once by the documented rules', () => {
  const r = { ...rules, startingPriceFen: 100, incrementFen: 10 }
  test.each([
    ['a lone proxy answers a manual bid with the next minimum', { currentPriceFen: 100, leaderId: 'M' }, [{ bidderId: 'P', maxFen: 200, setAt: 1 }], [['P', 110]]],
    ['a proxy below the next minimum does nothing', { currentPriceFen: 100, leaderId: 'M' }, [{ bidderId: 'P', maxFen: 105, setAt: 1 }], []],
    [
      'two proxies: the stronger leads one increment above the weaker maximum',
      { currentPriceFen: 100, leaderId: 'A' },
      [{ bidderId: 'A', maxFen: 150, setAt: 1 }, { bidderId: 'B', maxFen: 200, setAt: 2 }],
      [['A', 150], ['B', 160]],
    ],
    [
      'the leader’s stronger proxy defends one increment above the challenger',
      { currentPriceFen: 110, leaderId: 'A' },
      [{ bidderId: 'A', maxFen: 300, setAt: 1 }, { bidderId: 'B', maxFen: 200, setAt: 2 }],
      [['B', 200], ['A', 210]],
    ],
    [
      'equal maximums: the earlier one leads at that maximum',
      { currentPriceFen: 110, leaderId: 'A' },
      [{ bidderId: 'A', maxFen: 200, setAt: 1 }, { bidderId: 'B', maxFen: 200, setAt: 2 }],
      [['A', 200]],
    ],
    [
      'equal maximums, the challenger set earlier: it takes the maximum',
      { currentPriceFen: 110, leaderId: 'A' },
      [{ bidderId: 'A', maxFen: 200, setAt: 2 }, { bidderId: 'B', maxFen: 200, setAt: 1 }],
      [['B', 200]],
    ],
    [
      'maximums are floored to the grid (205 acts as 200)',
      { currentPriceFen: 110, leaderId: 'A' },
      [{ bidderId: 'A', maxFen: 205, setAt: 1 }, { bidderId: 'B', maxFen: 209, setAt: 2 }],
      [['A', 200]],
    ],
    [
      'three proxies end with the strongest one increment above the second',
      { currentPriceFen: 100, leaderId: 'M' },
      [{ bidderId: 'A', maxFen: 150, setAt: 1 }, { bidderId: 'B', maxFen: 300, setAt: 2 }, { bidderId: 'C', maxFen: 250, setAt: 3 }],
      [['B', 110], ['C', 250], ['B', 260]],
    ],
  ] as const)('%s', (_, state, proxies, expected) => {
    expect(resolveProxies(r, state, [...proxies]).map((b) => [b.bidderId, b.amountFen])).toEqual(expected)
  })

  test('every planned bid is a valid bid in sequence', () => {
    const proxies = [
      { bidderId: 'A', maxFen: 970, setAt: 3 },
      { bidderId: 'B', maxFen: 455, setAt: 1 },
      { bidderId: 'C', maxFen: 960, setAt: 2 },
    ]
    let state: LotState = { ...live, currentPriceFen: 100, leaderId: 'M', bidCount: 1 }
    for (const b of resolveProxies(r, state, proxies)) {
      const d = decideBid(r, state, { ...a, id: b.bidderId }, b.amountFen, T0 + MIN)
      if (!d.ok) throw new Error(`${b.bidderId} ${b.amountFen}: ${d.reason}`)
      state = d.state
    }
    expect([state.leaderId, state.currentPriceFen]).toEqual(['A', 970]) // one increment above C's 960
  })
})
