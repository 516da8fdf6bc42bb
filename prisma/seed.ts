// The demo: organizations, users of every role, results, needs and the reward
// policy from the public notices (prisma/seed-data.ts). Safe to run twice:
// everything is found by its natural key first and only created when missing.
import { documentTokens } from '../app/domain/search-text.ts'
import { fenToDb } from '../app/domain/money.ts'
import type { Db } from '../app/utils/db.server.ts'
import { hashPassword } from '../app/utils/auth.server.ts'
import { ensureSeedPolicy } from '../app/services/reward-policies.server.ts'
import { DEMO_PASSWORD, enterpriseFacts, needs, organizations, results, rewardPolicies, seedPolicyTerms, users, voucherQuotas, voucherServices } from './seed-data.ts'
import { parseShanghaiDay, shanghaiYear } from '../app/domain/calendar.ts'
import { ensureKnownRegions } from '../app/services/bureaus.server.ts'
import { seedPastAuction } from './seed-auction.ts'
import { seedLiveAuction } from './seed-live-auction.ts'
import { seedLishuiCampaign } from './seed-campaign.ts'
import { seedPolicyPayments } from './seed-payouts.ts'

export async function seed(db: Db) {
  const orgIds = new Map<string, string>()
  for (const org of organizations) {
    const row = await db.organization.upsert({
      where: { name: org.name },
      create: { name: org.name, kind: org.kind, creditCode: org.creditCode, county: org.county, address: org.address ?? null },
      update: {},
    })
    orgIds.set(org.name, row.id)
  }
  // Each bureau's counties, and every organisation linked to the county its address names (issue 14).
  await ensureKnownRegions(db)
  const orgId = (name: string) => {
    const id = orgIds.get(name)
    if (!id) throw new Error(`seed data names an unknown organization: ${name}`)
    return id
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD)
  for (const u of users) {
    await db.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, role: u.role, bureauAdmin: u.bureauAdmin ?? false, organizationId: orgId(u.organizationName), passwordHash },
      update: {},
    })
  }

  const seededAt = new Date()
  for (const r of results) {
    const ownerId = orgId(r.ownerName)
    if (await db.researchResult.findFirst({ where: { ownerId, title: r.title }, select: { id: true } })) continue
    await db.$transaction(async (tx) => {
      const row = await tx.researchResult.create({
        data: {
          ownerId,
          title: r.title,
          summary: r.summary,
          field: r.field,
          keywords: r.keywords,
          ipKind: r.ipKind,
          ipNumbers: r.ipNumbers,
          maturity: r.maturity,
          transferModes: r.transferModes,
          askingPriceFen: fenToDb(r.askingPriceFen),
          contactName: r.contactName,
          contactPhone: r.contactPhone,
          status: r.status,
          publishedAt: r.status === 'PUBLISHED' ? seededAt : null,
          searchTokens: documentTokens(r.title, r.summary, r.keywords.join(' '), r.ipNumbers.join(' ')),
        },
      })
      await tx.auditLog.create({
        data: { action: 'result.seed', entityType: 'ResearchResult', entityId: row.id, toStatus: r.status, reason: '演示数据', at: seededAt },
      })
    })
  }

  for (const n of needs) {
    const enterpriseId = orgId(n.enterpriseName)
    if (await db.technicalNeed.findFirst({ where: { enterpriseId, title: n.title }, select: { id: true } })) continue
    await db.$transaction(async (tx) => {
      const row = await tx.technicalNeed.create({
        data: {
          enterpriseId,
          title: n.title,
          description: n.description,
          field: n.field,
          keywords: n.keywords,
          budgetMinFen: fenToDb(n.budgetMinFen),
          budgetMaxFen: fenToDb(n.budgetMaxFen),
          wantedBy: n.wantedBy ? new Date(n.wantedBy) : null,
          acceptedModes: n.acceptedModes,
          contactName: n.contactName,
          contactPhone: n.contactPhone,
          status: n.status,
          publishedAt: n.status === 'PUBLISHED' ? seededAt : null,
          searchTokens: documentTokens(n.title, n.description, n.keywords.join(' ')),
        },
      })
      await tx.auditLog.create({
        data: { action: 'need.seed', entityType: 'TechnicalNeed', entityId: row.id, toStatus: n.status, reason: '演示数据', at: seededAt },
      })
    })
  }

  // A changed seed policy becomes a new version; the one that computed past rewards stays as it was.
  for (const p of rewardPolicies) await ensureSeedPolicy(db, seedPolicyTerms(p, orgIds.get(p.authority) ?? null), seededAt)

  // Enterprise facts (invented demo data, prisma/seed-data.ts): each added once, audited with the enterprise.
  const day = (text: string) => {
    const parsed = parseShanghaiDay(text)
    if (!parsed.ok) throw new Error(`seed data: ${text} is not a date`)
    return new Date(parsed.instantMs)
  }
  for (const f of enterpriseFacts) {
    const organizationId = orgId(f.enterpriseName)
    const wanted = [
      ...(f.highTech ? [{ kind: 'HIGH_TECH' as const, year: null, certificateNo: f.highTech.certificateNo, validFrom: day(f.highTech.validFrom), validTo: day(f.highTech.validTo) }] : []),
      ...f.aboveScaleYears.map((year) => ({ kind: 'ABOVE_SCALE' as const, year, certificateNo: null, validFrom: null, validTo: null })),
      ...f.techSmeYears.map((year) => ({ kind: 'TECH_SME' as const, year, certificateNo: null, validFrom: null, validTo: null })),
    ]
    const have = await db.enterpriseFact.findMany({ where: { organizationId, replacedAt: null } })
    const missing = wanted.filter((w) => !have.some((h) => h.kind === w.kind && h.year === w.year && h.certificateNo === w.certificateNo && h.validFrom?.getTime() === w.validFrom?.getTime() && h.validTo?.getTime() === w.validTo?.getTime()))
    if (!missing.length) continue
    await db.$transaction(async (tx) => {
      for (const m of missing) await tx.enterpriseFact.create({ data: { organizationId, ...m, source: '演示数据', createdAt: seededAt } })
      await tx.auditLog.create({ data: { action: 'enterprise-facts.seed', entityType: 'Organization', entityId: organizationId, reason: '演示数据', at: seededAt } })
    })
  }

  await seedVouchers(db, orgId, seededAt)
  await seedPastAuction(db, orgId, seededAt)
  await seedLiveAuction(db, orgId, seededAt)
  // The Lishui campaign and its assignment table as attached to the notice (issue 14).
  await seedLishuiCampaign(db, 'staff.lishui@demo.kjj.example', seededAt)
  // Policy payments due and paid (and one late) during that campaign, so the funds disbursed are not empty.
  await seedPolicyPayments(db, orgId)

  const [o, u, r, n] = await Promise.all([db.organization.count(), db.user.count(), db.researchResult.count(), db.technicalNeed.count()])
  return { organizations: o, users: u, results: r, needs: n }
}

/** The demo's voucher services (approved) and quota, once: found by provider and title, and by holder and year. */
async function seedVouchers(db: Db, orgId: (name: string) => string, seededAt: Date): Promise<void> {
  for (const v of voucherServices) {
    const providerId = orgId(v.provider)
    if (await db.voucherService.findFirst({ where: { providerId, title: v.title }, select: { id: true } })) continue
    await db.$transaction(async (tx) => {
      const row = await tx.voucherService.create({
        data: { providerId, kind: v.kind, title: v.title, description: v.description, priceFen: fenToDb(v.priceFen), leadTimeDays: v.leadTimeDays, location: v.location, status: 'APPROVED', reviewedAt: seededAt, searchTokens: documentTokens(v.title, v.description, v.location), createdAt: seededAt },
      })
      await tx.auditLog.create({ data: { action: 'voucher-service.seed', entityType: 'VoucherService', entityId: row.id, toStatus: 'APPROVED', reason: '演示数据', at: seededAt } })
    })
  }
  const year = shanghaiYear(seededAt.getTime())
  for (const q of voucherQuotas) {
    const holderId = orgId(q.holder)
    const bureauId = orgId(q.bureau)
    if (await db.voucherQuota.findUnique({ where: { holderId_year: { holderId, year } }, select: { id: true } })) continue
    const policy = await db.rewardPolicy.findFirst({ where: { bureauId, status: 'APPROVED', voucherShareBp: { not: null } }, orderBy: { version: 'desc' } })
    if (!policy) continue
    await db.$transaction(async (tx) => {
      const row = await tx.voucherQuota.create({ data: { holderId, bureauId, year, holderKind: q.holderKind, policyId: policy.id, grantedFen: fenToDb(q.amountFen), createdAt: seededAt, updatedAt: seededAt } })
      await tx.auditLog.create({ data: { action: 'voucher-quota.seed', entityType: 'VoucherQuota', entityId: row.id, reason: '演示数据', data: { year, toFen: q.amountFen }, at: seededAt } })
    })
  }
}
