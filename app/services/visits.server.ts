// Visits (走访) of a campaign: planned for an assignee (a staff login of the bureau), then recorded as done (date,
// who went, on site or online, policies explained, problems raised) or cancelled. A visit done during the campaign
// counts toward its coverage (campaign-coverage.server.ts). Only the campaign's bureau plans, records or sees them.
import type { Principal } from '~/domain/access.ts'
import { parseShanghaiDay, shanghaiWallClockToInstant, shanghaiCalendarDate } from '~/domain/calendar.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { textProblem } from '~/utils/text-validation.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf } from './bureaus.server.ts'
import { requireCampaign } from './campaigns.server.ts'

export type VisitMode = 'ON_SITE' | 'ONLINE'
export type PlanForm = { enterpriseId: string; assigneeId: string; plannedOn: string }
export type RecordForm = { enterpriseId: string; visitedOn: string; visitors: string; mode: VisitMode; policies: string[]; problems: string }

const DAY_MS = 86_400_000
const iso = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : null)

function day(text: string, field: string): Date {
  const parsed = parseShanghaiDay(text)
  if (!parsed.ok) throw new ServiceError('invalid', 'campaign.errors.dateInvalid', { field })
  return new Date(parsed.instantMs)
}

function text(value: string, field: string, max: number, required: boolean): string {
  const t = value.trim()
  if (required && t.length === 0) throw new ServiceError('invalid', 'campaign.errors.required', { field })
  if (t.length > max || (t.length > 0 && textProblem(t, { multiline: true }))) throw new ServiceError('invalid', 'campaign.errors.textInvalid', { field })
  return t
}

/** The enterprise must be of the bureau's region (its county is one of the bureau's). */
async function requireRegionEnterprise(db: Db, bureauId: string, enterpriseId: string) {
  const org = await db.organization.findFirst({ where: { id: enterpriseId, kind: 'ENTERPRISE', region: { bureauId } }, select: { id: true, name: true } })
  if (!org) throw new ServiceError('not-found', 'campaign.errors.enterpriseNotFound', { field: 'enterpriseId' })
  return org
}

export async function planVisit(db: Db, staff: Principal, campaignId: string, form: PlanForm, now: Date) {
  const campaign = await requireCampaign(db, staff, campaignId)
  await requireRegionEnterprise(db, campaign.bureauId, form.enterpriseId)
  if ((await db.user.count({ where: { id: form.assigneeId, organizationId: campaign.bureauId, role: 'STAFF' } })) !== 1)
    throw new ServiceError('invalid', 'campaign.errors.assigneeNotStaff', { field: 'assigneeId' })
  const plannedOn = day(form.plannedOn, 'plannedOn')
  if (plannedOn < campaign.startsOn || plannedOn > campaign.endsOn) throw new ServiceError('invalid', 'campaign.errors.outsidePeriod', { field: 'plannedOn' })
  return db.$transaction(async (tx) => {
    const row = await tx.visit.create({
      data: { campaignId, enterpriseId: form.enterpriseId, status: 'PLANNED', assigneeId: form.assigneeId, plannedOn, policies: [], recordedById: staff.userId, createdAt: now },
      select: { id: true },
    })
    await audit(tx, { actorId: staff.userId, action: 'visit.plan', entityType: 'Visit', entityId: row.id, toStatus: 'PLANNED', data: { ...form, campaignId }, at: now })
    return row
  })
}

/** Records a visit as done: a planned one (`visitId`) or one not planned. The day may not be in the future. */
export async function recordVisit(db: Db, staff: Principal, campaignId: string, form: RecordForm, now: Date, visitId?: string) {
  const campaign = await requireCampaign(db, staff, campaignId)
  await requireRegionEnterprise(db, campaign.bureauId, form.enterpriseId)
  const visitedOn = day(form.visitedOn, 'visitedOn')
  if (visitedOn.getTime() > shanghaiWallClockToInstant(shanghaiCalendarDate(now.getTime()))) throw new ServiceError('invalid', 'campaign.errors.visitInFuture', { field: 'visitedOn' })
  const data = {
    enterpriseId: form.enterpriseId,
    status: 'DONE' as const,
    visitedOn,
    visitors: text(form.visitors, 'visitors', 200, true),
    mode: form.mode,
    policies: form.policies.map((p) => text(p, 'policies', 200, false)).filter((p) => p.length > 0),
    problems: text(form.problems, 'problems', 4000, false),
  }
  return db.$transaction(async (tx) => {
    if (visitId) {
      const planned = await tx.visit.findFirst({ where: { id: visitId, campaignId }, select: { status: true, enterpriseId: true } })
      if (!planned) throw new ServiceError('not-found', 'campaign.errors.visitNotFound')
      if (planned.enterpriseId !== form.enterpriseId) throw new ServiceError('invalid', 'campaign.errors.enterpriseNotFound', { field: 'enterpriseId' })
      const changed = await tx.visit.updateMany({ where: { id: visitId, status: 'PLANNED' }, data })
      if (changed.count !== 1) throw new ServiceError('wrong-status', 'campaign.errors.visitNotPlanned')
      await audit(tx, { actorId: staff.userId, action: 'visit.record', entityType: 'Visit', entityId: visitId, fromStatus: 'PLANNED', toStatus: 'DONE', data: { ...form }, at: now })
      return { id: visitId }
    }
    const row = await tx.visit.create({ data: { ...data, campaignId, recordedById: staff.userId, createdAt: now }, select: { id: true } })
    await audit(tx, { actorId: staff.userId, action: 'visit.record', entityType: 'Visit', entityId: row.id, toStatus: 'DONE', data: { ...form }, at: now })
    return row
  })
}

export async function cancelVisit(db: Db, staff: Principal, visitId: string, now: Date) {
  const visit = await db.visit.findFirst({ where: { id: visitId, campaign: { bureauId: bureauIdOf(staff) } }, select: { id: true } })
  if (!visit) throw new ServiceError('not-found', 'campaign.errors.visitNotFound')
  await db.$transaction(async (tx) => {
    const changed = await tx.visit.updateMany({ where: { id: visitId, status: 'PLANNED' }, data: { status: 'CANCELLED' } })
    if (changed.count !== 1) throw new ServiceError('wrong-status', 'campaign.errors.visitNotPlanned')
    await audit(tx, { actorId: staff.userId, action: 'visit.cancel', entityType: 'Visit', entityId: visitId, fromStatus: 'PLANNED', toStatus: 'CANCELLED', at: now })
  })
}

/** The campaign's visits (newest first) and, per assignee, how many are planned, done and overdue (planned day passed). */
export async function campaignVisits(db: Db, staff: Principal, campaignId: string, now: Date) {
  await requireCampaign(db, staff, campaignId)
  const rows = await db.visit.findMany({
    where: { campaignId },
    orderBy: [{ visitedOn: { sort: 'desc', nulls: 'first' } }, { plannedOn: 'asc' }, { createdAt: 'desc' }],
    include: { enterprise: { select: { id: true, name: true, county: true } }, assignee: { select: { id: true, name: true } }, _count: { select: { requests: true } } },
  })
  const todayStart = shanghaiWallClockToInstant(shanghaiCalendarDate(now.getTime()))
  const visits = rows.map((v) => ({
    id: v.id,
    status: v.status,
    enterprise: v.enterprise,
    assignee: v.assignee,
    plannedOn: iso(v.plannedOn),
    visitedOn: iso(v.visitedOn),
    visitors: v.visitors,
    mode: v.mode,
    policies: v.policies,
    problems: v.problems,
    requests: v._count.requests,
    late: v.status === 'PLANNED' && v.plannedOn !== null && v.plannedOn.getTime() + DAY_MS <= todayStart,
  }))
  const byAssignee = new Map<string, { assignee: { id: string; name: string }; planned: number; done: number; late: number }>()
  for (const v of visits) {
    if (!v.assignee || v.status === 'CANCELLED') continue
    const entry = byAssignee.get(v.assignee.id) ?? { assignee: v.assignee, planned: 0, done: 0, late: 0 }
    if (v.status === 'PLANNED') entry.planned += 1
    else entry.done += 1
    if (v.late) entry.late += 1
    byAssignee.set(v.assignee.id, entry)
  }
  return { visits, byAssignee: [...byAssignee.values()].sort((a, b) => a.assignee.name.localeCompare(b.assignee.name, 'zh-CN')) }
}

/** Enterprises the staff member's bureau may visit (its region's), for the forms. */
export async function visitableEnterprises(db: Db, staff: Principal) {
  return db.organization.findMany({ where: { kind: 'ENTERPRISE', region: { bureauId: bureauIdOf(staff) } }, select: { id: true, name: true, county: true }, orderBy: { name: 'asc' } })
}
