// Service campaigns (助企纾困专项行动, 科技企业服务月) and their assignment tables: create a campaign, import its
// table (every bad row reported by line, nothing half-imported: the whole table is replaced in one transaction or
// not at all), export it, link a group leader's login. A campaign is its bureau's alone (decision 015): another
// bureau's campaign answers not found.
import type { Principal } from '~/domain/access.ts'
import { assignmentTableRows, parseAssignmentTable, type TableGroup, type TableProblem } from '~/domain/assignment-table.ts'
import { parseShanghaiDay } from '~/domain/calendar.ts'
import { regionOfCountyText } from '~/domain/regions.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { textProblem } from '~/utils/text-validation.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf } from './bureaus.server.ts'

const DAY_MS = 86_400_000

export type CampaignForm = {
  name: string
  noticeRef: string
  /** "YYYY-MM-DD", Asia/Shanghai. */
  startsOn: string
  endsOn: string
  coverageTargetOn: string
  /** Funds disbursed target, whole percent (75). */
  fundsTargetPercent: number
  fundsTargetOn: string
}

function day(text: string, field: string): Date {
  const parsed = parseShanghaiDay(text)
  if (!parsed.ok) throw new ServiceError('invalid', 'campaign.errors.dateInvalid', { field })
  return new Date(parsed.instantMs)
}

function cleanText(text: string, field: string, max: number): string {
  const t = text.trim()
  if (t.length === 0) throw new ServiceError('invalid', 'campaign.errors.required', { field })
  if (t.length > max || textProblem(t)) throw new ServiceError('invalid', 'campaign.errors.textInvalid', { field })
  return t
}

function campaignData(form: CampaignForm) {
  const startsOn = day(form.startsOn, 'startsOn')
  const endsOn = day(form.endsOn, 'endsOn')
  const coverageTargetOn = day(form.coverageTargetOn, 'coverageTargetOn')
  const fundsTargetOn = day(form.fundsTargetOn, 'fundsTargetOn')
  if (endsOn < startsOn) throw new ServiceError('invalid', 'campaign.errors.endsBeforeStart', { field: 'endsOn' })
  if (coverageTargetOn < startsOn || coverageTargetOn > endsOn) throw new ServiceError('invalid', 'campaign.errors.targetOutsidePeriod', { field: 'coverageTargetOn' })
  if (fundsTargetOn < startsOn) throw new ServiceError('invalid', 'campaign.errors.targetOutsidePeriod', { field: 'fundsTargetOn' })
  if (!Number.isInteger(form.fundsTargetPercent) || form.fundsTargetPercent < 1 || form.fundsTargetPercent > 100)
    throw new ServiceError('invalid', 'campaign.errors.percentInvalid', { field: 'fundsTargetPercent' })
  return {
    name: cleanText(form.name, 'name', 100),
    noticeRef: cleanText(form.noticeRef, 'noticeRef', 100),
    startsOn,
    endsOn,
    coverageTargetOn,
    fundsTargetBp: form.fundsTargetPercent * 100,
    fundsTargetOn,
  }
}

export async function createCampaign(db: Db, staff: Principal, form: CampaignForm, now: Date) {
  const bureauId = bureauIdOf(staff)
  const values = campaignData(form)
  if (await db.campaign.findUnique({ where: { bureauId_name: { bureauId, name: values.name } }, select: { id: true } }))
    throw new ServiceError('conflict', 'campaign.errors.nameTaken', { field: 'name' })
  return db.$transaction(async (tx) => {
    const row = await tx.campaign.create({ data: { ...values, bureauId, createdById: staff.userId, createdAt: now }, select: { id: true } })
    await audit(tx, { actorId: staff.userId, action: 'campaign.create', entityType: 'Campaign', entityId: row.id, data: { ...form }, at: now })
    return row
  })
}

/** The staff member's bureau's campaigns, newest first. */
export async function listCampaigns(db: Db, staff: Principal) {
  const rows = await db.campaign.findMany({
    where: { bureauId: bureauIdOf(staff) },
    orderBy: { startsOn: 'desc' },
    include: { _count: { select: { groups: true, counties: true, pairings: true, visits: { where: { status: 'DONE' } } } } },
  })
  return rows.map((c) => ({ ...campaignView(c), groups: c._count.groups, counties: c._count.counties, enterprises: c._count.pairings, visitsDone: c._count.visits }))
}

type CampaignRow = { id: string; name: string; noticeRef: string; startsOn: Date; endsOn: Date; coverageTargetOn: Date; fundsTargetBp: number; fundsTargetOn: Date }

const iso = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

function campaignView(c: CampaignRow) {
  return {
    id: c.id,
    name: c.name,
    noticeRef: c.noticeRef,
    startsOn: iso(c.startsOn),
    endsOn: iso(c.endsOn),
    coverageTargetOn: iso(c.coverageTargetOn),
    fundsTargetBp: c.fundsTargetBp,
    fundsTargetOn: iso(c.fundsTargetOn),
  }
}

/** Refuses, as not found, another bureau's campaign (or one that does not exist). */
export async function requireCampaign(db: Db | Tx, staff: Principal, campaignId: string) {
  const row = await db.campaign.findFirst({ where: { id: campaignId, bureauId: bureauIdOf(staff) } })
  if (!row) throw new ServiceError('not-found', 'campaign.errors.notFound')
  return row
}

/** The campaign with its assignment table, in the table's order. */
export async function getCampaign(db: Db, staff: Principal, campaignId: string) {
  const c = await requireCampaign(db, staff, campaignId)
  const groups = await db.campaignGroup.findMany({
    where: { campaignId },
    orderBy: { position: 'asc' },
    include: {
      leaderUser: { select: { id: true, name: true } },
      counties: {
        orderBy: { position: 'asc' },
        include: { county: { select: { id: true, name: true } }, enterprises: { orderBy: { position: 'asc' }, include: { enterprise: { select: { id: true, name: true } } } } },
      },
    },
  })
  const staffLogins = await db.user.findMany({ where: { organizationId: c.bureauId, role: 'STAFF' }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
  return {
    ...campaignView(c),
    staff: staffLogins,
    groups: groups.map((g) => ({
      id: g.id,
      position: g.position,
      leader: g.leaderName,
      leaderUser: g.leaderUser,
      departments: g.departments,
      counties: g.counties.map((cc) => ({ id: cc.county.id, county: cc.county.name, enterprises: cc.enterprises.map((e) => e.enterprise) })),
    })),
  }
}

export type ImportProblem = TableProblem | { line: number; code: 'county-unknown' | 'enterprise-unknown' | 'enterprise-other-county'; value: string }
export type ImportOutcome = { ok: true; groups: number; counties: number; enterprises: number } | { ok: false; problems: ImportProblem[] }

/**
 * Replaces the campaign's assignment table with `rows` (the sheet's text, line by line). Counties must be the
 * bureau's (as written in the notice: 开发区 is 丽水经济技术开发区); enterprises must be registered and of the county
 * they are listed under. Any problem: nothing changes and every problem is returned with its line.
 */
export async function importAssignmentTable(db: Db, staff: Principal, campaignId: string, rows: readonly (readonly string[])[], source: string, now: Date): Promise<ImportOutcome> {
  const campaign = await requireCampaign(db, staff, campaignId)
  const parsed = parseAssignmentTable(rows)
  if (!parsed.ok) return { ok: false, problems: parsed.problems }
  const resolved = await resolveTable(db, campaign.bureauId, parsed.groups)
  if (!resolved.ok) return resolved
  return db.$transaction(async (tx) => {
    // Leaders' logins survive a re-import of the same group position.
    const before = await tx.campaignGroup.findMany({ where: { campaignId }, select: { position: true, leaderName: true, leaderUserId: true } })
    await tx.campaignGroup.deleteMany({ where: { campaignId } })
    let enterprises = 0
    for (const g of parsed.groups) {
      const kept = before.find((b) => b.position === g.position && b.leaderName === g.leader)
      const group = await tx.campaignGroup.create({ data: { campaignId, position: g.position, leaderName: g.leader, departments: g.departments, leaderUserId: kept?.leaderUserId ?? null } })
      for (const [ci, c] of g.counties.entries()) {
        const county = await tx.campaignCounty.create({ data: { campaignId, groupId: group.id, countyId: resolved.countyIds.get(c.line)!, position: ci + 1 } })
        const ids = resolved.enterpriseIds.get(c.line)!
        if (ids.length > 0) await tx.campaignEnterprise.createMany({ data: ids.map((enterpriseId, position) => ({ campaignId, campaignCountyId: county.id, enterpriseId, position: position + 1 })) })
        enterprises += ids.length
      }
    }
    const counties = parsed.groups.reduce((s, g) => s + g.counties.length, 0)
    await audit(tx, { actorId: staff.userId, action: 'campaign.import-table', entityType: 'Campaign', entityId: campaignId, data: { source, groups: parsed.groups.length, counties, enterprises }, at: now })
    return { ok: true as const, groups: parsed.groups.length, counties, enterprises }
  })
}

async function resolveTable(db: Db, bureauId: string, groups: TableGroup[]) {
  const bureau = await db.organization.findUniqueOrThrow({ where: { id: bureauId }, select: { name: true, counties: { select: { id: true, name: true } } } })
  const names = groups.flatMap((g) => g.counties.flatMap((c) => c.enterprises))
  const orgs = await db.organization.findMany({ where: { name: { in: names }, kind: 'ENTERPRISE' }, select: { id: true, name: true, countyId: true } })
  const byName = new Map(orgs.map((o) => [o.name, o]))
  const problems: ImportProblem[] = []
  const countyIds = new Map<number, string>()
  const enterpriseIds = new Map<number, string[]>()
  for (const c of groups.flatMap((g) => g.counties)) {
    const region = regionOfCountyText(c.county)
    const county = region && region.bureau === bureau.name ? bureau.counties.find((k) => k.name === region.county) : undefined
    if (!county) {
      problems.push({ line: c.line, code: 'county-unknown', value: c.county })
      continue
    }
    countyIds.set(c.line, county.id)
    const ids: string[] = []
    for (const name of c.enterprises) {
      const org = byName.get(name)
      if (!org) problems.push({ line: c.line, code: 'enterprise-unknown', value: name })
      else if (org.countyId !== county.id) problems.push({ line: c.line, code: 'enterprise-other-county', value: name })
      else ids.push(org.id)
    }
    enterpriseIds.set(c.line, ids)
  }
  return problems.length > 0 ? { ok: false as const, problems } : { ok: true as const, countyIds, enterpriseIds }
}

/** The table as rows (header first), as the notice lays it out; the export writes them to XLSX. */
export async function assignmentTableOf(db: Db, staff: Principal, campaignId: string, header?: readonly string[]) {
  const c = await getCampaign(db, staff, campaignId)
  return {
    campaign: c,
    rows: assignmentTableRows(
      c.groups.map((g) => ({ position: g.position, leader: g.leader, departments: g.departments, counties: g.counties.map((k) => ({ county: k.county, enterprises: k.enterprises.map((e) => e.name) })) })),
      header,
    ),
  }
}

/** Links (or unlinks) a group leader's login: overdue requests of the group's counties escalate to it. */
export async function setGroupLeader(db: Db, staff: Principal, groupId: string, userId: string | null, now: Date) {
  const bureauId = bureauIdOf(staff)
  const group = await db.campaignGroup.findFirst({ where: { id: groupId, campaign: { bureauId } }, select: { id: true, campaignId: true, leaderUserId: true } })
  if (!group) throw new ServiceError('not-found', 'campaign.errors.notFound')
  if (userId && (await db.user.count({ where: { id: userId, organizationId: bureauId, role: 'STAFF' } })) !== 1)
    throw new ServiceError('invalid', 'campaign.errors.leaderNotStaff', { field: 'userId' })
  await db.$transaction(async (tx) => {
    await tx.campaignGroup.update({ where: { id: groupId }, data: { leaderUserId: userId } })
    await audit(tx, { actorId: staff.userId, action: 'campaign.set-leader', entityType: 'Campaign', entityId: group.campaignId, data: { groupId, from: group.leaderUserId, to: userId }, at: now })
  })
}

/** The campaign of the bureau running on `now` whose table pairs the county, if any (a request raised then belongs to it). */
export async function campaignOfCounty(db: Db | Tx, bureauId: string, countyId: string | null, now: Date) {
  if (!countyId) return null
  return db.campaign.findFirst({
    where: { bureauId, startsOn: { lte: now }, endsOn: { gte: new Date(now.getTime() - DAY_MS + 1) }, counties: { some: { countyId } } },
    orderBy: { startsOn: 'desc' },
    select: { id: true },
  })
}
