import { describe, expect, test } from 'vitest'
import { shanghaiWallClockToInstant } from '../../app/domain/calendar.ts'
import { isAboveScaleHighTechOn, isAboveScaleOn, isHighTechOn, isTechSmeOn, type Fact } from '../../app/domain/enterprise-facts.ts'

const day = (year: number, month: number, d: number) => shanghaiWallClockToInstant({ year, month, day: d })
const highTech = (from: number, to: number | null, replaced = false): Fact => ({ kind: 'HIGH_TECH', year: null, validFromMs: from, validToMs: to, replaced })
const aboveScale = (year: number): Fact => ({ kind: 'ABOVE_SCALE', year, validFromMs: null, validToMs: null, replaced: false })

describe('enterprise facts on a day (Asia/Shanghai)', () => {
  test('a certificate counts from its first day through the whole of its last day', () => {
    const facts = [highTech(day(2022, 12, 24), day(2025, 12, 23))]
    expect(isHighTechOn(facts, day(2022, 12, 24))).toBe(true)
    expect(isHighTechOn(facts, day(2022, 12, 24) - 1)).toBe(false)
    expect(isHighTechOn(facts, day(2025, 12, 23) + 86_400_000 - 1)).toBe(true) // 23:59:59.999 on the last day
    expect(isHighTechOn(facts, day(2025, 12, 24))).toBe(false)
  })
  test('a replaced certificate does not count', () => {
    expect(isHighTechOn([highTech(day(2022, 1, 1), null, true)], day(2023, 1, 1))).toBe(false)
  })
  test('above-scale holds for its year, and for the next until that year has a figure', () => {
    expect(isAboveScaleOn([aboveScale(2025)], day(2025, 6, 30))).toBe(true)
    expect(isAboveScaleOn([aboveScale(2025)], day(2026, 6, 30))).toBe(true)
    expect(isAboveScaleOn([aboveScale(2024)], day(2026, 6, 30))).toBe(false)
    // 1 January 00:30 in Shanghai is still 31 December in UTC: the Shanghai year decides.
    expect(isAboveScaleOn([aboveScale(2027)], day(2027, 1, 1) + 30 * 60_000)).toBe(true)
  })
  test('above-scale high-tech needs both', () => {
    const cert = highTech(day(2024, 1, 1), day(2026, 12, 31))
    expect(isAboveScaleHighTechOn([cert, aboveScale(2026)], day(2026, 6, 30))).toBe(true)
    expect(isAboveScaleHighTechOn([cert], day(2026, 6, 30))).toBe(false)
    expect(isAboveScaleHighTechOn([aboveScale(2026)], day(2026, 6, 30))).toBe(false)
  })
  test('a provincial tech SME is one for its year only', () => {
    const f: Fact = { kind: 'TECH_SME', year: 2026, validFromMs: null, validToMs: null, replaced: false }
    expect(isTechSmeOn([f], day(2026, 3, 1))).toBe(true)
    expect(isTechSmeOn([f], day(2027, 3, 1))).toBe(false)
  })
})
