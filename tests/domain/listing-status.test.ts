import { describe, expect, test } from 'vitest'
import { availableResultActions, decideNeedTransition, decideResultTransition } from '~/domain/listing-status.ts'

describe('research result lifecycle: draft → submitted → published (by staff) → in auction → sold / withdrawn', () => {
  test.each([
    ['DRAFT', 'submit', 'owner', undefined, 'SUBMITTED'],
    ['RETURNED', 'submit', 'owner', undefined, 'SUBMITTED'],
    ['SUBMITTED', 'publish', 'staff', undefined, 'PUBLISHED'],
    ['SUBMITTED', 'return', 'staff', '请补充专利号', 'RETURNED'],
    ['PUBLISHED', 'withdraw', 'owner', undefined, 'WITHDRAWN'],
    ['PUBLISHED', 'withdraw', 'staff', '权属争议', 'WITHDRAWN'],
  ] as const)('%s --%s by %s--> %s', (from, action, by, reason, to) => {
    expect(decideResultTransition(from, action, by, reason)).toEqual({ ok: true, to })
  })

  test.each([
    ['SUBMITTED', 'publish', 'owner', 'not-allowed'], // only staff publish
    ['DRAFT', 'publish', 'staff', 'wrong-status'], // a draft was never submitted
    ['PUBLISHED', 'submit', 'owner', 'wrong-status'],
    ['SUBMITTED', 'return', 'staff', 'reason-required'], // the owner must see why
    ['IN_AUCTION', 'withdraw', 'owner', 'wrong-status'], // a lot in a live session stays
    ['SOLD', 'withdraw', 'staff', 'wrong-status'],
    ['DRAFT', 'mark-met', 'owner', 'not-allowed'], // a need's action, not a result's
  ] as const)('%s --%s by %s is refused: %s', (from, action, by, code) => {
    const decision = decideResultTransition(from, action, by, undefined)
    expect(decision.ok).toBe(false)
    if (!decision.ok) expect(decision.code).toBe(code)
  })

  test('a blank reason is no reason', () => {
    expect(decideResultTransition('SUBMITTED', 'return', 'staff', '   ')).toMatchObject({ ok: false, code: 'reason-required' })
  })

  test('the buttons offered are exactly the allowed transitions', () => {
    expect(availableResultActions('SUBMITTED', 'staff').sort()).toEqual(['publish', 'return'])
    expect(availableResultActions('PUBLISHED', 'owner')).toEqual(['withdraw'])
    expect(availableResultActions('SOLD', 'owner')).toEqual([])
  })
})

describe('technical need lifecycle: draft → submitted → published → met / closed', () => {
  test.each([
    ['DRAFT', 'submit', 'owner', undefined, 'SUBMITTED'],
    ['SUBMITTED', 'publish', 'staff', undefined, 'PUBLISHED'],
    ['PUBLISHED', 'mark-met', 'owner', undefined, 'MET'],
    ['PUBLISHED', 'close', 'owner', undefined, 'CLOSED'],
    ['PUBLISHED', 'close', 'staff', '企业已注销', 'CLOSED'],
  ] as const)('%s --%s by %s--> %s', (from, action, by, reason, to) => {
    expect(decideNeedTransition(from, action, by, reason)).toEqual({ ok: true, to })
  })

  test.each([
    ['MET', 'close', 'owner', 'wrong-status'],
    ['PUBLISHED', 'close', 'staff', 'reason-required'],
    ['SUBMITTED', 'mark-met', 'owner', 'wrong-status'],
  ] as const)('%s --%s by %s is refused: %s', (from, action, by, code) => {
    expect(decideNeedTransition(from, action, by)).toMatchObject({ ok: false, code })
  })
})
