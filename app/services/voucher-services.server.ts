// Innovation vouchers, part 1: providers and their services (科研仪器开放共享). Universities and institutes, and
// service organisations staff approved, list instruments and test services with a price, lead time and location;
// staff of the bureau that serves the provider approve or reject them; enterprises search the approved ones with
// the listings' search tokens (decision 001). Rules in app/domain/vouchers.ts; decision 018.
import { isStaff, type Principal } from '~/domain/access.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { documentTokens, queryTokens } from '~/domain/search-text.ts'
import { mayListServices, serviceInputProblems, type ServiceInputProblem, type VoucherServiceKind } from '~/domain/vouchers.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf, requireServed, servedBy } from './bureaus.server.ts'

export type ServiceInput = { kind: VoucherServiceKind; title: string; description: string; priceFen: number; leadTimeDays: number; location: string }

const PROBLEM: Record<ServiceInputProblem, { key: 'vouchers.errors.title' | 'vouchers.errors.description' | 'vouchers.errors.price' | 'vouchers.errors.leadTime' | 'vouchers.errors.location'; field: string }> = {
  title: { key: 'vouchers.errors.title', field: 'title' },
  description: { key: 'vouchers.errors.description', field: 'description' },
  price: { key: 'vouchers.errors.price', field: 'price' },
  'lead-time': { key: 'vouchers.errors.leadTime', field: 'leadTimeDays' },
  location: { key: 'vouchers.errors.location', field: 'location' },
}

/** Whether an organisation may list services: a university or institute, or a service organisation staff approved. */
export async function isProvider(db: Db, organizationId: string): Promise<boolean> {
  const [org, approval] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { kind: true } }),
    db.voucherProviderApproval.findUnique({ where: { organizationId } }),
  ])
  return !!org && mayListServices(org, approval !== null)
}

async function requireProvider(db: Db, p: Principal): Promise<void> {
  if (p.role === 'STAFF' || !(await isProvider(db, p.organizationId))) throw new ServiceError('forbidden', 'vouchers.errors.providerOnly')
}

/** A provider lists a service; it waits for staff approval. */
export async function listService(db: Db, p: Principal, input: ServiceInput, now: Date) {
  await requireProvider(db, p)
  const problem = serviceInputProblems(input)[0]
  if (problem) throw new ServiceError('invalid', PROBLEM[problem].key, { field: PROBLEM[problem].field })
  return db.$transaction(async (tx) => {
    const row = await tx.voucherService.create({
      data: {
        providerId: p.organizationId,
        kind: input.kind,
        title: input.title.trim(),
        description: input.description.trim(),
        priceFen: fenToDb(input.priceFen),
        leadTimeDays: input.leadTimeDays,
        location: input.location.trim(),
        searchTokens: documentTokens(input.title, input.description, input.location),
        createdAt: now,
      },
    })
    await audit(tx, { actorId: p.userId, action: 'voucher-service.list', entityType: 'VoucherService', entityId: row.id, toStatus: 'SUBMITTED', data: { priceFen: input.priceFen }, at: now })
    return row
  })
}

/** The provider withdraws its own service (bookings already made go on). */
export async function withdrawService(db: Db, p: Principal, serviceId: string, now: Date) {
  const service = await db.voucherService.findUnique({ where: { id: serviceId } })
  if (!service || service.providerId !== p.organizationId) throw new ServiceError('not-found', 'vouchers.errors.serviceNotFound')
  if (service.status === 'WITHDRAWN') return service
  return db.$transaction(async (tx) => {
    const row = await tx.voucherService.update({ where: { id: serviceId }, data: { status: 'WITHDRAWN' } })
    await audit(tx, { actorId: p.userId, action: 'voucher-service.withdraw', entityType: 'VoucherService', entityId: serviceId, fromStatus: service.status, toStatus: 'WITHDRAWN', at: now })
    return row
  })
}

/** Staff of the bureau that serves the provider approve a submitted service, or reject it with a reason. */
export async function reviewService(db: Db, staff: Principal, input: { serviceId: string; decision: 'approve' | 'reject'; reason?: string }, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'vouchers.errors.staffOnly')
  const service = await db.voucherService.findUnique({ where: { id: input.serviceId } })
  if (!service) throw new ServiceError('not-found', 'vouchers.errors.serviceNotFound')
  await requireServed(db, staff, service.providerId, 'vouchers.errors.serviceNotFound')
  if (service.status !== 'SUBMITTED') throw new ServiceError('wrong-status', 'vouchers.errors.serviceNotSubmitted')
  const reason = input.reason?.trim() ?? ''
  if (input.decision === 'reject' && reason.length < 2) throw new ServiceError('reason-required', 'vouchers.errors.reasonRequired', { field: 'reason' })
  const to = input.decision === 'approve' ? 'APPROVED' : 'REJECTED'
  return db.$transaction(async (tx) => {
    const { count } = await tx.voucherService.updateMany({
      where: { id: service.id, status: 'SUBMITTED' },
      data: { status: to, reviewNote: reason || null, reviewedById: staff.userId, reviewedAt: now },
    })
    if (count !== 1) throw new ServiceError('wrong-status', 'vouchers.errors.serviceNotSubmitted')
    await audit(tx, { actorId: staff.userId, action: `voucher-service.${input.decision}`, entityType: 'VoucherService', entityId: service.id, fromStatus: 'SUBMITTED', toStatus: to, reason: reason || null, at: now })
  })
}

/** Staff approve a service organisation (not a university or institute) of their region to list services. */
export async function approveProvider(db: Db, staff: Principal, input: { organizationId: string; reason: string }, now: Date) {
  const bureauId = bureauIdOf(staff)
  await requireServed(db, staff, input.organizationId, 'vouchers.errors.organizationNotFound')
  const reason = input.reason.trim()
  if (reason.length < 2) throw new ServiceError('reason-required', 'vouchers.errors.reasonRequired', { field: 'reason' })
  const org = await db.organization.findUniqueOrThrow({ where: { id: input.organizationId }, select: { kind: true } })
  if (org.kind !== 'ENTERPRISE') throw new ServiceError('invalid', 'vouchers.errors.providerKind', { field: 'organizationId' })
  await db.$transaction(async (tx) => {
    await tx.voucherProviderApproval.upsert({
      where: { organizationId: input.organizationId },
      create: { organizationId: input.organizationId, bureauId, approvedById: staff.userId, approvedAt: now, reason },
      update: {},
    })
    await audit(tx, { actorId: staff.userId, action: 'voucher-provider.approve', entityType: 'VoucherProvider', entityId: input.organizationId, toStatus: 'APPROVED', reason, at: now })
  })
}

function serviceView(s: Prisma.VoucherServiceGetPayload<{ include: { provider: { select: { name: true; county: true } } } }>) {
  return {
    id: s.id,
    kind: s.kind,
    title: s.title,
    description: s.description,
    priceFen: fenFromDb(s.priceFen),
    leadTimeDays: s.leadTimeDays,
    location: s.location,
    status: s.status,
    reviewNote: s.reviewNote,
    provider: s.provider.name,
    providerId: s.providerId,
    providerCounty: s.provider.county,
  }
}
export type VoucherServiceView = ReturnType<typeof serviceView>

/** Approved services matching a query (every query token, as the results' search), newest first. */
export async function searchServices(db: Db, input: { q?: string; kind?: VoucherServiceKind }) {
  const tokens = input.q ? queryTokens(input.q) : []
  const rows = await db.voucherService.findMany({
    where: { status: 'APPROVED', ...(tokens.length ? { searchTokens: { hasEvery: tokens } } : {}), ...(input.kind ? { kind: input.kind } : {}) },
    include: { provider: { select: { name: true, county: true } } },
    orderBy: { createdAt: 'desc' },
    take: 100,
  })
  return rows.map(serviceView)
}

/** One approved service (anyone), or the provider's own / a reviewing bureau's in any status. */
export async function serviceDetail(db: Db, p: Principal | null, serviceId: string) {
  const s = await db.voucherService.findUnique({ where: { id: serviceId }, include: { provider: { select: { name: true, county: true } } } })
  if (!s) throw new ServiceError('not-found', 'vouchers.errors.serviceNotFound')
  if (s.status !== 'APPROVED') {
    const mine = p && p.organizationId === s.providerId
    const reviewer = p && isStaff(p) && (await db.organization.count({ where: { AND: [{ id: s.providerId }, servedBy(p)] } })) === 1
    if (!mine && !reviewer) throw new ServiceError('not-found', 'vouchers.errors.serviceNotFound')
  }
  return serviceView(s)
}

/** The provider's own services. */
export async function myServices(db: Db, p: Principal) {
  const rows = await db.voucherService.findMany({ where: { providerId: p.organizationId }, include: { provider: { select: { name: true, county: true } } }, orderBy: { createdAt: 'desc' } })
  return rows.map(serviceView)
}

/** Services waiting for this bureau's review (providers it serves). */
export async function servicesToReview(db: Db, staff: Principal) {
  const rows = await db.voucherService.findMany({
    where: { status: 'SUBMITTED', provider: servedBy(staff) },
    include: { provider: { select: { name: true, county: true } } },
    orderBy: { createdAt: 'asc' },
  })
  return rows.map(serviceView)
}
