// Closed-loop requests (诉求): an enterprise raises one online, or staff record one from a visit; the bureau of the
// enterprise's region takes it through 受理 → 交办 (a department, a deadline in working days) → 办理 → 答复; the
// enterprise rates the answer (不满意 reopens it) and it is 办结. Nothing closes without an answer sent. Every step
// is one transaction with its audit entry and its notification. Overdue requests escalate to the leader of the
// campaign group that is paired with the enterprise's county (a scheduled job). A technology problem becomes a
// technical need on the needs board in one step, linked both ways. Rules: app/domain/service-requests.ts.
import { publicHolidays } from '~/utils/public-holidays.server.ts'
import { isStaff, type Principal } from '~/domain/access.ts'
import { FIELD_CODES, type FieldCode } from '~/domain/fields.ts'
import { documentTokens } from '~/domain/search-text.ts'
import {
  decideRequest,
  isOverdue,
  MAX_WORKING_DAYS,
  REQUEST_CATEGORIES,
  requestDeadline,
  staffActions,
  type RequestAction,
  type RequestCategory,
  type RequestRating,
  type RequestStatus,
} from '~/domain/service-requests.ts'
import type { Prisma } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { textProblem } from '~/utils/text-validation.ts'
import type { MessageKey } from '~/utils/messages.ts'
import { attachmentBaseName, checkAttachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_FILES, MAX_ATTACHMENT_NAME, type AttachmentProblem } from '~/domain/request-attachments.ts'
import { createHash } from 'node:crypto'
import { audit } from './audit.server.ts'
import { bureauIdOf, bureauOfOrganization } from './bureaus.server.ts'
import { campaignOfCounty } from './campaigns.server.ts'
import { getMatchIndex, notifyMatchesOnPublish, refreshNeedInIndex } from './matching.server.ts'
import { notify } from './notifications.server.ts'

/** A file as uploaded: its name and its bytes (the service decides whether it may be kept, and as what). */
export type UploadedFile = { name: string; bytes: Uint8Array }

export type RequestForm = {
  category: RequestCategory
  description: string
  /** Names only (requests recorded from a visit, and old requests); files come in `files`. */
  attachments: string[]
  contactName: string
  contactPhone: string
  files?: UploadedFile[]
}

const ATTACHMENT_ERRORS: Record<AttachmentProblem, MessageKey> = {
  'too-many': 'requests.errors.attachmentsTooMany',
  empty: 'requests.errors.attachmentEmpty',
  'too-large': 'requests.errors.attachmentTooLarge',
  name: 'requests.errors.attachmentName',
  type: 'requests.errors.attachmentType',
  content: 'requests.errors.attachmentContent',
}

/** The files that may be kept, or the first problem as a field error on `files`. */
function checkedFiles(files: UploadedFile[]) {
  const params = { max: MAX_ATTACHMENT_FILES, maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 }
  if (files.length > MAX_ATTACHMENT_FILES) throw new ServiceError('invalid', ATTACHMENT_ERRORS['too-many'], { field: 'files', params })
  return files.map((f) => {
    const checked = checkAttachment(f.name, f.bytes)
    if (!checked.ok) throw new ServiceError('invalid', ATTACHMENT_ERRORS[checked.problem], { field: 'files', params: { ...params, name: attachmentBaseName(f.name).slice(0, MAX_ATTACHMENT_NAME) } })
    return { name: checked.name, contentType: checked.contentType, size: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex'), data: new Uint8Array(f.bytes) }
  })
}

const MAX_ATTACHMENTS = 10

function clean(value: string, field: string, max: number, min = 0): string {
  const t = value.trim()
  if (t.length < min) throw new ServiceError('invalid', min > 1 ? 'requests.errors.tooShort' : 'requests.errors.required', { field, params: { min } })
  if (t.length > max || (t.length > 0 && textProblem(t, { multiline: true }))) throw new ServiceError('invalid', 'requests.errors.textInvalid', { field })
  return t
}

function formData(form: RequestForm) {
  if (!(REQUEST_CATEGORIES as readonly string[]).includes(form.category)) throw new ServiceError('invalid', 'requests.errors.categoryInvalid', { field: 'category' })
  const attachments = form.attachments.map((a) => a.trim()).filter((a) => a.length > 0)
  if (attachments.length > MAX_ATTACHMENTS || attachments.some((a) => a.length > 200 || textProblem(a) !== null)) throw new ServiceError('invalid', 'requests.errors.attachmentsInvalid', { field: 'attachments' })
  return {
    category: form.category,
    description: clean(form.description, 'description', 4000, 5),
    attachments,
    contactName: clean(form.contactName, 'contactName', 30),
    contactPhone: clean(form.contactPhone, 'contactPhone', 30),
  }
}

const summaryOf = (description: string) => (description.length > 40 ? `${description.slice(0, 40)}…` : description)

/** An enterprise raises a request online; the bureau of its region receives it (受理). */
export async function raiseRequest(db: Db, user: Principal, form: RequestForm, now: Date) {
  if (user.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'requests.errors.enterpriseOnly')
  return createRequest(db, user, user.organizationId, form, now, null)
}

/** Staff record a request the enterprise raised during a visit (the visit must be their bureau's). */
export async function recordRequestFromVisit(db: Db, staff: Principal, visitId: string, form: RequestForm, now: Date) {
  const visit = await db.visit.findFirst({ where: { id: visitId, campaign: { bureauId: bureauIdOf(staff) } }, select: { id: true, enterpriseId: true, status: true } })
  if (!visit) throw new ServiceError('not-found', 'campaign.errors.visitNotFound')
  if (visit.status !== 'DONE') throw new ServiceError('wrong-status', 'requests.errors.visitNotDone')
  return createRequest(db, staff, visit.enterpriseId, form, now, visit.id)
}

async function createRequest(db: Db, by: Principal, enterpriseId: string, form: RequestForm, now: Date, visitId: string | null) {
  const data = formData(form)
  const files = checkedFiles(form.files ?? [])
  const org = await db.organization.findUnique({ where: { id: enterpriseId }, select: { name: true, countyId: true } })
  const bureauId = await bureauOfOrganization(db, enterpriseId)
  if (!org || !bureauId) throw new ServiceError('not-allowed', 'requests.errors.noBureau')
  const campaign = await campaignOfCounty(db, bureauId, org.countyId, now)
  return db.$transaction(async (tx) => {
    const row = await tx.serviceRequest.create({
      data: { ...data, bureauId, enterpriseId, campaignId: campaign?.id ?? null, visitId, status: 'ACCEPTED', raisedById: by.userId, createdAt: now },
      select: { id: true },
    })
    for (const f of files) await tx.requestAttachment.create({ data: { requestId: row.id, name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256, data: f.data, createdAt: now } })
    const fileFacts = files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 }))
    await audit(tx, { actorId: by.userId, action: visitId ? 'request.record' : 'request.raise', entityType: 'ServiceRequest', entityId: row.id, toStatus: 'ACCEPTED', data: { ...data, visitId, files: fileFacts }, at: now })
    const params = { requestId: row.id, enterpriseName: org.name, category: data.category, summary: summaryOf(data.description) }
    await notify(tx, { orgIds: [bureauId] }, { kind: 'request-new', params: { ...params, forStaff: true }, eventKey: `request-new:${row.id}` }, now)
    return row
  })
}

type Loaded = Prisma.ServiceRequestGetPayload<{ include: { enterprise: { select: { name: true } }; answers: { select: { id: true; rating: true } } } }>

/** Staff of the request's bureau, or (for `rate`) a user of the enterprise; anyone else: not found. */
async function load(tx: Tx, who: Principal, id: string, as: 'staff' | 'enterprise'): Promise<Loaded> {
  const where: Prisma.ServiceRequestWhereInput = as === 'staff' ? { id, bureauId: bureauIdOf(who) } : { id, enterpriseId: who.organizationId }
  if (as === 'enterprise' && who.role !== 'ENTERPRISE') throw new ServiceError('not-found', 'requests.errors.notFound')
  const row = await tx.serviceRequest.findFirst({ where, include: { enterprise: { select: { name: true } }, answers: { select: { id: true, rating: true }, orderBy: { answeredAt: 'asc' } } } })
  if (!row) throw new ServiceError('not-found', 'requests.errors.notFound')
  return row
}

function decide(row: Loaded, action: RequestAction, rating?: RequestRating): RequestStatus {
  const decision = decideRequest({ status: row.status, answersSent: row.answers.length }, action, rating)
  if (!decision.ok) throw new ServiceError('wrong-status', decision.code === 'close-without-answer' ? 'requests.errors.closeWithoutAnswer' : 'requests.errors.wrongStatus')
  return decision.to
}

/** UPDATE … WHERE status = the status read: two concurrent steps cannot both win. */
async function move(tx: Tx, row: Loaded, to: RequestStatus, data: Prisma.ServiceRequestUpdateManyMutationInput = {}) {
  const changed = await tx.serviceRequest.updateMany({ where: { id: row.id, status: row.status }, data: { ...data, status: to } })
  if (changed.count !== 1) throw new ServiceError('conflict', 'requests.errors.changed')
}

const base = (row: Loaded) => ({ requestId: row.id, enterpriseName: row.enterprise.name, summary: summaryOf(row.description) })

/** 交办: to a department with a deadline in working days (public holidays and 调休 counted, from the day after today, Asia/Shanghai). */
export async function assignRequest(db: Db, staff: Principal, id: string, form: { department: string; workingDays: number }, now: Date) {
  const department = clean(form.department, 'department', 60, 1)
  if (!Number.isInteger(form.workingDays) || form.workingDays < 1 || form.workingDays > MAX_WORKING_DAYS)
    throw new ServiceError('invalid', 'requests.errors.workingDaysInvalid', { field: 'workingDays', params: { max: MAX_WORKING_DAYS } })
  return db.$transaction(async (tx) => {
    const row = await load(tx, staff, id, 'staff')
    const to = decide(row, 'assign')
    const deadline = new Date(requestDeadline(now.getTime(), form.workingDays, publicHolidays()))
    await move(tx, row, to, { department, workingDays: form.workingDays, deadline, escalatedAt: null })
    await audit(tx, { actorId: staff.userId, action: 'request.assign', entityType: 'ServiceRequest', entityId: id, fromStatus: row.status, toStatus: to, data: { department, workingDays: form.workingDays, deadline: deadline.toISOString() }, at: now })
    await notify(tx, { orgIds: [row.enterpriseId] }, { kind: 'request-assigned', params: { ...base(row), department, deadline: deadline.toISOString() }, eventKey: `request-assigned:${id}:${now.getTime()}` }, now)
    return { status: to, deadline: deadline.toISOString() }
  })
}

/** 办理: the department starts handling it. */
export async function startRequest(db: Db, staff: Principal, id: string, now: Date) {
  return db.$transaction(async (tx) => {
    const row = await load(tx, staff, id, 'staff')
    const to = decide(row, 'start')
    await move(tx, row, to)
    await audit(tx, { actorId: staff.userId, action: 'request.start', entityType: 'ServiceRequest', entityId: id, fromStatus: row.status, toStatus: to, at: now })
    await notify(tx, { orgIds: [row.enterpriseId] }, { kind: 'request-in-progress', params: { ...base(row), department: row.department }, eventKey: `request-in-progress:${id}:${now.getTime()}` }, now)
    return { status: to }
  })
}

/** 答复: the answer is sent to the enterprise, which sees it on its page and rates it. */
export async function answerRequest(db: Db, staff: Principal, id: string, form: { text: string }, now: Date) {
  const text = clean(form.text, 'text', 4000, 5)
  return db.$transaction(async (tx) => {
    const row = await load(tx, staff, id, 'staff')
    const to = decide(row, 'answer')
    await move(tx, row, to)
    const answer = await tx.requestAnswer.create({ data: { requestId: id, text, answeredById: staff.userId, answeredAt: now }, select: { id: true } })
    await audit(tx, { actorId: staff.userId, action: 'request.answer', entityType: 'ServiceRequest', entityId: id, fromStatus: row.status, toStatus: to, data: { answerId: answer.id, text }, at: now })
    await notify(tx, { orgIds: [row.enterpriseId] }, { kind: 'request-answered', params: base(row), eventKey: `request-answered:${answer.id}` }, now)
    return { status: to }
  })
}

/** The enterprise rates the latest answer: 满意 / 基本满意 close the request (办结), 不满意 reopens it with a new deadline. */
export async function rateRequest(db: Db, user: Principal, id: string, form: { rating: RequestRating; note?: string }, now: Date) {
  const note = form.note ? clean(form.note, 'note', 1000) : ''
  return db.$transaction(async (tx) => {
    const row = await load(tx, user, id, 'enterprise')
    const to = decide(row, 'rate', form.rating)
    const latest = row.answers.at(-1)!
    const reopened = to === 'IN_PROGRESS'
    const deadline = reopened ? new Date(requestDeadline(now.getTime(), row.workingDays ?? 5, publicHolidays())) : null
    await move(tx, row, to, reopened ? { deadline, escalatedAt: null } : { closedAt: now })
    await tx.requestAnswer.update({ where: { id: latest.id }, data: { rating: form.rating, ratingNote: note || null, ratedAt: now } })
    await audit(tx, { actorId: user.userId, action: 'request.rate', entityType: 'ServiceRequest', entityId: id, fromStatus: row.status, toStatus: to, reason: note || null, data: { rating: form.rating, answerId: latest.id, deadline: deadline?.toISOString() ?? null }, at: now })
    await notify(
      tx,
      { orgIds: [row.bureauId] },
      { kind: 'request-rated', params: { ...base(row), rating: form.rating, deadline: deadline?.toISOString() ?? null, forStaff: true }, eventKey: `request-rated:${latest.id}` },
      now,
    )
    return { status: to }
  })
}

/** 办结 by staff: only once an answer was sent (and not rated 不满意, which reopened it). */
export async function closeRequest(db: Db, staff: Principal, id: string, now: Date) {
  return db.$transaction(async (tx) => {
    const row = await load(tx, staff, id, 'staff')
    const to = decide(row, 'close')
    await move(tx, row, to, { closedAt: now })
    await audit(tx, { actorId: staff.userId, action: 'request.close', entityType: 'ServiceRequest', entityId: id, fromStatus: row.status, toStatus: to, at: now })
    await notify(tx, { orgIds: [row.enterpriseId] }, { kind: 'request-closed', params: base(row), eventKey: `request-closed:${id}:${now.getTime()}` }, now)
    return { status: to }
  })
}

export type NeedFromRequest = { title: string; field: FieldCode; keywords: string[] }

/**
 * A technology problem becomes a technical need on the needs board in one step: published by the staff member
 * (the request is their review), linked both ways (request.needId, the need's serviceRequest), matched at once.
 */
export async function turnRequestIntoNeed(db: Db, staff: Principal, id: string, form: NeedFromRequest, now: Date) {
  const title = clean(form.title, 'title', 100, 4)
  if (!(FIELD_CODES as readonly string[]).includes(form.field)) throw new ServiceError('invalid', 'requests.errors.fieldInvalid', { field: 'field' })
  const keywords = form.keywords.map((k) => k.trim()).filter((k) => k.length > 0).slice(0, 8)
  if (keywords.length === 0) throw new ServiceError('invalid', 'requests.errors.keywordsRequired', { field: 'keywords' })
  const index = await getMatchIndex(db)
  const outcome = await db.$transaction(async (tx) => {
    const row = await load(tx, staff, id, 'staff')
    if (row.category !== 'TECHNOLOGY') throw new ServiceError('wrong-status', 'requests.errors.notTechnology')
    if (row.needId) throw new ServiceError('conflict', 'requests.errors.alreadyNeed')
    if (row.status === 'CLOSED') throw new ServiceError('wrong-status', 'requests.errors.wrongStatus')
    if (row.description.length < 20) throw new ServiceError('invalid', 'requests.errors.descriptionTooShortForNeed', { field: 'title', params: { min: 20 } })
    const raiser = await tx.user.findUnique({ where: { id: row.raisedById }, select: { name: true } })
    const need = await tx.technicalNeed.create({
      data: {
        enterpriseId: row.enterpriseId,
        title,
        description: row.description,
        field: form.field,
        keywords,
        acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
        contactName: row.contactName || raiser?.name || row.enterprise.name,
        contactPhone: row.contactPhone,
        status: 'PUBLISHED',
        publishedAt: now,
        searchTokens: documentTokens(title, row.description, keywords.join(' ')),
        createdAt: now,
      },
      select: { id: true },
    })
    const linked = await tx.serviceRequest.updateMany({ where: { id, needId: null }, data: { needId: need.id } })
    if (linked.count !== 1) throw new ServiceError('conflict', 'requests.errors.alreadyNeed')
    await audit(tx, { actorId: staff.userId, action: 'need.create', entityType: 'TechnicalNeed', entityId: need.id, toStatus: 'DRAFT', data: { fromRequest: id }, at: now })
    await audit(tx, { actorId: staff.userId, action: 'need.publish', entityType: 'TechnicalNeed', entityId: need.id, fromStatus: 'DRAFT', toStatus: 'PUBLISHED', data: { fromRequest: id }, at: now })
    await audit(tx, { actorId: staff.userId, action: 'request.to-need', entityType: 'ServiceRequest', entityId: id, data: { needId: need.id, title, field: form.field, keywords }, at: now })
    await notify(tx, { orgIds: [row.enterpriseId] }, { kind: 'request-need', params: { ...base(row), needId: need.id, title }, eventKey: `request-need:${id}` }, now)
    await notifyMatchesOnPublish(tx, index, { kind: 'need', id: need.id }, now)
    return { needId: need.id }
  })
  await refreshNeedInIndex(db, outcome.needId)
  return outcome
}

/**
 * Overdue requests (deadline passed, not answered) not yet escalated for this deadline: each is flagged and its
 * group leader told (the leader's login of the campaign group paired with the enterprise's county; without one,
 * the bureau's staff). Run by a scheduled job; idempotent (escalatedAt, and the event key carries the deadline).
 */
export async function escalateOverdueRequests(db: Db, now: Date): Promise<number> {
  const due = await db.serviceRequest.findMany({
    where: { status: { in: ['ASSIGNED', 'IN_PROGRESS'] }, deadline: { lt: now }, escalatedAt: null },
    include: { enterprise: { select: { name: true, countyId: true } } },
    take: 500,
  })
  let escalated = 0
  for (const r of due) {
    await db.$transaction(async (tx) => {
      const flagged = await tx.serviceRequest.updateMany({ where: { id: r.id, escalatedAt: null, deadline: r.deadline }, data: { escalatedAt: now } })
      if (flagged.count !== 1) return
      const leader = await leaderOf(tx, r.campaignId, r.bureauId, r.enterprise.countyId)
      await audit(tx, { actorId: null, action: 'request.escalate', entityType: 'ServiceRequest', entityId: r.id, data: { deadline: r.deadline!.toISOString(), leaderUserId: leader?.userId ?? null, leaderName: leader?.name ?? null }, at: now })
      await notify(
        tx,
        leader?.userId ? { userIds: [leader.userId] } : { orgIds: [r.bureauId] },
        {
          kind: 'request-overdue',
          params: { requestId: r.id, enterpriseName: r.enterprise.name, summary: summaryOf(r.description), department: r.department, deadline: r.deadline!.toISOString(), forStaff: true },
          eventKey: `request-overdue:${r.id}:${r.deadline!.getTime()}`,
        },
        now,
      )
      escalated += 1
    })
  }
  return escalated
}

async function leaderOf(tx: Tx, campaignId: string | null, bureauId: string, countyId: string | null) {
  if (!countyId) return null
  const cc = await tx.campaignCounty.findFirst({
    where: { countyId, campaign: campaignId ? { id: campaignId } : { bureauId } },
    orderBy: { campaign: { startsOn: 'desc' } },
    select: { group: { select: { leaderName: true, leaderUserId: true } } },
  })
  return cc ? { name: cc.group.leaderName, userId: cc.group.leaderUserId } : null
}

// ---------------------------------------------------------------------------
// Views

const viewInclude = {
  enterprise: { select: { id: true, name: true, county: true } },
  raisedBy: { select: { name: true, role: true } },
  need: { select: { id: true, title: true, status: true } },
  answers: { orderBy: { answeredAt: 'asc' }, include: { answeredBy: { select: { name: true } } } },
  files: { orderBy: { createdAt: 'asc' }, select: { id: true, name: true, contentType: true, size: true } },
} satisfies Prisma.ServiceRequestInclude

function view(r: Prisma.ServiceRequestGetPayload<{ include: typeof viewInclude }>, now: Date) {
  return {
    id: r.id,
    category: r.category,
    description: r.description,
    attachments: r.attachments,
    /** Kept files; each downloads at /requests/<request id>/attachments/<file id> for the enterprise and its bureau's staff. */
    files: r.files.map((f) => ({ id: f.id, name: f.name, contentType: f.contentType, size: f.size })),
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    status: r.status,
    department: r.department,
    workingDays: r.workingDays,
    deadline: r.deadline?.toISOString() ?? null,
    overdue: isOverdue({ status: r.status, deadlineMs: r.deadline?.getTime() ?? null }, now.getTime()),
    escalated: r.escalatedAt !== null,
    enterprise: r.enterprise,
    raisedByStaff: r.raisedBy.role === 'STAFF',
    fromVisit: r.visitId !== null,
    need: r.need,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    answers: r.answers.map((a) => ({ id: a.id, text: a.text, by: a.answeredBy.name, at: a.answeredAt.toISOString(), rating: a.rating, ratingNote: a.ratingNote, ratedAt: a.ratedAt?.toISOString() ?? null })),
  }
}

export type RequestView = ReturnType<typeof view>

/** The enterprise's own requests, newest first, with the answers it was sent. */
export async function listOwnRequests(db: Db, user: Principal, now: Date) {
  if (user.role !== 'ENTERPRISE') throw new ServiceError('forbidden', 'requests.errors.enterpriseOnly')
  const rows = await db.serviceRequest.findMany({ where: { enterpriseId: user.organizationId }, orderBy: { createdAt: 'desc' }, include: viewInclude, take: 200 })
  return rows.map((r) => view(r, now))
}

export type QueueFilter = { status?: RequestStatus; overdue?: boolean }

/** The bureau's queue: open requests first (overdue first among them), then the closed. */
export async function requestQueue(db: Db, staff: Principal, filter: QueueFilter, now: Date) {
  const where: Prisma.ServiceRequestWhereInput = { bureauId: bureauIdOf(staff) }
  if (filter.status) where.status = filter.status
  if (filter.overdue) Object.assign(where, { status: { in: ['ASSIGNED', 'IN_PROGRESS'] }, deadline: { lt: now } })
  const rows = await db.serviceRequest.findMany({ where, orderBy: [{ createdAt: 'desc' }], include: viewInclude, take: 500 })
  const views = rows.map((r) => view(r, now))
  const rank = (v: RequestView) => (v.status === 'CLOSED' ? 2 : v.overdue ? 0 : 1)
  return views.sort((a, b) => rank(a) - rank(b))
}

/** One request: staff of its bureau (with the steps they may take and its audit trail), or the enterprise. */
export async function getRequest(db: Db, viewer: Principal, id: string, now: Date) {
  const where: Prisma.ServiceRequestWhereInput = isStaff(viewer) ? { id, bureauId: bureauIdOf(viewer) } : { id, enterpriseId: viewer.organizationId }
  if (!isStaff(viewer) && viewer.role !== 'ENTERPRISE') throw new ServiceError('not-found', 'requests.errors.notFound')
  const row = await db.serviceRequest.findFirst({ where, include: viewInclude })
  if (!row) throw new ServiceError('not-found', 'requests.errors.notFound')
  const v = view(row, now)
  const actions = isStaff(viewer) ? staffActions({ status: row.status, answersSent: row.answers.length }) : []
  const mayTurnIntoNeed = isStaff(viewer) && row.category === 'TECHNOLOGY' && !row.needId && row.status !== 'CLOSED'
  const trail = isStaff(viewer)
    ? (await db.auditLog.findMany({ where: { entityType: 'ServiceRequest', entityId: id }, orderBy: { at: 'asc' }, include: { actor: { select: { name: true } } } })).map((a) => ({
        id: a.id,
        at: a.at.toISOString(),
        action: a.action,
        fromStatus: a.fromStatus,
        toStatus: a.toStatus,
        actor: a.actor?.name ?? null,
      }))
    : []
  return { ...v, actions, mayTurnIntoNeed, trail }
}

/**
 * One attached file for download: the enterprise that raised the request, or staff of the request's bureau. Anyone
 * else (another enterprise, another bureau, the province, an institution) is told it does not exist.
 */
export async function requestAttachment(db: Db, viewer: Principal, requestId: string, attachmentId: string) {
  const mayRead = isStaff(viewer) ? { bureauId: bureauIdOf(viewer) } : viewer.role === 'ENTERPRISE' ? { enterpriseId: viewer.organizationId } : null
  if (!mayRead) throw new ServiceError('not-found', 'requests.errors.attachmentNotFound')
  const file = await db.requestAttachment.findFirst({ where: { id: attachmentId, requestId, request: mayRead }, select: { name: true, contentType: true, size: true, data: true } })
  if (!file) throw new ServiceError('not-found', 'requests.errors.attachmentNotFound')
  return file
}
