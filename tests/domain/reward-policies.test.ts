// Reward policies as versions (issue 10, docs/decisions/006-rewards.md): the
// version valid at the payment's date decides, a later version takes over from
// its start without changing what an older one decided, the contract kinds a
// policy covers are its data, and proposed terms are checked field by field.
import { describe, expect, test } from 'vitest'
import { formatBasisPoints } from '~/domain/money.ts'
import {
  computeReward,
  overlappingOtherPolicy,
  parsePercentToBp,
  policyInForce,
  policyTermsProblems,
  RewardBook,
  type RewardPolicyRule,
} from '~/domain/rewards.ts'

const YUAN = 100
const at = (iso: string) => Date.parse(iso)
const V1: RewardPolicyRule = {
  id: 'v1',
  name: '绍市科〔2022〕24号 措施七',
  version: 1,
  authority: '绍兴市科学技术局',
  validFromMs: at('2022-01-01T00:00:00+08:00'),
  validToMs: null,
  rateOutsideAuctionBp: 1000,
  rateViaAuctionBp: 2000,
  capPerContractFen: 500_000 * YUAN,
  capPerEnterpriseYearFen: 1_000_000 * YUAN,
  contractKinds: ['DEVELOPMENT', 'TRANSFER'],
}
// From 1 July 2027: 15 % outside auctions, licences covered too.
const V2: RewardPolicyRule = { ...V1, id: 'v2', version: 2, validFromMs: at('2027-07-01T00:00:00+08:00'), rateOutsideAuctionBp: 1500, contractKinds: ['DEVELOPMENT', 'TRANSFER', 'LICENCE'] }

describe('the version valid at the payment date decides', () => {
  test.each([
    ['before the first version', '2021-12-31T23:59:59+08:00', null],
    ['under version 1', '2027-06-30T23:59:59+08:00', 'v1'],
    ['the first instant of version 2 (Shanghai midnight)', '2027-07-01T00:00:00+08:00', 'v2'],
    ['later under version 2', '2028-03-01T10:00:00+08:00', 'v2'],
  ])('%s → %s', (_what, iso, id) => {
    expect(policyInForce([V1, V2], at(iso))?.id ?? null).toBe(id)
    expect(policyInForce([V2, V1], at(iso))?.id ?? null).toBe(id) // order of rows does not matter
  })

  test('two versions starting together: the later version', () => {
    const v3 = { ...V2, id: 'v3', version: 3 }
    expect(policyInForce([v3, V2, V1], at('2027-08-01T00:00:00+08:00'))?.id).toBe('v3')
  })

  test('a version with an end: after it ends the version before it applies again', () => {
    const temporary = { ...V2, id: 't', validToMs: at('2028-01-01T00:00:00+08:00') }
    expect(policyInForce([V1, temporary], at('2027-12-31T12:00:00+08:00'))?.id).toBe('t')
    expect(policyInForce([V1, temporary], at('2028-01-01T00:00:00+08:00'))?.id).toBe('v1')
  })

  test('a book over the change: each payment under its date\'s version, the yearly cap shared', () => {
    const book = new RewardBook([V1, V2])
    const pay = (id: string, iso: string, amount: number, contractKind?: 'LICENCE' | 'TRANSFER') =>
      book.reward({ paymentId: id, enterpriseId: 'E', contractId: `C-${id}`, viaAuction: false, contractKind, amountFen: amount * YUAN, paidAtMs: at(iso) })
    expect(pay('a', '2027-06-30T10:00:00+08:00', 1_000_000)).toMatchObject({ amountFen: 100_000 * YUAN, explanation: { policy: { id: 'v1', version: 1 }, rateBp: 1000 } })
    expect(pay('b', '2027-07-01T10:00:00+08:00', 1_000_000)).toMatchObject({ amountFen: 150_000 * YUAN, explanation: { policy: { id: 'v2', version: 2 }, rateBp: 1500 } })
    expect(pay('c', '2027-07-02T10:00:00+08:00', 1_000_000, 'LICENCE')).toMatchObject({ amountFen: 150_000 * YUAN, explanation: { contractKind: 'LICENCE', covered: true } })
    expect(book.yearUsed.get('E@2027')).toBe(400_000 * YUAN)
  })
})

describe('the contract kinds a policy covers are its data', () => {
  test.each([
    ['development', 'DEVELOPMENT', V1, 100_000, 'rate'],
    ['transfer', 'TRANSFER', V1, 100_000, 'rate'],
    ['a licence under the Shaoxing measure: not covered, 0', 'LICENCE', V1, 0, 'contract-kind'],
    ['a licence where the policy names licences', 'LICENCE', V2, 150_000, 'rate'],
  ] as const)('%s', (_what, contractKind, policy, reward, limitedBy) => {
    const e = computeReward({ policy, viaAuction: false, contractKind, paidFen: 1_000_000 * YUAN, contractUsedFen: 0, enterpriseYearUsedFen: 0, year: 2027 })
    expect(e).toMatchObject({ amountFen: reward * YUAN, limitedBy, contractKind, covered: limitedBy !== 'contract-kind' })
    if (limitedBy === 'contract-kind') expect(e).toMatchObject({ rateBp: 0, rawFen: 0, contractCap: { leftAfterFen: 500_000 * YUAN } })
  })
})

describe('proposed terms are checked field by field', () => {
  test.each([
    ['fine', {}, {}],
    ['a rate over 100 %', { rateViaAuctionBp: 10_001 }, { rateViaAuctionBp: 'validation.reward.rate' }],
    ['a negative rate', { rateOutsideAuctionBp: -1 }, { rateOutsideAuctionBp: 'validation.reward.rate' }],
    ['a zero cap', { capPerContractFen: 0 }, { capPerContractFen: 'validation.reward.capPositive' }],
    ['a fractional fen', { capPerEnterpriseYearFen: 1.5 }, { capPerEnterpriseYearFen: 'validation.reward.capPositive' }],
    ['no contract kind', { contractKinds: [] }, { contractKinds: 'validation.reward.contractKindsRequired' }],
    ['ends before it starts', { validToMs: at('2021-01-01T00:00:00+08:00') }, { validToMs: 'validation.reward.validToAfterFrom' }],
    ['ends as it starts', { validToMs: V1.validFromMs }, { validToMs: 'validation.reward.validToAfterFrom' }],
  ] as const)('%s', (_what, change, problems) => {
    expect(policyTermsProblems({ ...V1, ...change })).toEqual(problems)
  })

  test.each([
    ['10', 1000],
    ['10%', 1000],
    ['12.5 %', 1250],
    ['0.25', 25],
    ['100', 10_000],
    ['0', 0],
    ['100.01', null],
    ['12.345', null],
    ['-1', null],
    ['十', null],
    ['', null],
  ])('percent %j → %j bp', (text, bp) => expect(parsePercentToBp(text)).toBe(bp))

  test.each([
    [1000, '10%'],
    [1250, '12.5%'],
    [25, '0.25%'],
    [0, '0%'],
  ])('%i bp reads %s', (bp, text) => expect(formatBasisPoints(bp, 'short')).toBe(text))
})

describe('two policies may not be in force together (versions of one may)', () => {
  const other = { ...V1, id: 'ls', name: '丽水某政策', validFromMs: at('2027-01-01T00:00:00+08:00'), validToMs: at('2028-01-01T00:00:00+08:00') }
  test.each([
    ['another policy over the same time', other, [V1], 'v1'],
    ['a version of the same policy', { ...V2 }, [V1], null],
    ['another policy after the first ended', { ...other, validFromMs: at('2030-01-01T00:00:00+08:00'), validToMs: null }, [{ ...V1, validToMs: at('2030-01-01T00:00:00+08:00') }], null],
  ] as const)('%s', (_what, candidate, approved, clash) => {
    expect(overlappingOtherPolicy(candidate, approved)?.id ?? null).toBe(clash)
  })
})
