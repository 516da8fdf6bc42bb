// Property: whatever happens — payments, declines, retries, timeouts after the
// charge, refunds, deposits applied or forfeited, webhooks duplicated,
// reordered or replayed — money is never created or lost, and every payment
// ends in a state its history explains.
//
// Thousands of random sequences run here in memory: the real domain rules, the
// real provider client, the real mock provider (called without a network), and
// a small in-memory stand-in for the services' bookkeeping. The same commands
// run against the real services and database in
// tests/integration/payments-property.test.ts.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  accountBalances,
  confirmKey,
  decidePaymentTransition,
  lotDepositKey,
  depositsHeld,
  depositTotals,
  historyExplains,
  postingsBetween,
  postingsForStatus,
  refundKey,
  type PaymentEvent,
  type PaymentStatus,
  type Posting,
  type RecordedTransition,
} from '~/domain/payments.ts'
import { createPaymentProvider, PaymentProviderError, type PaymentIntent, type PaymentProvider } from '~/utils/payment-provider.server.ts'
import { ProviderEventSchema, SIGNATURE_HEADER, verifyWebhookSignature } from '~/utils/payment-webhook.server.ts'
import { directFetch, MockPaymentProvider } from '../../server/mock-provider/provider.ts'
import { armFault, cardNumber, CLIENT_ATTEMPTS, depositAmountsArb, ENTERPRISES, sequenceArb, type Command } from '../support/payment-commands.ts'

const SECRET = 'whsec_property_test'
const KEY = 'sk_test_property'
const NOW = new Date('2026-11-23T02:00:00Z')

type Pay = {
  id: string
  key: string
  amount: number
  status: PaymentStatus
  attempts: number
  providerId: string | null
  history: RecordedTransition[]
}

/** What the services do, kept in memory: one status change at a time through the domain rules. */
class Books {
  readonly payments: Pay[] = []
  readonly ledger: (Posting & { paymentId: string })[] = []
  readonly seenEvents = new Set<string>()

  constructor(
    private readonly client: PaymentProvider,
    private readonly amounts: number[],
  ) {}

  paymentOf(who: number): Pay {
    let p = this.payments[who]
    if (!p) {
      p = { id: `pay_${who}`, key: lotDepositKey('l1', `e${who}`), amount: this.amounts[who]!, status: 'REQUIRES_PAYMENT', attempts: 0, providerId: null, history: [{ from: null, to: 'REQUIRES_PAYMENT' }] }
      this.payments[who] = p
    }
    return p
  }

  /** Applies an event; false when refused. Postings are unique per payment and kind, as in the database. */
  move(p: Pay, event: PaymentEvent): boolean {
    const d = decidePaymentTransition('DEPOSIT', p.status, event)
    if (d.type === 'refuse') return false
    if (d.type !== 'move') return true
    for (const kind of postingsBetween('DEPOSIT', p.status, d.to)) {
      if (this.ledger.some((e) => e.paymentId === p.id && e.kind === kind)) throw new Error(`duplicate posting ${kind} for ${p.id}`)
      this.ledger.push({ paymentId: p.id, kind, amountFen: p.amount })
    }
    p.history.push({ from: p.status, to: d.to })
    if (event === 'attempt') p.attempts++
    p.status = d.to
    return true
  }

  applyIntent(p: Pay, intent: PaymentIntent) {
    if (intent.status === 'succeeded') this.move(p, 'succeeded')
    else if (intent.status === 'requires_payment_method' && intent.last_payment_error) this.move(p, 'failed')
  }

  async pay(who: number, card: string) {
    const p = this.paymentOf(who)
    if (!this.move(p, 'attempt')) return
    if (!p.providerId) {
      try {
        p.providerId = (await this.client.createPaymentIntent({ amount: p.amount, currency: 'CNY', metadata: { paymentId: p.id } }, p.key)).id
      } catch {
        this.move(p, 'failed')
        return
      }
    }
    try {
      this.applyIntent(p, await this.client.confirmPaymentIntent(p.providerId, { number: card, expMonth: 12, expYear: 2030, cvc: '123' }, confirmKey(p.key, p.attempts)))
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error
      if (error.isCardError) this.move(p, 'failed')
      // As the service does: an intent that already succeeded (a late decline of an earlier attempt marked it failed) is looked up.
      else if (error.details.providerCode === 'payment_intent_unexpected_state') await this.reconcile(who)
      else if (!error.isOutcomeUnknown) throw error
    }
  }

  async refund(who: number) {
    const p = this.payments[who]
    if (!p || decidePaymentTransition('DEPOSIT', p.status, 'refund').type !== 'allow') return
    try {
      const r = await this.client.createRefund({ paymentIntent: p.providerId!, amount: p.amount, metadata: {} }, refundKey(p.id))
      if (r.status === 'succeeded') this.move(p, 'refunded')
    } catch (error) {
      if (!(error instanceof PaymentProviderError) || !error.isOutcomeUnknown) throw error
    }
  }

  async reconcile(who: number) {
    const p = this.payments[who]
    if (!p || p.status !== 'PROCESSING' || !p.providerId) return
    const intent = await this.client.retrievePaymentIntent(p.providerId)
    if (intent.status === 'requires_payment_method' && !intent.last_payment_error) this.move(p, 'failed')
    else this.applyIntent(p, intent)
  }

  webhook(body: string, header: string | undefined) {
    if (!verifyWebhookSignature(body, header, SECRET, NOW).ok) throw new Error('bad signature from the mock')
    const event = ProviderEventSchema.parse(JSON.parse(body))
    if (this.seenEvents.has(event.id)) return
    this.seenEvents.add(event.id)
    const o = event.data.object
    const intentId = o.object === 'payment_intent' ? o.id : o.object === 'charge' ? o.payment_intent : null
    const p = this.payments.find((x) => x && x.providerId === intentId)
    if (!p) return
    if (event.type === 'payment_intent.succeeded') this.move(p, 'succeeded')
    if (event.type === 'payment_intent.payment_failed') this.move(p, 'failed')
    if (event.type === 'charge.refunded') this.move(p, 'refunded')
  }
}

async function run(amounts: number[], commands: Command[]) {
  const provider = new MockPaymentProvider({ secretKey: KEY, webhookSecret: SECRET, webhookMode: 'manual', now: () => NOW })
  const client = createPaymentProvider({ baseUrl: 'http://mock.invalid', secretKey: KEY, maxAttempts: CLIENT_ATTEMPTS, sleep: async () => {}, fetch: directFetch(provider) })
  const books = new Books(client, amounts)
  provider.setDelivery(async (body, headers) => books.webhook(body, headers[SIGNATURE_HEADER]))

  for (const c of commands) {
    switch (c.type) {
      case 'pay':
        armFault(provider, c.fault)
        await books.pay(c.who, cardNumber(c.card))
        provider.clearFaults()
        break
      case 'deliver':
        await provider.deliverPending({ times: c.times, order: c.order })
        break
      case 'replay': {
        const event = provider.events[c.pick % Math.max(1, provider.events.length)]
        if (event) for (let i = 0; i < c.times; i++) {
          const { body, headers } = provider.signedDelivery(event)
          books.webhook(body, headers[SIGNATURE_HEADER])
        }
        break
      }
      case 'refund':
        await books.refund(c.who)
        break
      case 'apply':
        if (books.payments[c.who]) books.move(books.payments[c.who]!, 'apply')
        break
      case 'forfeit':
        if (books.payments[c.who]) books.move(books.payments[c.who]!, 'forfeit')
        break
      case 'reconcile':
        await books.reconcile(c.who)
        break
    }
    checkInvariants(books, provider, false)
  }
  // In the end every webhook arrives and stuck payments are looked up.
  await provider.deliverPending()
  for (let who = 0; who < ENTERPRISES; who++) await books.reconcile(who)
  checkInvariants(books, provider, true)
}

function checkInvariants(books: Books, provider: MockPaymentProvider, settled: boolean) {
  const balances = accountBalances(books.ledger)
  // Double entry: nothing appears from nowhere.
  expect(Object.values(balances).reduce((s, v) => s + v, 0)).toBe(0)
  const totals = provider.totals()
  // Never two charges for one payment.
  const chargesPerIntent = new Map<string, number>()
  for (const ch of provider.charges.values()) chargesPerIntent.set(ch.intentId, (chargesPerIntent.get(ch.intentId) ?? 0) + 1)
  for (const n of chargesPerIntent.values()) expect(n).toBe(1)
  // Every payment's ledger is what its status implies, and its history explains the status.
  for (const p of books.payments.filter(Boolean)) {
    expect(books.ledger.filter((e) => e.paymentId === p.id).map((e) => e.kind).sort()).toEqual([...postingsForStatus('DEPOSIT', p.status)].sort())
    expect(historyExplains('DEPOSIT', p.history, p.status)).toBe(true)
  }
  // held = paid − refunded − applied − forfeited, from the ledger and from the statuses alike.
  const heldByStatus = books.payments.filter((p) => p && p.status === 'SUCCEEDED').reduce((s, p) => s + p.amount, 0)
  const heldInLedger = 0 - balances.deposits_held + 0 // deposits are credits; + 0 turns −0 into 0
  expect(depositsHeld(depositTotals(books.ledger))).toBe(heldInLedger)
  expect(heldInLedger).toBe(heldByStatus)
  // The books never show more cash than the cards actually paid.
  expect(balances.provider_cash).toBeLessThanOrEqual(totals.charged - totals.refunded)
  if (settled) {
    // Once everything has arrived, the books and the provider agree to the fen.
    expect(balances.provider_cash).toBe(totals.charged - totals.refunded)
    for (const p of books.payments.filter(Boolean)) {
      const charged = p.providerId ? chargesPerIntent.get(p.providerId) ?? 0 : 0
      const refunded = [...provider.charges.values()].some((c) => c.intentId === p.providerId && c.amountRefunded > 0)
      if (!charged) expect(['REQUIRES_PAYMENT', 'FAILED']).toContain(p.status)
      else if (refunded) expect(p.status).toBe('REFUNDED')
      else expect(['SUCCEEDED', 'APPLIED', 'FORFEITED']).toContain(p.status)
    }
  }
}

describe('money is never created or lost', () => {
  test('1,000+ random sequences of pay, decline, retry, timeout, refund, apply, forfeit, duplicate webhooks', async () => {
    await fc.assert(
      fc.asyncProperty(depositAmountsArb, sequenceArb, async (amounts, commands) => run(amounts, commands)),
      { numRuns: 1_200 },
    )
  })

  test('a known nasty sequence: the answer is lost, the card is paid again, webhooks arrive twice and reversed', async () => {
    await run(
      [5_000_000, 1, 49_999_999],
      [
        { type: 'pay', who: 0, card: 'ok', fault: 'lost-answer' },
        { type: 'pay', who: 0, card: 'ok', fault: 'none' },
        { type: 'refund', who: 0 },
        { type: 'pay', who: 1, card: 'declined', fault: 'none' },
        { type: 'pay', who: 1, card: 'ok', fault: '500-after-charge' },
        { type: 'deliver', times: 2, order: 'reverse' },
        { type: 'forfeit', who: 1 },
        { type: 'replay', pick: 0, times: 10 },
        { type: 'reconcile', who: 0 },
      ],
    )
  })
})
