// Browser-test fixtures: situations the browser cannot make by itself yet,
// built inside the web process through the real services and the process's
// own mock provider. Mounted only when E2E_FIXTURES=1 outside production with
// the mock in use (playwright.config.ts sets it); never in a real deployment.
import express, { type Router } from 'express'
import { startDepositPayment, forfeitDeposit } from '../app/services/deposits.server.ts'
import { startSettlementPayment } from '../app/services/settlements.server.ts'
import type { Principal } from '../app/domain/access.ts'
import { ServiceError } from '../app/utils/errors.ts'
import { getDb } from '../app/utils/db.server.ts'
import { createPaymentProvider, getPaymentProvider, providerSettings } from '../app/utils/payment-provider.server.ts'
import type { RunningMockProvider } from './mock-provider/handlers.ts'
import { TEST_CARDS } from './mock-provider/provider.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { audit } from '../app/services/audit.server.ts'
import { writeReminders } from '../app/services/notifications.server.ts'

const HOUR = 3_600_000
const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: '123' })

export function e2eFixturesEnabled(): boolean {
  return getEnv().E2E_FIXTURES && getEnv().NODE_ENV !== 'production' && providerSettings().isMock
}

async function principal(email: string): Promise<Principal & { organizationName: string }> {
  const user = await getDb().user.findUniqueOrThrow({ where: { email }, include: { organization: true } })
  return { userId: user.id, role: user.role, organizationId: user.organizationId, organizationName: user.organization.name }
}

/**
 * POST /__e2e/settlement-after-default: a closed session whose winner's
 * balance was confirmed only after the deal had been forfeited (the first
 * card's decline arrived late and marked the second attempt failed), the
 * case staff must refund by hand.
 */
async function settlementAfterDefault(mock: RunningMockProvider) {
  const db = getDb()
  const winner = await principal('jilisi@demo.kjj.example')
  const now = new Date()
  // It all happened in the last hour; the deadline passed a minute ago.
  const before = new Date(now.getTime() - 30 * 60_000)
  const tag = now.getTime().toString(36).toUpperCase()
  const result = await db.researchResult.findFirstOrThrow({ where: { status: 'PUBLISHED' }, orderBy: { createdAt: 'asc' } })
  const session = await db.auctionSession.create({
    data: { bureauId: (await db.organization.findFirstOrThrow({ where: { name: '丽水市科学技术局' } })).id, quarter: `E2E${tag}`, title: `浏览器测试场次 ${tag}`, status: 'LIVE', publishedAt: new Date(now.getTime() - 10 * 24 * HOUR), registrationClosesAt: new Date(now.getTime() - 4 * HOUR), startsAt: new Date(now.getTime() - 3 * HOUR), endsAt: new Date(now.getTime() - 2 * HOUR) },
  })
  const lot = await db.lot.create({
    data: { sessionId: session.id, number: 1, resultId: result.id, startingPriceFen: 20_000_000n, incrementFen: 100_000n, depositFen: 2_000_000n, startsAt: session.startsAt, endsAt: session.endsAt },
  })
  await db.registration.create({ data: { sessionId: session.id, enterpriseId: winner.organizationId, status: 'APPROVED' } })
  const provider = getPaymentProvider()
  await startDepositPayment(db, provider, winner, { lotId: lot.id, card: card(TEST_CARDS.success) }, new Date(now.getTime() - 4 * HOUR))
  await mock.provider.webhooksSettled()
  await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
  await db.lot.update({ where: { id: lot.id }, data: { status: 'SOLD', currentPriceFen: 25_000_000n, leaderId: winner.organizationId, closedAt: session.endsAt } })
  const deadline = new Date(now.getTime() - 60_000)
  const deal = await db.deal.create({
    data: { lotId: lot.id, resultId: result.id, buyerId: winner.organizationId, sellerId: result.ownerId, priceFen: 25_000_000n, paymentDeadline: deadline },
  })

  // Webhooks held while the two attempts happen: the first declined, the second charged but its answer lost.
  mock.provider.webhookMode = 'manual'
  try {
    await startSettlementPayment(db, provider, winner, { dealId: deal.id, card: card(TEST_CARDS.declined) }, before)
    const settings = providerSettings()
    const impatient = createPaymentProvider({ baseUrl: settings.baseUrl, secretKey: settings.secretKey, timeoutMs: 300, maxAttempts: 1 })
    mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
    const settlement = await startSettlementPayment(db, impatient, winner, { dealId: deal.id, card: card(TEST_CARDS.success) }, before)
    const held = mock.provider.pending
    const decline = held.find((e) => e.type === 'payment_intent.payment_failed')
    const success = held.find((e) => e.type === 'payment_intent.succeeded' && (e.data.object as { metadata?: { paymentId?: string } }).metadata?.paymentId === settlement.paymentId)
    if (!decline || !success) throw new Error('the mock did not emit the expected events')
    mock.provider.pending = [decline]
    await mock.provider.deliverPending()
    // (the payments queue's forfeit sweep may get there first: the same end state)
    await forfeitDeposit(db, null, deal.id, now).catch((error: unknown) => {
      if (!(error instanceof ServiceError && error.code === 'wrong-status')) throw error
    })
    mock.provider.pending = [success]
    await mock.provider.deliverPending()
    return { sessionId: session.id, dealId: deal.id, paymentId: settlement.paymentId, enterprise: winner.organizationName }
  } finally {
    mock.provider.webhookMode = 'auto'
  }
}

/**
 * POST /__e2e/deal-deadline-passed/:lotId: time travel for the whole-year test
 * (tests/e2e/auction-year.spec.ts). The balance of a lot sold a minute ago is
 * due in ten days; this moves the deal's payment deadline to a minute ago, as
 * if those days had passed, and writes that to the audit log (like the demo's
 * one moved deadline, prisma/seed-auction.ts). Nothing else changes: the
 * overdue reminder, the forfeit and everything after it are the real services'.
 */
async function dealDeadlinePassed(lotId: string) {
  const db = getDb()
  const now = new Date()
  const deadline = new Date(now.getTime() - 60_000)
  const moved = await db.$transaction(async (tx) => {
    const deal = await tx.deal.findUnique({ where: { lotId } })
    if (!deal) throw new ServiceError('not-found', 'lot.not-found')
    if (deal.status !== 'AWAITING_PAYMENT') throw new ServiceError('wrong-status', 'deal.deadline-passed')
    await tx.deal.update({ where: { id: deal.id }, data: { paymentDeadline: deadline } })
    await audit(tx, { actorId: null, action: 'deal.deadline', entityType: 'Lot', entityId: lotId, reason: 'browser test: the payment deadline moved into the past', data: { dealId: deal.id, paymentDeadline: deadline.toISOString() }, at: now })
    return { dealId: deal.id, paymentDeadline: deadline.toISOString() }
  })
  await writeReminders(db, new Date())
  return moved
}

export function e2eFixtures(mock: RunningMockProvider): Router {
  const router = express.Router()
  router.post('/settlement-after-default', (_req, res, next) => {
    settlementAfterDefault(mock).then((body) => res.json(body), next)
  })
  router.post('/deal-deadline-passed/:lotId', (req, res, next) => {
    dealDeadlinePassed(req.params.lotId).then((body) => res.json(body), next)
  })
  return router
}
