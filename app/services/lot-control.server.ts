// Everything that happens to a live lot besides bids: staff open, pause,
// resume and cancel it; the clock opens it at its start and closes it at its
// end. Each step locks the lot's row, asks the domain, writes the lot, its
// chained log entry and the audit entry in one transaction, and returns the
// log entries for the room. Closing is exactly once: only a lot that is still
// due under the lock closes, and `Deal.lotId` is unique.
import type { Principal } from '~/domain/access.ts'
import { balanceDeadline, CLOSE_GRACE_MS, decideClose, decideStaffAction, isDueToClose, type LotState, type StaffAction } from '~/domain/auction.ts'
import { extendChain } from '~/domain/lot-log.ts'
import { fenToDb } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { lockRow } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { forgetLot, lockLot, pseudonym, rulesOfLot, stateOfLot } from './bidding.server.ts'
import type { LotLogRow } from '~/utils/realtime-contract.ts'
import { requireSameBureau } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { refreshResultInIndex } from './matching.server.ts'
import { notifyLotWithdrawnTx, releaseReauctionTx } from './reauctions.server.ts'
import type { MessageKey as CatalogueKey } from '~/i18n/catalogue.ts'

export type LotChange = { lotId: string; sessionId: string; events: LotLogRow[]; sessionClosed: boolean }

type LockedLot = NonNullable<Awaited<ReturnType<typeof lockLot>>>

async function appendEvents(tx: Tx, lot: LockedLot, entries: { kind: string; at: Date; payload: Record<string, unknown> }[]) {
  const rows = await extendChain(lot.seq, lot.lastHash, entries.map((e) => ({ ...e, at: e.at.toISOString() })))
  await tx.lotEvent.createMany({
    data: rows.map((r) => ({ lotId: lot.id, seq: r.seq, kind: r.kind, at: new Date(r.at), payload: r.payload as object, prevHash: r.prevHash, hash: r.hash })),
  })
  const last = rows[rows.length - 1]!
  return { rows, seq: last.seq, lastHash: last.hash }
}

function lotData(state: LotState) {
  return { status: state.status, startsAt: new Date(state.startsAt), endsAt: new Date(state.endsAt), pausedAt: state.pausedAt === null ? null : new Date(state.pausedAt) }
}

/** The session follows its lots: live once one is live, closed once none is open. */
/**
 * Locks order: the lot, then its session, then the result (as addLot: session, then result), so a
 * close and a lot being added cannot deadlock. The session's lock also makes followSession's counts
 * see the other lots' committed changes: two last lots closing at once cannot each see the other open.
 */
async function lockLotAndSession(tx: Tx, lotId: string) {
  const lot = await lockLot(tx, lotId)
  if (lot) await lockRow(tx, 'AuctionSession', lot.sessionId)
  return lot
}

async function followSession(tx: Tx, sessionId: string, actorId: string | null, now: Date): Promise<boolean> {
  const session = await tx.auctionSession.findUniqueOrThrow({ where: { id: sessionId } })
  const open = await tx.lot.count({ where: { sessionId, status: { in: ['SCHEDULED', 'LIVE', 'PAUSED'] } } })
  const live = await tx.lot.count({ where: { sessionId, status: { in: ['LIVE', 'PAUSED'] } } })
  const to = open === 0 ? 'CLOSED' : live > 0 ? 'LIVE' : null
  if (!to || to === session.status || session.status === 'CLOSED' || session.status === 'CANCELLED') return false
  const { count } = await tx.auctionSession.updateMany({ where: { id: sessionId, status: session.status }, data: { status: to } })
  if (count !== 1) return false
  await audit(tx, { actorId, action: `session.${to === 'CLOSED' ? 'close' : 'live'}`, entityType: 'AuctionSession', entityId: sessionId, fromStatus: session.status, toStatus: to, at: now })
  return to === 'CLOSED'
}

/** A finished lot's result goes back to the market unless it sold. */
async function releaseResult(tx: Tx, lot: LockedLot, sold: boolean, actorId: string | null, now: Date) {
  const to = sold ? 'SOLD' : 'PUBLISHED'
  const { count } = await tx.researchResult.updateMany({ where: { id: lot.resultId, status: 'IN_AUCTION' }, data: { status: to } })
  if (count === 1) {
    await audit(tx, { actorId, action: sold ? 'result.sold' : 'result.back-to-market', entityType: 'ResearchResult', entityId: lot.resultId, fromStatus: 'IN_AUCTION', toStatus: to, data: { lotId: lot.id }, at: now })
  }
}

/** The change has committed: a failing match-index refresh must not hide it from the room (the index catches up on its next sync). */
async function refreshIndexAfterCommit(db: Db, resultId: string) {
  try {
    await refreshResultInIndex(db, resultId)
  } catch (error) {
    console.error(`matching index: result ${resultId} not refreshed: ${(error as Error).message}`)
  }
}

/** The action's name in the refusal, a catalogue key the error's renderer translates. */
const ACTION_LABEL: Record<StaffAction, CatalogueKey> = { open: 'serverText.lotActions.open', pause: 'serverText.lotActions.pause', resume: 'serverText.lotActions.resume', cancel: 'serverText.lotActions.cancel' }

export async function controlLot(db: Db, staff: Principal, lotId: string, action: StaffAction, reason: string | undefined, now: Date): Promise<LotChange> {
  if (staff.role !== 'STAFF') throw new ServiceError('forbidden', 'staff-only.control-lots')
  const change = await db.$transaction(async (tx) => {
    const lot = await lockLotAndSession(tx, lotId)
    if (!lot) throw new ServiceError('not-found', 'lot.not-found')
    // Only the staff of the bureau that runs the session control its lots.
    requireSameBureau(staff, (await tx.auctionSession.findUniqueOrThrow({ where: { id: lot.sessionId }, select: { bureauId: true } })).bureauId, 'lot.not-found')
    const before = stateOfLot(lot)
    const decision = decideStaffAction(before, action, now.getTime(), reason)
    if (!decision.ok) {
      throw decision.reason === 'reason-required'
        ? new ServiceError('reason-required', 'lot.cancel-reason-required', { field: 'reason' })
        : new ServiceError('wrong-status', 'lot.control-wrong-status', { params: { action: ACTION_LABEL[action] } })
    }
    const after = decision.state
    const note = reason?.trim() || null
    const payload: Record<string, unknown> = { status: after.status, endsAt: new Date(after.endsAt).toISOString() }
    if (note) payload.reason = note
    if (action === 'resume') payload.pausedMs = now.getTime() - before.pausedAt!
    const log = await appendEvents(tx, lot, [{ kind: action, at: now, payload }])
    await tx.lot.update({
      where: { id: lot.id },
      data: { ...lotData(after), seq: log.seq, lastHash: log.lastHash, ...(action === 'cancel' ? { cancelReason: note, closedAt: now } : {}) },
    })
    await audit(tx, { actorId: staff.userId, action: `lot.${action}`, entityType: 'Lot', entityId: lot.id, fromStatus: before.status, toStatus: after.status, reason: note, data: { endsAt: payload.endsAt as string }, at: now })
    if (action === 'cancel') {
      await releaseResult(tx, lot, false, staff.userId, now)
      await notifyLotWithdrawnTx(tx, lot, note, now)
      await releaseReauctionTx(tx, lot, staff.userId, now)
    }
    const sessionClosed = await followSession(tx, lot.sessionId, staff.userId, now)
    return { lotId: lot.id, sessionId: lot.sessionId, events: log.rows, sessionClosed, resultId: lot.resultId }
  })
  if (action === 'cancel') await refreshIndexAfterCommit(db, change.resultId)
  forgetLot(db, lotId)
  return change
}

/** Opens a scheduled lot whose start has come (the clock's own 'open'). */
export async function openLotIfDue(db: Db, lotId: string, now: Date): Promise<LotChange | null> {
  return db.$transaction(async (tx) => {
    const lot = await lockLotAndSession(tx, lotId)
    if (!lot || lot.status !== 'SCHEDULED' || now < lot.startsAt || now >= lot.endsAt) return null
    const log = await appendEvents(tx, lot, [{ kind: 'open', at: now, payload: { status: 'LIVE', endsAt: lot.endsAt.toISOString(), by: 'clock' } }])
    await tx.lot.update({ where: { id: lot.id }, data: { status: 'LIVE', seq: log.seq, lastHash: log.lastHash } })
    await audit(tx, { actorId: null, action: 'lot.open', entityType: 'Lot', entityId: lot.id, fromStatus: 'SCHEDULED', toStatus: 'LIVE', at: now })
    await followSession(tx, lot.sessionId, null, now)
    return { lotId: lot.id, sessionId: lot.sessionId, events: log.rows, sessionClosed: false }
  })
}

/**
 * Closes a lot whose end has passed: sold to the leader at or above the reserve
 * (a deal with its payment deadline), otherwise unsold. Returns null when the
 * lot is not due (extended, paused, or already closed by another process).
 */
export async function closeLotIfDue(db: Db, lotId: string, now: Date): Promise<LotChange | null> {
  const change = await db.$transaction(async (tx) => {
    const lot = await lockLotAndSession(tx, lotId)
    if (!lot) return null
    const state = stateOfLot(lot)
    if (!isDueToClose(state, now.getTime())) return null
    const rules = rulesOfLot(lot)
    const decision = decideClose(rules, state)
    const sold = decision.outcome === 'SOLD'
    const leader = lot.leaderId ? await tx.lotBidder.findUnique({ where: { lotId_bidderId: { lotId: lot.id, bidderId: lot.leaderId } } }) : null
    const payload: Record<string, unknown> = sold
      ? { outcome: 'SOLD', priceFen: decision.priceFen, winner: pseudonym(leader!.number), reserveFen: rules.reserveFen }
      : { outcome: 'UNSOLD', reason: decision.reason, highestFen: state.currentPriceFen, reserveFen: rules.reserveFen }
    // The close happens at the end, whenever the clock got to it; the log says both.
    payload.endedAt = new Date(state.endsAt).toISOString()
    const log = await appendEvents(tx, lot, [{ kind: 'close', at: now, payload }])
    const status = sold ? 'SOLD' : 'UNSOLD'
    await tx.lot.update({ where: { id: lot.id }, data: { status, closedAt: now, seq: log.seq, lastHash: log.lastHash } })
    await audit(tx, { actorId: null, action: 'lot.close', entityType: 'Lot', entityId: lot.id, fromStatus: lot.status, toStatus: status, data: payload as object, at: now })
    if (sold) {
      const deal = await tx.deal.create({
        data: {
          lotId: lot.id,
          resultId: lot.resultId,
          buyerId: decision.winnerId,
          sellerId: lot.result.ownerId,
          priceFen: fenToDb(decision.priceFen),
          paymentDeadline: new Date(balanceDeadline(now.getTime())),
          createdAt: now,
        },
      })
      await audit(tx, { actorId: null, action: 'deal.create', entityType: 'Lot', entityId: lot.id, toStatus: 'AWAITING_PAYMENT', data: { dealId: deal.id, priceFen: decision.priceFen, buyerId: decision.winnerId }, at: now })
    }
    await releaseResult(tx, lot, sold, null, now)
    const sessionClosed = await followSession(tx, lot.sessionId, null, now)
    return { lotId: lot.id, sessionId: lot.sessionId, events: log.rows, sessionClosed, resultId: lot.resultId, sold }
  })
  if (change && !change.sold) await refreshIndexAfterCommit(db, change.resultId)
  if (change) forgetLot(db, lotId)
  return change
}

/** Lots the clock must look at now: due to open or to close. */
export async function lotsDue(db: Db, now: Date): Promise<{ toOpen: string[]; toClose: string[] }> {
  const [toOpen, toClose] = await Promise.all([
    db.lot.findMany({ where: { status: 'SCHEDULED', startsAt: { lte: now }, endsAt: { gt: now } }, select: { id: true } }),
    db.lot.findMany({ where: { status: { in: ['SCHEDULED', 'LIVE'] }, endsAt: { lte: new Date(now.getTime() - CLOSE_GRACE_MS) } }, select: { id: true } }),
  ])
  return { toOpen: toOpen.map((l) => l.id), toClose: toClose.map((l) => l.id) }
}

/** The soonest start or end among open lots, so the clock can wake just then. */
export async function nextLotDeadline(db: Db): Promise<Date | null> {
  const [start, end] = await Promise.all([
    db.lot.findFirst({ where: { status: 'SCHEDULED' }, orderBy: { startsAt: 'asc' }, select: { startsAt: true } }),
    db.lot.findFirst({ where: { status: { in: ['SCHEDULED', 'LIVE'] } }, orderBy: { endsAt: 'asc' }, select: { endsAt: true } }),
  ])
  const times = [start?.startsAt.getTime(), end ? end.endsAt.getTime() + CLOSE_GRACE_MS : undefined].filter((t): t is number => t !== undefined)
  return times.length ? new Date(Math.min(...times)) : null
}
