// The Lishui campaign of the demo: 助企纾困专项行动 (丽科〔2022〕12号) with the assignment table attached to the
// notice, imported through the same use-case staff use (prisma/seed-data.ts holds the table as data). Idempotent:
// an existing campaign of that name is left as it is.
import { TABLE_HEADER_ZH } from '../app/domain/assignment-table.ts'
import { createCampaign, importAssignmentTable } from '../app/services/campaigns.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { lishuiCampaign, lishuiLiaisonTable, type LiaisonGroup } from './seed-data.ts'

/** The table as the notice lays it out, one row per county, the group's cells on its first row. */
export function liaisonRows(table: readonly LiaisonGroup[]): string[][] {
  return [
    [...TABLE_HEADER_ZH],
    ...table.flatMap((g) =>
      g.counties.map((c, i) => (i === 0 ? [String(g.group), g.leader, g.departments.join(', '), c.county, c.enterprises.join(', ')] : ['', '', '', c.county, c.enterprises.join(', ')])),
    ),
  ]
}

export async function seedLishuiCampaign(db: Db, staffEmail: string, at: Date) {
  const staff = await db.user.findUniqueOrThrow({ where: { email: staffEmail }, select: { id: true, role: true, organizationId: true } })
  const principal = { userId: staff.id, role: staff.role, organizationId: staff.organizationId }
  const existing = await db.campaign.findFirst({ where: { bureauId: staff.organizationId, name: lishuiCampaign.name }, select: { id: true } })
  if (existing) return existing.id
  const { id } = await createCampaign(db, principal, lishuiCampaign, at)
  const outcome = await importAssignmentTable(db, principal, id, liaisonRows(lishuiLiaisonTable), '丽科〔2022〕12号 附件', at)
  if (!outcome.ok) throw new Error(`the seed's liaison table does not import: ${JSON.stringify(outcome.problems)}`)
  return id
}
