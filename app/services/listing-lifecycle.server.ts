// The lifecycle both kinds of listing share (a research result, a technical need): create, edit by
// the owner, move through the statuses. One place for the rules; results.server.ts and needs.server.ts
// give it their table (a ListingStore) and keep only what differs (content, filters, views).
// Every write is one transaction with its audit entry; the status in each UPDATE's WHERE makes two
// concurrent changes unable to both win.
import { canViewListing, isOwner, isStaff, listingActor, type Principal } from '~/domain/access.ts'
import { isEditableByOwner, type Actor, type ListingAction, type TransitionDecision } from '~/domain/listing-status.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { PAGE_SIZE } from '~/utils/listing-validation.ts'
import { requireServed } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { audit, auditRows } from './audit.server.ts'
import { getMatchIndex, notifyMatchesOnPublish } from './matching.server.ts'
import { notify } from './notifications.server.ts'
import { onceBySubmissionKey } from './submission-keys.server.ts'

export type ListingKind = 'result' | 'need'

/** What the lifecycle reads of a listing row. */
export type ListingRow = { id: string; status: string; ownerOrgId: string; title: string; reviewNote: string | null; publishedAt: Date | null }

/** A change of status (and, on an edit, of content `C`). */
export type ListingChange<C> = Partial<C> & { status: string; reviewNote?: string | null; publishedAt?: Date | null }

type Decision = { ok: true; to: string } | Extract<TransitionDecision<string>, { ok: false }>

export type ListingStore<C> = {
  kind: ListingKind
  entityType: 'ResearchResult' | 'TechnicalNeed'
  /** Actions whose reason becomes the note the owner reads (a return, a withdrawal or closing by staff). */
  noteActions: readonly ListingAction[]
  decide(from: string, action: ListingAction, by: Actor, reason: string | undefined): Decision
  find(tx: Tx, id: string): Promise<ListingRow | null>
  findBySubmissionKey(db: Db, submissionKey: string | undefined, ownerOrgId: string): Promise<{ id: string; status: string } | null>
  create(tx: Tx, data: C & { ownerOrgId: string; status: 'DRAFT' | 'SUBMITTED'; createdAt: Date; submissionKey: string | null }): Promise<{ id: string; status: string }>
  /** UPDATE … WHERE id AND status = from; the number of rows changed. */
  update(tx: Tx, id: string, from: string, change: ListingChange<C>): Promise<number>
  /** After the commit, so the matching index never holds what the database does not. */
  refreshIndex(db: Db, id: string): Promise<void>
}

export async function createListing<C>(db: Db, store: ListingStore<C>, user: Principal, content: C, now: Date, opts: { submit?: boolean; submissionKey?: string }) {
  const { kind, entityType } = store
  return onceBySubmissionKey(opts.submissionKey, () => store.findBySubmissionKey(db, opts.submissionKey, user.organizationId), () =>
    db.$transaction(async (tx) => {
      const row = await store.create(tx, { ...content, ownerOrgId: user.organizationId, status: opts.submit ? 'SUBMITTED' : 'DRAFT', createdAt: now, submissionKey: opts.submissionKey ?? null })
      await audit(tx, { actorId: user.userId, action: `${kind}.create`, entityType, entityId: row.id, toStatus: 'DRAFT', at: now })
      if (opts.submit) await audit(tx, { actorId: user.userId, action: `${kind}.submit`, entityType, entityId: row.id, fromStatus: 'DRAFT', toStatus: 'SUBMITTED', at: now })
      return { id: row.id, status: row.status }
    }),
  )
}

export async function updateListing<C>(db: Db, store: ListingStore<C>, user: Principal, id: string, content: C, now: Date, opts: { submit?: boolean }) {
  const { kind, entityType } = store
  return db.$transaction(async (tx) => {
    const row = await store.find(tx, id)
    if (!row) throw new ServiceError('not-found', `${kind}.not-found`)
    if (!isOwner(user, row.ownerOrgId)) throw new ServiceError('forbidden', `${kind}.edit-not-owner`)
    if (!isEditableByOwner(row.status as never)) throw new ServiceError('wrong-status', `${kind}.not-editable`)
    // Saving and submitting is one step: the edit never lands without the submission it came with.
    const to = opts.submit ? 'SUBMITTED' : row.status
    const count = await store.update(tx, id, row.status, { ...content, status: to, ...(opts.submit ? { reviewNote: null } : {}) })
    if (count !== 1) throw new ServiceError('conflict', `${kind}.changed`)
    await audit(tx, { actorId: user.userId, action: `${kind}.edit`, entityType, entityId: id, at: now })
    if (opts.submit) await audit(tx, { actorId: user.userId, action: `${kind}.submit`, entityType, entityId: id, fromStatus: row.status, toStatus: to, at: now })
    return { id, status: to }
  })
}

export async function transitionListing<C>(db: Db, store: ListingStore<C>, user: Principal, id: string, action: ListingAction, reason: string | undefined, now: Date) {
  const { kind, entityType } = store
  // 精准推送 ranks against the index as committed before this publication (read outside the transaction).
  const index = action === 'publish' ? await getMatchIndex(db) : null
  const outcome = await db.$transaction(async (tx) => {
    const row = await store.find(tx, id)
    if (!row) throw new ServiceError('not-found', `${kind}.not-found`)
    const by = listingActor(user, row.ownerOrgId)
    if (!by) throw new ServiceError('forbidden', `${kind}.not-owner`)
    // Staff review, withdraw and close the listings of their bureau's region (and of no region's).
    if (by === 'staff') await requireServed(tx, user, row.ownerOrgId, `${kind}.not-found`)
    const decision = store.decide(row.status, action, by, reason)
    if (!decision.ok) throw new ServiceError(decision.code, decision.message, { field: decision.code === 'reason-required' ? 'reason' : undefined, params: decision.params })
    const note = reason?.trim() || null
    const count = await store.update(tx, id, row.status, {
      status: decision.to,
      // The owner sees why it came back; a new submission clears the note.
      reviewNote: store.noteActions.includes(action) ? note : action === 'submit' ? null : row.reviewNote,
      publishedAt: decision.to === 'PUBLISHED' ? now : row.publishedAt,
    } as ListingChange<C>)
    if (count !== 1) throw new ServiceError('conflict', `${kind}.changed`)
    await audit(tx, { actorId: user.userId, action: `${kind}.${action}`, entityType, entityId: id, fromStatus: row.status, toStatus: decision.to, reason: note, at: now })
    if (action === 'publish' || action === 'return') {
      await notify(
        tx,
        { orgIds: [row.ownerOrgId] },
        { kind: action === 'publish' ? 'listing-published' : 'listing-returned', params: { listing: kind, id, title: row.title, reason: note }, eventKey: `listing:${kind}:${id}:${action}:${now.getTime()}` },
        now,
      )
    }
    if (index && decision.to === 'PUBLISHED') await notifyMatchesOnPublish(tx, index, { kind, id }, now)
    return { id, status: decision.to }
  })
  await store.refreshIndex(db, id)
  return outcome
}

/**
 * A listing as its viewer may read it, or a 404 for the kind (never a hint that a private one exists). An
 * unpublished one: its owner, and staff only if their bureau serves its owner (decision 015).
 */
export async function requireViewable(db: Db, viewer: Principal | null, kind: ListingKind, found: { ownerOrgId: string; isPublic: boolean } | null): Promise<void> {
  if (!found || !canViewListing(viewer, found.ownerOrgId, found.isPublic)) throw new ServiceError('not-found', `${kind}.not-found`)
  if (!found.isPublic && viewer && isStaff(viewer)) await requireServed(db, viewer, found.ownerOrgId, `${kind}.not-found`)
}

/** The rows of page `page` of a public list, and where it stands. */
export async function listPage<R, V>(page: number, count: () => Promise<number>, rows: (window: { skip: number; take: number }) => Promise<R[]>, view: (row: R) => V) {
  const [total, found] = await Promise.all([count(), rows({ skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE })])
  return { items: found.map(view), total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

/** What a listing's page offers its viewer: the lifecycle buttons, the edit link, the review note and the audit trail. */
export async function listingPageState<S extends string>(
  db: Db,
  viewer: Principal | null,
  listing: { id: string; status: S; ownerOrgId: string },
  entityType: ListingStore<unknown>['entityType'],
  available: (status: S, by: Actor) => ListingAction[],
) {
  const by = listingActor(viewer, listing.ownerOrgId)
  return {
    by,
    actions: by ? available(listing.status, by) : [],
    canEdit: by === 'owner' && isEditableByOwner(listing.status as Parameters<typeof isEditableByOwner>[0]),
    askReason: by === 'staff',
    audit: by ? await auditRows(db, entityType, listing.id) : [],
    showReviewNote: by !== null,
  }
}
