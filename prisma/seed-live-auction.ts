// The demo's live session: this quarter's, with one lot being bid on now (two
// bids already), one ending in a few hours, one starting tomorrow; two demo
// enterprises approved with their deposits paid (one per lot), one waiting for approval.
// Everything goes through the real services (planning, payments against a
// throwaway in-memory mock, the bid path), so the lot log, ledger and audit
// entries are as if it had happened. Runs once: skipped when this quarter
// already has a session. SEED_LIVE_AUCTION=false leaves it out (the browser
// tests plan their own session for the quarter).
import type { Principal } from '../app/domain/access.ts'
import { quarterOf, quarterSpan } from '../app/domain/auction-planning.ts'
import { publishSession } from '../app/services/auction-notice.server.ts'
import { addLot, applyToSession, createSession, decideRegistration } from '../app/services/auctions.server.ts'
import { placeBid } from '../app/services/bidding.server.ts'
import { startDepositPayment } from '../app/services/deposits.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { createPaymentProvider } from '../app/utils/payment-provider.server.ts'
import { shanghaiDate } from '../app/utils/format.ts'
import { directFetch, MockPaymentProvider, TEST_CARDS } from '../server/mock-provider/provider.ts'
import { getEnv } from '../app/utils/env.server.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const wan = (n: number) => n * 10_000 * 100

export async function seedLiveAuction(db: Db, orgId: (name: string) => string, now: Date): Promise<void> {
  if (!getEnv().SEED_LIVE_AUCTION) return
  const quarter = quarterOf(shanghaiDate(now))
  const span = quarterSpan(quarter)!
  const staffUser = await db.user.findFirstOrThrow({ where: { role: 'STAFF' }, orderBy: { email: 'asc' } })
  if (await db.auctionSession.findUnique({ where: { bureauId_regularQuarter: { bureauId: staffUser.organizationId, regularQuarter: quarter } }, select: { id: true } })) return
  const last = span.endsAt - MIN
  // Too close to the quarter's end for a useful demo: leave it to staff.
  if (now.getTime() + 2 * HOUR > last) return

  const principal = async (organizationName: string): Promise<Principal> => {
    const user = await db.user.findFirstOrThrow({ where: { organizationId: orgId(organizationName) }, orderBy: { email: 'asc' } })
    return { userId: user.id, role: user.role, organizationId: user.organizationId }
  }
  const staff: Principal = { userId: staffUser.id, role: 'STAFF', organizationId: staffUser.organizationId }
  // Announced ten days ago with three days to register: registration closed three days before the first lot opened.
  const planned = new Date(now.getTime() - 10 * 24 * HOUR)
  const session = await createSession(
    db,
    staff,
    { quarter, title: `${quarter.slice(0, 4)}年第${quarter.slice(5)}季度科技成果竞价会`, startsAt: new Date(span.startsAt), endsAt: new Date(span.endsAt) },
    planned,
  )

  const available = await db.researchResult.findMany({ where: { status: 'PUBLISHED', askingPriceFen: { not: null } }, orderBy: { title: 'asc' }, take: 3 })
  const t = now.getTime()
  const plans = [
    { startsAt: t - HOUR, endsAt: t + 2 * 24 * HOUR, startingPriceFen: wan(30), incrementFen: wan(1), reserveFen: null },
    { startsAt: t - 10 * MIN, endsAt: t + 3 * HOUR, startingPriceFen: wan(50), incrementFen: wan(2), reserveFen: wan(60) },
    { startsAt: t + 24 * HOUR, endsAt: t + 26 * HOUR, startingPriceFen: wan(20), incrementFen: wan(0.5), reserveFen: null },
  ]
  const lotIds: string[] = []
  for (const [i, result] of available.entries()) {
    const p = plans[i]!
    const endsAt = Math.min(p.endsAt, last)
    if (p.startsAt >= endsAt) continue
    const lot = await addLot(
      db,
      staff,
      session.id,
      { resultId: result.id, startingPriceFen: p.startingPriceFen, incrementFen: p.incrementFen, reserveFen: p.reserveFen, deposit: { kind: 'fixed', fen: p.startingPriceFen / 10 }, startsAt: new Date(p.startsAt), endsAt: new Date(endsAt), extensionMinutes: 5 },
      planned,
    )
    lotIds.push(lot.id)
  }

  if (lotIds.length === 0) return
  await publishSession(db, staff, session.id, { registrationDays: 3 }, planned)

  const mock = new MockPaymentProvider({ secretKey: 'sk_seed', webhookSecret: 'whsec_seed_demo_only' })
  const provider = createPaymentProvider({ baseUrl: 'http://seed.invalid', secretKey: 'sk_seed', fetch: directFetch(mock) })
  const bidders: Principal[] = []
  for (const name of ['浙江科马摩擦材料有限公司', '宇恒电池股份有限公司', '浙江基力思汽车空调有限公司']) {
    const enterprise = await principal(name)
    const registration = await applyToSession(db, enterprise, session.id, planned)
    if (name === '浙江基力思汽车空调有限公司') continue // waits for staff
    await decideRegistration(db, staff, registration.id, true, undefined, planned)
    // One deposit per lot (decision 021): the demo's two bidders pay for every lot.
    for (const lotId of lotIds) {
      await startDepositPayment(db, provider, enterprise, { lotId, card: { number: TEST_CARDS.success, expMonth: 12, expYear: 2030, cvc: '123' } }, new Date(t - 2 * HOUR))
    }
    bidders.push(enterprise)
  }
  const [first] = lotIds
  if (first && bidders.length === 2) {
    await placeBid(db, bidders[0]!, { lotId: first, amountFen: plans[0]!.startingPriceFen, clientBidId: 'seed-1' }, new Date(t - 40 * MIN))
    await placeBid(db, bidders[1]!, { lotId: first, amountFen: plans[0]!.startingPriceFen + plans[0]!.incrementFen, clientBidId: 'seed-2' }, new Date(t - 25 * MIN))
  }
}
