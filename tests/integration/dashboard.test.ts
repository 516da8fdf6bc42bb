// The staff home page's figures (decision 020) on a known data set: the funds world (tests/support/funds.ts) plus
// listings, interests, a session with deals, and requests with ratings. Every figure against a hand count.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { campaignCoverage } from '~/services/campaign-coverage.server.ts'
import { dashboardFigures, defaultPeriod } from '~/services/dashboard.server.ts'
import { fundsDisbursed } from '~/services/funds-disbursed.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { HAND_COUNT, makeDashboardWorld, openWorld, sh, type FundsWorld } from '../support/funds.ts'

let db: Db
let close: () => Promise<void>
let w: FundsWorld
const { period, now } = HAND_COUNT

beforeAll(async () => {
  ;({ db, close, w } = await openWorld(makeDashboardWorld))
}, 60_000)
afterAll(() => close())

describe('staff home figures', () => {
  test('Lishui: every figure against the hand count', async () => {
    const d = await dashboardFigures(db, w.lishui, period, now)
    expect(d.campaign?.id).toBe(w.campaignId)
    // Coverage is campaign-coverage's (tested by hand in campaign.test.ts), read as of the period's end.
    const coverage = await campaignCoverage(db, w.lishui, w.campaignId, period.to)
    expect(d.coverage?.overall).toEqual(coverage.overall)
    // Requests raised before 1 August: q1 closed, q2 assigned and past its deadline (15 July), q3 in hand (deadline 20
    // August), q4 accepted, q6 closed; q5 (raised 3 August) and Shaoxing's qS not counted.
    // Ratings: q1 不满意 then 满意, q6 基本满意: 2 of 3 satisfied = 66.66 %.
    expect(d.requests).toEqual({ total: 5, open: 3, overdue: 1, closed: 2, rated: 3, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1, satisfactionBp: 6666 })
    // Funds: the same as the funds service.
    expect(d.funds).toEqual(await fundsDisbursed(db, w.lishui, period, now))
    const m = d.marketplace
    // Results public and published before 1 August: res1 (6 June) and res2 (sold, 1 May); res3 is a draft, res4 published
    // 10 August, the session's results were never published. Needs: n2 (10 June); the challenge's need has no publishedAt.
    expect([m.resultsPublished, m.needsPublished]).toEqual([2, 1])
    // Interests in the period on Lishui's results: i1 (replied) and i2; i3 is of 1 May.
    expect([m.interests, m.interestsReplied]).toEqual([2, 1])
    // One session (20 June; the cancelled one and Shaoxing's do not count), 3 lots, 2 sold.
    expect([m.sessions, m.lots, m.lotsSold]).toEqual([1, 3, 2])
    // Deals 1,300,000 on a start of 1,000,000 and 2,100,000 on 2,000,000: premium 400,000 / 3,000,000 = 13.33 %.
    expect([m.deals, m.dealsFen, m.startFen, m.premiumBp]).toEqual([2, 3_400_000, 3_000_000, 1333])
    // Rewards approved or paid in 2026: eA R1 + R2 + R7 = 380,000, eB R3 + R4 = 350,000; the cap is 1,000,000 CNY.
    expect(m.rewardYear).toBe(2026)
    expect(m.rewardsByEnterprise).toEqual([
      { enterprise: w.eA.name, rewardedFen: 380_000, capFen: 100_000_000 },
      { enterprise: w.eB.name, rewardedFen: 350_000, capFen: 100_000_000 },
    ])
    expect([m.rewardedFen, m.rewardedEnterprises, m.enterprisesAtCap]).toEqual([730_000, 2, 0])
  })

  test('Shaoxing sees only its own; the province every bureau but no campaign', async () => {
    const s = await dashboardFigures(db, w.shaoxing, period, now)
    expect(s.campaign).toBeNull()
    expect(s.requests).toMatchObject({ total: 1, open: 1, overdue: 0, closed: 0, rated: 0, satisfactionBp: null })
    expect(s.marketplace).toMatchObject({ resultsPublished: 0, interests: 0, sessions: 1, lots: 1, lotsSold: 0, deals: 0, premiumBp: null, rewardedFen: 1_000_000 })
    const p = await dashboardFigures(db, w.province, period, now)
    expect(p.campaign).toBeNull()
    expect(p.requests.total).toBe(6)
    expect(p.marketplace).toMatchObject({ resultsPublished: 2, sessions: 2, lots: 4, deals: 2, rewardedFen: 1_730_000, rewardedEnterprises: 3 })
  })

  test('the default period is the campaign: its start to the day after the funds target', async () => {
    expect(await defaultPeriod(db, w.lishui, now)).toEqual({ from: sh('2026-06-01T00:00:00'), to: sh('2026-08-01T00:00:00') })
    expect(await defaultPeriod(db, w.shaoxing, now)).toEqual({ from: sh('2026-01-01T00:00:00'), to: sh('2027-01-01T00:00:00') })
  })
})
