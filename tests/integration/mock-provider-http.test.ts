// The mock provider served over real HTTP (what `npm run workers` talks to
// when the web process holds the mock): the same msw handlers and the same
// in-memory state, reached through a socket by the unchanged client. No msw
// interception runs in this file, so every call below crosses the network.
import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createPaymentProvider, MOCK_PROVIDER_PATH, mockProviderUrl, PaymentProviderError } from '~/utils/payment-provider.server.ts'
import { mockProviderHandlers, serveOverHttp } from '../../server/mock-provider/handlers.ts'
import { MockPaymentProvider, TEST_CARDS } from '../../server/mock-provider/provider.ts'

let server: Server
let baseUrl: string
const mock = new MockPaymentProvider({ secretKey: 'sk_test_http', webhookSecret: 'whsec_test_http_mock' })

beforeAll(async () => {
  const app = express()
  server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = mockProviderUrl((server.address() as AddressInfo).port)
  app.all(`${MOCK_PROVIDER_PATH}/v1/*`, serveOverHttp(mockProviderHandlers(baseUrl, mock, { hangMs: 5_000 }), baseUrl))
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: '123' })

test('intents, declines, refunds and payouts over HTTP land in the one in-memory mock', async () => {
  const client = createPaymentProvider({ baseUrl, secretKey: 'sk_test_http', sleep: async () => {} })
  const intent = await client.createPaymentIntent({ amount: 5_000_000, currency: 'CNY', metadata: { paymentId: 'p1' } }, 'deposit:s1:e1')
  expect(mock.intents.get(intent.id)).toMatchObject({ amount: 5_000_000, currency: 'cny' })
  const declined = await client.confirmPaymentIntent(intent.id, card(TEST_CARDS.insufficientFunds), 'deposit:s1:e1:confirm:1').catch((e: unknown) => e)
  expect(declined).toBeInstanceOf(PaymentProviderError)
  expect(declined).toMatchObject({ code: 'insufficient_funds', isCardError: true })
  const paid = await client.confirmPaymentIntent(intent.id, card(TEST_CARDS.success), 'deposit:s1:e1:confirm:2')
  expect(paid.status).toBe('succeeded')
  expect(await client.retrievePaymentIntent(intent.id)).toMatchObject({ status: 'succeeded' })
  const refund = await client.createRefund({ paymentIntent: intent.id, amount: 5_000_000, metadata: {} }, 'refund:p1')
  expect(mock.refunds.get(refund.id)).toMatchObject({ amount: 5_000_000 })
  const payout = await client.createPayout({ amount: 100, currency: 'CNY', destination: 'acct_x', metadata: {} }, 'payout:r1')
  expect(await client.retrievePayout(payout.id)).toMatchObject({ status: 'paid' })
  // same key, other body: the idempotency error, as the real provider answers it
  await expect(client.createRefund({ paymentIntent: intent.id, amount: 1, metadata: {} }, 'refund:p1')).rejects.toMatchObject({ code: 'idempotency_conflict' })
  // a wrong key is refused
  const stranger = createPaymentProvider({ baseUrl, secretKey: 'sk_wrong', sleep: async () => {} })
  await expect(stranger.retrievePaymentIntent(intent.id)).rejects.toMatchObject({ code: 'authentication' })
})

test('a charge whose answer is lost over HTTP (the connection hangs, the client times out and retries): one charge', async () => {
  const client = createPaymentProvider({ baseUrl, secretKey: 'sk_test_http', timeoutMs: 300, maxAttempts: 3, sleep: async () => {} })
  const intent = await client.createPaymentIntent({ amount: 700, currency: 'CNY', metadata: {} }, 'deposit:s2:e2')
  const charges = mock.totals().charges
  mock.timeoutNextAfterEffect({ path: /confirm$/ })
  const paid = await client.confirmPaymentIntent(intent.id, card(TEST_CARDS.success), 'deposit:s2:e2:confirm:1')
  expect(paid.status).toBe('succeeded')
  expect(mock.totals().charges - charges).toBe(1)
  expect(mock.calls.filter((c) => c.idempotencyKey === 'deposit:s2:e2:confirm:1').map((c) => c.replayed)).toEqual([false, true])
})

test('an unknown path under the mock answers 404 in the provider\'s error shape', async () => {
  const response = await fetch(`${baseUrl}/v1/nothing-here`, { headers: { Authorization: 'Bearer sk_test_http' } })
  expect(response.status).toBe(404)
  expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
})
