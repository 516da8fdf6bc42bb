// The benchmark's correctness checks, from the database (our server only; the baseline keeps nothing): every
// acknowledged bid stored, nothing else stored, prices rising, logs gapless and chained, one close and one deal.
import { CLOSE_GRACE_MS } from '../app/domain/auction.ts'
import { verifyLotLog } from '../app/domain/lot-log.ts'
import { closeLotIfDue } from '../app/services/lot-control.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { stopChild, type Child } from './auction-children.ts'
import type { Acked } from './auction-load.ts'

export type Check = { name: string; ok: boolean; detail: string }

export async function closeAllLots(db: Db, startOurs: () => Promise<Child>, lotIds: string[]): Promise<void> {
  // The server's own clock closes them; this process races it with the same
  // service, so "exactly once" is tested under contention, not assumed.
  const server = await startOurs()
  try {
    await db.lot.updateMany({ where: { id: { in: lotIds } }, data: { endsAt: new Date(Date.now() - CLOSE_GRACE_MS) } })
    let next = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < lotIds.length) await closeLotIfDue(db, lotIds[next++]!, new Date())
      }),
    )
    const until = Date.now() + 60_000
    while ((await db.lot.count({ where: { id: { in: lotIds }, status: 'LIVE' } })) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200))
    await new Promise((r) => setTimeout(r, 1500)) // one more clock tick: it must find nothing to close
  } finally {
    await stopChild(server)
  }
}

export async function checkDatabase(db: Db, lotIds: string[], acked: Acked[], unknown: Map<string, number>): Promise<Check[]> {
  const checks: Check[] = []
  const fail = (name: string, problems: string[], okDetail: string) =>
    checks.push({ name, ok: problems.length === 0, detail: problems.length ? `${problems.length} problem(s), e.g. ${problems.slice(0, 3).join('; ')}` : okDetail })

  const bids = await db.bid.findMany({ where: { lotId: { in: lotIds } }, select: { lotId: true, seq: true, amountFen: true, bidderId: true, clientBidId: true }, orderBy: [{ lotId: 'asc' }, { seq: 'asc' }] })
  const byKey = new Map(bids.map((b) => [`${b.lotId}#${b.seq}`, b]))
  const missing: string[] = []
  for (const a of acked) {
    const b = byKey.get(`${a.lotId}#${a.seq}`)
    if (!b) missing.push(`${a.lotId} seq ${a.seq} not stored`)
    else if (Number(b.amountFen) !== a.amountFen || b.bidderId !== a.bidderId || b.clientBidId !== a.clientBidId) missing.push(`${a.lotId} seq ${a.seq} stored differently`)
  }
  fail('every acknowledged bid is stored (seq, amount, bidder, client bid id)', missing, `${acked.length} acknowledged bids, all stored`)

  const ackedPerLot = new Map<string, number>()
  for (const a of acked) ackedPerLot.set(a.lotId, (ackedPerLot.get(a.lotId) ?? 0) + 1)
  const storedPerLot = new Map<string, number>()
  for (const b of bids) storedPerLot.set(b.lotId, (storedPerLot.get(b.lotId) ?? 0) + 1)
  const extra: string[] = []
  for (const id of lotIds) {
    const stored = storedPerLot.get(id) ?? 0
    const known = ackedPerLot.get(id) ?? 0
    if (stored < known || stored > known + (unknown.get(id) ?? 0)) extra.push(`${id}: ${stored} stored, ${known} acknowledged, ${unknown.get(id) ?? 0} unanswered`)
  }
  fail('no bid stored that was not acknowledged (beyond unanswered ones)', extra, `${bids.length} stored = acknowledged`)

  const rising: string[] = []
  let previous: { lotId: string; amount: bigint } | null = null
  for (const b of bids) {
    if (previous && previous.lotId === b.lotId && b.amountFen <= previous.amount) rising.push(`${b.lotId} seq ${b.seq}: ${b.amountFen} after ${previous.amount}`)
    previous = { lotId: b.lotId, amount: b.amountFen }
  }
  fail('prices rise strictly along seq', rising, `${bids.length} bids over ${lotIds.length} lots`)

  const lots = await db.lot.findMany({ where: { id: { in: lotIds } }, include: { deal: true } })
  const chain: string[] = []
  const closes: string[] = []
  let events = 0
  for (const lot of lots) {
    const log = await db.lotEvent.findMany({ where: { lotId: lot.id }, orderBy: { seq: 'asc' } })
    events += log.length
    const rows = log.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }))
    const problem = await verifyLotLog(rows)
    if (problem) chain.push(`${lot.id}: ${problem.problem} at seq ${problem.seq}`)
    else if (log.length !== lot.seq || log.some((e, i) => e.seq !== i + 1)) chain.push(`${lot.id}: ${log.length} entries, lot.seq ${lot.seq}`)
    const lotBids = log.filter((e) => e.kind === 'bid')
    if (lotBids.length !== (storedPerLot.get(lot.id) ?? 0)) chain.push(`${lot.id}: ${lotBids.length} bid entries, ${storedPerLot.get(lot.id) ?? 0} bids`)

    const closeEntries = log.filter((e) => e.kind === 'close')
    const sold = lot.status === 'SOLD'
    const lastBid = bids.filter((b) => b.lotId === lot.id).at(-1)
    if (closeEntries.length !== 1) closes.push(`${lot.id}: ${closeEntries.length} close entries`)
    else if (log.at(-1)!.kind !== 'close') closes.push(`${lot.id}: entries after the close`)
    if (lot.status !== 'SOLD' && lot.status !== 'UNSOLD') closes.push(`${lot.id}: status ${lot.status}`)
    if (sold !== Boolean(lastBid)) closes.push(`${lot.id}: ${lot.status} with ${lastBid ? 'bids' : 'no bids'}`)
    if (sold && (!lot.deal || lot.deal.priceFen !== lastBid!.amountFen || lot.deal.buyerId !== lastBid!.bidderId || lot.leaderId !== lastBid!.bidderId)) {
      closes.push(`${lot.id}: deal ${lot.deal ? `${lot.deal.priceFen} to ${lot.deal.buyerId}` : 'missing'}, last bid ${lastBid!.amountFen} by ${lastBid!.bidderId}`)
    }
    if (!sold && lot.deal) closes.push(`${lot.id}: a deal on an unsold lot`)
  }
  fail('LotEvent seq per lot has no gaps, hash chain verifies, one entry per bid', chain, `${events} entries over ${lots.length} lots`)
  fail('each closed lot has exactly one close entry (last) and one deal iff sold, at the last price to the leader', closes, `${lots.length} lots closed once, ${lots.filter((l) => l.deal).length} deals`)

  const audits = await db.auditLog.groupBy({ by: ['entityId'], where: { entityType: 'Lot', action: 'lot.bid', entityId: { in: lotIds } }, _count: { _all: true } })
  const auditOf = new Map(audits.map((a) => [a.entityId, a._count._all]))
  const audit: string[] = []
  for (const id of lotIds) if ((auditOf.get(id) ?? 0) !== (storedPerLot.get(id) ?? 0)) audit.push(`${id}: ${auditOf.get(id) ?? 0} audit entries, ${storedPerLot.get(id) ?? 0} bids`)
  fail('an audit entry for every stored bid', audit, `${bids.length} lot.bid audit entries`)
  return checks
}
