// 揭榜挂帅: who may post, apply, select, confirm and close, one table per rule.
import { describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import {
  applyRefusal,
  challengeTermsProblem,
  closeRefusal,
  confirmRefusal,
  MAX_REWARD_FEN,
  MIN_REWARD_FEN,
  publicApplicant,
  selectRefusal,
  statusAfterSelection,
  type ChallengeFacts,
} from '~/domain/challenges.ts'

const now = new Date('2026-12-02T02:00:00Z')
const day = 24 * 3600 * 1000
const at = (days: number) => new Date(now.getTime() + days * day)
const enterprise: Principal = { userId: 'u-e', role: 'ENTERPRISE', organizationId: 'org-e' }
const otherEnterprise: Principal = { userId: 'u-e2', role: 'ENTERPRISE', organizationId: 'org-e2' }
const institution: Principal = { userId: 'u-i', role: 'INSTITUTION', organizationId: 'org-i' }
const staff: Principal = { userId: 'u-s', role: 'STAFF', organizationId: 'org-b' }
const staff2: Principal = { userId: 'u-s2', role: 'STAFF', organizationId: 'org-b' }
const open: ChallengeFacts = { status: 'OPEN', deadline: at(10), posterOrgId: 'org-e', fundedByBureau: false }
const funded: ChallengeFacts = { ...open, fundedByBureau: true }

describe('challenge terms', () => {
  const ok = { rewardFen: 50_000_000, deadline: at(30), conditions: '', fundedByBureau: false, subsidyFen: null }
  test.each([
    ['valid', ok, null],
    ['reward below 1 万元', { ...ok, rewardFen: MIN_REWARD_FEN - 1 }, 'reward-too-small'],
    ['reward of exactly 1 万元', { ...ok, rewardFen: MIN_REWARD_FEN }, null],
    ['reward above 1 亿元', { ...ok, rewardFen: MAX_REWARD_FEN + 1 }, 'reward-too-large'],
    ['reward not an integer', { ...ok, rewardFen: 1_000_000.5 }, 'reward-too-small'],
    ['bureau-funded without subsidy', { ...ok, fundedByBureau: true }, 'subsidy-invalid'],
    ['bureau-funded, subsidy above the reward', { ...ok, fundedByBureau: true, subsidyFen: ok.rewardFen + 1 }, 'subsidy-invalid'],
    ['bureau-funded, subsidy within the reward', { ...ok, fundedByBureau: true, subsidyFen: 10_000_000 }, null],
    ['subsidy on an enterprise-funded challenge', { ...ok, subsidyFen: 10_000_000 }, 'subsidy-invalid'],
    ['deadline in 3 days', { ...ok, deadline: at(3) }, 'deadline-too-soon'],
    ['deadline in the past', { ...ok, deadline: at(-1) }, 'deadline-too-soon'],
    ['deadline in 400 days', { ...ok, deadline: at(400) }, 'deadline-too-far'],
    ['conditions too long', { ...ok, conditions: '条'.repeat(2001) }, 'conditions-too-long'],
  ])('%s', (_name, terms, expected) => {
    expect(challengeTermsProblem(terms, now)?.problem ?? null).toBe(expected)
  })
})

describe('who may apply', () => {
  test.each([
    ['an institution, open, before the deadline', open, institution, now, false, null],
    ['an enterprise', open, enterprise, now, false, 'role'],
    ['staff', open, staff, now, false, 'role'],
    ['after the deadline', open, institution, at(11), false, 'deadline-passed'],
    ['exactly at the deadline', open, institution, at(10), false, null],
    ['awarded', { ...open, status: 'AWARDED' as const }, institution, now, false, 'not-open'],
    ['closed', { ...open, status: 'CLOSED' as const }, institution, now, false, 'not-open'],
    ['a second time', open, institution, now, true, 'already-applied'],
  ])('%s', (_name, c, who, when, already, expected) => {
    expect(applyRefusal(c, who, when, already)).toBe(expected)
  })
})

describe('who may select', () => {
  const submitted = { status: 'SUBMITTED' as const }
  test.each([
    ['the poster', open, enterprise, submitted, null],
    ['another enterprise', open, otherEnterprise, submitted, 'forbidden'],
    ['staff, enterprise-funded', open, staff, submitted, 'forbidden'],
    ['staff, bureau-funded', funded, staff, submitted, null],
    ['the poster, bureau-funded', funded, enterprise, submitted, null],
    ['an institution', open, institution, submitted, 'forbidden'],
    ['a withdrawn application', open, enterprise, { status: 'WITHDRAWN' as const }, 'not-applicable'],
    ['already awarded', { ...open, status: 'AWARDED' as const }, enterprise, submitted, 'not-open'],
  ])('%s', (_name, c, who, application, expected) => {
    expect(selectRefusal(c, who, application)).toBe(expected)
  })

  test('a selection awards at once unless the bureau funds it', () => {
    expect(statusAfterSelection(open)).toBe('AWARDED')
    expect(statusAfterSelection(funded)).toBe('SELECTED')
  })
})

describe('confirming a bureau-funded selection: four eyes', () => {
  const selected = { ...funded, status: 'SELECTED' as const }
  test.each([
    ['another staff member', selected, staff2, 'u-s', null],
    ['the staff member who selected', selected, staff, 'u-s', 'same-person'],
    ['staff, when the poster selected', selected, staff, 'u-e', null],
    ['the poster', selected, enterprise, 'u-s', 'forbidden'],
    ['nothing selected yet', funded, staff2, null, 'not-selected'],
  ])('%s', (_name, c, who, selectedBy, expected) => {
    expect(confirmRefusal(c, who, selectedBy)).toBe(expected)
  })
})

describe('closing and what the public sees', () => {
  test.each([
    ['the poster, open', open, enterprise, null],
    ['staff, open', open, staff, null],
    ['another enterprise', open, otherEnterprise, 'forbidden'],
    ['an institution', open, institution, 'forbidden'],
    ['awarded', { ...open, status: 'AWARDED' as const }, enterprise, 'not-open'],
  ])('%s', (_name, c, who, expected) => {
    expect(closeRefusal(c, who)).toBe(expected)
  })

  test('only the selected applicant of an awarded challenge is public', () => {
    expect(publicApplicant({ status: 'AWARDED' }, { status: 'SELECTED' })).toBe(true)
    expect(publicApplicant({ status: 'SELECTED' }, { status: 'SELECTED' })).toBe(false)
    expect(publicApplicant({ status: 'AWARDED' }, { status: 'NOT_SELECTED' })).toBe(false)
  })
})
