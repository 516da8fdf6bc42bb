// The random sequences of tests/domain/payments-property.test.ts, fewer of
// them, through the real services, the real database and the msw mock
// provider, webhooks through the signed webhook handler.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { historyExplains, postingsForStatus, type PaymentStatus } from '~/domain/payments.ts'
import { ServiceError } from '~/utils/errors.ts'
import { reconcilePayment } from '~/services/card-payments.server.ts'
import { applyDepositToPrice, findDeposit, forfeitDeposit, refundDeposit, startDepositPayment } from '~/services/deposits.server.ts'
import { depositReport } from '~/services/payment-reports.server.ts'
import type { Db } from '~/utils/db.server.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { createDeal } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { armFault, cardNumber, CLIENT_ATTEMPTS, depositAmountsArb, ENTERPRISES, sequenceArb, type Command } from '../support/payment-commands.ts'
import { card, makePrincipal, makeSession, register, testClient, startWiredProvider } from '../support/payments.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let staff: Principal
const now = new Date('2026-11-23T02:00:00Z')
const { client } = testClient({ timeoutMs: 60, maxAttempts: CLIENT_ATTEMPTS })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db, () => now, { webhookMode: 'manual', hangMs: 500 })
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
})
afterAll(async () => {
  mock?.close()
  await close?.()
})

async function refusalsOnly(work: Promise<unknown>) {
  try {
    await work
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
  }
}

async function runOnDatabase(amounts: number[], commands: Command[]) {
  const { session, lots } = await makeSession(db, { now, lotDeposits: amounts })
  const enterprises: Principal[] = []
  for (let i = 0; i < ENTERPRISES; i++) {
    const e = await makePrincipal(db, 'ENTERPRISE', `企业${i}`)
    await register(db, session.id, e)
    enterprises.push(e)
  }
  // Enterprise i pays the deposit of lot i (decision 021: one per lot) and may win that lot.
  const deals = new Map<number, string>()
  const dealFor = async (who: number, overdue: boolean) => {
    if (!deals.has(who)) {
      const d = await createDeal(db, lots[who]!, enterprises[who]!, { priceFen: Math.max(...amounts) * 2, paymentDeadline: new Date(now.getTime() + (overdue ? -1 : 1) * 86_400_000) })
      deals.set(who, d.id)
    }
    return deals.get(who)!
  }
  const depositOf = (who: number) => findDeposit(db, lots[who]!, enterprises[who]!.organizationId)

  for (const c of commands) {
    switch (c.type) {
      case 'pay':
        armFault(mock.provider, c.fault)
        await refusalsOnly(startDepositPayment(db, client, enterprises[c.who]!, { lotId: lots[c.who]!.id, card: card(cardNumber(c.card)) }, now))
        mock.provider.clearFaults()
        break
      case 'deliver':
        await mock.provider.deliverPending({ times: c.times, order: c.order })
        break
      case 'replay': {
        const event = mock.provider.events[c.pick % Math.max(1, mock.provider.events.length)]
        if (event) {
          mock.provider.pending.push(...Array.from({ length: c.times }, () => event))
          await mock.provider.deliverPending()
        }
        break
      }
      case 'refund': {
        const d = await depositOf(c.who)
        // a deposit backing an open deal is refused by the service, which is a fine outcome too
        if (d) await refusalsOnly(refundDeposit(db, client, staff, d.id, now))
        break
      }
      case 'apply':
        await refusalsOnly(applyDepositToPrice(db, staff, await dealFor(c.who, false), now))
        break
      case 'forfeit':
        await refusalsOnly(forfeitDeposit(db, staff, await dealFor(c.who, true), now))
        break
      case 'reconcile': {
        const d = await depositOf(c.who)
        if (d) await reconcilePayment(db, client, d.id, now)
        break
      }
    }
  }
  await mock.provider.deliverPending()
  for (let who = 0; who < ENTERPRISES; who++) {
    const d = await depositOf(who)
    if (d) await reconcilePayment(db, client, d.id, now)
  }
  await checkDatabase(session.id)
}

async function checkDatabase(sessionId: string) {
  const payments = await db.payment.findMany({ where: { sessionId }, include: { ledgerEntries: true } })
  let cash = 0
  for (const p of payments) {
    expect(p.ledgerEntries.map((e) => e.kind).sort()).toEqual([...postingsForStatus(p.kind, p.status)].sort())
    const trail = await db.auditLog.findMany({ where: { entityType: 'Payment', entityId: p.id, toStatus: { not: null } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
    expect(historyExplains(p.kind, trail.map((a) => ({ from: a.fromStatus as PaymentStatus | null, to: a.toStatus as PaymentStatus })), p.status)).toBe(true)
    for (const e of p.ledgerEntries) {
      if (e.debit === 'provider_cash') cash += Number(e.amountFen)
      if (e.credit === 'provider_cash') cash -= Number(e.amountFen)
    }
    // the provider's side of the same payment: one charge at most, and the same net amount
    const charges = [...mock.provider.charges.values()].filter((ch) => ch.intentId === p.providerId)
    expect(charges.length).toBeLessThanOrEqual(1)
    const net = charges.reduce((s, ch) => s + ch.amount - ch.amountRefunded, 0)
    const booked = p.ledgerEntries.reduce((s, e) => s + (e.debit === 'provider_cash' ? 1 : e.credit === 'provider_cash' ? -1 : 0) * Number(e.amountFen), 0)
    expect(booked).toBe(net)
  }
  expect(Number.isSafeInteger(cash)).toBe(true)
  const report = await depositReport(db, sessionId)
  expect(report.balanced).toBe(true)
  expect(report.held).toBe(report.paid - report.refunded - report.applied - report.forfeited)
}

describe('money is never created or lost, on the database', () => {
  test('random sequences through the services', async () => {
    await fc.assert(
      fc.asyncProperty(depositAmountsArb, sequenceArb, async (amounts, commands) => runOnDatabase(amounts, commands)),
      { numRuns: Number(process.env.PAYMENT_DB_RUNS ?? 25) },
    )
  }, 240_000)
})
