// Enterprise facts with dates (issue 14, part 1; decision 016): staff import them from a CSV or XLSX file
// (app/domain/fact-import.ts reads the rows), all or nothing, and read an enterprise's facts with their dates,
// sources and the imports that wrote them. Staff act only on the enterprises their bureau serves.
import { isStaff, type Principal } from '~/domain/access.ts'
import { isAboveScaleHighTechOn, isAboveScaleOn, isHighTechOn, isTechSmeOn, type Fact } from '~/domain/enterprise-facts.ts'
import { mapHeader, parseFactRow, sameFact, type FactProblem, type ImportedFact, type ParsedFactRow } from '~/domain/fact-import.ts'
import type { EnterpriseFact, Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { readTable, tableFormatOf } from '~/utils/spreadsheet.server.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf, readScopeOf, servedBy } from './bureaus.server.ts'

export const MAX_FACT_FILE_BYTES = 2 * 1024 * 1024
export const MAX_FACT_ROWS = 5000

/** What is wrong with the file as a whole (the page words it: enterpriseFacts.errors.<code>). */
export type FactFileError = 'format' | 'empty' | 'tooLarge' | 'unreadable' | 'noHeader' | 'tooManyRows'

export type FactImportResult =
  | { ok: true; file: string; rows: number; enterprises: number; added: number; unchanged: number; replaced: number }
  | { ok: false; file: string; problems: FactProblem[] }
  | { ok: false; file: string; error: FactFileError; params?: Record<string, string | number> }

type Found = { id: string; name: string; kind: string; creditCode: string; bureauId: string | null }

/**
 * Imports a facts file: every row checked first (the enterprise exists, is of the staff member's bureau's region
 * or of none, and its cells are valid); any bad row and nothing is written. Otherwise, in one transaction, each
 * fact not already on record is added (a certificate already recorded with other dates is corrected: the old row
 * is marked replaced, a new one added), with one audit entry per enterprise changed. The same file again adds nothing.
 */
export async function importEnterpriseFacts(db: Db, staff: Principal, file: { name: string; bytes: Uint8Array }, now: Date): Promise<FactImportResult> {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.act')
  const bureauId = bureauIdOf(staff)
  const format = tableFormatOf(file.name)
  const refused = (error: FactFileError, params?: Record<string, string | number>) => ({ ok: false as const, file: file.name, error, params })
  if (!format) return refused('format')
  if (file.bytes.byteLength === 0) return refused('empty')
  if (file.bytes.byteLength > MAX_FACT_FILE_BYTES) return refused('tooLarge', { max: '2 MB' })
  let table: string[][]
  try {
    table = await readTable(file.bytes, format)
  } catch {
    return refused('unreadable')
  }
  const headerIndex = table.findIndex((r) => r.some((c) => c.trim() !== ''))
  const columns = headerIndex < 0 ? null : mapHeader(table[headerIndex]!)
  if (!columns) return refused('noHeader')
  if (table.length - headerIndex - 1 > MAX_FACT_ROWS) return refused('tooManyRows', { max: MAX_FACT_ROWS })

  const problems: FactProblem[] = []
  const rows: ParsedFactRow[] = []
  for (let i = headerIndex + 1; i < table.length; i++) {
    const parsed = parseFactRow(table[i]!, columns, i + 1)
    problems.push(...parsed.problems)
    if (parsed.row) rows.push(parsed.row)
  }

  // The enterprises the rows name, by credit code first, else by name.
  const found = await db.organization.findMany({
    where: { OR: [{ creditCode: { in: rows.flatMap((r) => (r.creditCode ? [r.creditCode] : [])) } }, { name: { in: rows.map((r) => r.name).filter(Boolean) } }] },
    select: { id: true, name: true, kind: true, creditCode: true, region: { select: { bureauId: true } } },
  })
  const orgs: Found[] = found.map((o) => ({ id: o.id, name: o.name, kind: o.kind, creditCode: o.creditCode, bureauId: o.region?.bureauId ?? null }))
  const byCode = new Map(orgs.map((o) => [o.creditCode, o]))
  const byName = new Map(orgs.map((o) => [o.name, o]))
  const targets: { row: ParsedFactRow; org: Found }[] = []
  for (const row of rows) {
    const problem = (field: FactProblem['field'], reason: FactProblem['reason'], value: string) => problems.push({ line: row.line, field, reason, value })
    const viaCode = row.creditCode ? byCode.get(row.creditCode) : undefined
    const viaName = row.name ? byName.get(row.name) : undefined
    const org = row.creditCode ? viaCode : viaName
    if (!org) problem(row.creditCode ? 'creditCode' : 'name', 'unknownEnterprise', row.creditCode ?? row.name)
    else if (row.creditCode && row.name && viaName?.id !== org.id) problem('name', 'nameCodeMismatch', row.name)
    else if (org.kind !== 'ENTERPRISE') problem(row.creditCode ? 'creditCode' : 'name', 'notEnterprise', org.name)
    else if (org.bureauId !== null && org.bureauId !== bureauId) problem(row.creditCode ? 'creditCode' : 'name', 'otherRegion', org.name)
    else targets.push({ row, org })
  }
  if (problems.length) return { ok: false, file: file.name, problems: problems.sort((a, b) => a.line - b.line) }

  return db.$transaction(async (tx) => {
    // One import at a time: two uploads of one file at once still add each fact once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('enterprise-facts-import'))`
    const orgIds = [...new Set(targets.map((t) => t.org.id))]
    const existing = await tx.enterpriseFact.findMany({ where: { organizationId: { in: orgIds }, replacedAt: null } })
    const current = new Map<string, EnterpriseFact[]>()
    for (const f of existing) current.set(f.organizationId, [...(current.get(f.organizationId) ?? []), f])
    let added = 0
    let unchanged = 0
    let replaced = 0
    const changes = new Map<string, { lines: number[]; added: string[]; replaced: string[] }>()
    for (const { row, org } of targets) {
      for (const fact of row.facts) {
        const mine = current.get(org.id) ?? []
        if (mine.some((f) => sameFact(fact, asStored(f)))) {
          unchanged++
          continue
        }
        const change = changes.get(org.id) ?? { lines: [], added: [], replaced: [] }
        changes.set(org.id, change)
        if (!change.lines.includes(row.line)) change.lines.push(row.line)
        const corrected = fact.kind === 'HIGH_TECH' ? mine.filter((f) => f.kind === 'HIGH_TECH' && f.certificateNo === fact.certificateNo) : []
        if (corrected.length) {
          await tx.enterpriseFact.updateMany({ where: { id: { in: corrected.map((f) => f.id) } }, data: { replacedAt: now } })
          replaced += corrected.length
          change.replaced.push(...corrected.map((f) => f.id))
        }
        const created = await tx.enterpriseFact.create({ data: { organizationId: org.id, ...factData(fact), source: `${file.name}:${row.line}`, createdById: staff.userId, createdAt: now } })
        current.set(org.id, [...mine.filter((f) => !corrected.includes(f)), created])
        change.added.push(created.id)
        added++
      }
    }
    for (const [organizationId, change] of changes) {
      await audit(tx, { actorId: staff.userId, action: 'enterprise-facts.import', entityType: 'Organization', entityId: organizationId, reason: file.name, data: change, at: now })
    }
    return { ok: true as const, file: file.name, rows: rows.length, enterprises: changes.size, added, unchanged, replaced }
  })
}

function factData(f: ImportedFact): Omit<Prisma.EnterpriseFactUncheckedCreateInput, 'organizationId' | 'source'> {
  return f.kind === 'HIGH_TECH'
    ? { kind: 'HIGH_TECH', certificateNo: f.certificateNo, validFrom: new Date(f.validFromMs), validTo: new Date(f.validToMs), year: null }
    : { kind: f.kind, year: f.year }
}

function asStored(f: EnterpriseFact) {
  return { kind: f.kind, year: f.year, certificateNo: f.certificateNo, validFromMs: f.validFrom?.getTime() ?? null, validToMs: f.validTo?.getTime() ?? null }
}

function asRule(f: EnterpriseFact): Fact {
  return { kind: f.kind, year: f.year, validFromMs: f.validFrom?.getTime() ?? null, validToMs: f.validTo?.getTime() ?? null, replaced: f.replacedAt !== null }
}

/**
 * The enterprises the viewer's bureau serves (every one for the province), each with its standing today
 * (高新, 规上, 规上高新, 省科小); and, when `organizationId` names one of them, its facts (replaced ones too) and imports.
 */
export async function enterpriseFactsPage(db: Db, viewer: Principal, opts: { organizationId?: string | null; now: Date }) {
  const scope = readScopeOf(viewer)
  const where: Prisma.OrganizationWhereInput = { AND: [{ kind: 'ENTERPRISE' }, scope.all ? {} : servedBy(viewer)] }
  const rows = await db.organization.findMany({
    where,
    select: { id: true, name: true, creditCode: true, county: true, region: { select: { name: true, bureau: { select: { name: true } } } }, facts: true },
    orderBy: { name: 'asc' },
  })
  const at = opts.now.getTime()
  const enterprises = rows.map((o) => {
    const facts = o.facts.map(asRule)
    return {
      id: o.id,
      name: o.name,
      creditCode: o.creditCode,
      county: o.region?.name ?? o.county,
      bureau: o.region?.bureau.name ?? null,
      facts: o.facts.filter((f) => !f.replacedAt).length,
      highTech: isHighTechOn(facts, at),
      aboveScale: isAboveScaleOn(facts, at),
      aboveScaleHighTech: isAboveScaleHighTechOn(facts, at),
      techSme: isTechSmeOn(facts, at),
    }
  })
  const chosen = opts.organizationId ? rows.find((o) => o.id === opts.organizationId) : undefined
  let detail = null
  if (chosen) {
    const imports = await db.auditLog.findMany({ where: { entityType: 'Organization', entityId: chosen.id, action: 'enterprise-facts.import' }, orderBy: { at: 'desc' }, include: { actor: { select: { name: true } } } })
    detail = {
      id: chosen.id,
      name: chosen.name,
      facts: [...chosen.facts]
        .sort((a, b) => a.kind.localeCompare(b.kind) || (b.year ?? 0) - (a.year ?? 0) || (b.validFrom?.getTime() ?? 0) - (a.validFrom?.getTime() ?? 0))
        .map((f) => ({
          id: f.id,
          kind: f.kind,
          year: f.year,
          certificateNo: f.certificateNo,
          validFrom: f.validFrom?.toISOString() ?? null,
          validTo: f.validTo?.toISOString() ?? null,
          source: f.source,
          createdAt: f.createdAt.toISOString(),
          replacedAt: f.replacedAt?.toISOString() ?? null,
        })),
      imports: imports.map((a) => ({ id: a.id, at: a.at.toISOString(), file: a.reason, actor: a.actor?.name ?? null })),
    }
  }
  /** notFound: the id names no enterprise the viewer may read (another bureau's is not theirs to know of). */
  return { enterprises, detail, notFound: Boolean(opts.organizationId && !chosen), mayImport: isStaff(viewer) }
}
