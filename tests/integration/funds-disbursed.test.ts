// Funds disbursed (decision 020): every figure of a known data set (tests/support/funds.ts) against a hand count.
// Period: 1 June to the end of 31 July 2026 (Asia/Shanghai), read on 5 August.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fundsDisbursed, rateBp } from '~/services/funds-disbursed.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { HAND_COUNT, makeFundsWorld, openWorld, sh, type FundsWorld } from '../support/funds.ts'

let db: Db
let close: () => Promise<void>
let w: FundsWorld
const { period, now } = HAND_COUNT

beforeAll(async () => {
  ;({ db, close, w } = await openWorld(makeFundsWorld))
}, 60_000)
afterAll(() => close())

describe('funds disbursed', () => {
  test('rate rounds down and is null when nothing is due', () => {
    expect(rateBp(840_000, 1_150_000)).toBe(7304)
    expect(rateBp(0, 0)).toBeNull()
    expect(rateBp(7499, 10_000)).toBe(7499)
  })

  test('Lishui staff: every figure against the hand count', async () => {
    const f = await fundsDisbursed(db, w.lishui, period, now)
    // Due in the period: R2 200,000 (arrears) + R3 300,000 + R4 50,000 + V1 40,000 + V2 60,000 + CH1 500,000 = 1,150,000.
    // Not counted: R1 (paid before the period), R5 (not approved), R6 (rejected), R7 (due after), V3 (not delivered), RS (Shaoxing).
    // Paid before the end: R3 + V1 + CH1 = 840,000 (R4 was paid on 3 August).
    expect(f.total).toMatchObject({ dueFen: 1_150_000, paidFen: 840_000, items: 6, paidItems: 3, rateBp: 7304 })
    expect(f.byBureau).toEqual([{ key: w.lishui.organizationId, label: w.lishui.name, dueFen: 1_150_000, paidFen: 840_000, items: 6, paidItems: 3, rateBp: 7304 }])
    // 莲都区 (eA): R2 200,000, V1 40,000 paid, CH1 500,000 paid (the selected applicant is eA). 青田县 (eB): R3 paid, R4, V2.
    expect(f.byCounty.map((c) => [c.label, c.dueFen, c.paidFen, c.items, c.paidItems, c.rateBp])).toEqual([
      ['莲都区', 740_000, 540_000, 3, 2, 7297],
      ['青田县', 410_000, 300_000, 3, 1, 7317],
    ])
    expect(f.byKind.map((c) => [c.key, c.dueFen, c.paidFen, c.items, c.paidItems, c.rateBp])).toEqual([
      ['CHALLENGE_SUBSIDY', 500_000, 500_000, 1, 1, 10_000],
      ['REWARD', 550_000, 300_000, 3, 1, 5454],
      ['VOUCHER', 100_000, 40_000, 2, 1, 4000],
    ])
    // Late on 1 August (the end of the period): unpaid and due on or before 2 July. R4 (due 25 July) is not late yet.
    expect(f.asOf).toBe(period.to.toISOString())
    expect(f.late.map((l) => [l.kind, l.id, l.amountFen, l.county, l.daysOverdue])).toEqual([
      ['REWARD', w.ids.R2, 200_000, '莲都区', 52],
      ['VOUCHER', w.ids.V2, 60_000, '青田县', 30],
    ])
    // The campaign's target: 75 % by 31 July; 73.04 % is short of it.
    expect(f.targets).toEqual([expect.objectContaining({ campaignId: w.campaignId, targetBp: 7500, rateBp: 7304, met: false, bureauId: w.lishui.organizationId })])
  })

  test('Shaoxing staff see only their own; the province sees every bureau', async () => {
    const s = await fundsDisbursed(db, w.shaoxing, period, now)
    expect(s.total).toMatchObject({ dueFen: 1_000_000, paidFen: 1_000_000, items: 1, rateBp: 10_000 })
    expect(s.byCounty.map((c) => c.label)).toEqual(['越城区'])
    expect(s.late).toEqual([])
    expect(s.targets).toEqual([])

    const p = await fundsDisbursed(db, w.province, period, now)
    expect(p.total).toMatchObject({ dueFen: 2_150_000, paidFen: 1_840_000, items: 7, paidItems: 4, rateBp: 8558 })
    expect(p.byBureau.map((b) => [b.key, b.dueFen, b.paidFen])).toEqual(
      [[w.lishui.organizationId, 1_150_000, 840_000], [w.shaoxing.organizationId, 1_000_000, 1_000_000]].sort((a, b) => {
        const name = (id: unknown) => (id === w.lishui.organizationId ? w.lishui.name : w.shaoxing.name)
        return name(a[0]) < name(b[0]) ? -1 : 1
      }),
    )
    expect(p.late).toHaveLength(2)
    expect(p.targets).toHaveLength(1)
  })

  test('a period read before its end: late as of now; an enterprise cannot read', async () => {
    // Read on 10 July: R3 (paid 10 July 10:00) counts as paid only if paid before `to` = 1 August, so it does;
    // late as of 10 July = due on or before 10 June and unpaid then: R2 (61 − 30 = 31 days) and V2 (39 − 30 = 9).
    const f = await fundsDisbursed(db, w.lishui, period, sh('2026-07-10T12:00:00'))
    expect(f.late.map((l) => [l.id, l.daysOverdue])).toEqual([[w.ids.R2, 31], [w.ids.V2, 9]])
    await expect(fundsDisbursed(db, w.eA, period, now)).rejects.toBeInstanceOf(ServiceError)
  })
})
