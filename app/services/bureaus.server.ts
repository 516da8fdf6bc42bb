// Bureaus and their regions (issue 14, part 1): staff act only within their own bureau. A staff member's
// bureau is their organisation (kind BUREAU); any other organisation belongs to the bureau of its county
// (Organization.countyId → County.bureauId), or to none. The rule lives here, once: services ask
// `requireSameBureau` before acting and filter lists with `inBureau…` fragments.
import { isProvince, isStaff, readsStaffPages, type Principal } from '~/domain/access.ts'
import { KNOWN_REGIONS, regionOfCountyText } from '~/domain/regions.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'

/** The bureau a staff member acts for (their organisation). */
export function bureauIdOf(staff: Principal): string {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.act')
  return staff.organizationId
}

/** The bureau an organisation belongs to: itself for a bureau, its county's bureau otherwise, else null. */
export async function bureauOfOrganization(db: Db | Tx, organizationId: string): Promise<string | null> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true, kind: true, region: { select: { bureauId: true } } } })
  if (!org) return null
  return org.kind === 'BUREAU' ? org.id : (org.region?.bureauId ?? null)
}

/** Refuses (as not found: another bureau's records are not this staff member's to know of) unless they are the staff member's bureau's. */
export function requireSameBureau(staff: Principal, bureauId: string | null, notFound: ConstructorParameters<typeof ServiceError>[1]): void {
  if (bureauId !== bureauIdOf(staff)) throw new ServiceError('not-found', notFound)
}

/** Organisations of the staff member's bureau: the bureau itself and those in its counties. */
export function inBureauOrganizations(staff: Principal): Prisma.OrganizationWhereInput {
  const bureauId = bureauIdOf(staff)
  return { OR: [{ id: bureauId }, { region: { bureauId } }] }
}

/** Organisations a bureau serves: those of its region, and those of no bureau's region (e.g. a university in Hangzhou). */
export function servedBy(staff: Principal): Prisma.OrganizationWhereInput {
  return { OR: [{ countyId: null }, { region: { bureauId: bureauIdOf(staff) } }] }
}

/** Refuses, as not found, an organisation of another bureau's region. */
export async function requireServed(db: Db | Tx, staff: Principal, organizationId: string, notFound: ConstructorParameters<typeof ServiceError>[1]): Promise<void> {
  if ((await db.organization.count({ where: { AND: [{ id: organizationId }, servedBy(staff)] } })) !== 1) throw new ServiceError('not-found', notFound)
}

/** Payments of a bureau's business: deposits and balances of its sessions, instalments of its contracts, payouts of its rewards. */
export function paymentsOfBureau(bureauId: string): Prisma.PaymentWhereInput {
  return {
    OR: [
      { session: { bureauId } },
      { deal: { lot: { session: { bureauId } } } },
      { contract: { bureauId } },
      { reward: { contract: { bureauId } } },
      { voucherBooking: { bureauId } },
    ],
  }
}

/** Refuses, as not found, a payment that is not of the staff member's bureau's business. */
export async function requirePaymentOfBureau(db: Db | Tx, staff: Principal, paymentId: string): Promise<void> {
  if ((await db.payment.count({ where: { AND: [{ id: paymentId }, paymentsOfBureau(bureauIdOf(staff))] } })) !== 1) throw new ServiceError('not-found', 'payment.not-found')
}

/** Refuses, as not found, a deal of another bureau's auction. */
export async function requireDealOfBureau(db: Db | Tx, staff: Principal, dealId: string): Promise<void> {
  if ((await db.deal.count({ where: { id: dealId, lot: { session: { bureauId: bureauIdOf(staff) } } } })) !== 1) throw new ServiceError('not-found', 'deal.not-found')
}

/**
 * Writes the known regions' counties for the bureaus that exist and links every organisation whose county
 * text names one (the seed, after creating organisations; the migration did the same for older databases).
 */
export async function ensureKnownRegions(db: Db | Tx): Promise<void> {
  for (const region of KNOWN_REGIONS) {
    const bureau = await db.organization.findFirst({ where: { name: region.bureau, kind: 'BUREAU' }, select: { id: true } })
    if (!bureau) continue
    for (const c of region.counties) {
      await db.county.upsert({ where: { bureauId_name: { bureauId: bureau.id, name: c.name } }, create: { bureauId: bureau.id, name: c.name, code: c.code }, update: {} })
    }
  }
  const counties = await db.county.findMany({ select: { id: true, name: true, bureau: { select: { name: true } } } })
  const unlinked = await db.organization.findMany({ where: { countyId: null, kind: { not: 'BUREAU' } }, select: { id: true, county: true } })
  for (const org of unlinked) {
    const region = regionOfCountyText(org.county)
    const county = region && counties.find((c) => c.name === region.county && c.bureau.name === region.bureau)
    if (county) await db.organization.update({ where: { id: org.id }, data: { countyId: county.id } })
  }
}

/**
 * What a reader of the staff pages sees (decision 016): a staff member their bureau's records, the province's
 * read-only login every bureau's. Refuses anyone else. Writes never ask this: they ask isStaff / bureauIdOf.
 */
export function readScopeOf(viewer: Principal): { all: true } | { all: false; bureauId: string } {
  if (!readsStaffPages(viewer)) throw new ServiceError('forbidden', 'staff-only.view')
  return isProvince(viewer) ? { all: true } : { all: false, bureauId: bureauIdOf(viewer) }
}

/** A where fragment on records that carry their bureau: the staff member's bureau, or nothing for the province. */
export function readableBureau(viewer: Principal): { bureauId?: string } {
  const scope = readScopeOf(viewer)
  return scope.all ? {} : { bureauId: scope.bureauId }
}

/** Payments a reader of the staff pages sees: their bureau's business (paymentsOfBureau), or every one for the province. */
export function readablePayments(viewer: Principal): Prisma.PaymentWhereInput {
  const scope = readScopeOf(viewer)
  return scope.all ? {} : paymentsOfBureau(scope.bureauId)
}

/** Organisations a reader sees in 单位管理: the bureau and those it serves, or every one for the province. */
export function readableOrganizations(viewer: Principal): Prisma.OrganizationWhereInput {
  const scope = readScopeOf(viewer)
  return scope.all ? {} : { AND: [{ OR: [{ kind: { not: 'BUREAU' } }, { id: scope.bureauId }] }, servedBy(viewer)] }
}
