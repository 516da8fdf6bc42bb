// 揭榜挂帅: post a published need as a challenge, apply, select, confirm (bureau-funded), close, and link the
// contract. Every write is one transaction with its audit entry and the notifications it causes; the rules are in
// app/domain/challenges.ts.
import { isOwner, isStaff, type Principal } from '~/domain/access.ts'
import { parseShanghaiDay, shanghaiWallClockToInstant } from '~/domain/calendar.ts'
import {
  applyRefusal,
  challengeTermsProblem,
  closeRefusal,
  confirmRefusal,
  PROPOSAL_MAX_CHARS,
  PROPOSAL_MIN_CHARS,
  publicApplicant,
  selectRefusal,
  statusAfterSelection,
  type ChallengeFacts,
  type ChallengeStatus,
} from '~/domain/challenges.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { MessageKey } from '~/utils/messages.ts'
import { textProblem } from '~/utils/text-validation.ts'
import { audit } from './audit.server.ts'
import { requireServed } from './bureaus.server.ts'
import { matchesForNeed } from './matching.server.ts'
import { notify } from './notifications.server.ts'

export type ChallengeForm = {
  rewardFen: number
  /** "YYYY-MM-DD": applications close at the end of that day, Asia/Shanghai. */
  deadline: string
  conditions: string
  fundedByBureau: boolean
  subsidyFen: number | null
}

/** How many institutions a new challenge is suggested to (the owners of the best-matching results). */
export const SUGGEST_TOP = 5

function facts(row: { status: ChallengeStatus; deadline: Date; fundedByBureau: boolean; need: { enterpriseId: string } }): ChallengeFacts {
  return { status: row.status, deadline: row.deadline, posterOrgId: row.need.enterpriseId, fundedByBureau: row.fundedByBureau }
}

function endOfShanghaiDay(text: string): Date {
  const parsed = parseShanghaiDay(text)
  if (!parsed.ok) throw new ServiceError('invalid', 'challenge.deadline-invalid', { field: 'deadline' })
  // The last millisecond of that day in Shanghai.
  return new Date(shanghaiWallClockToInstant(parsed.date, 24) - 1)
}

function checkText(text: string, field: string, max: number, min = 0) {
  const trimmed = text.trim()
  if (trimmed.length < min) throw new ServiceError('invalid', `challenge.${field}-too-short` as MessageKey, { field, params: { min } })
  if (trimmed.length > max) throw new ServiceError('invalid', `challenge.${field}-too-long` as MessageKey, { field, params: { max } })
  if (trimmed.length > 0 && textProblem(trimmed, { multiline: true })) throw new ServiceError('invalid', 'challenge.text-invalid', { field })
  return trimmed
}

/**
 * Posts a published need as a challenge: by the enterprise whose need it is, or by staff for a bureau-funded one.
 * The institutions whose results match it best are told once (精准推送), in the same transaction.
 */
export async function postChallenge(db: Db, user: Principal, needId: string, form: ChallengeForm, now: Date) {
  const deadline = endOfShanghaiDay(form.deadline)
  const conditions = checkText(form.conditions, 'conditions', 2000)
  const terms = { rewardFen: form.rewardFen, deadline, conditions, fundedByBureau: form.fundedByBureau, subsidyFen: form.subsidyFen }
  const problem = challengeTermsProblem(terms, now)
  if (problem) throw new ServiceError('invalid', `challenge.${problem.problem}` as MessageKey, { field: problem.field })
  const need = await db.technicalNeed.findUnique({ where: { id: needId }, select: { id: true, status: true, title: true, enterpriseId: true, challenge: { select: { id: true } } } })
  if (!need) throw new ServiceError('not-found', 'challenge.need-not-found')
  const mayPost = isStaff(user) ? form.fundedByBureau : isOwner(user, need.enterpriseId) && !form.fundedByBureau
  if (!mayPost) throw new ServiceError('forbidden', form.fundedByBureau ? 'challenge.bureau-funded-staff-only' : 'challenge.poster-only')
  // A bureau funds challenges of the enterprises it serves.
  if (isStaff(user)) await requireServed(db, user, need.enterpriseId, 'challenge.need-not-found')
  if (need.status !== 'PUBLISHED') throw new ServiceError('wrong-status', 'challenge.need-not-published')
  if (need.challenge) throw new ServiceError('conflict', 'challenge.already-posted')
  const suggested = await suggestedInstitutions(db, user, needId)
  return db.$transaction(async (tx) => {
    const row = await tx.challenge.create({
      data: {
        needId,
        rewardFen: fenToDb(form.rewardFen),
        deadline,
        conditions,
        fundedByBureau: form.fundedByBureau,
        subsidyFen: fenToDb(form.subsidyFen),
        postedById: user.userId,
        createdAt: now,
      },
    })
    await audit(tx, {
      actorId: user.userId,
      action: 'challenge.post',
      entityType: 'Challenge',
      entityId: row.id,
      toStatus: 'OPEN',
      data: { needId, rewardFen: form.rewardFen, deadline: deadline.toISOString(), fundedByBureau: form.fundedByBureau, subsidyFen: form.subsidyFen, suggestedTo: suggested },
      at: now,
    })
    if (suggested.length > 0)
      await notify(tx, { orgIds: suggested }, { kind: 'challenge-suggested', params: { challengeId: row.id, title: need.title, rewardFen: form.rewardFen }, eventKey: `challenge-suggested:${row.id}` }, now)
    return { id: row.id }
  })
}

/** The owners of the results that match the need best, distinct, best first. */
async function suggestedInstitutions(db: Db, viewer: Principal, needId: string): Promise<string[]> {
  const matches = await matchesForNeed(db, viewer, needId, 30)
  if (matches.length === 0) return []
  const owners = await db.researchResult.findMany({ where: { id: { in: matches.map((m) => m.id) } }, select: { id: true, ownerId: true } })
  const ownerOf = new Map(owners.map((o) => [o.id, o.ownerId]))
  const out: string[] = []
  for (const m of matches) {
    const owner = ownerOf.get(m.id)
    if (owner && !out.includes(owner)) out.push(owner)
    if (out.length === SUGGEST_TOP) break
  }
  return out
}

async function lockChallenge(tx: Tx, id: string, actor?: Principal) {
  // The row lock orders concurrent decisions on one challenge (two selections, a selection and a close).
  await tx.$queryRaw`SELECT id FROM "Challenge" WHERE id = ${id} FOR UPDATE`
  const row = await tx.challenge.findUnique({ where: { id }, include: { need: { select: { enterpriseId: true, title: true } } } })
  if (!row) throw new ServiceError('not-found', 'challenge.not-found')
  // Staff decide only on challenges of enterprises their bureau serves (decision 015).
  if (actor && isStaff(actor)) await requireServed(tx, actor, row.need.enterpriseId, 'challenge.not-found')
  return row
}

export async function applyToChallenge(db: Db, user: Principal, challengeId: string, input: { proposal: string; quoteFen: number | null }, now: Date) {
  const proposal = checkText(input.proposal, 'proposal', PROPOSAL_MAX_CHARS, PROPOSAL_MIN_CHARS)
  if (input.quoteFen !== null && (!Number.isSafeInteger(input.quoteFen) || input.quoteFen <= 0 || input.quoteFen > 10_000_000_000))
    throw new ServiceError('invalid', 'challenge.quote-invalid', { field: 'quote' })
  return db.$transaction(async (tx) => {
    const c = await lockChallenge(tx, challengeId, user)
    const already = await tx.challengeApplication.findUnique({ where: { challengeId_applicantId: { challengeId, applicantId: user.organizationId } }, select: { id: true } })
    const refusal = applyRefusal(facts(c), user, now, already !== null)
    if (refusal) throw new ServiceError(refusal === 'role' ? 'forbidden' : refusal === 'already-applied' ? 'conflict' : 'wrong-status', `challenge.apply-${refusal}` as MessageKey)
    const row = await tx.challengeApplication.create({
      data: { challengeId, applicantId: user.organizationId, submittedById: user.userId, proposal, quoteFen: fenToDb(input.quoteFen), createdAt: now },
    })
    await audit(tx, { actorId: user.userId, action: 'challenge.apply', entityType: 'Challenge', entityId: challengeId, data: { applicationId: row.id }, at: now })
    await notify(tx, { orgIds: [c.need.enterpriseId] }, { kind: 'challenge-application', params: { challengeId, title: c.need.title }, eventKey: `challenge-application:${row.id}` }, now)
    return { id: row.id }
  })
}

/** The poster selects one application; the others are told they were not selected once the challenge is awarded. */
export async function selectApplication(db: Db, user: Principal, challengeId: string, applicationId: string, now: Date) {
  return db.$transaction(async (tx) => {
    const c = await lockChallenge(tx, challengeId, user)
    const application = await tx.challengeApplication.findUnique({ where: { id: applicationId } })
    if (!application || application.challengeId !== challengeId) throw new ServiceError('not-found', 'challenge.application-not-found')
    const refusal = selectRefusal(facts(c), user, application)
    if (refusal) throw new ServiceError(refusal === 'forbidden' ? 'forbidden' : 'wrong-status', `challenge.select-${refusal}` as MessageKey)
    const status = statusAfterSelection(c)
    await tx.challengeApplication.update({ where: { id: applicationId }, data: { status: 'SELECTED', decidedAt: now } })
    await tx.challenge.update({
      where: { id: challengeId },
      data: { status, selectedById: user.userId, selectedAt: now, ...(status === 'AWARDED' ? { awardedAt: now } : {}) },
    })
    await audit(tx, { actorId: user.userId, action: 'challenge.select', entityType: 'Challenge', entityId: challengeId, fromStatus: c.status, toStatus: status, data: { applicationId }, at: now })
    if (status === 'AWARDED') await award(tx, c.id, c.need.title, applicationId, now)
    return { status }
  })
}

/** A bureau-funded selection is confirmed by a second staff member; the subsidy then falls due. */
export async function confirmSelection(db: Db, user: Principal, challengeId: string, now: Date) {
  return db.$transaction(async (tx) => {
    const c = await lockChallenge(tx, challengeId, user)
    const refusal = confirmRefusal(facts(c), user, c.selectedById)
    if (refusal) throw new ServiceError(refusal === 'not-selected' ? 'wrong-status' : 'forbidden', `challenge.confirm-${refusal}` as MessageKey)
    const selected = await tx.challengeApplication.findFirstOrThrow({ where: { challengeId, status: 'SELECTED' }, select: { id: true } })
    await tx.challenge.update({ where: { id: challengeId }, data: { status: 'AWARDED', awardedAt: now, subsidyDueOn: now } })
    await audit(tx, { actorId: user.userId, action: 'challenge.confirm', entityType: 'Challenge', entityId: challengeId, fromStatus: 'SELECTED', toStatus: 'AWARDED', at: now })
    await award(tx, c.id, c.need.title, selected.id, now)
    return { status: 'AWARDED' as const }
  })
}

async function award(tx: Tx, challengeId: string, title: string, selectedId: string, now: Date) {
  await tx.challengeApplication.updateMany({ where: { challengeId, status: 'SUBMITTED' }, data: { status: 'NOT_SELECTED', decidedAt: now } })
  const all = await tx.challengeApplication.findMany({ where: { challengeId }, select: { id: true, applicantId: true, status: true } })
  const winner = all.find((a) => a.id === selectedId)
  if (winner)
    await notify(tx, { orgIds: [winner.applicantId] }, { kind: 'challenge-selected', params: { challengeId, title }, eventKey: `challenge-selected:${challengeId}` }, now)
  const losers = all.filter((a) => a.status === 'NOT_SELECTED').map((a) => a.applicantId)
  if (losers.length > 0)
    await notify(tx, { orgIds: losers }, { kind: 'challenge-not-selected', params: { challengeId, title }, eventKey: `challenge-not-selected:${challengeId}` }, now)
}

export async function closeChallenge(db: Db, user: Principal, challengeId: string, reason: string, now: Date) {
  const text = checkText(reason, 'reason', 500, 2)
  return db.$transaction(async (tx) => {
    const c = await lockChallenge(tx, challengeId, user)
    const refusal = closeRefusal(facts(c), user)
    if (refusal) throw new ServiceError(refusal === 'forbidden' ? 'forbidden' : 'wrong-status', `challenge.close-${refusal}` as MessageKey)
    await tx.challenge.update({ where: { id: challengeId }, data: { status: 'CLOSED', closedAt: now, closeReason: text } })
    await tx.challengeApplication.updateMany({ where: { challengeId, status: { in: ['SUBMITTED', 'SELECTED'] } }, data: { status: 'NOT_SELECTED', decidedAt: now } })
    await audit(tx, { actorId: user.userId, action: 'challenge.close', entityType: 'Challenge', entityId: challengeId, fromStatus: c.status, toStatus: 'CLOSED', reason: text, at: now })
    const applicants = await tx.challengeApplication.findMany({ where: { challengeId }, select: { applicantId: true } })
    if (applicants.length > 0)
      await notify(tx, { orgIds: applicants.map((a) => a.applicantId) }, { kind: 'challenge-closed', params: { challengeId, title: c.need.title }, eventKey: `challenge-closed:${challengeId}` }, now)
    return { status: 'CLOSED' as const }
  })
}

/** Staff link the technology contract signed with the selected applicant (it must be between those two parties). */
export async function linkChallengeContract(db: Db, user: Principal, challengeId: string, registrationNo: string, now: Date) {
  if (!isStaff(user)) throw new ServiceError('forbidden', 'challenge.staff-only')
  return db.$transaction(async (tx) => {
    const c = await lockChallenge(tx, challengeId, user)
    if (c.status !== 'AWARDED') throw new ServiceError('wrong-status', 'challenge.contract-before-award')
    const winner = await tx.challengeApplication.findFirstOrThrow({ where: { challengeId, status: 'SELECTED' }, select: { applicantId: true } })
    const contract = await tx.contract.findUnique({ where: { registrationNo: registrationNo.trim() }, select: { id: true, buyerId: true, sellerId: true } })
    if (!contract) throw new ServiceError('not-found', 'challenge.contract-not-found', { field: 'registrationNo' })
    if (contract.buyerId !== c.need.enterpriseId || contract.sellerId !== winner.applicantId)
      throw new ServiceError('invalid', 'challenge.contract-other-parties', { field: 'registrationNo' })
    await tx.challenge.update({ where: { id: challengeId }, data: { contractId: contract.id } })
    await audit(tx, { actorId: user.userId, action: 'challenge.contract', entityType: 'Challenge', entityId: challengeId, data: { contractId: contract.id }, at: now })
    return { contractId: contract.id }
  })
}

/** Staff record that the bureau paid the subsidy of a bureau-funded, awarded challenge. */
export async function recordSubsidyPaid(db: Db, user: Principal, challengeId: string, now: Date) {
  if (!isStaff(user)) throw new ServiceError('forbidden', 'challenge.staff-only')
  return db.$transaction(async (tx) => {
    const c = await lockChallenge(tx, challengeId, user)
    if (!c.fundedByBureau || c.status !== 'AWARDED') throw new ServiceError('wrong-status', 'challenge.no-subsidy-due')
    if (c.subsidyPaidAt) throw new ServiceError('conflict', 'challenge.subsidy-already-paid')
    await tx.challenge.update({ where: { id: challengeId }, data: { subsidyPaidAt: now } })
    await audit(tx, { actorId: user.userId, action: 'challenge.subsidy-paid', entityType: 'Challenge', entityId: challengeId, data: { subsidyFen: fenFromDb(c.subsidyFen) }, at: now })
    return { paidAt: now.toISOString() }
  })
}

const listInclude = {
  need: { select: { id: true, title: true, field: true, enterprise: { select: { id: true, name: true, county: true } } } },
  _count: { select: { applications: true } },
} as const

/** The public board: open ones by deadline first, then awarded and closed ones, newest first. */
export async function listChallenges(db: Db, filter: { status?: ChallengeStatus } = {}) {
  const rows = await db.challenge.findMany({
    where: filter.status ? { status: filter.status } : {},
    include: { ...listInclude, applications: { where: { status: 'SELECTED' }, select: { status: true, applicant: { select: { name: true } } } } },
    orderBy: [{ createdAt: 'desc' }],
    take: 200,
  })
  const order: Record<ChallengeStatus, number> = { OPEN: 0, SELECTED: 1, AWARDED: 2, CLOSED: 3 }
  return rows
    .map((r) => ({
      id: r.id,
      title: r.need.title,
      field: r.need.field,
      poster: r.need.enterprise.name,
      county: r.need.enterprise.county,
      rewardFen: fenFromDb(r.rewardFen),
      deadline: r.deadline.toISOString(),
      status: r.status,
      fundedByBureau: r.fundedByBureau,
      applications: r._count.applications,
      winner: r.applications.find((a) => publicApplicant(r, a))?.applicant.name ?? null,
    }))
    .sort((a, b) => order[a.status] - order[b.status] || (a.status === 'OPEN' ? a.deadline.localeCompare(b.deadline) : 0))
}

export type ChallengeView = Awaited<ReturnType<typeof getChallenge>>

/**
 * One challenge as the viewer may see it: the public sees the terms, the number of applications and, once awarded,
 * the selected applicant; the poster and staff see every application; an institution sees its own.
 */
export async function getChallenge(db: Db, viewer: Principal | null, id: string, now: Date) {
  const c = await db.challenge.findUnique({
    where: { id },
    include: {
      need: { select: { id: true, title: true, description: true, field: true, enterpriseId: true, enterprise: { select: { name: true, county: true } } } },
      contract: { select: { registrationNo: true } },
      applications: { include: { applicant: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' } },
    },
  })
  if (!c) throw new ServiceError('not-found', 'challenge.not-found')
  const f = facts(c)
  const seesAll = viewer !== null && (isStaff(viewer) || isOwner(viewer, c.need.enterpriseId))
  const own = viewer?.role === 'INSTITUTION' ? c.applications.find((a) => a.applicantId === viewer.organizationId) ?? null : null
  const visible = seesAll ? c.applications : own ? [own] : []
  const application = (a: (typeof c.applications)[number]) => ({
    id: a.id,
    applicant: a.applicant.name,
    proposal: a.proposal,
    quoteFen: fenFromDb(a.quoteFen),
    status: a.status,
    createdAt: a.createdAt.toISOString(),
    canSelect: viewer !== null && selectRefusal(f, viewer, a) === null,
  })
  return {
    id: c.id,
    need: { id: c.need.id, title: c.need.title, description: c.need.description, field: c.need.field, poster: c.need.enterprise.name, county: c.need.enterprise.county },
    rewardFen: fenFromDb(c.rewardFen),
    deadline: c.deadline.toISOString(),
    conditions: c.conditions,
    fundedByBureau: c.fundedByBureau,
    subsidyFen: fenFromDb(c.subsidyFen),
    subsidyPaidAt: c.subsidyPaidAt?.toISOString() ?? null,
    status: c.status,
    awardedAt: c.awardedAt?.toISOString() ?? null,
    closeReason: c.closeReason,
    contractNo: seesAll ? c.contract?.registrationNo ?? null : null,
    applicationCount: c.applications.length,
    winner: c.applications.find((a) => publicApplicant(c, a))?.applicant.name ?? null,
    applications: visible.map(application),
    mine: own ? application(own) : null,
    viewer: {
      canApply: viewer !== null && applyRefusal(f, viewer, now, own !== null) === null,
      canClose: viewer !== null && closeRefusal(f, viewer) === null,
      canConfirm: viewer !== null && confirmRefusal(f, viewer, c.selectedById) === null,
      canLinkContract: viewer !== null && isStaff(viewer) && c.status === 'AWARDED' && !c.contractId,
      canRecordSubsidy: viewer !== null && isStaff(viewer) && c.fundedByBureau && c.status === 'AWARDED' && !c.subsidyPaidAt,
      seesAll,
    },
  }
}

/** Whether the need can be posted as a challenge by the viewer (the need page's button asks the same rules). */
export async function canPostChallenge(db: Db, viewer: Principal | null, needId: string): Promise<'owner' | 'staff' | null> {
  if (!viewer) return null
  const need = await db.technicalNeed.findUnique({ where: { id: needId }, select: { status: true, enterpriseId: true, challenge: { select: { id: true } } } })
  if (!need || need.status !== 'PUBLISHED' || need.challenge) return null
  if (isOwner(viewer, need.enterpriseId)) return 'owner'
  if (isStaff(viewer)) return 'staff'
  return null
}

/** The challenge posted from a need, if any (the need page links to it). */
export async function challengeIdOfNeed(db: Db, needId: string): Promise<string | null> {
  return (await db.challenge.findUnique({ where: { needId }, select: { id: true } }))?.id ?? null
}
