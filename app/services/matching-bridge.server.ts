// Staff edit the problem → technology bridge (app/domain/matching/bridge.ts):
// every change is a new MatchingBridgeChange row (never updated), written with
// its audit entry in one transaction; after the commit every process's match
// index is rebuilt with the new bridge on next use.
import { isStaff, type Principal } from '~/domain/access.ts'
import { normalizeBridgeText } from '~/domain/matching/bridge.ts'
import type { Db } from '~/utils/db.server.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { bridgeChanged, effectiveBridge } from './matching.server.ts'

export type BridgeEdit = { problem: string; technology: string; note?: string | undefined }

function requireStaff(user: Principal) {
  if (!isStaff(user)) throw new ServiceError('forbidden', 'staff-only.edit-thesaurus')
}

function clean(edit: BridgeEdit) {
  const problem = normalizeBridgeText(edit.problem)
  const technology = normalizeBridgeText(edit.technology)
  if (problem === '') throw new ServiceError('invalid', 'thesaurus.problem-required', { field: 'problem' })
  if (technology === '') throw new ServiceError('invalid', 'thesaurus.technology-required', { field: 'technology' })
  if (problem === technology) throw new ServiceError('invalid', 'thesaurus.same-words', { field: 'technology' })
  return { problem, technology, note: edit.note?.trim() || null }
}

async function change(db: Db, user: Principal, edit: BridgeEdit, active: boolean, now: Date) {
  requireStaff(user)
  const e = clean(edit)
  const row = await db.$transaction(async (tx) => {
    const current = await effectiveBridge(tx)
    const exists = current.some((r) => r.problem === e.problem && r.technology === e.technology)
    if (active && exists) throw new ServiceError('conflict', 'thesaurus.entry-exists', { field: 'technology', params: { problem: e.problem, technology: e.technology } })
    if (!active && !exists) throw new ServiceError('not-found', 'thesaurus.entry-missing', { params: { problem: e.problem, technology: e.technology } })
    const created = await tx.matchingBridgeChange.create({ data: { ...e, active, changedById: user.userId, changedAt: now } })
    await audit(tx, {
      actorId: user.userId,
      action: active ? 'matching.bridge.add' : 'matching.bridge.remove',
      entityType: 'MatchingBridge',
      entityId: created.id,
      reason: e.note,
      data: { problem: e.problem, technology: e.technology },
      at: now,
    })
    return created
  })
  await bridgeChanged(db)
  return { id: row.id, problem: row.problem, technology: row.technology, active: row.active }
}

/** Adds "problem → technology" to the bridge (also puts back a removed built-in entry). */
export function addBridgeEntry(db: Db, user: Principal, edit: BridgeEdit, now: Date) {
  return change(db, user, edit, true, now)
}

/** Takes an entry out of the bridge (a built-in one too). */
export function removeBridgeEntry(db: Db, user: Principal, edit: BridgeEdit, now: Date) {
  return change(db, user, edit, false, now)
}

/** The newest changes first, with who made them. */
export async function bridgeHistory(db: Db, user: Principal, take = 200) {
  requireStaff(user)
  const changes = await db.matchingBridgeChange.findMany({ orderBy: [{ changedAt: 'desc' }, { id: 'desc' }], take })
  const users = await db.user.findMany({ where: { id: { in: [...new Set(changes.map((c) => c.changedById))] } }, select: { id: true, name: true } })
  const names = new Map(users.map((u) => [u.id, u.name]))
  return changes.map((c) => ({
    id: c.id,
    problem: c.problem,
    technology: c.technology,
    active: c.active,
    note: c.note,
    changedAt: c.changedAt.toISOString(),
    changedBy: names.get(c.changedById) ?? c.changedById,
  }))
}

/** The bridge as staff see it: effective entries, grouped by problem. */
export async function bridgeForStaff(db: Db, user: Principal) {
  requireStaff(user)
  const rows = await effectiveBridge(db)
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(rows.flatMap((r) => (r.changedBy ? [r.changedBy] : [])))] } },
    select: { id: true, name: true },
  })
  const names = new Map(users.map((u) => [u.id, u.name]))
  return rows
    .map((r) => ({ ...r, changedBy: r.changedBy ? (names.get(r.changedBy) ?? r.changedBy) : null }))
    .sort((a, b) => (a.problem < b.problem ? -1 : a.problem > b.problem ? 1 : a.technology < b.technology ? -1 : 1))
}
