import type { Prisma } from '~/generated/prisma/client.ts'
import type { Tx } from '~/utils/db.server.ts'

export type AuditEntry = {
  actorId: string | null
  action: string
  entityType: 'ResearchResult' | 'TechnicalNeed' | 'User' | 'Session' | 'AuctionSession' | 'Registration' | 'Lot' | 'Deal' | 'AuctionBar' | 'Payment' | 'Reward' | 'RewardPolicy' | 'Contract' | 'Interest' | 'MatchingBridge' | 'Challenge' | 'Organization' | 'Campaign' | 'Visit' | 'ServiceRequest' | 'VoucherService' | 'VoucherProvider' | 'VoucherQuota' | 'VoucherBooking'
  entityId: string
  fromStatus?: string | null
  toStatus?: string | null
  reason?: string | null
  data?: Prisma.InputJsonValue
  at: Date
}

/** Written in the same transaction as the change it records, so neither exists without the other. */
export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: entry })
}

export async function auditTrail(tx: Tx, entityType: AuditEntry['entityType'], entityId: string) {
  return tx.auditLog.findMany({
    where: { entityType, entityId },
    orderBy: { at: 'asc' },
    include: { actor: { select: { name: true, role: true } } },
  })
}

/** The audit trail as rows for a page: times as ISO text, the actor's name. */
export async function auditRows(db: Tx, entityType: AuditEntry['entityType'], id: string) {
  const rows = await auditTrail(db, entityType, id)
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    action: r.action,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    reason: r.reason,
    actor: r.actor?.name ?? null,
  }))
}
