import { describe, expect, test } from 'vitest'
import { announce, premiumBp } from '~/domain/announcements.ts'
import { formatBasisPoints } from '~/domain/money.ts'

describe('成交公告 / 流拍公告 say what the log holds, nothing more', () => {
  test.each([
    ['sold', [{ kind: 'bid', payload: {} }, { kind: 'close', payload: { outcome: 'SOLD', priceFen: 96_0000_00, winner: 'A2', reserveFen: null, endedAt: '2026-09-24T09:00:00.000Z' } }], { outcome: 'SOLD', priceFen: 96_0000_00, premiumBp: 2000, winner: 'A2' }],
    ['unsold, no bids', [{ kind: 'open', payload: {} }, { kind: 'close', payload: { outcome: 'UNSOLD', reason: 'no-bids', highestFen: null } }], { outcome: 'UNSOLD', reason: 'no-bids' }],
    ['unsold, reserve not met', [{ kind: 'close', payload: { outcome: 'UNSOLD', reason: 'below-reserve', highestFen: 85_0000_00, reserveFen: 90_0000_00 } }], { outcome: 'UNSOLD', reason: 'below-reserve', highestFen: 85_0000_00, reserveFen: 90_0000_00 }],
    ['cancelled', [{ kind: 'cancel', payload: { reason: '权属争议' } }], { outcome: 'UNSOLD', reason: 'cancelled', note: '权属争议' }],
    ['no close entry: nothing is inferred', [], { outcome: 'UNDECIDED' }],
    ['a SOLD status without a close entry in the log is still undecided', [{ kind: 'bid', payload: {} }], { outcome: 'UNDECIDED' }],
  ] as const)('%s', (_name, log, expected) => {
    expect(announce(80_0000_00, log as never)).toMatchObject(expected)
  })

  test.each([
    [80_0000_00, 96_0000_00, 2000, '20.00 %'],
    [30_0000_00, 30_0000_00, 0, '0.00 %'],
    [3, 4, 3333, '33.33 %'],
    [200, 199, -50, '-0.50 %'],
  ])('premium of %i → %i: %i bp (%s)', (start, price, bp, text) => {
    expect(premiumBp(start, price)).toBe(bp)
    expect(formatBasisPoints(bp, 'fixed')).toBe(text)
  })
})
