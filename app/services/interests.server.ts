// 意向: an enterprise tells the owner of a result it is interested, with a
// message; the institution answers; staff see all of it. Both writes are audited.
import { isOpenResult, isOwner, isStaff, type Principal } from '~/domain/access.ts'
import type { Db } from '~/utils/db.server.ts'
import { textProblem, textProblemMessage } from '~/utils/text-validation.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { onceBySubmissionKey } from './submission-keys.server.ts'
import { notify } from './notifications.server.ts'

export async function expressInterest(db: Db, user: Principal, resultId: string, message: string, now: Date, opts: { submissionKey?: string } = {}) {
  if (user.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'enterprise-only.interests')
  const text = message.trim()
  if (text.length < 5) throw new ServiceError('invalid', 'interest.message-too-short', { field: 'message' })
  if (text.length > 1000) throw new ServiceError('invalid', 'interest.message-too-long', { field: 'message' })
  const problem = textProblem(text, { multiline: true })
  if (problem) throw new ServiceError('invalid', textProblemMessage(problem, 'validation.labels.interestMessage').key, { field: 'message', params: textProblemMessage(problem, 'validation.labels.interestMessage').params })
  const existing = () => db.interest.findFirst({ where: { submissionKey: opts.submissionKey, enterpriseId: user.organizationId, resultId }, select: { id: true } })
  return onceBySubmissionKey(opts.submissionKey, existing, () => db.$transaction(async (tx) => {
    const result = await tx.researchResult.findUnique({ where: { id: resultId }, select: { status: true, title: true, ownerId: true } })
    if (!result || !isOpenResult(result.status)) throw new ServiceError('not-found', 'interest.result-not-open')
    const row = await tx.interest.create({ data: { resultId, enterpriseId: user.organizationId, message: text, createdAt: now, submissionKey: opts.submissionKey ?? null } })
    await audit(tx, { actorId: user.userId, action: 'interest.express', entityType: 'Interest', entityId: row.id, data: { resultId }, at: now })
    const enterprise = await tx.organization.findUniqueOrThrow({ where: { id: user.organizationId }, select: { name: true } })
    await notify(tx, { orgIds: [result.ownerId] }, { kind: 'interest-new', params: { interestId: row.id, resultId, title: result.title, enterpriseName: enterprise.name }, eventKey: `interest:${row.id}` }, now)
    return { id: row.id }
  }))
}

/** `scope.resultId`: the result whose page the reply came from; an interest in another result is not found there. */
export async function replyToInterest(db: Db, user: Principal, interestId: string, reply: string, now: Date, scope: { resultId?: string } = {}) {
  const text = reply.trim()
  if (text.length < 2) throw new ServiceError('invalid', 'interest.reply-required', { field: 'reply' })
  if (text.length > 1000) throw new ServiceError('invalid', 'interest.reply-too-long', { field: 'reply' })
  const problem = textProblem(text, { multiline: true })
  if (problem) throw new ServiceError('invalid', textProblemMessage(problem, 'validation.labels.reply').key, { field: 'reply', params: textProblemMessage(problem, 'validation.labels.reply').params })
  return db.$transaction(async (tx) => {
    const interest = await tx.interest.findUnique({ where: { id: interestId }, include: { result: { select: { ownerId: true, title: true, owner: { select: { name: true } } } } } })
    if (!interest || (scope.resultId !== undefined && interest.resultId !== scope.resultId)) throw new ServiceError('not-found', 'interest.not-found')
    if (!isOwner(user, interest.result.ownerId)) throw new ServiceError('forbidden', 'interest.reply-owner-only')
    await tx.interest.update({ where: { id: interestId }, data: { reply: text, repliedAt: now } })
    // A second reply replaces the first on the page; the log keeps both.
    await audit(tx, { actorId: user.userId, action: 'interest.reply', entityType: 'Interest', entityId: interestId, data: { resultId: interest.resultId, replaced: interest.reply !== null }, at: now })
    await notify(
      tx,
      { orgIds: [interest.enterpriseId] },
      { kind: 'interest-reply', params: { interestId, resultId: interest.resultId, title: interest.result.title, ownerName: interest.result.owner.name }, eventKey: `interest-reply:${interestId}:${now.getTime()}` },
      now,
    )
    return { id: interestId }
  })
}

const interestInclude = {
  enterprise: { select: { id: true, name: true } },
  result: { select: { id: true, title: true, ownerId: true, owner: { select: { name: true } } } },
} as const

function toView(row: {
  id: string
  message: string
  reply: string | null
  repliedAt: Date | null
  createdAt: Date
  enterprise: { id: string; name: string }
  result: { id: string; title: string; owner: { name: string } }
}) {
  return {
    id: row.id,
    message: row.message,
    reply: row.reply,
    repliedAt: row.repliedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    enterprise: row.enterprise,
    result: { id: row.result.id, title: row.result.title, ownerName: row.result.owner.name },
  }
}

export type InterestView = ReturnType<typeof toView>

/** Interest shown on a result: the owner and staff see all of it, an enterprise its own. */
export async function interestsForResult(db: Db, viewer: Principal | null, resultId: string): Promise<InterestView[]> {
  if (!viewer) return []
  const result = await db.researchResult.findUnique({ where: { id: resultId }, select: { ownerId: true } })
  if (!result) return []
  const all = isStaff(viewer) || isOwner(viewer, result.ownerId)
  if (!all && viewer.role !== 'ENTERPRISE') return []
  const rows = await db.interest.findMany({
    where: { resultId, ...(all ? {} : { enterpriseId: viewer.organizationId }) },
    include: interestInclude,
    orderBy: { createdAt: 'desc' },
  })
  return rows.map(toView)
}

/** The viewer's side of every conversation: an enterprise's sent, an institution's received, staff all. */
export async function myInterests(db: Db, viewer: Principal): Promise<InterestView[]> {
  const where = isStaff(viewer)
    ? {}
    : viewer.role === 'ENTERPRISE'
      ? { enterpriseId: viewer.organizationId }
      : { result: { ownerId: viewer.organizationId } }
  const rows = await db.interest.findMany({ where, include: interestInclude, orderBy: { createdAt: 'desc' }, take: 200 })
  return rows.map(toView)
}
