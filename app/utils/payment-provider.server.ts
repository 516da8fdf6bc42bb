// The client of the Stripe-like payment API. Amounts are integer fen, currency
// CNY. Every call that changes anything carries an Idempotency-Key derived from
// what it pays for (app/domain/payments.ts); a retry after a timeout, a network
// error or a 5xx reuses that same key, so the provider answers it with the
// first call's result instead of charging again.
import { z } from 'zod'
import { getEnv, MOCK_PROVIDER_KEY, MOCK_WEBHOOK_SECRET } from './env.server.ts'

/**
 * Where the mock provider answers when none is configured: a path of the web
 * process itself. The web process intercepts it in memory with msw and also
 * serves it over real HTTP, so another process (`npm run workers`) reaches
 * the same mock, with the same state, through the same client code.
 */
export const MOCK_PROVIDER_PATH = '/mock-provider'
export function mockProviderUrl(port: number): string {
  return `http://127.0.0.1:${port}${MOCK_PROVIDER_PATH}`
}
export { MOCK_PROVIDER_KEY, MOCK_WEBHOOK_SECRET } from './env.server.ts'

const Metadata = z.record(z.string(), z.string())

export const PaymentIntentSchema = z.object({
  id: z.string().min(1),
  object: z.literal('payment_intent'),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['requires_payment_method', 'requires_confirmation', 'processing', 'succeeded', 'canceled']),
  metadata: Metadata,
  latest_charge: z.string().nullable(),
  last_payment_error: z.object({ code: z.string(), decline_code: z.string().optional(), message: z.string() }).nullable(),
})
export type PaymentIntent = z.infer<typeof PaymentIntentSchema>

export const RefundSchema = z.object({
  id: z.string().min(1),
  object: z.literal('refund'),
  amount: z.number().int(),
  currency: z.string(),
  payment_intent: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'canceled']),
  metadata: Metadata,
})
export type Refund = z.infer<typeof RefundSchema>

export const PayoutSchema = z.object({
  id: z.string().min(1),
  object: z.literal('payout'),
  amount: z.number().int(),
  currency: z.string(),
  destination: z.string(),
  status: z.enum(['pending', 'in_transit', 'paid', 'failed', 'canceled']),
  failure_code: z.string().nullable(),
  metadata: Metadata,
})
export type Payout = z.infer<typeof PayoutSchema>

const ErrorBody = z.object({
  error: z.object({
    type: z.string(),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    message: z.string().optional(),
    payment_intent: z.unknown().optional(),
  }),
})

export type ProviderErrorCode =
  | 'card_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'incorrect_number'
  | 'processing_error'
  | 'idempotency_conflict'
  | 'invalid_request'
  | 'authentication'
  | 'not_found'
  | 'rate_limited'
  | 'timeout'
  | 'network'
  | 'server_error'
  | 'bad_response'

const CARD_CODES = new Set<ProviderErrorCode>([
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'incorrect_number',
  'processing_error',
])

export class PaymentProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly details: { status?: number; paymentIntent?: PaymentIntent; attempts?: number; providerCode?: string } = {},
  ) {
    super(message)
    this.name = 'PaymentProviderError'
  }
  /** A decline: the provider answered, no money moved, another card may work. */
  get isCardError(): boolean {
    return CARD_CODES.has(this.code)
  }
  /** The outcome is unknown (timeout, network, 5xx): the charge may or may not have happened. */
  get isOutcomeUnknown(): boolean {
    return this.code === 'timeout' || this.code === 'network' || this.code === 'server_error' || this.code === 'rate_limited'
  }
}

export type Card = { number: string; expMonth: number; expYear: number; cvc: string }

export interface PaymentProvider {
  createPaymentIntent(
    input: { amount: number; currency: string; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<PaymentIntent>
  /** Resolves with the intent when the charge went through; throws a card error (with the intent) on a decline. */
  confirmPaymentIntent(id: string, card: Card, idempotencyKey: string): Promise<PaymentIntent>
  retrievePaymentIntent(id: string): Promise<PaymentIntent>
  createRefund(input: { paymentIntent: string; amount: number; metadata: Record<string, string> }, idempotencyKey: string): Promise<Refund>
  createPayout(
    input: { amount: number; currency: string; destination: string; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<Payout>
  retrievePayout(id: string): Promise<Payout>
}

export type ProviderConfig = {
  baseUrl: string
  secretKey: string
  /** Per HTTP attempt. */
  timeoutMs?: number
  /** HTTP attempts per call, the first included. */
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  fetch?: typeof fetch
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export function createPaymentProvider(config: ProviderConfig): PaymentProvider {
  const base = config.baseUrl.replace(/\/+$/, '')
  const timeoutMs = config.timeoutMs ?? 10_000
  const maxAttempts = config.maxAttempts ?? 4
  const baseDelayMs = config.baseDelayMs ?? 200
  const maxDelayMs = config.maxDelayMs ?? 5_000
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const random = config.random ?? Math.random
  const doFetch = config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  async function once(method: 'GET' | 'POST', path: string, body: unknown, idempotencyKey: string | undefined) {
    const headers: Record<string, string> = { Authorization: `Bearer ${config.secretKey}`, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
    let response: Response
    let text: string
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      const name = (error as Error).name
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new PaymentProviderError('timeout', `the payment provider did not answer within ${timeoutMs} ms`)
      }
      throw new PaymentProviderError('network', `cannot reach the payment provider: ${(error as Error).message}`)
    }
    let json: unknown
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      throw new PaymentProviderError(response.status >= 500 ? 'server_error' : 'bad_response', `the payment provider's answer could not be parsed (HTTP ${response.status})`, {
        status: response.status,
      })
    }
    if (response.ok) return json
    throw errorFromResponse(response.status, json)
  }

  async function call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown, idempotencyKey?: string): Promise<T> {
    if (method === 'POST' && !idempotencyKey) throw new Error(`POST ${path} needs an idempotency key`)
    for (let attempt = 1; ; attempt++) {
      try {
        const json = await once(method, path, body, idempotencyKey)
        const parsed = schema.safeParse(json)
        if (!parsed.success) throw new PaymentProviderError('bad_response', `the payment provider's answer has an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`)
        return parsed.data
      } catch (error) {
        // Only an unknown outcome is retried, and always with the same key.
        if (!(error instanceof PaymentProviderError) || !error.isOutcomeUnknown || attempt >= maxAttempts) {
          if (error instanceof PaymentProviderError) Object.assign(error.details, { attempts: attempt })
          throw error
        }
        await sleep(backoffDelay(attempt, baseDelayMs, maxDelayMs, random))
      }
    }
  }

  return {
    createPaymentIntent: (input, key) =>
      call('POST', '/v1/payment_intents', PaymentIntentSchema, { amount: input.amount, currency: input.currency.toLowerCase(), metadata: input.metadata }, key),
    confirmPaymentIntent: (id, card, key) =>
      call(
        'POST',
        `/v1/payment_intents/${encodeURIComponent(id)}/confirm`,
        PaymentIntentSchema,
        { payment_method_data: { type: 'card', card: { number: card.number.replace(/[\s-]/g, ''), exp_month: card.expMonth, exp_year: card.expYear, cvc: card.cvc } } },
        key,
      ),
    retrievePaymentIntent: (id) => call('GET', `/v1/payment_intents/${encodeURIComponent(id)}`, PaymentIntentSchema),
    createRefund: (input, key) =>
      call('POST', '/v1/refunds', RefundSchema, { payment_intent: input.paymentIntent, amount: input.amount, metadata: input.metadata }, key),
    createPayout: (input, key) =>
      call(
        'POST',
        '/v1/payouts',
        PayoutSchema,
        { amount: input.amount, currency: input.currency.toLowerCase(), destination: input.destination, metadata: input.metadata },
        key,
      ),
    retrievePayout: (id) => call('GET', `/v1/payouts/${encodeURIComponent(id)}`, PayoutSchema),
  }
}

function errorFromResponse(status: number, json: unknown): PaymentProviderError {
  const parsed = ErrorBody.safeParse(json)
  const err = parsed.success ? parsed.data.error : undefined
  const message = err?.message ?? `HTTP ${status}`
  if (status >= 500) return new PaymentProviderError('server_error', `payment provider error (HTTP ${status}): ${message}`, { status })
  if (status === 429) return new PaymentProviderError('rate_limited', 'the payment provider is rate limiting', { status })
  // Stripe answers 409 while a request with the same key is still running: the outcome is not known yet.
  if (status === 409 && err?.type !== 'idempotency_error') return new PaymentProviderError('server_error', message, { status })
  if (err?.type === 'idempotency_error') return new PaymentProviderError('idempotency_conflict', message, { status })
  if (err?.type === 'card_error') {
    const intent = PaymentIntentSchema.safeParse(err.payment_intent)
    const code = (err.decline_code && CARD_CODES.has(err.decline_code as ProviderErrorCode) ? err.decline_code : err.code) ?? 'card_declined'
    return new PaymentProviderError(CARD_CODES.has(code as ProviderErrorCode) ? (code as ProviderErrorCode) : 'card_declined', message, {
      status,
      providerCode: err.decline_code ?? err.code,
      paymentIntent: intent.success ? intent.data : undefined,
    })
  }
  if (status === 401 || status === 403) return new PaymentProviderError('authentication', message, { status })
  if (status === 404) return new PaymentProviderError('not_found', message, { status })
  if (err?.code && CARD_CODES.has(err.code as ProviderErrorCode)) {
    return new PaymentProviderError(err.code as ProviderErrorCode, message, { status, providerCode: err.code })
  }
  return new PaymentProviderError('invalid_request', message, { status, providerCode: err?.code })
}

export type ProviderSettings = { baseUrl: string; secretKey: string; webhookSecret: string; isMock: boolean }

/** The configured provider, or the mock one (served by the web process on PORT) when none is configured. */
export function providerSettings(env = getEnv()): ProviderSettings {
  if (env.PAYMENT_PROVIDER_URL && env.PAYMENT_PROVIDER_KEY) {
    return {
      baseUrl: env.PAYMENT_PROVIDER_URL,
      secretKey: env.PAYMENT_PROVIDER_KEY,
      webhookSecret: env.PAYMENT_WEBHOOK_SECRET ?? '',
      isMock: false,
    }
  }
  return { baseUrl: mockProviderUrl(env.PORT), secretKey: MOCK_PROVIDER_KEY, webhookSecret: MOCK_WEBHOOK_SECRET, isMock: true }
}

let provider: PaymentProvider | undefined

export function getPaymentProvider(): PaymentProvider {
  provider ??= createPaymentProvider(providerSettings())
  return provider
}
