// What the listing detail routes share: reading the lifecycle form and
// turning the audit trail into rows for the page.
import { data } from '@remix-run/node'
import type { ListingAction } from '~/domain/listing-status.ts'
import { auditTrail, type AuditEntry } from '~/services/audit.server.ts'
import { ServiceError } from '~/services/errors.ts'
import type { Db } from './db.server.ts'
import { ReviewSchema } from './listing-validation.ts'

export async function readLifecycleForm(formData: FormData): Promise<{ intent: ListingAction; reason?: string }> {
  const parsed = ReviewSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) throw new Response('未知的操作', { status: 400 })
  return parsed.data
}

/**
 * Which form on the page a reply answers, so its message appears beside that
 * form and nowhere else: the lifecycle buttons, the interest box, or the reply
 * box of one interest.
 */
export type ReplyTarget = { form: 'lifecycle' } | { form: 'interest' } | { form: 'reply'; interestId: string }

export async function lifecycleReply(work: Promise<unknown>, target: ReplyTarget = { form: 'lifecycle' }) {
  try {
    await work
    return { ok: true as const, ...target }
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    return data({ ok: false as const, ...target, error: error.message, field: error.field }, { status: error.status })
  }
}

export async function auditRows(db: Db, entityType: AuditEntry['entityType'], id: string) {
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
