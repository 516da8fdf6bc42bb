// Staff's "needs attention" list: each problem with money says what to do,
// and its action, run through the same service the staff page calls, clears it.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { reconcilePayment } from '~/services/card-payments.server.ts'
import { forfeitDeposit, refundLosingDeposits, startDepositPayment } from '~/services/deposits.server.ts'
import { paymentsNeedingAttention, type AttentionItem } from '~/services/payment-reports.server.ts'
import { payoutReward } from '~/services/payouts.server.ts'
import { refundSettlement, startSettlementPayment } from '~/services/settlements.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { sayIt, type Said } from '~/utils/said.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { TEST_CARDS } from '../../server/mock-provider/provider.ts'
import { createDeal } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { card, makePrincipal, makeSession, register, testClient, resetProvider, startWiredProvider } from '../support/payments.ts'
import { largestDepositLot } from '../support/payments.ts'
import { makeApprovedReward } from '../support/rewards.ts'
import { fixedT } from '~/i18n/catalogue.ts'

let db: Db
let close: () => Promise<void>
let mock: RunningMockProvider
let staff: Principal
const { client: provider } = testClient()
const HOUR = 3_600_000

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  mock = startWiredProvider(db)
  staff = await makePrincipal(db, 'BUREAU', '丽水市科学技术局')
})
afterAll(async () => {
  mock?.close()
  await close?.()
})
beforeEach(() => resetProvider(mock))

async function items(now = new Date()): Promise<AttentionItem[]> {
  return paymentsNeedingAttention(db, now, staff.organizationId)
}

const say = (said: Said) => sayIt(fixedT('zh-CN'), 'zh-CN', said)

test('every problem has a next action that works, and the action clears it', async () => {
  const t0 = new Date()
  const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now: t0, lotDeposits: [1_000_000, 1_000_000] })
  const [late, loser, stuckPayer, decliner] = await Promise.all(
    ['迟付企业', '未成交企业', '结果未知企业', '被拒企业'].map(async (name) => {
      const e = await makePrincipal(db, 'ENTERPRISE', name)
      await register(db, session.id, e)
      return e
    }),
  )
  // deposits per lot (decision 021): lot 1's for the late payer and the loser, lot 2's for the one whose answer is lost
  for (const e of [late!, loser!]) await startDepositPayment(db, provider, e, { lotId: lots[0]!.id, card: card() }, t0)
  // a declined card: the enterprise's to retry, no staff button
  await startDepositPayment(db, provider, decliner!, { lotId: lots[0]!.id, card: card(TEST_CARDS.declined) }, t0)
  // an answer lost after the charge
  mock.provider.webhookMode = 'manual'
  mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
  const stuck = await startDepositPayment(db, testClient({ maxAttempts: 1 }).client, stuckPayer!, { lotId: lots[1]!.id, card: card() }, t0)
  mock.provider.pending = []
  mock.provider.webhookMode = 'auto'
  await mock.provider.webhooksSettled()

  await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
  const deadline = new Date(t0.getTime() + HOUR)
  const deal = await createDeal(db, lots[0]!, late!, { priceFen: 5_000_000, paymentDeadline: deadline })
  // the stuck payer's deposit counts as a winner's, so the loser is the only one to refund
  await createDeal(db, lots[1]!, stuckPayer!, { priceFen: 5_000_000, paymentDeadline: new Date(t0.getTime() + 48 * HOUR) })

  const afterDeadline = new Date(deadline.getTime() + HOUR)
  let list = await items(afterDeadline)
  const byIntent = (intent: string) => list.filter((i) => i.action?.intent === intent)
  expect(byIntent('reconcile').map((i) => i.paymentId)).toEqual([stuck.paymentId])
  expect(byIntent('forfeit').map((i) => i.action)).toEqual([{ intent: 'forfeit', dealId: deal.id, label: 'serverText.attention.overdueAction' }])
  expect(byIntent('refund-losers').map((i) => i.action)).toEqual([{ intent: 'refund-losers', sessionId: session.id, label: 'serverText.attention.losersAction' }])
  expect(byIntent('refund-losers')[0]!.amountFen).toBe(1_000_000)
  const declined = list.find((i) => i.status === 'FAILED' && i.kind === 'DEPOSIT')!
  expect(declined.action).toBeNull()
  expect(say(declined.problem)).toBe('银行卡被发卡行拒绝，请换一张卡或联系发卡行。')
  expect(say(declined.advice)).toContain('由付款企业换卡或稍后重新支付')
  expect(sayIt(fixedT('en'), 'en', declined.advice)).toContain('the enterprise pays again')

  // each action, as the staff page runs it
  expect((await reconcilePayment(db, provider, byIntent('reconcile')[0]!.paymentId!, afterDeadline)).status).toBe('SUCCEEDED')
  expect((await forfeitDeposit(db, staff, deal.id, afterDeadline))?.status).toBe('FORFEITED')
  expect((await refundLosingDeposits(db, provider, staff, session.id, afterDeadline)).map((o) => o.status)).toEqual(['REFUNDED'])
  await mock.provider.webhooksSettled()
  list = await items(afterDeadline)
  expect(list.filter((i) => i.action)).toEqual([])
})

test('a settlement that lands after the deal was forfeited: listed with "refund", and refunded once', async () => {
  const t0 = new Date()
  const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now: t0, lotDeposits: [1_000_000] })
  const e = await makePrincipal(db, 'ENTERPRISE', '晚到企业')
  await register(db, session.id, e)
  await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, t0)
  await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
  const deadline = new Date(t0.getTime() + HOUR)
  const deal = await createDeal(db, lots[0]!, e, { priceFen: 4_000_000, paymentDeadline: deadline })
  // the winner's first card is declined, the second goes through but its answer is lost; every webhook is held
  mock.provider.webhookMode = 'manual'
  expect((await startSettlementPayment(db, provider, e, { dealId: deal.id, card: card(TEST_CARDS.declined) }, t0)).status).toBe('FAILED')
  mock.provider.timeoutNextAfterEffect({ path: /confirm$/ })
  const settlement = await startSettlementPayment(db, testClient({ maxAttempts: 1 }).client, e, { dealId: deal.id, card: card() }, t0)
  expect(settlement.status).toBe('PROCESSING')
  // staff cannot forfeit while it is processing
  const afterDeadline = new Date(deadline.getTime() + 1)
  await expect(forfeitDeposit(db, staff, deal.id, afterDeadline)).rejects.toMatchObject({ code: 'conflict' })
  // the first attempt's decline arrives late and marks it failed; the deal is then forfeited
  const [declineEvent, successEvent] = mock.provider.pending
  expect([declineEvent?.type, successEvent?.type]).toEqual(['payment_intent.payment_failed', 'payment_intent.succeeded'])
  mock.provider.pending = [declineEvent!]
  await mock.provider.deliverPending()
  expect((await db.payment.findUniqueOrThrow({ where: { id: settlement.paymentId } })).status).toBe('FAILED')
  await forfeitDeposit(db, staff, deal.id, afterDeadline)
  // now the success arrives: the money is in, for a deal that is gone
  mock.provider.pending = [successEvent!]
  await mock.provider.deliverPending()
  expect((await db.payment.findUniqueOrThrow({ where: { id: settlement.paymentId } })).status).toBe('SUCCEEDED')
  expect(await db.deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ status: 'DEFAULTED' })
  const item = (await items()).find((i) => i.paymentId === settlement.paymentId)!
  expect(item).toMatchObject({ action: { intent: 'refund-settlement', paymentId: settlement.paymentId, label: 'serverText.attention.paidAfterDefaultAction' }, amountFen: 3_000_000 })

  await expect(refundSettlement(db, provider, e, settlement.paymentId, new Date())).rejects.toMatchObject({ code: 'forbidden' })
  const refunds = mock.provider.refunds.size
  mock.provider.webhookMode = 'auto'
  expect(await refundSettlement(db, provider, staff, settlement.paymentId, new Date())).toMatchObject({ status: 'REFUNDED' })
  // a second click says so and sends nothing
  await expect(refundSettlement(db, provider, staff, settlement.paymentId, new Date())).rejects.toMatchObject({ code: 'wrong-status', key: 'validation.payment.alreadyRefunded', message: '该款项已退还' })
  await mock.provider.webhooksSettled()
  expect(mock.provider.refunds.size - refunds).toBe(1)
  const ledger = await db.ledgerEntry.findMany({ where: { paymentId: settlement.paymentId } })
  expect(ledger.map((l) => l.kind).sort()).toEqual(['settlement_received', 'settlement_refunded'])
  expect((await items()).some((i) => i.paymentId === settlement.paymentId && i.action)).toBe(false)
})

test('a settlement of a deal still standing is not refunded by the "paid after default" action', async () => {
  const t0 = new Date()
  const { session, lots } = await makeSession(db, { bureauId: staff.organizationId, now: t0, lotDeposits: [1_000_000] })
  const e = await makePrincipal(db, 'ENTERPRISE', '按时企业')
  await register(db, session.id, e)
  await startDepositPayment(db, provider, e, { lotId: await largestDepositLot(db, session.id), card: card() }, t0)
  await db.auctionSession.update({ where: { id: session.id }, data: { status: 'CLOSED' } })
  const deal = await createDeal(db, lots[0]!, e, { priceFen: 4_000_000, paymentDeadline: new Date(t0.getTime() + HOUR) })
  const paid = await startSettlementPayment(db, provider, e, { dealId: deal.id, card: card() }, t0)
  await mock.provider.webhooksSettled()
  await expect(refundSettlement(db, provider, staff, paid.paymentId, new Date())).rejects.toMatchObject({ code: 'not-allowed', key: 'settlement.not-defaulted' })
})

test('a failed payout is listed with "retry", and the retry pays it', async () => {
  const enterprise = await makePrincipal(db, 'ENTERPRISE', '获奖企业', `FAILACCT${randomBytes(3).toString('hex').toUpperCase()}`)
  await db.organization.update({ where: { id: enterprise.organizationId }, data: { creditCode: `FAIL${randomBytes(6).toString('hex')}` } })
  const reward = await makeApprovedReward(db, staff, enterprise, { amountFen: 1_000_000, paidFen: 10_000_000, now: new Date() })
  const failed = await payoutReward(db, provider, staff, reward.id, new Date())
  await mock.provider.webhooksSettled()
  expect(failed.status).toBe('FAILED')
  const item = (await items()).find((i) => i.paymentId === failed.paymentId)!
  expect(item).toMatchObject({ kind: 'REWARD_PAYOUT', payer: enterprise.name, action: { intent: 'retry-payout', rewardId: reward.id, label: 'serverText.attention.payoutFailedAction' } })
  // the account is fixed, then the action
  await db.organization.update({ where: { id: enterprise.organizationId }, data: { creditCode: `OK${randomBytes(6).toString('hex')}` } })
  expect((await payoutReward(db, provider, staff, item.action!.intent === 'retry-payout' ? item.action!.rewardId : '', new Date())).status).toBe('SUCCEEDED')
  await mock.provider.webhooksSettled()
  expect((await items()).some((i) => i.paymentId === failed.paymentId)).toBe(false)
})
