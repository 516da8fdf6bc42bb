// Use-cases of technical needs: the enterprise side of the listings, with the
// same shape as results.server.ts. Every write is one transaction with its audit entry.
import { canCreateNeed, canViewListing, isOwner, isPublicNeed, isStaff, PUBLIC_NEED_STATUSES, type Principal } from '~/domain/access.ts'
import { decideNeedTransition, isEditableByOwner, type ListingAction, type NeedStatus } from '~/domain/listing-status.ts'
import { fenFromDb, fenFromWholeYuan, fenToDb } from '~/domain/money.ts'
import { documentTokens, queryTokens } from '~/domain/search-text.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { shanghaiDate } from '~/utils/format.ts'
import { checkWantedBy, PAGE_SIZE, type NeedFilters, type NeedForm } from '~/utils/listing-validation.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { onceBySubmissionKey } from './submission-keys.server.ts'
import { getMatchIndex, notifyMatchesOnPublish, refreshNeedInIndex } from './matching.server.ts'
import { notify } from './notifications.server.ts'

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
  if (problem) throw ServiceError.rule('invalid', problem, 'wantedBy')
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

export async function createNeed(db: Db, user: Principal, form: NeedForm, now: Date, opts: { submit?: boolean; submissionKey?: string } = {}) {
  if (!canCreateNeed(user)) throw new ServiceError('forbidden', 'enterprise-only.needs')
  const existing = () => db.technicalNeed.findFirst({ where: { submissionKey: opts.submissionKey, enterpriseId: user.organizationId }, select: { id: true, status: true } })
  return onceBySubmissionKey(opts.submissionKey, existing, () => db.$transaction(async (tx) => {
    const row = await tx.technicalNeed.create({
      data: { ...contentData(form, now), enterpriseId: user.organizationId, status: opts.submit ? 'SUBMITTED' : 'DRAFT', createdAt: now, submissionKey: opts.submissionKey ?? null },
    })
    await audit(tx, { actorId: user.userId, action: 'need.create', entityType: 'TechnicalNeed', entityId: row.id, toStatus: 'DRAFT', at: now })
    if (opts.submit) {
      await audit(tx, { actorId: user.userId, action: 'need.submit', entityType: 'TechnicalNeed', entityId: row.id, fromStatus: 'DRAFT', toStatus: 'SUBMITTED', at: now })
    }
    return { id: row.id, status: row.status }
  }))
}

export async function updateNeed(db: Db, user: Principal, id: string, form: NeedForm, now: Date, opts: { submit?: boolean } = {}) {
  return db.$transaction(async (tx) => {
    const row = await tx.technicalNeed.findUnique({ where: { id } })
    if (!row) throw new ServiceError('not-found', 'need.not-found')
    if (!isOwner(user, row.enterpriseId)) throw new ServiceError('forbidden', 'need.edit-not-owner')
    if (!isEditableByOwner(row.status)) throw new ServiceError('wrong-status', 'need.not-editable')
    // Saving and submitting is one step: the edit never lands without the submission it came with.
    const to = opts.submit ? 'SUBMITTED' : row.status
    const { count } = await tx.technicalNeed.updateMany({
      where: { id, status: row.status },
      data: { ...contentData(form, now), status: to, ...(opts.submit ? { reviewNote: null } : {}) },
    })
    if (count !== 1) throw new ServiceError('conflict', 'need.changed')
    await audit(tx, { actorId: user.userId, action: 'need.edit', entityType: 'TechnicalNeed', entityId: id, at: now })
    if (opts.submit) {
      await audit(tx, { actorId: user.userId, action: 'need.submit', entityType: 'TechnicalNeed', entityId: id, fromStatus: row.status, toStatus: to, at: now })
    }
    return { id, status: to }
  })
}

export async function transitionNeed(
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
    const row = await tx.technicalNeed.findUnique({ where: { id } })
    if (!row) throw new ServiceError('not-found', 'need.not-found')
    const by = isStaff(user) ? 'staff' : isOwner(user, row.enterpriseId) ? 'owner' : null
    if (!by) throw new ServiceError('forbidden', 'need.not-owner')
    const decision = decideNeedTransition(row.status as NeedStatus, action, by, reason)
    if (!decision.ok) throw ServiceError.rule(decision.code, decision.message, decision.code === 'reason-required' ? 'reason' : undefined)
    const note = reason?.trim() || null
    const { count } = await tx.technicalNeed.updateMany({
      where: { id, status: row.status },
      data: {
        status: decision.to,
        reviewNote: action === 'return' || action === 'close' ? note : action === 'submit' ? null : row.reviewNote,
        publishedAt: decision.to === 'PUBLISHED' ? now : row.publishedAt,
      },
    })
    if (count !== 1) throw new ServiceError('conflict', 'need.changed')
    await audit(tx, {
      actorId: user.userId,
      action: `need.${action}`,
      entityType: 'TechnicalNeed',
      entityId: id,
      fromStatus: row.status,
      toStatus: decision.to,
      reason: note,
      at: now,
    })
    if (action === 'publish' || action === 'return') {
      await notify(
        tx,
        { orgIds: [row.enterpriseId] },
        { kind: action === 'publish' ? 'listing-published' : 'listing-returned', params: { listing: 'need', id, title: row.title, reason: note }, eventKey: `listing:need:${id}:${action}:${now.getTime()}` },
        now,
      )
    }
    if (index && decision.to === 'PUBLISHED') await notifyMatchesOnPublish(tx, index, { kind: 'need', id }, now)
    return { id, status: decision.to }
  })
  // After the commit, so the index never holds what the database does not.
  await refreshNeedInIndex(db, id)
  return outcome
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
  const [total, rows] = await Promise.all([
    db.technicalNeed.count({ where }),
    db.technicalNeed.findMany({
      where,
      include: includeEnterprise,
      orderBy: ORDER[filters.sort],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ])
  return { items: rows.map(toView), total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

export async function getNeed(db: Db, viewer: Principal | null, id: string) {
  const row = await db.technicalNeed.findUnique({ where: { id }, include: includeEnterprise })
  const isPublic = row ? isPublicNeed(row.status) : false
  if (!row || !canViewListing(viewer, row.enterpriseId, isPublic)) throw new ServiceError('not-found', 'need.not-found')
  return toView(row)
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
  const rows = await db.technicalNeed.findMany({ where: { status: 'SUBMITTED' }, include: includeEnterprise, orderBy: { updatedAt: 'asc' } })
  return rows.map(toView)
}
