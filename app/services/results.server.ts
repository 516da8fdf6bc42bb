// Use-cases of research results. The lifecycle they share with needs (create, edit, move through
// the statuses) is listing-lifecycle.server.ts; here are the content, filters and views.
import { canCreateResult, isPublicResult, isStaff, PUBLIC_RESULT_STATUSES, type Principal } from '~/domain/access.ts'
import { decideResultTransition, type ListingAction, type ResultStatus } from '~/domain/listing-status.ts'
import { fenFromDb, fenFromWholeYuan, fenToDb } from '~/domain/money.ts'
import { documentTokens, queryTokens } from '~/domain/search-text.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import type { ResultFilters, ResultForm } from '~/utils/listing-validation.ts'
import { servedBy } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { createListing, listPage, requireViewable, transitionListing, updateListing, type ListingStore } from './listing-lifecycle.server.ts'
import { refreshResultInIndex } from './matching.server.ts'

const includeOwner = { owner: { select: { id: true, name: true, kind: true, county: true } } } as const
type ResultRow = Prisma.ResearchResultGetPayload<{ include: typeof includeOwner }>

export type ResultView = ReturnType<typeof toView>

function toView(row: ResultRow) {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    field: row.field,
    keywords: row.keywords,
    ipKind: row.ipKind,
    ipNumbers: row.ipNumbers,
    maturity: row.maturity,
    transferModes: row.transferModes,
    askingPriceFen: fenFromDb(row.askingPriceFen),
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    status: row.status,
    reviewNote: row.reviewNote,
    owner: row.owner,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }
}

function contentData(form: ResultForm) {
  return {
    title: form.title,
    summary: form.summary,
    field: form.field,
    keywords: form.keywords,
    ipKind: form.ipKind,
    ipNumbers: form.ipNumbers,
    maturity: form.maturity,
    transferModes: form.transferModes,
    askingPriceFen: fenToDb(form.askingPrice),
    contactName: form.contactName,
    contactPhone: form.contactPhone,
    searchTokens: documentTokens(form.title, form.summary, form.keywords.join(' '), form.ipNumbers.join(' ')),
  }
}

const results: ListingStore<ReturnType<typeof contentData>> = {
  kind: 'result',
  entityType: 'ResearchResult',
  noteActions: ['return', 'withdraw'],
  decide: (from, action, by, reason) => decideResultTransition(from as ResultStatus, action, by, reason),
  find: (tx, id) => tx.researchResult.findUnique({ where: { id } }).then((r) => r && { ...r, ownerOrgId: r.ownerId }),
  findBySubmissionKey: (db, submissionKey, orgId) => db.researchResult.findFirst({ where: { submissionKey, ownerId: orgId }, select: { id: true, status: true } }),
  create: (tx, { ownerOrgId, ...data }) => tx.researchResult.create({ data: { ...data, ownerId: ownerOrgId }, select: { id: true, status: true } }),
  update: (tx, id, from, change) =>
    tx.researchResult.updateMany({ where: { id, status: from as ResultStatus }, data: change as Prisma.ResearchResultUpdateManyMutationInput }).then((r) => r.count),
  refreshIndex: refreshResultInIndex,
}

export async function createResult(db: Db, user: Principal, form: ResultForm, now: Date, opts: { submit?: boolean; submissionKey?: string } = {}) {
  if (!canCreateResult(user)) throw new ServiceError('forbidden', 'result.institutions-only')
  return createListing(db, results, user, contentData(form), now, opts)
}

export async function updateResult(db: Db, user: Principal, id: string, form: ResultForm, now: Date, opts: { submit?: boolean } = {}) {
  return updateListing(db, results, user, id, contentData(form), now, opts)
}

export async function transitionResult(db: Db, user: Principal, id: string, action: ListingAction, reason: string | undefined, now: Date) {
  return transitionListing(db, results, user, id, action, reason, now)
}

function publicWhere(filters: ResultFilters): Prisma.ResearchResultWhereInput {
  const tokens = filters.q ? queryTokens(filters.q) : []
  const price: Prisma.BigIntNullableFilter = {}
  if (filters.minPrice !== undefined) price.gte = fenToDb(fenFromWholeYuan(filters.minPrice))
  if (filters.maxPrice !== undefined) price.lte = fenToDb(fenFromWholeYuan(filters.maxPrice))
  return {
    status: { in: [...PUBLIC_RESULT_STATUSES] },
    ...(tokens.length ? { searchTokens: { hasEvery: tokens } } : {}),
    ...(filters.field ? { field: filters.field } : {}),
    ...(filters.ipKind ? { ipKind: filters.ipKind } : {}),
    ...(filters.mode ? { transferModes: { has: filters.mode } } : {}),
    ...(Object.keys(price).length ? { askingPriceFen: price } : {}),
  }
}

const ORDER: Record<ResultFilters['sort'], Prisma.ResearchResultOrderByWithRelationInput[]> = {
  newest: [{ publishedAt: 'desc' }, { id: 'asc' }],
  'price-asc': [{ askingPriceFen: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
  'price-desc': [{ askingPriceFen: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
}

export async function listPublicResults(db: Db, filters: ResultFilters) {
  const where = publicWhere(filters)
  return listPage(
    filters.page,
    () => db.researchResult.count({ where }),
    (window) => db.researchResult.findMany({ where, include: includeOwner, orderBy: ORDER[filters.sort], ...window }),
    toView,
  )
}

/** The result as the viewer may see it, or a 404 (never a hint that a private one exists). */
export async function getResult(db: Db, viewer: Principal | null, id: string) {
  const row = await db.researchResult.findUnique({ where: { id }, include: includeOwner })
  await requireViewable(db, viewer, 'result', row && { ownerOrgId: row.ownerId, isPublic: isPublicResult(row.status) })
  return toView(row!)
}

export async function listOwnResults(db: Db, user: Principal) {
  const rows = await db.researchResult.findMany({
    where: { ownerId: user.organizationId },
    include: includeOwner,
    orderBy: { updatedAt: 'desc' },
  })
  return rows.map(toView)
}

export async function listResultsForReview(db: Db, user: Principal) {
  if (!isStaff(user)) throw new ServiceError('forbidden', 'staff-only.review')
  const rows = await db.researchResult.findMany({ where: { status: 'SUBMITTED', owner: servedBy(user) }, include: includeOwner, orderBy: { updatedAt: 'asc' } })
  return rows.map(toView)
}
