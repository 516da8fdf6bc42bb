// Factories for the voucher tests: a bureau with its voucher policy (the seed's Shaoxing terms), a provider with an
// approved service, and a holder with a quota, all made through the services they test.
import type { Principal } from '../../app/domain/access.ts'
import { grantQuota } from '../../app/services/voucher-quotas.server.ts'
import { listService, reviewService } from '../../app/services/voucher-services.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { makePrincipal } from './payments.ts'
import { seedShaoxingPolicy } from './rewards.ts'

export type VoucherWorld = { staff: Principal; provider: Principal; holder: Principal; serviceId: string; quotaId: string }

/** A bureau with the seed policy, an institute with one approved service at `priceFen`, an enterprise with `quotaFen` for now's year. */
export async function makeVoucherWorld(db: Db, now: Date, opts: { priceFen?: number; quotaFen?: number; staff?: Principal } = {}): Promise<VoucherWorld> {
  const staff = opts.staff ?? (await makePrincipal(db, 'BUREAU', '绍兴市科学技术局'))
  await seedShaoxingPolicy(db, staff.organizationId)
  const provider = await makePrincipal(db, 'UNIVERSITY', '绍兴文理学院分析测试中心')
  const service = await listService(db, provider, { kind: 'TEST', title: '纺织品成分检测', description: '纤维成分定性定量分析，出具检测报告', priceFen: opts.priceFen ?? 1_000_000, leadTimeDays: 7, location: '绍兴市越城区环城西路508号' }, now)
  await reviewService(db, staff, { serviceId: service.id, decision: 'approve' }, now)
  const holder = await makePrincipal(db, 'ENTERPRISE', '绍兴柯桥演示纺织科技有限公司')
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now))
  const quota = await grantQuota(db, staff, { holderId: holder.organizationId, year, holderKind: 'ENTERPRISE', amountFen: opts.quotaFen ?? 20_000_000, reason: '具有创新需求的企业' }, now)
  return { staff, provider, holder, serviceId: service.id, quotaId: quota.id }
}

/** The quota's counters beside what its bookings imply. */
export async function quotaAndBookings(db: Db, quotaId: string) {
  const q = await db.voucherQuota.findUniqueOrThrow({ where: { id: quotaId }, include: { bookings: true } })
  return {
    grantedFen: Number(q.grantedFen),
    reservedFen: Number(q.reservedFen),
    redeemedFen: Number(q.redeemedFen),
    bookings: q.bookings.map((b) => ({ id: b.id, status: b.status, voucherFen: Number(b.voucherFen), ownShareFen: Number(b.ownShareFen), priceFen: Number(b.priceFen) })),
  }
}
