import { describe, expect, test } from 'vitest'
import { isValidCreditCode } from '~/domain/credit-code.ts'
import { FIELD_CODES } from '~/domain/fields.ts'
import { IP_KINDS, MATURITIES, TRANSFER_MODES } from '~/domain/labels.ts'
import { fenToYuanInput } from '~/domain/money.ts'
import { NeedFormSchema, ResultFormSchema } from '~/utils/listing-validation.ts'
import {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  lishuiLiaisonTable,
  needs,
  organizations,
  results,
  rewardPolicies,
  users,
} from '../../prisma/seed-data.ts'

const orgByName = new Map(organizations.map((o) => [o.name, o]))
const kindOf = (name: string) => orgByName.get(name)?.kind
const isFenOrNull = (v: number | null) => v === null || (Number.isSafeInteger(v) && v >= 0)

describe('organizations', () => {
  test('every credit code is a valid GB 32100-2015 code', () => {
    for (const o of organizations) expect(isValidCreditCode(o.creditCode), `${o.name} ${o.creditCode}`).toBe(true)
  })

  test('names and credit codes are unique', () => {
    expect(new Set(organizations.map((o) => o.name)).size).toBe(organizations.length)
    expect(new Set(organizations.map((o) => o.creditCode)).size).toBe(organizations.length)
  })

  test('the registration division in each code fits the county (丽水 3311xx, 绍兴 3306xx)', () => {
    for (const o of organizations) {
      const division = o.creditCode.slice(2, 8)
      if (o.kind === 'ENTERPRISE' && !o.name.startsWith('绍兴')) expect(division, o.name).toMatch(/^3311\d\d$/)
      if (o.name.startsWith('绍兴')) expect(division, o.name).toMatch(/^3306\d\d$/)
      if (o.name.startsWith('丽水')) expect(division, o.name).toMatch(/^3311\d\d$/)
    }
  })

  test('the enterprises are exactly those of the Lishui liaison table, with their counties, and one invented for Shaoxing', () => {
    const fromTable = lishuiLiaisonTable.flatMap((g) => g.counties.flatMap((c) => c.enterprises.map((e) => [e, c.county])))
    expect(fromTable).toHaveLength(31) // 10 counties: 3 each, 开发区 4
    const enterprises = organizations.filter((o) => o.kind === 'ENTERPRISE').map((o) => [o.name, o.county])
    expect(enterprises).toEqual([...fromTable, ['绍兴柯桥演示纺织科技有限公司', '柯桥区']])
  })

  test('both bureaus (and the province’s department, decision 016) and at least six universities and institutes', () => {
    expect(organizations.filter((o) => o.kind === 'BUREAU').map((o) => o.name)).toEqual(['丽水市科学技术局', '绍兴市科学技术局', '浙江省科学技术厅'])
    const academic = organizations.filter((o) => o.kind === 'UNIVERSITY' || o.kind === 'INSTITUTE')
    expect(academic.length).toBeGreaterThanOrEqual(6)
    expect(academic.some((o) => o.kind === 'INSTITUTE')).toBe(true)
  })
})

describe('users', () => {
  const orgKindsForRole = { INSTITUTION: ['UNIVERSITY', 'INSTITUTE'], ENTERPRISE: ['ENTERPRISE'], STAFF: ['BUREAU'], PROVINCE: ['BUREAU'] } as const

  test('every role has at least two demo users, each in an organization of the right kind', () => {
    for (const role of ['INSTITUTION', 'ENTERPRISE', 'STAFF'] as const) {
      expect(users.filter((u) => u.role === role).length, role).toBeGreaterThanOrEqual(2)
    }
    for (const u of users) {
      expect(orgKindsForRole[u.role] as readonly string[], u.email).toContain(kindOf(u.organizationName))
    }
  })

  test('emails are unique lower-case ASCII; everyone has the shared demo password', () => {
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length)
    for (const u of users) {
      expect(u.email).toMatch(/^[a-z0-9.]+@demo\.kjj\.example$/)
      expect(u.demoPassword).toBe(DEMO_PASSWORD)
    }
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(10) // the organization form's minimum
  })

  test('DEMO_LOGINS lists every user with what the role can do', () => {
    expect(DEMO_LOGINS.map((l) => l.email)).toEqual(users.map((u) => u.email))
    for (const l of DEMO_LOGINS) expect(l.can.length).toBeGreaterThan(10)
  })
})

describe('research results', () => {
  test('at least 30, owned by universities or institutes, titles unique', () => {
    expect(results.length).toBeGreaterThanOrEqual(30)
    for (const r of results) expect(['UNIVERSITY', 'INSTITUTE'], r.title).toContain(kindOf(r.ownerName))
    expect(new Set(results.map((r) => r.title)).size).toBe(results.length)
  })

  test('field codes and enum values are the schema’s', () => {
    for (const r of results) {
      expect(FIELD_CODES, r.title).toContain(r.field)
      expect(IP_KINDS, r.title).toContain(r.ipKind)
      expect(MATURITIES, r.title).toContain(r.maturity)
      for (const m of r.transferModes) expect(TRANSFER_MODES, r.title).toContain(m)
    }
  })

  test('asking prices are whole fen (or 面议)', () => {
    for (const r of results) expect(isFenOrNull(r.askingPriceFen), r.title).toBe(true)
  })

  test('each would pass the result form a university fills in', () => {
    for (const r of results) {
      const parsed = ResultFormSchema.safeParse({
        ...r,
        keywords: r.keywords.join('，'),
        ipNumbers: r.ipNumbers.join('，'),
        askingPrice: r.askingPriceFen === null ? '' : fenToYuanInput(r.askingPriceFen),
      })
      expect(parsed.success ? null : parsed.error.issues, r.title).toBeNull()
      if (parsed.success) {
        expect(parsed.data.keywords).toEqual(r.keywords)
        expect(parsed.data.askingPrice).toBe(r.askingPriceFen)
      }
    }
  })

  test('patent numbers have the ZL form and the type digit of the IP kind', () => {
    const typeDigit = { INVENTION_PATENT: '1', UTILITY_MODEL: '2', DESIGN_PATENT: '3' } as const
    for (const r of results) {
      for (const n of r.ipNumbers.filter((x) => x.startsWith('ZL'))) expect(n).toMatch(/^ZL20\d\d[123]\d{7}\.[\dX]$/)
      if (r.ipKind in typeDigit) {
        expect(r.ipNumbers[0]?.charAt(6), r.title).toBe(typeDigit[r.ipKind as keyof typeof typeDigit])
      }
      if (r.ipKind === 'KNOW_HOW') expect(r.ipNumbers).toEqual([])
    }
  })

  test('mostly published, with some submitted (the review queue) and drafts', () => {
    const count = (s: string) => results.filter((r) => r.status === s).length
    expect(count('PUBLISHED')).toBeGreaterThan(results.length * 0.75)
    expect(count('SUBMITTED')).toBeGreaterThanOrEqual(2)
    expect(count('DRAFT')).toBeGreaterThanOrEqual(1)
  })
})

describe('technical needs', () => {
  test('at least 20, each from an enterprise, titles unique', () => {
    expect(needs.length).toBeGreaterThanOrEqual(20)
    for (const n of needs) expect(kindOf(n.enterpriseName), n.title).toBe('ENTERPRISE')
    expect(new Set(needs.map((n) => n.title)).size).toBe(needs.length)
  })

  test('field codes and modes are the schema’s', () => {
    for (const n of needs) {
      expect(FIELD_CODES, n.title).toContain(n.field)
      for (const m of n.acceptedModes) expect(TRANSFER_MODES, n.title).toContain(m)
    }
  })

  test('budgets are whole fen with min ≤ max', () => {
    for (const n of needs) {
      expect(isFenOrNull(n.budgetMinFen) && isFenOrNull(n.budgetMaxFen), n.title).toBe(true)
      if (n.budgetMinFen !== null && n.budgetMaxFen !== null) expect(n.budgetMinFen, n.title).toBeLessThanOrEqual(n.budgetMaxFen)
    }
  })

  test('wanted-by dates are calendar days in 2027 that survive the round trip the need service makes', () => {
    for (const n of needs) {
      expect(n.wantedBy, n.title).toMatch(/^2027-\d\d-\d\d$/)
      expect(new Date(n.wantedBy!).toISOString().slice(0, 10)).toBe(n.wantedBy)
    }
  })

  test('each would pass the need form an enterprise fills in', () => {
    for (const n of needs) {
      const parsed = NeedFormSchema.safeParse({
        ...n,
        keywords: n.keywords.join('、'),
        budgetMin: n.budgetMinFen === null ? '' : fenToYuanInput(n.budgetMinFen),
        budgetMax: n.budgetMaxFen === null ? '' : fenToYuanInput(n.budgetMaxFen),
        wantedBy: n.wantedBy ?? undefined,
      })
      expect(parsed.success ? null : parsed.error.issues, n.title).toBeNull()
    }
  })

  test('mostly published, a few waiting for review', () => {
    const published = needs.filter((n) => n.status === 'PUBLISHED').length
    expect(published).toBeGreaterThan(needs.length * 0.75)
    expect(needs.filter((n) => n.status === 'SUBMITTED').length).toBeGreaterThanOrEqual(2)
  })

  test('matching has something to find, and something not to find', () => {
    const published = results.filter((r) => r.status === 'PUBLISHED')
    const answers = (n: (typeof needs)[number]) =>
      published.filter((r) => r.field === n.field && n.keywords.filter((k) => r.keywords.includes(k)).length >= 2)
    const publishedNeeds = needs.filter((n) => n.status === 'PUBLISHED')
    const answered = publishedNeeds.filter((n) => answers(n).length > 0)
    expect(answered.length).toBeGreaterThanOrEqual(10)
    expect(publishedNeeds.length - answered.length).toBeGreaterThanOrEqual(3)
  })
})

describe('reward policy', () => {
  test('Shaoxing measure 7: 10 % / 20 % via auction, 50万 per contract, 100万 per enterprise a year', () => {
    expect(rewardPolicies).toContainEqual({
      name: '绍市科〔2022〕24号 措施七',
      authority: '绍兴市科学技术局',
      validFrom: '2022-01-01T00:00:00+08:00',
      validTo: null,
      rateOutsideAuctionBp: 1000,
      rateViaAuctionBp: 2000,
      capPerContractFen: 50_000_000,
      capPerEnterpriseYearFen: 100_000_000,
      contractKinds: ['DEVELOPMENT', 'TRANSFER'],
      // and innovation vouchers of the same measure: 20万 an enterprise, 10万 an entrepreneur a year (decision 018)
      voucher: { capEnterpriseFen: 20_000_000, capEntrepreneurFen: 10_000_000, shareBp: 5000 },
    })
    for (const p of rewardPolicies) {
      expect(Number.isNaN(Date.parse(p.validFrom))).toBe(false)
      expect(Number.isSafeInteger(p.capPerContractFen) && Number.isSafeInteger(p.capPerEnterpriseYearFen)).toBe(true)
      expect(p.capPerContractFen).toBeLessThanOrEqual(p.capPerEnterpriseYearFen)
    }
    expect(new Set(rewardPolicies.map((p) => p.name)).size).toBe(rewardPolicies.length)
  })
})
