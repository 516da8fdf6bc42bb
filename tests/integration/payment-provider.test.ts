// The provider client against the msw mock: idempotency as the real thing
// does it, retries that never charge twice, declines as typed errors.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { backoffDelay, createPaymentProvider, PaymentProviderError } from '~/utils/payment-provider.server.ts'
import type { RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import { TEST_CARDS } from '../../server/mock-provider/provider.ts'
import { card, startTestProvider, TEST_BASE_URL, testClient } from '../support/payments.ts'

let mock: RunningMockProvider
beforeAll(() => {
  mock = startTestProvider({ webhookMode: 'manual' })
})
afterAll(() => mock.close())
afterEach(() => {
  mock.provider.pending = []
})

const intentInput = { amount: 5_000_000, currency: 'CNY', metadata: { paymentId: 'p1' } }
let n = 0
const key = (what: string) => `${what}:${++n}`

describe('a retry never charges twice', () => {
  test('the provider times out after the charge went through; the retry gets the first answer: one charge', async () => {
    const { client, sleeps } = testClient()
    const intent = await client.createPaymentIntent(intentInput, key('deposit'))
    const before = mock.provider.totals()
    mock.provider.timeoutNextAfterEffect()
    const confirmed = await client.confirmPaymentIntent(intent.id, card(), key('confirm'))
    expect(confirmed.status).toBe('succeeded')
    const after = mock.provider.totals()
    expect(after.charges - before.charges).toBe(1)
    expect(after.charged - before.charged).toBe(5_000_000)
    expect(sleeps).toHaveLength(1)
    // the second call was answered from the idempotency store, not executed
    expect(mock.provider.calls.at(-1)).toMatchObject({ replayed: true })
  })

  test('a 500 after the charge, then a retry: one charge', async () => {
    const { client } = testClient()
    const intent = await client.createPaymentIntent(intentInput, key('deposit'))
    const before = mock.provider.totals().charges
    mock.provider.failNextAfterEffect(500)
    await client.confirmPaymentIntent(intent.id, card(), key('confirm'))
    expect(mock.provider.totals().charges - before).toBe(1)
  })

  test('a 500 before anything happened is retried and then done once', async () => {
    const { client } = testClient()
    const intent = await client.createPaymentIntent(intentInput, key('deposit'))
    const before = mock.provider.totals().charges
    mock.provider.failNext(503)
    mock.provider.failNext(500)
    const confirmed = await client.confirmPaymentIntent(intent.id, card(), key('confirm'))
    expect(confirmed.status).toBe('succeeded')
    expect(mock.provider.totals().charges - before).toBe(1)
  })

  test('giving up after the last attempt says the outcome is unknown', async () => {
    const { client, sleeps } = testClient({ maxAttempts: 3 })
    for (let i = 0; i < 3; i++) mock.provider.failNext(500)
    const error = await client.createPaymentIntent(intentInput, key('deposit')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PaymentProviderError)
    expect(error).toMatchObject({ code: 'server_error', isOutcomeUnknown: true, details: { attempts: 3 } })
    expect(sleeps).toEqual([75, 150])
  })

  test('backoff doubles, is capped, and is jittered between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 200, 5_000, () => 0))).toEqual([100, 200, 400, 800, 1600, 2500])
    expect([1, 2, 3].map((a) => backoffDelay(a, 200, 5_000, () => 1))).toEqual([200, 400, 800])
  })
})

describe('idempotency keys as the real provider does them', () => {
  test('same key and body: the same answer, nothing created twice', async () => {
    const { client } = testClient()
    const k = key('deposit')
    const a = await client.createPaymentIntent(intentInput, k)
    const b = await client.createPaymentIntent(intentInput, k)
    expect(b.id).toBe(a.id)
  })

  test('same key, other body: an idempotency error', async () => {
    const { client } = testClient()
    const k = key('deposit')
    await client.createPaymentIntent(intentInput, k)
    await expect(client.createPaymentIntent({ ...intentInput, amount: 1 }, k)).rejects.toMatchObject({ code: 'idempotency_conflict' })
  })

  test('a decline is remembered under its key too', async () => {
    const { client } = testClient()
    const intent = await client.createPaymentIntent(intentInput, key('deposit'))
    const k = key('confirm')
    const first = await client.confirmPaymentIntent(intent.id, card(TEST_CARDS.declined), k).catch((e: unknown) => e)
    const again = await client.confirmPaymentIntent(intent.id, card(TEST_CARDS.declined), k).catch((e: unknown) => e)
    expect(first).toMatchObject({ code: 'card_declined' })
    expect(again).toMatchObject({ code: 'card_declined' })
    expect(mock.provider.calls.at(-1)).toMatchObject({ replayed: true })
  })

  test('every call that changes anything must carry a key', async () => {
    const { client } = testClient()
    await expect(client.createPaymentIntent(intentInput, '')).rejects.toThrow('needs an idempotency key')
  })
})

describe('test cards', () => {
  test.each([
    [TEST_CARDS.success, 'succeeded'],
    [TEST_CARDS.declined, 'card_declined'],
    [TEST_CARDS.insufficientFunds, 'insufficient_funds'],
    [TEST_CARDS.expired, 'expired_card'],
    [TEST_CARDS.incorrectCvc, 'incorrect_cvc'],
    ['1234', 'incorrect_number'],
  ])('%s → %s', async (number, expected) => {
    const { client } = testClient()
    const intent = await client.createPaymentIntent(intentInput, key('deposit'))
    const result = await client.confirmPaymentIntent(intent.id, card(number), key('confirm')).then(
      (i) => i.status,
      (e: PaymentProviderError) => e.code,
    )
    expect(result).toBe(expected)
  })

  test('a decline carries the intent, ready for another card', async () => {
    const { client } = testClient()
    const intent = await client.createPaymentIntent(intentInput, key('deposit'))
    const error = (await client.confirmPaymentIntent(intent.id, card(TEST_CARDS.insufficientFunds), key('confirm')).catch((e: unknown) => e)) as PaymentProviderError
    expect(error.isCardError).toBe(true)
    expect(error.details.paymentIntent).toMatchObject({ id: intent.id, status: 'requires_payment_method' })
    const ok = await client.confirmPaymentIntent(intent.id, card(), key('confirm'))
    expect(ok.status).toBe('succeeded')
  })
})

describe('other answers', () => {
  test('a wrong secret key is an authentication error, not retried', async () => {
    const { client, sleeps } = testClient({ secretKey: 'sk_wrong_key' })
    await expect(client.createPaymentIntent(intentInput, key('deposit'))).rejects.toMatchObject({ code: 'authentication' })
    expect(sleeps).toEqual([])
  })

  test('a bad amount or currency is refused by the provider too', async () => {
    const { client } = testClient()
    await expect(client.createPaymentIntent({ ...intentInput, amount: -5 }, key('deposit'))).rejects.toMatchObject({ code: 'invalid_request' })
    await expect(client.createPaymentIntent({ ...intentInput, currency: 'USD' }, key('deposit'))).rejects.toMatchObject({ code: 'invalid_request' })
  })

  test('refunds and payouts, each with its webhook', async () => {
    const { client } = testClient()
    const intent = await client.createPaymentIntent(intentInput, key('deposit'))
    await client.confirmPaymentIntent(intent.id, card(), key('confirm'))
    const refund = await client.createRefund({ paymentIntent: intent.id, amount: 5_000_000, metadata: {} }, key('refund'))
    expect(refund).toMatchObject({ status: 'succeeded', amount: 5_000_000 })
    await expect(client.createRefund({ paymentIntent: intent.id, amount: 1, metadata: {} }, key('refund'))).rejects.toMatchObject({ code: 'invalid_request' })
    const payout = await client.createPayout({ amount: 100, currency: 'CNY', destination: 'acct_x', metadata: {} }, key('payout'))
    expect(payout.status).toBe('paid')
    expect(mock.provider.pending.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'charge.refunded', 'payout.paid'])
  })

  test('an unreachable provider is a network error after the retries', async () => {
    const { client } = testClient({ baseUrl: 'http://127.0.0.1:9', maxAttempts: 2 })
    await expect(client.retrievePaymentIntent('pi_x')).rejects.toMatchObject({ code: 'network' })
  })

  test('the client is created from a URL and key alone: nothing mock-specific in it', () => {
    expect(() => createPaymentProvider({ baseUrl: TEST_BASE_URL, secretKey: 'sk_live_x' })).not.toThrow()
  })
})
