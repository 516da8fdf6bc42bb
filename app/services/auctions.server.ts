// Planning quarterly sessions: staff create a session and its lots from
// published results; enterprises apply; staff approve or refuse with a reason.
// Live bidding and closing build on these rows (live-auction issue).
import { isStaff, type Principal } from '~/domain/access.ts'
import { isFinished } from '~/domain/auction.ts'
import { registrationWindow } from '~/domain/auction-notice.ts'
import { depositFor, lotPlanProblems, sessionPlanProblems, type DepositRule, type LotPlan } from '~/domain/auction-planning.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { lockRow } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { refreshResultInIndex } from './matching.server.ts'
import { notify } from './notifications.server.ts'
import { bureauIdOf, requireSameBureau } from './bureaus.server.ts'
import { noticeOf, noticeView } from './auction-notice.server.ts'
import { planReauctionTx, recordReauctionTx, requireNotBarred } from './reauctions.server.ts'

const OPEN_LOT = ['SCHEDULED', 'LIVE', 'PAUSED'] as const

function requireStaff(user: Principal) {
  if (!isStaff(user)) throw new ServiceError('forbidden', 'staff-only.plan-auctions')
}

/** `kind`: the quarter's one REGULAR session (the default) or an EXTRA one (a re-auction in the same quarter, decision 022). */
export type SessionInput = { quarter: string; title: string; startsAt: Date; endsAt: Date; kind?: 'REGULAR' | 'EXTRA' }

export async function createSession(db: Db, staff: Principal, input: SessionInput, now: Date) {
  requireStaff(staff)
  const problem = sessionPlanProblems({ quarter: input.quarter, startsAt: input.startsAt.getTime(), endsAt: input.endsAt.getTime() })[0]
  if (problem) throw new ServiceError('invalid', problem.message, { field: problem.field, params: problem.params })
  try {
    return await db.$transaction(async (tx) => {
      const kind = input.kind ?? 'REGULAR'
      // regularQuarter is unique per bureau: one regular session a quarter, any number of extra ones.
      const row = await tx.auctionSession.create({ data: { ...input, kind, regularQuarter: kind === 'REGULAR' ? input.quarter : null, bureauId: bureauIdOf(staff), status: 'PLANNED', createdAt: now } })
      await audit(tx, { actorId: staff.userId, action: 'session.create', entityType: 'AuctionSession', entityId: row.id, toStatus: 'PLANNED', data: { quarter: input.quarter, kind }, at: now })
      return { id: row.id }
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ServiceError('conflict', 'session.quarter-taken', { field: 'quarter', params: { quarter: input.quarter } })
    }
    throw error
  }
}

/** Lots are added to a session only while it is planned (the page offers 添加标的 by the same rule). */
export function sessionTakesLots(s: { status: string; publishedAt: Date | string | null }): boolean {
  return s.status === 'PLANNED' && !s.publishedAt
}

/** Enterprises register between the notice's publication and its registration deadline (the page offers 报名 by the same rule). */
export function sessionTakesRegistrations(s: { status: string; publishedAt: Date | string | null; registrationClosesAt: Date | string | null }, now: Date): boolean {
  const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime())
  return registrationWindow({ publishedAtMs: ms(s.publishedAt), registrationClosesAtMs: ms(s.registrationClosesAt), status: s.status }, now.getTime()) === 'open'
}

/** For the home page: the session being auctioned now, else the next planned one (public facts only), else null. */
export async function liveOrNextSession(db: Db, now: Date): Promise<{ id: string; quarter: string; title: string; startsAt: string; live: boolean } | null> {
  const select = { id: true, quarter: true, title: true, startsAt: true, status: true } as const
  const s =
    (await db.auctionSession.findFirst({ where: { status: 'LIVE' }, orderBy: { startsAt: 'asc' }, select })) ??
    (await db.auctionSession.findFirst({ where: { status: 'PLANNED', endsAt: { gt: now } }, orderBy: { startsAt: 'asc' }, select }))
  return s && { id: s.id, quarter: s.quarter, title: s.title, startsAt: s.startsAt.toISOString(), live: s.status === 'LIVE' }
}

/** The deposit is a rule (a fixed amount or a share of the starting price); the amount is worked out here, once. */
/** `reauctionReason`: why a re-auction starts above 80 % of its predecessor's start (decision 022). */
export type LotInput = Omit<LotPlan, 'startsAt' | 'endsAt' | 'depositFen'> & { resultId: string; startsAt: Date; endsAt: Date; deposit: DepositRule; reauctionReason?: string | null }

/** Adds a published result as a lot; the result moves to 竞价中 in the same step. */
export async function addLot(db: Db, staff: Principal, sessionId: string, input: LotInput, now: Date) {
  requireStaff(staff)
  const depositFen = depositFor(input.deposit, input.startingPriceFen)
  const outcome = await db.$transaction(async (tx) => {
    // Lock the session row first: lots added to one session at the same moment
    // then take their numbers one after another (the next waits for this commit
    // and, under READ COMMITTED, sees its lot), so @@unique([sessionId, number])
    // never clashes. The status read below is the locked row's as well.
    const locked = await lockRow(tx, 'AuctionSession', sessionId)
    const session = locked ? await tx.auctionSession.findUnique({ where: { id: sessionId } }) : null
    if (!session) throw new ServiceError('not-found', 'session.not-found')
    requireSameBureau(staff, session.bureauId, 'session.not-found')
    if (!sessionTakesLots(session)) {
      throw new ServiceError('wrong-status', session.publishedAt ? 'auctionNotice.errors.published-terms-fixed' : 'session.lots-closed')
    }
    const problems = lotPlanProblems(
      { ...input, depositFen, startsAt: input.startsAt.getTime(), endsAt: input.endsAt.getTime() },
      { startsAt: session.startsAt.getTime(), endsAt: session.endsAt.getTime() },
    )
    if (problems[0]) throw new ServiceError('invalid', problems[0].message, { field: problems[0].field })
    const reauction = await planReauctionTx(tx, { resultId: input.resultId, sessionId, startingPriceFen: input.startingPriceFen, reason: input.reauctionReason })
    // The status in the WHERE is the lock: one open lot per result, even when two staff add it at once.
    const { count } = await tx.researchResult.updateMany({ where: { id: input.resultId, status: 'PUBLISHED' }, data: { status: 'IN_AUCTION' } })
    if (count !== 1) throw new ServiceError('conflict', 'lot.result-unavailable', { field: 'resultId' })
    // The highest number plus one, not the count: numbers stay unique even if a lot row is ever removed.
    const { _max } = await tx.lot.aggregate({ where: { sessionId }, _max: { number: true } })
    const number = (_max.number ?? 0) + 1
    const lot = await tx.lot.create({
      data: {
        sessionId,
        number,
        resultId: input.resultId,
        startingPriceFen: fenToDb(input.startingPriceFen),
        incrementFen: fenToDb(input.incrementFen),
        reserveFen: fenToDb(input.reserveFen),
        depositFen: fenToDb(depositFen),
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        extensionMinutes: input.extensionMinutes,
        createdAt: now,
      },
    })
    await audit(tx, { actorId: staff.userId, action: 'result.auction', entityType: 'ResearchResult', entityId: input.resultId, fromStatus: 'PUBLISHED', toStatus: 'IN_AUCTION', data: { lotId: lot.id }, at: now })
    await audit(tx, { actorId: staff.userId, action: 'lot.create', entityType: 'Lot', entityId: lot.id, toStatus: 'SCHEDULED', at: now })
    await recordReauctionTx(tx, reauction, { id: lot.id, resultId: input.resultId, startingPriceFen: input.startingPriceFen }, staff.userId, now)
    return { id: lot.id, number }
  })
  await refreshResultInIndex(db, input.resultId)
  return outcome
}

/** An enterprise asks to take part in a session. */
export async function applyToSession(db: Db, user: Principal, sessionId: string, now: Date) {
  if (user.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.registrations')
  const session = await db.auctionSession.findUnique({ where: { id: sessionId } })
  if (!session || session.status === 'CLOSED' || session.status === 'CANCELLED') throw new ServiceError('not-found', 'registration.session-closed')
  const window = registrationWindow(noticeOf(session), now.getTime())
  if (window === 'not-published') throw new ServiceError('not-found', 'session.not-found')
  if (window === 'closed') {
    throw new ServiceError('wrong-status', 'auctionNotice.errors.registration-closed', { params: { deadlineAt: session.registrationClosesAt!.toISOString() } })
  }
  await requireNotBarred(db, sessionId, user.organizationId)
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.registration.create({ data: { sessionId, enterpriseId: user.organizationId, createdAt: now } })
      await audit(tx, { actorId: user.userId, action: 'registration.apply', entityType: 'Registration', entityId: row.id, toStatus: 'PENDING', at: now })
      return { id: row.id }
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ServiceError('conflict', 'registration.duplicate')
    throw error
  }
}

/** `scope.sessionId`: the session whose page the decision came from; a registration of another session is not found there. */
export async function decideRegistration(db: Db, staff: Principal, registrationId: string, approve: boolean, reason: string | undefined, now: Date, scope: { sessionId?: string } = {}) {
  requireStaff(staff)
  const note = reason?.trim() || null
  if (!approve && !note) throw new ServiceError('reason-required', 'registration.reason-required', { field: 'reason' })
  return db.$transaction(async (tx) => {
    const to = approve ? 'APPROVED' : 'REFUSED'
    const found = await tx.registration.findUnique({ where: { id: registrationId }, select: { sessionId: true, session: { select: { bureauId: true } } } })
    if (scope.sessionId !== undefined && (!found || found.sessionId !== scope.sessionId)) throw new ServiceError('not-found', 'registration.not-in-session')
    // Another bureau's session: as if it did not exist (the update below then finds nothing pending).
    if (found) requireSameBureau(staff, found.session.bureauId, 'registration.not-in-session')
    if (approve && found) {
      const reg = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { enterpriseId: true } })
      await requireNotBarred(tx, found.sessionId, reg.enterpriseId)
    }
    const { count } = await tx.registration.updateMany({ where: { id: registrationId, status: 'PENDING' }, data: { status: to, reason: note, decidedAt: now } })
    if (count !== 1) throw new ServiceError('wrong-status', 'registration.already-decided')
    await audit(tx, { actorId: staff.userId, action: `registration.${approve ? 'approve' : 'refuse'}`, entityType: 'Registration', entityId: registrationId, fromStatus: 'PENDING', toStatus: to, reason: note, at: now })
    const registration = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { enterpriseId: true, sessionId: true, session: { select: { title: true } } } })
    await notify(
      tx,
      { orgIds: [registration.enterpriseId] },
      { kind: approve ? 'registration-approved' : 'registration-refused', params: { sessionId: registration.sessionId, sessionTitle: registration.session.title, reason: note }, eventKey: `registration:${registrationId}:${to}` },
      now,
    )
    return { id: registrationId, status: to }
  })
}

/** Every bureau's sessions (the public list); `bureauId` narrows it to one bureau's. */
/** Published sessions for everyone; a bureau's staff also see their own drafts. */
export async function listSessions(db: Db, opts: { bureauId?: string; viewer?: Principal | null; now?: Date } = {}) {
  const ownBureau = opts.viewer && isStaff(opts.viewer) ? opts.viewer.organizationId : null
  const visible: Prisma.AuctionSessionWhereInput = ownBureau ? { OR: [{ publishedAt: { not: null } }, { bureauId: ownBureau }] } : { publishedAt: { not: null } }
  const rows = await db.auctionSession.findMany({
    where: { AND: [visible, opts.bureauId ? { bureauId: opts.bureauId } : {}] },
    orderBy: { startsAt: 'desc' },
    include: { bureau: { select: { id: true, name: true } }, _count: { select: { lots: true, registrations: true } } },
  })
  return rows.map((s) => ({
    ...sessionFacts(s, opts.now),
    lotCount: s._count.lots,
    registrationCount: s._count.registrations,
  }))
}

/** What the list and a session's page both show of it: its names, status, times and notice. */
function sessionFacts(
  s: Prisma.AuctionSessionGetPayload<{ include: { bureau: { select: { id: true; name: true } } } }>,
  now?: Date,
) {
  return {
    id: s.id,
    bureau: s.bureau,
    quarter: s.quarter,
    kind: s.kind,
    title: s.title,
    status: s.status,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    ...noticeView(s, now),
  }
}

/** A session with its lots, and what the viewer may see of registrations (the reserve stays secret until a lot closes). */
export async function getSession(db: Db, viewer: Principal | null, sessionId: string, now = new Date()) {
  const s = await db.auctionSession.findUnique({
    where: { id: sessionId },
    include: {
      bureau: { select: { id: true, name: true } },
      lots: { orderBy: { number: 'asc' }, include: { result: { select: { id: true, title: true, ownerId: true, owner: { select: { name: true } } } } } },
      registrations: { include: { enterprise: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } },
    },
  })
  if (!s) throw new ServiceError('not-found', 'session.not-found')
  // The running bureau's staff see the reserve and every registration; another bureau's staff see what the public sees.
  const staff = viewer ? isStaff(viewer) && viewer.organizationId === s.bureauId : false
  // A draft (not yet announced) is its bureau's own.
  if (!s.publishedAt && !staff) throw new ServiceError('not-found', 'session.not-found')
  return {
    ...sessionFacts(s, now),
    ownBureau: staff,
    rules: s.rules,
    lots: s.lots.map((l) => ({
      id: l.id,
      number: l.number,
      status: l.status,
      result: { id: l.result.id, title: l.result.title, ownerName: l.result.owner.name },
      startingPriceFen: fenFromDb(l.startingPriceFen),
      incrementFen: fenFromDb(l.incrementFen),
      depositFen: fenFromDb(l.depositFen),
      reserveFen: staff || isFinished(l.status) ? fenFromDb(l.reserveFen) : null,
      hasReserve: l.reserveFen !== null,
      currentPriceFen: fenFromDb(l.currentPriceFen),
      bidCount: l.bidCount,
      startsAt: l.startsAt.toISOString(),
      endsAt: l.endsAt.toISOString(),
      extensionMinutes: l.extensionMinutes,
      cancelReason: l.cancelReason,
    })),
    registrations: staff
      ? s.registrations.map((r) => ({ id: r.id, enterprise: r.enterprise, status: r.status, reason: r.reason, createdAt: r.createdAt.toISOString() }))
      : s.registrations
          .filter((r) => viewer && r.enterpriseId === viewer.organizationId)
          .map((r) => ({ id: r.id, enterprise: r.enterprise, status: r.status, reason: r.reason, createdAt: r.createdAt.toISOString() })),
  }
}

/** Published results staff may put up as lots. */
export async function resultsAvailableForLots(db: Db, staff: Principal) {
  requireStaff(staff)
  const rows = await db.researchResult.findMany({
    where: { status: 'PUBLISHED', lots: { none: { status: { in: [...OPEN_LOT] } } } },
    select: { id: true, title: true, askingPriceFen: true, owner: { select: { name: true } } },
    orderBy: { publishedAt: 'desc' },
  })
  return rows.map((r) => ({ id: r.id, title: r.title, ownerName: r.owner.name, askingPriceFen: fenFromDb(r.askingPriceFen) }))
}
