// The command-line entry: a JSON-lines file of payments in, one JSON line per
// reward out, with the policy given or the seed's Shaoxing policy.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { computeRewardsFromLines, policiesFromJson, policyFromJson, SHAOXING_POLICY } from '../../scripts/rewards.ts'

const FIXTURE = 'tests/fixtures/rewards/payments.jsonl'

describe('npm run rewards', () => {
  test('the fixture: yearly cap, year boundary, a refund freeing room for a later payment', () => {
    const out = computeRewardsFromLines(readFileSync(FIXTURE, 'utf8').split('\n'), SHAOXING_POLICY)
    expect(out.map((o) => [o.payment, o.year, o.isReversal, o.amountFen / 100])).toEqual([
      ['p1', 2026, false, 500_000],
      ['p2', 2026, false, 500_000],
      ['p3', 2026, false, 0],
      ['p4', 2025, false, 100_000],
      ['p5', 2026, false, 100_000],
      ['p1', 2026, true, -500_000],
      ['p6', 2026, false, 200_000],
    ])
    expect(out[2]!.explanation).toMatchObject({ kind: 'reward', limitedBy: 'enterprise-year-cap', rawFen: 60_000_000 })
  })

  test('another policy from a file', () => {
    const policy = policyFromJson({ name: '某市 2027', validFrom: '2027-01-01T00:00:00+08:00', rateOutsideAuctionBp: 500, rateViaAuctionBp: 1500, capPerContractFen: 10_000_000, capPerEnterpriseYearFen: 15_000_000 })
    const line = JSON.stringify({ enterprise: 'E', contract: 'C', viaAuction: false, amountFen: 100_000_000, paidAt: '2027-02-01T00:00:00+08:00' })
    expect(computeRewardsFromLines([line, line.replace('"C"', '"D"')], policy).map((o) => o.amountFen)).toEqual([5_000_000, 5_000_000])
    // before the policy was in force: nothing
    expect(computeRewardsFromLines([line.replace('2027-02-01', '2026-02-01')], policy)).toEqual([])
  })

  test('versions of a policy from a file: each payment under the version valid at its date, like the worker', () => {
    const v1 = { name: '某市', version: 1, validFrom: '2027-01-01T00:00:00+08:00', rateOutsideAuctionBp: 1000, rateViaAuctionBp: 2000, capPerContractFen: 100_000_000, capPerEnterpriseYearFen: 200_000_000 }
    const versions = policiesFromJson([v1, { ...v1, version: 2, validFrom: '2027-07-01T00:00:00+08:00', rateOutsideAuctionBp: 1500, contractKinds: ['DEVELOPMENT', 'TRANSFER', 'LICENCE'] }])
    const line = (contract: string, paidAt: string, contractKind?: string) => JSON.stringify({ enterprise: 'E', contract, viaAuction: false, contractKind, amountFen: 10_000_000, paidAt })
    const out = computeRewardsFromLines([line('A', '2027-06-30T23:59:59+08:00'), line('B', '2027-07-01T00:00:00+08:00'), line('C', '2027-06-01T00:00:00+08:00', 'LICENCE'), line('D', '2027-08-01T00:00:00+08:00', 'LICENCE')], versions)
    expect(out.map((o) => [o.contract, o.amountFen, (o.explanation as { policy: { version: number } }).policy.version])).toEqual([
      ['A', 1_000_000, 1],
      ['B', 1_500_000, 2],
      ['C', 0, 1], // licences: not covered by version 1
      ['D', 1_500_000, 2],
    ])
  })

  test('a payment date that does not exist is refused, not read as 2 March', () => {
    const line = JSON.stringify({ enterprise: 'E', contract: 'C', viaAuction: false, amountFen: 100, paidAt: '2026-02-30T10:00:00+08:00' })
    expect(() => computeRewardsFromLines([line], SHAOXING_POLICY)).toThrow(/^line 1: /)
  })

  test('a bad line is named with its number', () => {
    expect(() => computeRewardsFromLines(['{"enterprise":"E","contract":"C","viaAuction":true,"amountFen":-5,"paidAt":"2026-01-01"}'], SHAOXING_POLICY)).toThrow(/^line 1: /)
    expect(() => computeRewardsFromLines(['', 'nope'], SHAOXING_POLICY)).toThrow('line 2: not JSON')
  })

  test('the script itself prints one JSON line per reward and exits 1 on a bad file', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/rewards.ts', '--payments', FIXTURE], { encoding: 'utf8' })
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { amountFen: number }).amountFen)).toEqual([50_000_000, 50_000_000, 0, 10_000_000, 10_000_000, -50_000_000, 20_000_000])
    const dir = mkdtempSync(join(tmpdir(), 'rewards-cli-'))
    writeFileSync(join(dir, 'bad.jsonl'), '{"refund":""}\n')
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rewards.ts', '--payments', join(dir, 'bad.jsonl')], { encoding: 'utf8' })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/^line 1:/)
  })
})
