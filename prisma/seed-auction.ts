// The demo's past auction session (prisma/seed-data.ts `pastAuction`): the
// previous quarter's session, closed, with its deposits, deals, a balance paid
// and a refund. The money goes through the real payment services against a
// throwaway in-memory mock provider, so every payment has its ledger postings
// and audit history exactly as if it had happened; the one deposit still held
// (the unpaid winner's) is later applied or forfeited, which needs no
// provider. Runs once: skipped when a session with this title exists.
import type { Principal } from '../app/domain/access.ts'
import { quarterOf } from '../app/domain/auction-planning.ts'
import { CLOSE_GRACE_MS } from '../app/domain/auction.ts'
import { formatCalendarDate, shanghaiCalendarDate, shanghaiWallClockToInstant } from '../app/domain/calendar.ts'
import { fenToDb } from '../app/domain/money.ts'
import { placeBid } from '../app/services/bidding.server.ts'
import { closeLotIfDue, openLotIfDue } from '../app/services/lot-control.server.ts'
import { refundLosingDeposits, startDepositPayment } from '../app/services/deposits.server.ts'
import { startSettlementPayment } from '../app/services/settlements.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { createPaymentProvider } from '../app/utils/payment-provider.server.ts'
import { directFetch, MockPaymentProvider, TEST_CARDS } from '../server/mock-provider/provider.ts'
import { pastAuction } from './seed-data.ts'

const DAY = 86_400_000

/** The quarter before `now`'s (in Shanghai) and a day near its end for the session. */
function previousQuarter(now: Date): { quarter: string; day: Date } {
  const today = shanghaiCalendarDate(now.getTime())
  const firstMonthOfQuarter = Math.floor((today.month - 1) / 3) * 3 + 1
  // 09:00 Shanghai, six days before the current quarter began
  const dayMs = shanghaiWallClockToInstant({ year: today.year, month: firstMonthOfQuarter, day: 1 }, 9) - 6 * DAY
  return { quarter: quarterOf(formatCalendarDate(shanghaiCalendarDate(dayMs))), day: new Date(dayMs) }
}

export async function seedPastAuction(db: Db, orgId: (name: string) => string, now: Date): Promise<void> {
  if (await db.auctionSession.findFirst({ where: { title: pastAuction.title }, select: { id: true } })) return
  const { quarter, day } = previousQuarter(now)
  const staffUser = await db.user.findFirstOrThrow({ where: { role: 'STAFF' }, orderBy: { email: 'asc' } })
  // The quarter may already have a session of someone's making; the demo then goes without this one.
  if (await db.auctionSession.findUnique({ where: { bureauId_regularQuarter: { bureauId: staffUser.organizationId, regularQuarter: quarter } }, select: { id: true } })) return

  const startsAt = day
  const endsAt = new Date(day.getTime() + 8 * 3_600_000) // eight hours of bidding
  const mock = new MockPaymentProvider({ secretKey: 'sk_seed', webhookSecret: 'whsec_seed_demo_only' })
  const provider = createPaymentProvider({ baseUrl: 'http://seed.invalid', secretKey: 'sk_seed', fetch: directFetch(mock) })
  const principal = async (organizationName: string): Promise<Principal> => {
    const user = await db.user.findFirstOrThrow({ where: { organizationId: orgId(organizationName) }, orderBy: { email: 'asc' } })
    return { userId: user.id, role: user.role, organizationId: user.organizationId }
  }
  const staff: Principal = { userId: staffUser.id, role: 'STAFF', organizationId: staffUser.organizationId }

  const session = await db.auctionSession.create({
    data: { bureauId: staff.organizationId, quarter, regularQuarter: quarter, title: `${quarter.slice(0, 4)}年第${quarter.slice(5)}季度${pastAuction.title}`, status: 'PLANNED', startsAt, endsAt, createdAt: new Date(startsAt.getTime() - 30 * DAY), publishedAt: new Date(startsAt.getTime() - 21 * DAY), registrationClosesAt: new Date(startsAt.getTime() - 7 * DAY) },
  })
  const lots = []
  let number = 0
  for (const l of pastAuction.lots) {
    const result = await db.researchResult.findFirstOrThrow({ where: { title: l.resultTitle } })
    await db.researchResult.update({ where: { id: result.id }, data: { status: 'IN_AUCTION' } })
    lots.push({
      plan: l,
      result,
      lot: await db.lot.create({
        data: {
          sessionId: session.id,
          number: ++number,
          resultId: result.id,
          startingPriceFen: fenToDb(l.startingPriceFen),
          incrementFen: fenToDb(l.incrementFen),
          depositFen: fenToDb(l.depositFen),
          startsAt,
          endsAt,
        },
      }),
    })
  }
  const paidAt = new Date(startsAt.getTime() - 3 * DAY)
  // One deposit per lot an enterprise means to bid on (decision 021): a sold lot's buyer and its rival (the first
  // other registered enterprise, as the bidding below) pay that lot's; an enterprise in neither pays for the
  // unsold lots (it registered for them, then did not bid).
  const rivalOf = (buyerName: string) => pastAuction.registrations.find((n) => n !== buyerName)!
  const biddersOf = (plan: (typeof pastAuction.lots)[number]) => (plan.sold ? [plan.sold.buyerName, rivalOf(plan.sold.buyerName)] : [])
  for (const name of pastAuction.registrations) {
    const enterprise = await principal(name)
    await db.registration.create({ data: { sessionId: session.id, enterpriseId: enterprise.organizationId, status: 'APPROVED', decidedAt: new Date(paidAt.getTime() - DAY) } })
    const bidsOnSold = lots.some(({ plan }) => biddersOf(plan).includes(name))
    for (const { plan, lot } of lots) {
      if (!(biddersOf(plan).includes(name) || (!plan.sold && !bidsOnSold))) continue
      await startDepositPayment(db, provider, enterprise, { lotId: lot.id, card: { number: TEST_CARDS.success, expMonth: 12, expYear: 2030, cvc: '123' } }, paidAt)
    }
  }

  // The bidding and the close through the auction services themselves (clock open, bids, clock close), so every
  // sold lot has its bids and its hash-chained log, and the public record says only what the log holds.
  const deadline = new Date(Math.max(endsAt.getTime() + 15 * DAY, now.getTime() + 7 * DAY))
  const deals: { dealId: string; buyer: string; pay: boolean }[] = []
  const bidders = await Promise.all(pastAuction.registrations.map((name) => principal(name)))
  for (const { plan, lot } of lots) {
    await openLotIfDue(db, lot.id, new Date(startsAt.getTime() + 1000))
    const sold = plan.sold
    if (sold) {
      const buyer = await principal(sold.buyerName)
      const rival = bidders.find((b) => b.organizationId !== buyer.organizationId)!
      // A rival opens at the start price; the buyer answers with the final price (a jump bid, as the rules allow).
      const ladder: { who: Principal; amountFen: number }[] = sold.priceFen > plan.startingPriceFen
        ? [{ who: rival, amountFen: plan.startingPriceFen }, { who: buyer, amountFen: sold.priceFen }]
        : [{ who: buyer, amountFen: sold.priceFen }]
      let at = startsAt.getTime() + 3_600_000
      for (const step of ladder) {
        const outcome = await placeBid(db, step.who, { lotId: lot.id, amountFen: step.amountFen, clientBidId: `seed-${lot.number}-${at}` }, new Date(at))
        if (!outcome.accepted) throw new Error(`seed: bid ${step.amountFen} on lot ${lot.number} refused (${outcome.reason})`)
        at += 40 * 60_000
      }
    }
    await closeLotIfDue(db, lot.id, new Date(endsAt.getTime() + CLOSE_GRACE_MS + 1000))
    if (!sold) continue
    const deal = await db.deal.findUniqueOrThrow({ where: { lotId: lot.id } })
    // The demo keeps one balance awaiting payment: its deadline is moved past today, and the audit log says so.
    await db.deal.update({ where: { id: deal.id }, data: { paymentDeadline: deadline } })
    await db.auditLog.create({
      data: { actorId: staff.userId, action: 'deal.deadline', entityType: 'Lot', entityId: lot.id, reason: '演示数据：付款期限顺延', data: { dealId: deal.id, paymentDeadline: deadline.toISOString() }, at: new Date(endsAt.getTime() + 2000) },
    })
    deals.push({ dealId: deal.id, buyer: sold.buyerName, pay: sold.balancePaid })
  }
  await db.auditLog.create({
    data: { actorId: staff.userId, action: 'session.seed', entityType: 'AuctionSession', entityId: session.id, reason: '演示数据：已结束的场次（出价与结束经由竞价服务）', at: endsAt },
  })
  await refundLosingDeposits(db, provider, staff, session.id, new Date(endsAt.getTime() + 3_600_000))
  for (const d of deals.filter((x) => x.pay)) {
    await startSettlementPayment(db, provider, await principal(d.buyer), { dealId: d.dealId, card: { number: TEST_CARDS.success, expMonth: 12, expYear: 2030, cvc: '123' } }, new Date(endsAt.getTime() + 2 * DAY))
  }
}
