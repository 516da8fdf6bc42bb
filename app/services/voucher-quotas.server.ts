// Innovation vouchers, part 2: yearly quotas. Staff grant or adjust a holder's quota for a calendar year
// (Asia/Shanghai) with a reason, up to the cap of their bureau's policy version in force (the voucher terms of
// RewardPolicy, decision 018); never below what bookings already reserve or redeemed. Audited.
import { isStaff, type Principal } from '~/domain/access.ts'
import { shanghaiWallClockToInstant, shanghaiYear } from '~/domain/calendar.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { policyInForce } from '~/domain/rewards.ts'
import { grantProblem, quotaCap, quotaRemaining, type VoucherHolderKind, type VoucherTerms } from '~/domain/vouchers.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf, requireServed, servedBy } from './bureaus.server.ts'
import { policyVoucherTerms } from './reward-policies.server.ts'

export type VoucherPolicy = { id: string; name: string; version: number; terms: VoucherTerms }

/** The bureau's approved policy version with voucher terms in force at `atMs`, or null. */
export async function voucherPolicyInForce(db: Db | Tx, bureauId: string, atMs: number): Promise<VoucherPolicy | null> {
  const rows = await db.rewardPolicy.findMany({ where: { bureauId, status: 'APPROVED' } })
  const withTerms = rows.flatMap((r) => {
    const terms = policyVoucherTerms(r)
    return terms ? [{ id: r.id, name: r.name, version: r.version, terms, validFromMs: r.validFrom.getTime(), validToMs: r.validTo?.getTime() ?? null }] : []
  })
  const p = policyInForce(withTerms, atMs)
  return p && { id: p.id, name: p.name, version: p.version, terms: p.terms }
}

/** The instant a year's quota is judged at: now in the current year, its first moment for next year. */
function referenceInstant(year: number, now: Date): number {
  return year === shanghaiYear(now.getTime()) ? now.getTime() : shanghaiWallClockToInstant({ year, month: 1, day: 1 })
}

export type GrantInput = { holderId: string; year: number; holderKind: VoucherHolderKind; amountFen: number; reason: string }

/** Grants a quota, or sets an existing one to a new amount (and kind), with a reason. */
export async function grantQuota(db: Db, staff: Principal, input: GrantInput, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'vouchers.errors.staffOnly')
  const bureauId = bureauIdOf(staff)
  await requireServed(db, staff, input.holderId, 'vouchers.errors.organizationNotFound')
  const thisYear = shanghaiYear(now.getTime())
  if (input.year !== thisYear && input.year !== thisYear + 1) throw new ServiceError('invalid', 'vouchers.errors.year', { field: 'year', params: { year: thisYear } })
  const reason = input.reason.trim()
  if (reason.length < 2) throw new ServiceError('reason-required', 'vouchers.errors.reasonRequired', { field: 'reason' })
  const holder = await db.organization.findUniqueOrThrow({ where: { id: input.holderId }, select: { kind: true } })
  if (holder.kind !== 'ENTERPRISE') throw new ServiceError('invalid', 'vouchers.errors.holderKind', { field: 'holderId' })
  const policy = await voucherPolicyInForce(db, bureauId, referenceInstant(input.year, now))
  if (!policy) throw new ServiceError('conflict', 'vouchers.errors.noPolicy')
  const capFen = quotaCap(policy.terms, input.holderKind)
  return db.$transaction(async (tx) => {
    // The quota row is locked before it is judged, so a booking cannot slip between the check and the write.
    const [locked] = await tx.$queryRaw<{ id: string; bureauId: string; grantedFen: bigint; reservedFen: bigint; redeemedFen: bigint }[]>`
      SELECT id, "bureauId", "grantedFen", "reservedFen", "redeemedFen" FROM "VoucherQuota" WHERE "holderId" = ${input.holderId} AND year = ${input.year} FOR UPDATE`
    if (locked && locked.bureauId !== bureauId) throw new ServiceError('not-found', 'vouchers.errors.organizationNotFound')
    const used = locked ? { reservedFen: fenFromDb(locked.reservedFen), redeemedFen: fenFromDb(locked.redeemedFen) } : null
    const problem = grantProblem(input.amountFen, capFen, used)
    if (problem === 'not-positive') throw new ServiceError('invalid', 'vouchers.errors.grantNotPositive', { field: 'amount' })
    if (problem === 'above-cap') throw new ServiceError('invalid', 'vouchers.errors.grantAboveCap', { field: 'amount', params: { capFen } })
    if (problem === 'below-used') throw new ServiceError('invalid', 'vouchers.errors.grantBelowUsed', { field: 'amount', params: { usedFen: used!.reservedFen + used!.redeemedFen } })
    const row = locked
      ? await tx.voucherQuota.update({ where: { id: locked.id }, data: { grantedFen: fenToDb(input.amountFen), holderKind: input.holderKind, policyId: policy.id, updatedAt: now } })
      : await tx.voucherQuota.create({
          data: { holderId: input.holderId, bureauId, year: input.year, holderKind: input.holderKind, policyId: policy.id, grantedFen: fenToDb(input.amountFen), createdAt: now, updatedAt: now },
        })
    await audit(tx, {
      actorId: staff.userId,
      action: locked ? 'voucher-quota.adjust' : 'voucher-quota.grant',
      entityType: 'VoucherQuota',
      entityId: row.id,
      reason,
      data: { year: input.year, holderKind: input.holderKind, fromFen: locked ? fenFromDb(locked.grantedFen) : null, toFen: input.amountFen, capFen, policyId: policy.id, policyVersion: policy.version },
      at: now,
    })
    return row
  })
}

function quotaView(q: { id: string; year: number; holderKind: VoucherHolderKind; grantedFen: bigint; reservedFen: bigint; redeemedFen: bigint; holder: { id: string; name: string; county: string } }) {
  const state = { grantedFen: fenFromDb(q.grantedFen), reservedFen: fenFromDb(q.reservedFen), redeemedFen: fenFromDb(q.redeemedFen) }
  return { id: q.id, year: q.year, holderKind: q.holderKind, holderId: q.holder.id, holder: q.holder.name, county: q.holder.county, ...state, remainingFen: quotaRemaining(state) }
}
export type QuotaView = ReturnType<typeof quotaView>

/** The holder's quota for the current year (null when none was granted). */
export async function myQuota(db: Db, p: Principal, now: Date): Promise<QuotaView | null> {
  const q = await db.voucherQuota.findUnique({
    where: { holderId_year: { holderId: p.organizationId, year: shanghaiYear(now.getTime()) } },
    include: { holder: { select: { id: true, name: true, county: true } } },
  })
  return q && quotaView(q)
}

/** The bureau's quotas of a year, and the enterprises it may grant to. */
export async function quotasOfBureau(db: Db, staff: Principal, year: number, now: Date) {
  const bureauId = bureauIdOf(staff)
  const [quotas, holders, policy] = await Promise.all([
    db.voucherQuota.findMany({ where: { bureauId, year }, include: { holder: { select: { id: true, name: true, county: true } } }, orderBy: { createdAt: 'asc' } }),
    db.organization.findMany({ where: { AND: [{ kind: 'ENTERPRISE' }, servedBy(staff)] }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    voucherPolicyInForce(db, bureauId, now.getTime()),
  ])
  return { quotas: quotas.map(quotaView), holders, policy }
}

/** What a holder sees before booking: this year's quota and the share of a price a voucher covers under its bureau's policy. */
export async function myVoucherStanding(db: Db, p: Principal, now: Date): Promise<{ quota: QuotaView | null; shareBp: number | null }> {
  const q = await db.voucherQuota.findUnique({
    where: { holderId_year: { holderId: p.organizationId, year: shanghaiYear(now.getTime()) } },
    include: { holder: { select: { id: true, name: true, county: true } } },
  })
  if (!q) return { quota: null, shareBp: null }
  const policy = await voucherPolicyInForce(db, q.bureauId, now.getTime())
  return { quota: quotaView(q), shareBp: policy?.terms.shareBp ?? null }
}
