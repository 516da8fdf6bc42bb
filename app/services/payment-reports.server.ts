// What staff and payers read about money: deposits held per session, the
// payments list, the payments needing attention with the action that fixes
// each, an enterprise's open tasks, checkouts and receipts.
import { depositForDeal, heldFen } from './deposit-of-lot.server.ts'
import { isStaff, readsStaffPages, type Principal } from '~/domain/access.ts'
import { fenFromDb } from '~/domain/money.ts'
import { declineMessage, depositsHeld, depositTotals, legacySessionDepositKey, settlementAmount, type PaymentKind, type PaymentStatus, type PostingKind } from '~/domain/payments.ts'
import { Prisma, type Payment } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import type { MessageKey } from '~/i18n/catalogue.ts'
import type { Said } from '~/utils/said.ts'
import { paymentsOfBureau, readablePayments, requirePaymentOfBureau } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { lotDepositDue, type SessionDepositTask } from '~/utils/lot-deposit-tasks.ts'
import { DECIDED_LOT_STATUSES, losingDepositsHeld, SESSIONS_HOLDING_LOSING_DEPOSITS } from './deposits.server.ts'

export type DepositReport = {
  sessionId: string
  quarter: string
  title: string
  status: string
  paid: number
  refunded: number
  applied: number
  forfeited: number
  /** paid − refunded − applied − forfeited, from the ledger. */
  held: number
  /** The sum of deposits whose status is "paid and held", counted independently. */
  heldByStatus: number
  balanced: boolean
  deposits: { paymentId: string; enterprise: string; amountFen: number; status: PaymentStatus; paidAt: string | null }[]
}

export async function depositReport(db: Db, sessionId: string): Promise<DepositReport> {
  const session = await db.auctionSession.findUnique({ where: { id: sessionId } })
  if (!session) throw new ServiceError('not-found', 'session.not-found')
  const [entries, deposits] = await Promise.all([
    db.ledgerEntry.findMany({ where: { sessionId, kind: { startsWith: 'deposit_' } }, select: { kind: true, amountFen: true } }),
    db.payment.findMany({ where: { sessionId, kind: 'DEPOSIT' }, include: { payer: { select: { name: true } } }, orderBy: { createdAt: 'asc' } }),
  ])
  const totals = depositTotals(entries.map((e) => ({ kind: e.kind as PostingKind, amountFen: fenFromDb(e.amountFen) })))
  const held = depositsHeld(totals)
  const heldByStatus = deposits.filter((d) => d.status === 'SUCCEEDED').reduce((s, d) => s + fenFromDb(d.amountFen), 0)
  return {
    sessionId,
    quarter: session.quarter,
    title: session.title,
    status: session.status,
    ...totals,
    held,
    heldByStatus,
    balanced: held === heldByStatus,
    deposits: deposits.map((d) => ({
      paymentId: d.id,
      enterprise: d.payer?.name ?? '',
      amountFen: fenFromDb(d.amountFen),
      status: d.status,
      paidAt: d.paidAt?.toISOString() ?? null,
    })),
  }
}

export type LotDepositReport = Pick<DepositReport, 'paid' | 'refunded' | 'applied' | 'forfeited' | 'held' | 'heldByStatus' | 'balanced'> & { lotId: string }

/**
 * The same identity for one lot (decision 021): its deposits' postings (LedgerEntry.lotId) against the sum of
 * its deposits held. A session-wide deposit from before decision 021 belongs to no lot and is only in the
 * session's report.
 */
export async function lotDepositReport(db: Db, lotId: string): Promise<LotDepositReport> {
  const [entries, deposits] = await Promise.all([
    db.ledgerEntry.findMany({ where: { lotId, kind: { startsWith: 'deposit_' } }, select: { kind: true, amountFen: true } }),
    db.payment.findMany({ where: { lotId, kind: 'DEPOSIT', status: 'SUCCEEDED' }, select: { amountFen: true } }),
  ])
  const totals = depositTotals(entries.map((e) => ({ kind: e.kind as PostingKind, amountFen: fenFromDb(e.amountFen) })))
  const held = depositsHeld(totals)
  const heldByStatus = deposits.reduce((s, d) => s + fenFromDb(d.amountFen), 0)
  return { lotId, ...totals, held, heldByStatus, balanced: held === heldByStatus }
}

/** The deposits held per session of one bureau (staff see their own bureau's sessions); null: every bureau's (the province). */
export async function depositReports(db: Db, bureauId: string | null): Promise<DepositReport[]> {
  const sessions = await db.auctionSession.findMany({ where: bureauId === null ? {} : { bureauId }, orderBy: { startsAt: 'desc' }, select: { id: true } })
  return Promise.all(sessions.map((s) => depositReport(db, s.id)))
}

export type PaymentFilters = { kind?: PaymentKind; status?: PaymentStatus; sessionId?: string; page?: number }

const PAGE = 50

/** Staff see their bureau's payments (paymentsOfBureau), the province every bureau's; an enterprise sees its own. */
export async function listPayments(db: Db, viewer: Principal, filters: PaymentFilters = {}) {
  const where: Prisma.PaymentWhereInput = {
    ...(readsStaffPages(viewer) ? readablePayments(viewer) : { payerId: viewer.organizationId }),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.sessionId ? { sessionId: filters.sessionId } : {}),
  }
  if (viewer.role === 'INSTITUTION') return { total: 0, payments: [] }
  const page = Math.max(1, filters.page ?? 1)
  const [total, rows] = await Promise.all([
    db.payment.count({ where }),
    db.payment.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      skip: (page - 1) * PAGE,
      take: PAGE,
      include: { payer: { select: { name: true } }, session: { select: { quarter: true, title: true, status: true } }, lot: { select: { number: true } } },
    }),
  ])
  return {
    total,
    payments: rows.map((p) => ({
      id: p.id,
      kind: p.kind,
      status: p.status,
      amountFen: fenFromDb(p.amountFen),
      currency: p.currency,
      payer: p.payer?.name ?? null,
      session: p.session ? `${p.session.quarter} ${p.session.title}` : null,
      sessionId: p.sessionId,
      sessionStatus: p.session?.status ?? null,
      payerId: p.payerId,
      lotId: p.lotId,
      lotNumber: p.lot?.number ?? null,
      providerId: p.providerId,
      providerRefundId: p.providerRefundId,
      failureReason: p.failureReason,
      attempts: p.attempts,
      paidAt: p.paidAt?.toISOString() ?? null,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    })),
  }
}

/** What staff can do about a problem, from the staff payments page (one button, one service call). */
export type AttentionAction =
  | { intent: 'reconcile'; paymentId: string; label: MessageKey }
  | { intent: 'refund-settlement'; paymentId: string; label: MessageKey }
  | { intent: 'retry-payout'; rewardId: string; label: MessageKey }
  | { intent: 'refund-losers'; sessionId: string; label: MessageKey }
  | { intent: 'forfeit'; dealId: string; label: MessageKey }


export type AttentionItem = {
  key: string
  /** The payment to open for its receipt and history, when the problem is one payment. */
  paymentId: string | null
  kind: PaymentKind
  status: PaymentStatus | null
  amountFen: number
  payer: string | null
  /** The payer column when it is not one payer (a session's losing bidders). */
  payerSaid?: Said
  problem: Said
  advice: Said
  action: AttentionAction | null
}

/**
 * Everything about money that waits for a person, each with what to do:
 * answers still unknown (ask the provider), money taken for a defaulted deal
 * (refund it), payouts that failed (retry after fixing the account), sessions
 * over that still hold deposits to give back, deals past their deadline not
 * yet forfeited, and declined card payments (the enterprise pays again).
 * The jobs of the payments queue handle most of these by themselves; what is
 * listed here is what they could not, or have not yet.
 */

export async function paymentsNeedingAttention(db: Db, now: Date, bureauId: string): Promise<AttentionItem[]> {
  const ours = paymentsOfBureau(bureauId)
  const stale = new Date(now.getTime() - 15 * 60 * 1000)
  const payer = { payer: { select: { name: true } } } as const
  const [stuck, paidAfterDefault, failedPayouts, failedCards, overdue, sessions] = await Promise.all([
    db.payment.findMany({ where: { AND: [ours, { status: 'PROCESSING', updatedAt: { lt: stale } }] }, include: payer, orderBy: { updatedAt: 'asc' }, take: 100 }),
    db.payment.findMany({ where: { AND: [ours, { kind: 'SETTLEMENT', status: 'SUCCEEDED', deal: { status: 'DEFAULTED' } }] }, include: payer, take: 100 }),
    db.payment.findMany({
      where: { AND: [ours, { kind: 'REWARD_PAYOUT', status: 'FAILED', reward: { status: 'APPROVED' } }] },
      include: { reward: { include: { enterprise: { select: { name: true } } } } },
      orderBy: { updatedAt: 'desc' },
      take: 100,
    }),
    db.payment.findMany({ where: { AND: [ours, { kind: { in: ['DEPOSIT', 'SETTLEMENT'] }, status: 'FAILED' }] }, include: payer, orderBy: { updatedAt: 'desc' }, take: 100 }),
    db.deal.findMany({ where: { status: 'AWAITING_PAYMENT', paymentDeadline: { lt: now }, lot: { session: { bureauId } } }, include: { buyer: { select: { name: true } } }, take: 100 }),
    db.auctionSession.findMany({ where: { AND: [{ bureauId }, SESSIONS_HOLDING_LOSING_DEPOSITS] }, select: { id: true, quarter: true, title: true } }),
  ])
  const items: AttentionItem[] = []
  const fromPayment = (p: Payment & { payer: { name: string } | null }, problem: Said, advice: Said, action: AttentionAction | null): AttentionItem => ({
    key: `${action?.intent ?? 'none'}:${p.id}`,
    paymentId: p.id,
    kind: p.kind,
    status: p.status,
    amountFen: fenFromDb(p.amountFen),
    payer: p.payer?.name ?? null,
    problem,
    advice,
    action,
  })
  for (const p of stuck) {
    items.push(fromPayment(p, { key: 'serverText.attention.stuckProblem' }, { key: 'serverText.attention.stuckAdvice' }, { intent: 'reconcile', paymentId: p.id, label: 'serverText.attention.stuckAction' }))
  }
  for (const p of paidAfterDefault) {
    items.push(fromPayment(p, { key: 'serverText.attention.paidAfterDefaultProblem' }, { key: 'serverText.attention.paidAfterDefaultAdvice' }, { intent: 'refund-settlement', paymentId: p.id, label: 'serverText.attention.paidAfterDefaultAction' }))
  }
  for (const p of failedPayouts) {
    items.push({
      ...fromPayment({ ...p, payer: p.reward ? { name: p.reward.enterprise.name } : null }, p.failureReason ? { key: 'serverText.attention.payoutFailedProblem', params: { reason: p.failureReason } } : { key: 'serverText.attention.payoutFailedUnknown' },
        { key: 'serverText.attention.payoutFailedAdvice' },
        null,
      ),
      action: p.rewardId ? { intent: 'retry-payout', rewardId: p.rewardId, label: 'serverText.attention.payoutFailedAction' } : null,
    })
  }
  for (const s of sessions) {
    const held = await losingDepositsHeld(db, s.id)
    if (!held.length) continue
    items.push({
      key: `refund-losers:${s.id}`,
      paymentId: null,
      kind: 'DEPOSIT',
      status: 'SUCCEEDED',
      amountFen: held.reduce((sum, p) => sum + fenFromDb(p.amountFen), 0),
      payer: null,
      payerSaid: { key: 'serverText.attention.losersPayer', params: { quarter: s.quarter, title: s.title, number: held.length } },
      problem: { key: 'serverText.attention.losersProblem' },
      advice: { key: 'serverText.attention.losersAdvice' },
      action: { intent: 'refund-losers', sessionId: s.id, label: 'serverText.attention.losersAction' },
    })
  }
  for (const d of overdue) {
    items.push({
      key: `forfeit:${d.id}`,
      paymentId: null,
      kind: 'SETTLEMENT',
      status: null,
      amountFen: fenFromDb(d.priceFen),
      payer: d.buyer.name,
      problem: { key: 'serverText.attention.overdueProblem', times: { deadline: d.paymentDeadline.toISOString() } },
      advice: { key: 'serverText.attention.overdueAdvice' },
      action: { intent: 'forfeit', dealId: d.id, label: 'serverText.attention.overdueAction' },
    })
  }
  for (const p of failedCards) {
    items.push(fromPayment(p, { key: declineMessage(p.failureReason) }, { key: 'serverText.attention.declinedAdvice' }, null))
  }
  // Webhooks refused because their money did not match (finding 2 of issue 11), and partial refunds, for 30 days.
  const since = new Date(now.getTime() - 30 * 86_400_000)
  const [refused, partial] = await Promise.all([
    db.paymentEvent.findMany({ where: { outcome: 'refused-mismatch', receivedAt: { gte: since }, payment: ours }, include: { payment: { include: payer } }, orderBy: { receivedAt: 'desc' }, take: 100 }),
    db.payment.findMany({ where: { AND: [ours, { refundedFen: { not: null }, status: { not: 'REFUNDED' } }] }, include: payer, orderBy: { updatedAt: 'desc' }, take: 100 }),
  ])
  for (const e of refused) {
    if (!e.payment) continue
    const o = (e.payload as { data?: { object?: { amount?: unknown; currency?: unknown; amount_refunded?: unknown } } }).data?.object ?? {}
    // What the provider said: a whole number is an amount in fen (formatted at the edge), anything else shows as it came.
    const said = (key: string, v: unknown): Said =>
      typeof v === 'number' && Number.isSafeInteger(v) ? { key, money: { amount: v } } : { key, params: { amount: String(v).slice(0, 30) } }
    const parts: Said[] = [
      said('serverText.attention.saidAmount', o.amount),
      ...(typeof o.currency === 'string' ? [{ key: 'serverText.attention.saidCurrency', params: { currency: o.currency.slice(0, 10).toUpperCase() } }] : []),
      ...(o.amount_refunded !== undefined ? [said('serverText.attention.saidRefunded', o.amount_refunded)] : []),
    ]
    items.push({
      ...fromPayment(e.payment, { key: 'serverText.attention.refusedProblem', params: { type: e.type, currency: e.payment.currency }, money: { ours: fenFromDb(e.payment.amountFen) }, parts }, { key: 'serverText.attention.refusedAdvice' }, null),
      key: `refused:${e.id}`,
    })
  }
  for (const p of partial) {
    items.push({
      ...fromPayment(p, { key: 'serverText.attention.partialRefundProblem', money: { refunded: fenFromDb(p.refundedFen!), total: fenFromDb(p.amountFen) } }, { key: 'serverText.attention.partialRefundAdvice' }, null),
      key: `partial-refund:${p.id}`,
    })
  }
  return items
}

/** Deposits to pay (each lot of a session the enterprise is approved for) and won lots to pay for, with what is due. */
export async function enterprisePaymentTasks(db: Db, enterprise: Principal, now: Date) {
  if (enterprise.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.payments-due')
  const [registrations, deals] = await Promise.all([
    db.registration.findMany({
      where: { enterpriseId: enterprise.organizationId, status: 'APPROVED', session: { status: { in: ['PLANNED', 'LIVE'] } } },
      include: {
        session: {
          include: {
            lots: {
              where: { result: { ownerId: { not: enterprise.organizationId } } },
              select: { id: true, number: true, status: true, depositFen: true, result: { select: { title: true } } },
              orderBy: { number: 'asc' },
            },
          },
        },
      },
    }),
    db.deal.findMany({
      where: { buyerId: enterprise.organizationId, status: 'AWAITING_PAYMENT' },
      include: { result: { select: { title: true } }, lot: { select: { id: true, sessionId: true, number: true } } },
      orderBy: { paymentDeadline: 'asc' },
    }),
  ])
  const deposits: SessionDepositTask[] = []
  for (const r of registrations) {
    const paid = await db.payment.findMany({ where: { kind: 'DEPOSIT', payerId: enterprise.organizationId, sessionId: r.sessionId } })
    const legacyRow = paid.find((p) => p.idempotencyKey === legacySessionDepositKey(r.sessionId, enterprise.organizationId))
    const byLot = new Map(paid.filter((p) => p.lotId).map((p) => [p.lotId!, p]))
    deposits.push({
      sessionId: r.sessionId,
      session: `${r.session.quarter} ${r.session.title}`,
      legacy: legacyRow ? { paymentId: legacyRow.id, amountFen: fenFromDb(legacyRow.amountFen), status: legacyRow.status } : null,
      lots: r.session.lots.map((l) => ({
        lotId: l.id,
        number: l.number,
        title: l.result.title,
        amountFen: fenFromDb(l.depositFen),
        status: byLot.get(l.id)?.status ?? null,
        paymentId: byLot.get(l.id)?.id ?? null,
        open: !(DECIDED_LOT_STATUSES as readonly string[]).includes(l.status),
      })),
    })
  }
  const balances = []
  for (const d of deals) {
    const held = d.lot ? heldFen(await depositForDeal(db, { id: d.id, buyerId: enterprise.organizationId, priceFen: d.priceFen, lot: d.lot })) : 0
    const price = fenFromDb(d.priceFen)
    balances.push({
      dealId: d.id,
      title: d.result.title,
      lotNumber: d.lot?.number ?? null,
      priceFen: price,
      depositFen: held,
      dueFen: held > price ? 0 : settlementAmount(price, held),
      deadline: d.paymentDeadline.toISOString(),
      overdue: now.getTime() > d.paymentDeadline.getTime(),
    })
  }
  return { deposits, balances }
}

/** The deposit page of a session: each lot's deposit and whether it is paid; with a lot, that lot's checkout. */
export async function depositCheckout(db: Db, enterprise: Principal, sessionId: string, lotId: string | null) {
  const tasks = await enterprisePaymentTasks(db, enterprise, new Date(0))
  const task = tasks.deposits.find((d) => d.sessionId === sessionId)
  if (!task) throw new ServiceError('not-allowed', 'deposit.not-approved')
  const lot = lotId === null ? null : (task.lots.find((l) => l.lotId === lotId) ?? null)
  if (lotId !== null && !lot) throw new ServiceError('not-found', 'lot.not-found')
  return { ...task, lot, lotDue: lot ? lotDepositDue(task, lot) : false }
}

/** The balance checkout page of one won lot. */
export async function settlementCheckout(db: Db, enterprise: Principal, dealId: string, now: Date) {
  const tasks = await enterprisePaymentTasks(db, enterprise, now)
  const task = tasks.balances.find((b) => b.dealId === dealId)
  if (!task) throw new ServiceError('not-found', 'deal.no-open-balance')
  return task
}

/** A receipt: only the payer or staff see it. */
export async function paymentReceipt(db: Db, viewer: Principal, paymentId: string) {
  const p = await db.payment.findUnique({
    where: { id: paymentId },
    include: { payer: { select: { name: true, creditCode: true } }, session: { select: { quarter: true, title: true } }, lot: { select: { number: true } } },
  })
  if (!p || (!readsStaffPages(viewer) && p.payerId !== viewer.organizationId)) throw new ServiceError('not-found', 'payment.not-found')
  if (isStaff(viewer)) await requirePaymentOfBureau(db, viewer, paymentId)
  const trail = await db.auditLog.findMany({ where: { entityType: 'Payment', entityId: p.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
  return {
    id: p.id,
    kind: p.kind,
    status: p.status,
    amountFen: fenFromDb(p.amountFen),
    currency: p.currency,
    payer: p.payer,
    session: p.session ? `${p.session.quarter} ${p.session.title}` : null,
    lotNumber: p.lot?.number ?? null,
    providerId: p.providerId,
    providerRefundId: p.providerRefundId,
    failureReason: p.failureReason,
    paidAt: p.paidAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    history: trail.map((a) => ({ at: a.at.toISOString(), action: a.action, from: a.fromStatus, to: a.toStatus, reason: a.reason })),
  }
}
