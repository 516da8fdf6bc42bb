// The 竞价公告 of a session: staff publish it with its lots, its 竞价须知 and a registration deadline; from then on
// its lots and terms are fixed and enterprises may register until the deadline. docs/decisions/019-auction-notice.md.
import { isStaff, type Principal } from '~/domain/access.ts'
import { DEFAULT_REGISTRATION_DAYS, publishProblem, registrationClosesAt, registrationWindow, type RegistrationWindow } from '~/domain/auction-notice.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { lockRow } from '~/utils/sql.server.ts'
import { audit } from './audit.server.ts'
import { requireSameBureau } from './bureaus.server.ts'

type NoticeRow = { publishedAt: Date | null; registrationClosesAt: Date | null; registrationDays: number; status: string }

/** The notice's facts as the domain reads them. */
export function noticeOf(s: NoticeRow) {
  return { publishedAtMs: s.publishedAt?.getTime() ?? null, registrationClosesAtMs: s.registrationClosesAt?.getTime() ?? null, status: s.status }
}

/** What pages show of a session's notice. */
export function noticeView(s: NoticeRow, now = new Date()): {
  publishedAt: string | null
  registrationDays: number
  registrationClosesAt: string | null
  registration: RegistrationWindow
} {
  return {
    publishedAt: s.publishedAt?.toISOString() ?? null,
    registrationDays: s.registrationDays,
    registrationClosesAt: s.registrationClosesAt?.toISOString() ?? null,
    registration: registrationWindow(noticeOf(s), now.getTime()),
  }
}

export type PublishInput = { registrationDays?: number; rules?: string | null }

const PROBLEM_KEYS = {
  'already-published': 'auctionNotice.errors.already-published',
  'not-planned': 'auctionNotice.errors.not-planned',
  'no-lots': 'auctionNotice.errors.no-lots',
  'days-out-of-range': 'auctionNotice.errors.days-out-of-range',
  'too-late': 'auctionNotice.errors.too-late',
} as const

/** Publishes the session's announcement: its lots and terms are fixed from now; registration closes N days before it opens. */
export async function publishSession(db: Db, staff: Principal, sessionId: string, input: PublishInput, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.plan-auctions')
  const days = input.registrationDays ?? DEFAULT_REGISTRATION_DAYS
  const rules = input.rules?.trim() || null
  return db.$transaction(async (tx) => {
    // The session row's lock: a lot added at the same moment waits, then finds the session published.
    const locked = await lockRow(tx, 'AuctionSession', sessionId)
    const session = locked ? await tx.auctionSession.findUnique({ where: { id: sessionId }, include: { lots: { where: { status: { not: 'CANCELLED' } }, select: { startsAt: true } } } }) : null
    if (!session) throw new ServiceError('not-found', 'session.not-found')
    requireSameBureau(staff, session.bureauId, 'session.not-found')
    const opensAtMs = session.lots.length ? Math.min(...session.lots.map((l) => l.startsAt.getTime())) : null
    const problem = publishProblem(
      { status: session.status, publishedAtMs: session.publishedAt?.getTime() ?? null, openLots: session.lots.length, opensAtMs },
      days,
      now.getTime(),
    )
    if (problem) {
      const field = problem === 'days-out-of-range' || problem === 'too-late' ? 'registrationDays' : undefined
      throw new ServiceError(problem === 'already-published' || problem === 'not-planned' ? 'wrong-status' : 'invalid', PROBLEM_KEYS[problem], {
        field,
        params: { opensAt: new Date(opensAtMs ?? session.startsAt.getTime()).toISOString(), days },
      })
    }
    const closesAt = new Date(registrationClosesAt(opensAtMs!, days))
    await tx.auctionSession.update({ where: { id: sessionId }, data: { publishedAt: now, registrationDays: days, registrationClosesAt: closesAt, rules } })
    await audit(tx, {
      actorId: staff.userId,
      action: 'session.publish',
      entityType: 'AuctionSession',
      entityId: sessionId,
      data: { registrationDays: days, registrationClosesAt: closesAt.toISOString(), customRules: rules !== null },
      at: now,
    })
    return { id: sessionId, registrationClosesAt: closesAt.toISOString() }
  })
}

/** Whether a viewer may see the session at all: published, or a draft of the viewer's own bureau. */
export function visibleSession(s: { publishedAt: Date | null; bureauId: string }, viewer: Principal | null): boolean {
  return s.publishedAt !== null || (viewer !== null && isStaff(viewer) && viewer.organizationId === s.bureauId)
}
