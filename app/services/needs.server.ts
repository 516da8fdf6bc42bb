// Use-cases of technical needs: the enterprise side of the listings. The lifecycle they share
// with results is listing-lifecycle.server.ts; here are the content, filters and views.
import { canCreateNeed, isPublicNeed, isStaff, PUBLIC_NEED_STATUSES, type Principal } from '~/domain/access.ts'
import { decideNeedTransition, type ListingAction, type NeedStatus } from '~/domain/listing-status.ts'
import { fenFromDb, fenFromWholeYuan, fenToDb } from '~/domain/money.ts'
import { documentTokens, queryTokens } from '~/domain/search-text.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { shanghaiDate } from '~/utils/format.ts'
import { checkWantedBy, type NeedFilters, type NeedForm } from '~/utils/listing-validation.ts'
import { servedBy } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { createListing, listPage, requireViewable, transitionListing, updateListing, type ListingStore } from './listing-lifecycle.server.ts'
import { refreshNeedInIndex } from './matching.server.ts'

const includeEnterprise = { enterprise: { select: { id: true, name: true, kind: true, county: true } } } as const
type NeedRow = Prisma.TechnicalNeedGetPayload<{ include: typeof includeEnterprise }>

export type NeedView = ReturnType<typeof toView>

function toView(row: NeedRow) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    field: row.field,
    keywords: row.keywords,
    budgetMinFen: fenFromDb(row.budgetMinFen),
    budgetMaxFen: fenFromDb(row.budgetMaxFen),
    wantedBy: row.wantedBy?.toISOString().slice(0, 10) ?? null,
    acceptedModes: row.acceptedModes,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    status: row.status,
    reviewNote: row.reviewNote,
    enterprise: row.enterprise,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }
}

function contentData(form: NeedForm, now: Date) {
  const problem = checkWantedBy(form.wantedBy, shanghaiDate(now))
  if (problem) throw new ServiceError('invalid', problem, { field: 'wantedBy' })
  return {
    title: form.title,
    description: form.description,
    field: form.field,
    keywords: form.keywords,
    budgetMinFen: fenToDb(form.budgetMin),
    budgetMaxFen: fenToDb(form.budgetMax),
    // A calendar date, kept at midnight UTC of that date.
    wantedBy: form.wantedBy ? new Date(`${form.wantedBy}T00:00:00Z`) : null,
    acceptedModes: form.acceptedModes,
    contactName: form.contactName,
    contactPhone: form.contactPhone,
    searchTokens: documentTokens(form.title, form.description, form.keywords.join(' ')),
  }
}

const needs: ListingStore<ReturnType<typeof contentData>> = {
  kind: 'need',
  entityType: 'TechnicalNeed',
  noteActions: ['return', 'close'],
  decide: (from, action, by, reason) => decideNeedTransition(from as NeedStatus, action, by, reason),
  find: (tx, id) => tx.technicalNeed.findUnique({ where: { id } }).then((r) => r && { ...r, ownerOrgId: r.enterpriseId }),
  findBySubmissionKey: (db, submissionKey, orgId) => db.technicalNeed.findFirst({ where: { submissionKey, enterpriseId: orgId }, select: { id: true, status: true } }),
  create: (tx, { ownerOrgId, ...data }) => tx.technicalNeed.create({ data: { ...data, enterpriseId: ownerOrgId }, select: { id: true, status: true } }),
  update: (tx, id, from, change) =>
    tx.technicalNeed.updateMany({ where: { id, status: from as NeedStatus }, data: change as Prisma.TechnicalNeedUpdateManyMutationInput }).then((r) => r.count),
  refreshIndex: refreshNeedInIndex,
}

export async function createNeed(db: Db, user: Principal, form: NeedForm, now: Date, opts: { submit?: boolean; submissionKey?: string } = {}) {
  if (!canCreateNeed(user)) throw new ServiceError('forbidden', 'enterprise-only.needs')
  return createListing(db, needs, user, contentData(form, now), now, opts)
}

export async function updateNeed(db: Db, user: Principal, id: string, form: NeedForm, now: Date, opts: { submit?: boolean } = {}) {
  return updateListing(db, needs, user, id, contentData(form, now), now, opts)
}

export async function transitionNeed(db: Db, user: Principal, id: string, action: ListingAction, reason: string | undefined, now: Date) {
  return transitionListing(db, needs, user, id, action, reason, now)
}

function publicWhere(filters: NeedFilters): Prisma.TechnicalNeedWhereInput {
  const tokens = filters.q ? queryTokens(filters.q) : []
  // A need fits a budget filter when its range overlaps the range asked for.
  const and: Prisma.TechnicalNeedWhereInput[] = []
  if (filters.minBudget !== undefined) and.push({ budgetMaxFen: { gte: fenToDb(fenFromWholeYuan(filters.minBudget)) } })
  if (filters.maxBudget !== undefined) and.push({ budgetMinFen: { lte: fenToDb(fenFromWholeYuan(filters.maxBudget)) } })
  return {
    status: { in: [...PUBLIC_NEED_STATUSES] },
    ...(tokens.length ? { searchTokens: { hasEvery: tokens } } : {}),
    ...(filters.field ? { field: filters.field } : {}),
    ...(filters.mode ? { acceptedModes: { has: filters.mode } } : {}),
    ...(and.length ? { AND: and } : {}),
  }
}

const ORDER: Record<NeedFilters['sort'], Prisma.TechnicalNeedOrderByWithRelationInput[]> = {
  newest: [{ publishedAt: 'desc' }, { id: 'asc' }],
  'budget-asc': [{ budgetMaxFen: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
  'budget-desc': [{ budgetMaxFen: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
  deadline: [{ wantedBy: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
}

export async function listPublicNeeds(db: Db, filters: NeedFilters) {
  const where = publicWhere(filters)
  return listPage(
    filters.page,
    () => db.technicalNeed.count({ where }),
    (window) => db.technicalNeed.findMany({ where, include: includeEnterprise, orderBy: ORDER[filters.sort], ...window }),
    toView,
  )
}

export async function getNeed(db: Db, viewer: Principal | null, id: string) {
  const row = await db.technicalNeed.findUnique({ where: { id }, include: includeEnterprise })
  await requireViewable(db, viewer, 'need', row && { ownerOrgId: row.enterpriseId, isPublic: isPublicNeed(row.status) })
  return toView(row!)
}

export async function listOwnNeeds(db: Db, user: Principal) {
  const rows = await db.technicalNeed.findMany({
    where: { enterpriseId: user.organizationId },
    include: includeEnterprise,
    orderBy: { updatedAt: 'desc' },
  })
  return rows.map(toView)
}

export async function listNeedsForReview(db: Db, user: Principal) {
  if (!isStaff(user)) throw new ServiceError('forbidden', 'staff-only.review')
  const rows = await db.technicalNeed.findMany({ where: { status: 'SUBMITTED', enterprise: servedBy(user) }, include: includeEnterprise, orderBy: { updatedAt: 'asc' } })
  return rows.map(toView)
}
