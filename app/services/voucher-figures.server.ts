// Innovation vouchers, part 5: the figures. Vouchers granted (quotas), reserved (open bookings), redeemed
// (delivered bookings) and paid (voucher payouts that succeeded) for the staff member's bureau and a year, in
// total, per county (of the holder) and per provider, computed from the records in SQL (decision 018).
import type { Principal } from '~/domain/access.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { Db } from '~/utils/db.server.ts'
import { bureauIdOf } from './bureaus.server.ts'

export type VoucherFigure = { label: string; grantedFen: number | null; reservedFen: number; redeemedFen: number; paidFen: number; bookings: number }

type Row = { label: string | null; granted: bigint | null; reserved: bigint | null; redeemed: bigint | null; paid: bigint | null; bookings: bigint | number | null }

function figure(r: Row, withGranted: boolean): VoucherFigure {
  const n = (v: bigint | number | null) => Number(v ?? 0)
  return { label: r.label ?? '', grantedFen: withGranted ? n(r.granted) : null, reservedFen: n(r.reserved), redeemedFen: n(r.redeemed), paidFen: n(r.paid), bookings: n(r.bookings) }
}

/** Per booking of the bureau's quotas of the year: its quota, provider, status, voucher part and what was paid out. */
function bookingsOf(bureauId: string, year: number) {
  return Prisma.sql`
    SELECT b."quotaId", b."providerId",
      CASE WHEN b.status IN ('BOOKED', 'CONFIRMED') THEN b."voucherFen" ELSE 0 END AS reserved,
      CASE WHEN b.status = 'DELIVERED' THEN b."voucherFen" ELSE 0 END AS redeemed,
      coalesce((SELECT sum(p."amountFen") FROM "Payment" p WHERE p."voucherBookingId" = b.id AND p.kind = 'VOUCHER_PAYOUT' AND p.status = 'SUCCEEDED'), 0) AS paid,
      CASE WHEN b.status = 'CANCELLED' THEN 0 ELSE 1 END AS counted
    FROM "VoucherBooking" b JOIN "VoucherQuota" q ON q.id = b."quotaId"
    WHERE q."bureauId" = ${bureauId} AND q.year = ${year}`
}

function quotasOf(bureauId: string, year: number) {
  return Prisma.sql`
    SELECT q.id, q."grantedFen", coalesce(cty.name, o.county) AS county
    FROM "VoucherQuota" q JOIN "Organization" o ON o.id = q."holderId" LEFT JOIN "County" cty ON cty.id = o."countyId"
    WHERE q."bureauId" = ${bureauId} AND q.year = ${year}`
}

export async function voucherFigures(db: Db, staff: Principal, year: number) {
  const bureauId = bureauIdOf(staff)
  const perQuota = Prisma.sql`
    SELECT qs.county, qs."grantedFen" AS granted, coalesce(bs.reserved, 0) AS reserved, coalesce(bs.redeemed, 0) AS redeemed, coalesce(bs.paid, 0) AS paid, coalesce(bs.bookings, 0) AS bookings
    FROM (${quotasOf(bureauId, year)}) qs
    LEFT JOIN (SELECT "quotaId", sum(reserved) AS reserved, sum(redeemed) AS redeemed, sum(paid) AS paid, sum(counted) AS bookings FROM (${bookingsOf(bureauId, year)}) x GROUP BY "quotaId") bs ON bs."quotaId" = qs.id`
  const [total, byCounty, byProvider, bureau] = await Promise.all([
    db.$queryRaw<Row[]>`SELECT NULL AS label, sum(granted)::bigint AS granted, sum(reserved)::bigint AS reserved, sum(redeemed)::bigint AS redeemed, sum(paid)::bigint AS paid, sum(bookings)::bigint AS bookings FROM (${perQuota}) t`,
    db.$queryRaw<Row[]>`SELECT county AS label, sum(granted)::bigint AS granted, sum(reserved)::bigint AS reserved, sum(redeemed)::bigint AS redeemed, sum(paid)::bigint AS paid, sum(bookings)::bigint AS bookings FROM (${perQuota}) t GROUP BY county ORDER BY county`,
    db.$queryRaw<Row[]>`
      SELECT o.name AS label, NULL::bigint AS granted, sum(x.reserved)::bigint AS reserved, sum(x.redeemed)::bigint AS redeemed, sum(x.paid)::bigint AS paid, sum(x.counted)::bigint AS bookings
      FROM (${bookingsOf(bureauId, year)}) x JOIN "Organization" o ON o.id = x."providerId" GROUP BY o.name ORDER BY o.name`,
    db.organization.findUnique({ where: { id: bureauId }, select: { name: true } }),
  ])
  return {
    year,
    total: { ...figure(total[0] ?? { label: null, granted: null, reserved: null, redeemed: null, paid: null, bookings: null }, true), label: bureau?.name ?? '' },
    byCounty: byCounty.map((r) => figure(r, true)),
    byProvider: byProvider.map((r) => figure(r, false)),
  }
}
