// Use-cases of research results: create, edit, move through the lifecycle,
// list and show. Every write is one transaction with its audit entry.
import { canCreateResult, canViewListing, isOwner, isPublicResult, isStaff, PUBLIC_RESULT_STATUSES, type Principal } from '~/domain/access.ts'
import { decideResultTransition, isEditableByOwner, type ListingAction, type ResultStatus } from '~/domain/listing-status.ts'
import { fenFromDb, fenFromWholeYuan, fenToDb } from '~/domain/money.ts'
import { documentTokens, queryTokens } from '~/domain/search-text.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { PAGE_SIZE, type ResultFilters, type ResultForm } from '~/utils/listing-validation.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { onceBySubmissionKey } from './submission-keys.server.ts'
import { getMatchIndex, notifyMatchesOnPublish, refreshResultInIndex } from './matching.server.ts'
import { notify } from './notifications.server.ts'

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

export async function createResult(db: Db, user: Principal, form: ResultForm, now: Date, opts: { submit?: boolean; submissionKey?: string } = {}) {
  if (!canCreateResult(user)) throw new ServiceError('forbidden', 'result.institutions-only')
  const existing = () => db.researchResult.findFirst({ where: { submissionKey: opts.submissionKey, ownerId: user.organizationId }, select: { id: true, status: true } })
  return onceBySubmissionKey(opts.submissionKey, existing, () => db.$transaction(async (tx) => {
    const row = await tx.researchResult.create({
      data: { ...contentData(form), ownerId: user.organizationId, status: opts.submit ? 'SUBMITTED' : 'DRAFT', createdAt: now, submissionKey: opts.submissionKey ?? null },
    })
    await audit(tx, { actorId: user.userId, action: 'result.create', entityType: 'ResearchResult', entityId: row.id, toStatus: 'DRAFT', at: now })
    if (opts.submit) {
      await audit(tx, { actorId: user.userId, action: 'result.submit', entityType: 'ResearchResult', entityId: row.id, fromStatus: 'DRAFT', toStatus: 'SUBMITTED', at: now })
    }
    return { id: row.id, status: row.status }
  }))
}

export async function updateResult(db: Db, user: Principal, id: string, form: ResultForm, now: Date, opts: { submit?: boolean } = {}) {
  return db.$transaction(async (tx) => {
    const row = await tx.researchResult.findUnique({ where: { id } })
    if (!row) throw new ServiceError('not-found', 'result.not-found')
    if (!isOwner(user, row.ownerId)) throw new ServiceError('forbidden', 'result.edit-not-owner')
    if (!isEditableByOwner(row.status)) throw new ServiceError('wrong-status', 'result.not-editable')
    // The status in the WHERE makes a concurrent submit and edit unable to both win.
    // Saving and submitting is one step: the edit never lands without the submission it came with.
    const to = opts.submit ? 'SUBMITTED' : row.status
    const { count } = await tx.researchResult.updateMany({
      where: { id, status: row.status },
      data: { ...contentData(form), status: to, ...(opts.submit ? { reviewNote: null } : {}) },
    })
    if (count !== 1) throw new ServiceError('conflict', 'result.changed')
    await audit(tx, { actorId: user.userId, action: 'result.edit', entityType: 'ResearchResult', entityId: id, at: now })
    if (opts.submit) {
      await audit(tx, { actorId: user.userId, action: 'result.submit', entityType: 'ResearchResult', entityId: id, fromStatus: row.status, toStatus: to, at: now })
    }
    return { id, status: to }
  })
}

export async function transitionResult(
  db: Db,
  user: Principal,
  id: string,
  action: ListingAction,
  reason: string | undefined,
  now: Date,
) {
  // 精准推送 ranks against the index as committed before this publication (read outside the transaction).
  const index = action === 'publish' ? await getMatchIndex(db) : null
  const outcome = await db.$transaction(async (tx) => {
    const row = await tx.researchResult.findUnique({ where: { id } })
    if (!row) throw new ServiceError('not-found', 'result.not-found')
    const by = isStaff(user) ? 'staff' : isOwner(user, row.ownerId) ? 'owner' : null
    if (!by) throw new ServiceError('forbidden', 'result.not-owner')
    const decision = decideResultTransition(row.status as ResultStatus, action, by, reason)
    if (!decision.ok) throw ServiceError.rule(decision.code, decision.message, decision.code === 'reason-required' ? 'reason' : undefined)
    const note = reason?.trim() || null
    const { count } = await tx.researchResult.updateMany({
      where: { id, status: row.status },
      data: {
        status: decision.to,
        // The owner sees why it came back; a new submission clears the note.
        reviewNote: action === 'return' || action === 'withdraw' ? note : action === 'submit' ? null : row.reviewNote,
        publishedAt: decision.to === 'PUBLISHED' ? now : row.publishedAt,
      },
    })
    if (count !== 1) throw new ServiceError('conflict', 'result.changed')
    await audit(tx, {
      actorId: user.userId,
      action: `result.${action}`,
      entityType: 'ResearchResult',
      entityId: id,
      fromStatus: row.status,
      toStatus: decision.to,
      reason: note,
      at: now,
    })
    if (action === 'publish' || action === 'return') {
      await notify(
        tx,
        { orgIds: [row.ownerId] },
        { kind: action === 'publish' ? 'listing-published' : 'listing-returned', params: { listing: 'result', id, title: row.title, reason: note }, eventKey: `listing:result:${id}:${action}:${now.getTime()}` },
        now,
      )
    }
    if (index && decision.to === 'PUBLISHED') await notifyMatchesOnPublish(tx, index, { kind: 'result', id }, now)
    return { id, status: decision.to }
  })
  // After the commit, so the index never holds what the database does not.
  await refreshResultInIndex(db, id)
  return outcome
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
  const [total, rows] = await Promise.all([
    db.researchResult.count({ where }),
    db.researchResult.findMany({
      where,
      include: includeOwner,
      orderBy: ORDER[filters.sort],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ])
  return { items: rows.map(toView), total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

/** The result as the viewer may see it, or a 404 (never a hint that a private one exists). */
export async function getResult(db: Db, viewer: Principal | null, id: string) {
  const row = await db.researchResult.findUnique({ where: { id }, include: includeOwner })
  const isPublic = row ? isPublicResult(row.status) : false
  if (!row || !canViewListing(viewer, row.ownerId, isPublic)) throw new ServiceError('not-found', 'result.not-found')
  return toView(row)
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
  const rows = await db.researchResult.findMany({ where: { status: 'SUBMITTED' }, include: includeOwner, orderBy: { updatedAt: 'asc' } })
  return rows.map(toView)
}
