import { describe, expect, test } from 'vitest'
import { isReauctionable, predecessorOf, reauctionCeilingFen, reauctionPriceProblem } from '../../app/domain/auction-reauction.ts'

describe('a re-auction starts at no more than 80 % of the previous start (法释〔2016〕18号 art. 26)', () => {
  test.each([
    // previous start (fen), ceiling (fen): 80 %, rounded down to whole yuan
    [100_000_000, 80_000_000],
    [1_000_00, 800_00],
    [1_234_567, 987_600],
    [99, 0],
  ])('previous %i → ceiling %i', (previous, ceiling) => {
    expect(reauctionCeilingFen(previous)).toBe(ceiling)
  })

  test.each([
    // starting price, reason, problem
    [80_000_000, null, null],
    [79_999_900, '', null],
    [80_000_100, null, 'reauction.errors.above-ceiling'],
    [80_000_100, '   ', 'reauction.errors.above-ceiling'],
    [100_000_000, '评估价已上调，经局务会同意', null],
    [120_000_000, '评估价已上调', null],
  ])('start %i with reason %j → %s', (startingPriceFen, reason, problem) => {
    expect(reauctionPriceProblem({ startingPriceFen, predecessorStartFen: 100_000_000, reason })).toBe(problem)
  })
})

describe('which lots a result may go to auction again after', () => {
  test.each([
    ['UNSOLD', null, true],
    ['SOLD', 'DEFAULTED', true],
    ['SOLD', 'AWAITING_PAYMENT', false],
    ['SOLD', 'PAID', false],
    ['CANCELLED', null, false],
    ['LIVE', null, false],
    ['SCHEDULED', null, false],
  ])('%s with deal %s → %s', (status, dealStatus, yes) => {
    expect(isReauctionable({ status, dealStatus })).toBe(yes)
  })

  test('the predecessor is the latest decided lot that failed and has no successor yet', () => {
    const lot = (id: string, status: string, dealStatus: string | null, closedAtMs: number, hasSuccessor = false) => ({ id, status, dealStatus, closedAtMs, hasSuccessor })
    expect(predecessorOf([])).toBeNull()
    expect(predecessorOf([lot('a', 'UNSOLD', null, 1, true), lot('b', 'SOLD', 'DEFAULTED', 2)])?.id).toBe('b')
    expect(predecessorOf([lot('b', 'SOLD', 'DEFAULTED', 2), lot('a', 'UNSOLD', null, 1)])?.id).toBe('b')
    expect(predecessorOf([lot('a', 'UNSOLD', null, 1, true)])).toBeNull()
    expect(predecessorOf([lot('a', 'SOLD', 'PAID', 5), lot('c', 'CANCELLED', null, 6)])).toBeNull()
  })
})
