// After 悔拍 and 流拍 (decision 022): a defaulted deal puts its result back on the market and bars the defaulter
// from the result's next auction; staff re-auction a 流拍 or defaulted result in a later session (an extra session
// of the same quarter too), at no more than 80 % of the previous start unless they record why; a withdrawn lot is
// announced to the session's registered enterprises and the lot's watchers. The rules are in
// app/domain/auction-reauction.ts; this module loads and writes, always inside the caller's transaction where
// the change belongs to another use-case (forfeitDeposit, addLot, controlLot).
import { isStaff, type Principal } from '~/domain/access.ts'
import { isReauctionable, predecessorOf, reauctionCeilingFen, reauctionPriceProblem } from '~/domain/auction-reauction.ts'
import { fenFromDb, formatFen } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { audit } from './audit.server.ts'
import { refreshResultInIndex } from './matching.server.ts'
import { BALANCE_NOTICE_DEAL, noticeBalance, notify } from './notifications.server.ts'

/** The longest reason staff may record for a re-auction above the ceiling. */
export const REAUCTION_REASON_MAX = 300

// ---------------------------------------------------------------------------
// 悔拍

export type DefaultedDeal = { id: string; resultId: string; buyerId: string; lotId: string | null }

/**
 * Inside forfeitDeposit's transaction, once the deal is DEFAULTED: the result goes back from SOLD to PUBLISHED
 * (staff may put it in a later session), the defaulter is barred from its next auction, and told so.
 * Idempotent: a second call changes nothing (the bar is unique per deal, the notification per event key).
 */
export async function afterDefaultTx(tx: Tx, deal: DefaultedDeal, actorId: string | null, now: Date): Promise<void> {
  const back = await tx.researchResult.updateMany({ where: { id: deal.resultId, status: 'SOLD' }, data: { status: 'PUBLISHED' } })
  if (back.count === 1) {
    await audit(tx, { actorId, action: 'result.back-to-market', entityType: 'ResearchResult', entityId: deal.resultId, fromStatus: 'SOLD', toStatus: 'PUBLISHED', reason: 'default', data: { dealId: deal.id, lotId: deal.lotId }, at: now })
  }
  const existing = await tx.auctionBar.findUnique({ where: { dealId: deal.id }, select: { id: true } })
  if (!existing) {
    const bar = await tx.auctionBar.create({ data: { resultId: deal.resultId, enterpriseId: deal.buyerId, dealId: deal.id, reason: 'default', createdAt: now } })
    await audit(tx, { actorId, action: 'auction-bar.create', entityType: 'AuctionBar', entityId: bar.id, toStatus: 'ACTIVE', reason: 'default', data: { dealId: deal.id, resultId: deal.resultId, enterpriseId: deal.buyerId }, at: now })
  }
  const overdue = await tx.deal.findUniqueOrThrow({ where: { id: deal.id }, select: BALANCE_NOTICE_DEAL })
  // The overdue notice first (nothing new if the reminder relay wrote it already): a 悔拍 never comes without it.
  await noticeBalance(tx, overdue, now)
  await notify(tx, { orgIds: [deal.buyerId] }, { kind: 'deal-defaulted', params: { dealId: deal.id, lotId: deal.lotId, title: overdue.result.title }, eventKey: `deal-defaulted:${deal.id}` }, now)
}

/** After the default has committed: the result is searchable and matchable again (the index catches up later if this fails). */
export async function afterDefaultCommitted(db: Db, resultId: string): Promise<void> {
  try {
    await refreshResultInIndex(db, resultId)
  } catch (error) {
    console.error(`matching index: result ${resultId} not refreshed: ${(error as Error).message}`)
  }
}

/** Whether the enterprise is barred from a lot of the session (its result's next auction after a default). */
export async function isBarredFromSession(db: Db | Tx, sessionId: string, enterpriseId: string): Promise<boolean> {
  const bar = await db.auctionBar.findFirst({ where: { enterpriseId, lot: { sessionId } }, select: { id: true } })
  return bar !== null
}

/** Refuses registration, approval, deposit and proxy bids of a barred enterprise with one key. */
export async function requireNotBarred(db: Db | Tx, sessionId: string, enterpriseId: string): Promise<void> {
  if (await isBarredFromSession(db, sessionId, enterpriseId)) throw new ServiceError('not-allowed', 'reauction.errors.barred')
}

// ---------------------------------------------------------------------------
// Re-auction

type Predecessor = { id: string; number: number; sessionId: string; quarter: string; startingPriceFen: number }

/** The lot a new lot of this result would follow (its latest 流拍 or defaulted lot without a successor), or null. */
export async function findPredecessor(db: Db | Tx, resultId: string): Promise<Predecessor | null> {
  const lots = await db.lot.findMany({
    where: { resultId, status: { in: ['UNSOLD', 'SOLD'] } },
    select: { id: true, number: true, sessionId: true, status: true, closedAt: true, startingPriceFen: true, session: { select: { quarter: true } }, deal: { select: { status: true } }, successor: { select: { id: true } } },
  })
  const chosen = predecessorOf(lots.map((l) => ({ ...l, dealStatus: l.deal?.status ?? null, closedAtMs: l.closedAt?.getTime() ?? null, hasSuccessor: l.successor !== null })))
  return chosen && { id: chosen.id, number: chosen.number, sessionId: chosen.sessionId, quarter: chosen.session.quarter, startingPriceFen: fenFromDb(chosen.startingPriceFen) }
}

export type ReauctionPlan = { predecessor: Predecessor; reason: string | null } | null

/**
 * Inside addLot's transaction, before the lot is written: the predecessor and the 80 % rule. Throws beside the
 * starting price when the price is above the ceiling without a reason.
 */
export async function planReauctionTx(tx: Tx, input: { resultId: string; sessionId: string; startingPriceFen: number; reason?: string | null }): Promise<ReauctionPlan> {
  const predecessor = await findPredecessor(tx, input.resultId)
  if (!predecessor) return null
  // A result goes to auction again in a later session, not the one its lot failed in.
  if (predecessor.sessionId === input.sessionId) throw new ServiceError('invalid', 'reauction.errors.same-session', { field: 'resultId' })
  const reason = input.reason?.trim() || null
  if (reason && reason.length > REAUCTION_REASON_MAX) throw new ServiceError('invalid', 'reauction.errors.reason-too-long', { field: 'reauctionReason', params: { max: REAUCTION_REASON_MAX } })
  const problem = reauctionPriceProblem({ startingPriceFen: input.startingPriceFen, predecessorStartFen: predecessor.startingPriceFen, reason })
  if (problem) throw new ServiceError('invalid', problem, { field: 'startingPriceFen', params: { ceiling: formatFen(reauctionCeilingFen(predecessor.startingPriceFen)) } })
  return { predecessor, reason }
}

/** Inside addLot's transaction, after the lot is written: the link to the predecessor, the reason, the bars bound to this lot. */
export async function recordReauctionTx(tx: Tx, plan: ReauctionPlan, lot: { id: string; resultId: string; startingPriceFen: number }, actorId: string, now: Date): Promise<void> {
  if (!plan) return
  await tx.lot.update({ where: { id: lot.id }, data: { predecessorLotId: plan.predecessor.id, reauctionReason: plan.reason } })
  const ceiling = reauctionCeilingFen(plan.predecessor.startingPriceFen)
  await audit(tx, {
    actorId,
    action: 'lot.reauction',
    entityType: 'Lot',
    entityId: lot.id,
    toStatus: 'SCHEDULED',
    reason: plan.reason,
    data: { predecessorLotId: plan.predecessor.id, predecessorStartFen: plan.predecessor.startingPriceFen, ceilingFen: ceiling, startingPriceFen: lot.startingPriceFen, aboveCeiling: lot.startingPriceFen > ceiling },
    at: now,
  })
  // "The result's next auction": bars not yet bound to a lot now bar this one.
  const bars = await tx.auctionBar.findMany({ where: { resultId: lot.resultId, lotId: null }, select: { id: true } })
  for (const bar of bars) {
    await tx.auctionBar.update({ where: { id: bar.id }, data: { lotId: lot.id } })
    await audit(tx, { actorId, action: 'auction-bar.bind', entityType: 'AuctionBar', entityId: bar.id, data: { lotId: lot.id }, at: now })
  }
}

/**
 * Inside controlLot's transaction when staff withdraw a lot: a withdrawn lot tried no price, so it is not the
 * result's re-auction after all. Its link to the predecessor is released and the bars bound to it are unbound, so
 * the result's next lot follows the same predecessor (the 80 % rule) and the defaulter stays barred from that one.
 * The audit keeps what the link was.
 */
export async function releaseReauctionTx(tx: Tx, lot: { id: string }, actorId: string, now: Date): Promise<void> {
  const row = await tx.lot.findUniqueOrThrow({ where: { id: lot.id }, select: { predecessorLotId: true, reauctionReason: true } })
  if (row.predecessorLotId) {
    await tx.lot.update({ where: { id: lot.id }, data: { predecessorLotId: null } })
    await audit(tx, { actorId, action: 'lot.reauction-released', entityType: 'Lot', entityId: lot.id, reason: row.reauctionReason, data: { predecessorLotId: row.predecessorLotId }, at: now })
  }
  const bars = await tx.auctionBar.findMany({ where: { lotId: lot.id }, select: { id: true } })
  for (const bar of bars) {
    await tx.auctionBar.update({ where: { id: bar.id }, data: { lotId: null } })
    await audit(tx, { actorId, action: 'auction-bar.unbind', entityType: 'AuctionBar', entityId: bar.id, data: { lotId: lot.id }, at: now })
  }
}

/** For the add-lot form: each result's predecessor (number, quarter, start) and the ceiling the form shows. */
export async function reauctionHints(db: Db, resultIds: string[]) {
  const out: Record<string, { lotId: string; number: number; quarter: string; startingPriceFen: number; ceilingFen: number }> = {}
  for (const id of resultIds) {
    const p = await findPredecessor(db, id)
    if (p) out[id] = { lotId: p.id, number: p.number, quarter: p.quarter, startingPriceFen: p.startingPriceFen, ceilingFen: reauctionCeilingFen(p.startingPriceFen) }
  }
  return out
}

/** Both lot pages link to each other: the lot this one follows, and the lot that follows it. */
export async function lotLinks(db: Db, lotId: string) {
  const lot = await db.lot.findUnique({
    where: { id: lotId },
    select: {
      reauctionReason: true,
      deal: { select: { status: true } },
      predecessor: { select: { id: true, number: true, session: { select: { quarter: true, title: true } } } },
      successor: { select: { id: true, number: true, session: { select: { quarter: true, title: true, publishedAt: true, bureauId: true } } } },
    },
  })
  if (!lot) return { predecessor: null, successor: null, reauctionReason: null, defaulted: false }
  return {
    defaulted: lot.deal?.status === 'DEFAULTED',
    predecessor: lot.predecessor && { id: lot.predecessor.id, number: lot.predecessor.number, quarter: lot.predecessor.session.quarter, sessionTitle: lot.predecessor.session.title },
    // A successor in a draft session is its bureau's own until the notice is published (decision 019).
    successor: lot.successor && { id: lot.successor.id, number: lot.successor.number, quarter: lot.successor.session.quarter, sessionTitle: lot.successor.session.title, published: lot.successor.session.publishedAt !== null, bureauId: lot.successor.session.bureauId },
    reauctionReason: lot.reauctionReason,
  }
}

/**
 * For the staff of the bureau that ran a lot: whether its result may be re-auctioned now (流拍 or defaulted, the
 * result back on the market, no successor yet) and the bureau's sessions that take lots, to choose from.
 */
export async function reauctionOffer(db: Db, staff: Principal | null, lotId: string) {
  if (!staff || !isStaff(staff)) return null
  const lot = await db.lot.findUnique({
    where: { id: lotId },
    select: { id: true, status: true, startingPriceFen: true, sessionId: true, session: { select: { bureauId: true } }, deal: { select: { status: true } }, successor: { select: { id: true } }, result: { select: { id: true, status: true } } },
  })
  if (!lot || lot.session.bureauId !== staff.organizationId) return null
  if (!isReauctionable({ status: lot.status, dealStatus: lot.deal?.status ?? null }) || lot.successor || lot.result.status !== 'PUBLISHED') return null
  const sessions = await db.auctionSession.findMany({
    where: { bureauId: staff.organizationId, status: 'PLANNED', publishedAt: null, id: { not: lot.sessionId } },
    orderBy: { startsAt: 'asc' },
    select: { id: true, quarter: true, title: true, kind: true },
  })
  const startFen = fenFromDb(lot.startingPriceFen)
  return { resultId: lot.result.id, predecessorStartFen: startFen, ceilingFen: reauctionCeilingFen(startFen), sessions }
}

// ---------------------------------------------------------------------------
// Withdrawal

/**
 * Inside controlLot's transaction when staff withdraw (cancel) a lot: every enterprise registered for the
 * session (not refused) and everyone watching the lot or its result hears it, once per person (the event key is
 * the one the log-derived path uses, so it adds nothing after this).
 */
export async function notifyLotWithdrawnTx(tx: Tx, lot: { id: string; sessionId: string; resultId: string }, reason: string | null, now: Date): Promise<number> {
  const [registrations, watchers, result] = await Promise.all([
    tx.registration.findMany({ where: { sessionId: lot.sessionId, status: { not: 'REFUSED' } }, select: { enterpriseId: true } }),
    tx.watchItem.findMany({ where: { OR: [{ lotId: lot.id }, { resultId: lot.resultId }] }, select: { userId: true } }),
    tx.researchResult.findUniqueOrThrow({ where: { id: lot.resultId }, select: { title: true } }),
  ])
  return notify(
    tx,
    { orgIds: registrations.map((r) => r.enterpriseId), userIds: watchers.map((w) => w.userId) },
    { kind: 'lot-cancelled', params: { lotId: lot.id, title: result.title, reason: reason ?? '' }, eventKey: `lot-cancel:${lot.id}` },
    now,
  )
}
