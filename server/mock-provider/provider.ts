// An in-memory payment provider that behaves like the Stripe-like API the
// marketplace talks to: payment intents (create, confirm, retrieve), refunds,
// payouts; Bearer secret keys; idempotency keys as the real one does them
// (same key and body: the first answer again; same key, other body: an
// error); signed webhooks after every change. It is framework-free: msw
// handlers (./handlers.ts) put it on the network, and the property tests call
// `handle` directly.
//
// Test controls: fail the next call with a 500 (before or after it took
// effect), time out the next call after it took effect, hold webhooks and
// deliver them later, twice, or in reverse order.
import { signWebhookPayload, SIGNATURE_HEADER } from '../../app/utils/payment-webhook.server.ts'

export const TEST_CARDS = {
  success: '4242424242424242',
  successMastercard: '5555555555554444',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expired: '4000000000000069',
  incorrectCvc: '4000000000000127',
  processingError: '4000000000000119',
} as const

const DECLINES: Record<string, { code: string; decline_code?: string; message: string }> = {
  [TEST_CARDS.declined]: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  [TEST_CARDS.insufficientFunds]: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  [TEST_CARDS.expired]: { code: 'expired_card', message: 'Your card has expired.' },
  [TEST_CARDS.incorrectCvc]: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  [TEST_CARDS.processingError]: { code: 'processing_error', message: 'An error occurred while processing your card.' },
}

export type MockRequest = {
  method: string
  /** Path and query, e.g. /v1/payment_intents/pi_1/confirm */
  path: string
  authorization: string | null
  idempotencyKey: string | null
  body: unknown
}
export type MockResponse = { status: number; body: unknown; headers?: Record<string, string>; hang?: boolean }

export type IntentObject = {
  id: string
  object: 'payment_intent'
  amount: number
  currency: string
  status: 'requires_payment_method' | 'succeeded' | 'canceled'
  metadata: Record<string, string>
  latest_charge: string | null
  last_payment_error: { code: string; decline_code?: string; message: string } | null
  created: number
}
type Charge = { id: string; intentId: string; card: string; amount: number; amountRefunded: number; refundId: string | null }
export type RefundObject = {
  id: string
  object: 'refund'
  amount: number
  currency: string
  payment_intent: string
  status: 'succeeded'
  metadata: Record<string, string>
  created: number
}
export type PayoutObject = {
  id: string
  object: 'payout'
  amount: number
  currency: string
  destination: string
  status: 'paid' | 'failed'
  failure_code: string | null
  metadata: Record<string, string>
  created: number
}
export type MockEvent = { id: string; object: 'event'; type: string; created: number; data: { object: unknown } }

export type WebhookDelivery = (body: string, headers: Record<string, string>) => Promise<void>

export type MockProviderOptions = {
  secretKey: string
  webhookSecret: string
  /** Where webhooks go; without it they only accumulate in `events`. */
  deliver?: WebhookDelivery
  /** 'auto' delivers after each change; 'manual' holds them for `deliverPending`. */
  webhookMode?: 'auto' | 'manual'
  /** The provider's clock (unix seconds come from it). */
  now?: () => Date
  /** Ids: random by default, so a restarted mock never repeats an id the database has seen. */
  newId?: (prefix: string) => string
  /** A payout to a destination starting with this fails. */
  failingPayoutPrefix?: string
}

type Fault = { kind: 'fail-before' | 'fail-after' | 'timeout-after'; status: number; match?: RegExp }
/** Which calls a fault hits: the next call, or the next whose path matches. */
export type FaultTarget = { path?: RegExp }

export class MockPaymentProvider {
  readonly intents = new Map<string, IntentObject>()
  readonly charges = new Map<string, Charge>()
  readonly refunds = new Map<string, RefundObject>()
  readonly payouts = new Map<string, PayoutObject>()
  /** Every event ever emitted, in order. */
  readonly events: MockEvent[] = []
  /** Events not yet delivered (manual mode, or failed deliveries). */
  pending: MockEvent[] = []
  /** Count of each kind of request that reached an endpoint (after auth), for tests. */
  readonly calls: { method: string; path: string; idempotencyKey: string | null; replayed: boolean }[] = []
  private readonly idempotency = new Map<string, { fingerprint: string; response: MockResponse }>()
  private readonly inFlight = new Set<string>()
  private faults: Fault[] = []
  private deliveries: Promise<void> = Promise.resolve()
  private counter = 0
  webhookMode: 'auto' | 'manual'
  duplicateWebhooks = 1

  constructor(private readonly options: MockProviderOptions) {
    this.webhookMode = options.webhookMode ?? 'auto'
  }

  // ---- test controls ---------------------------------------------------

  /** The next call answers `status` without doing anything (like a gateway error). */
  failNext(status = 500, target: FaultTarget = {}): void {
    this.faults.push({ kind: 'fail-before', status, match: target.path })
  }
  /** The next call takes effect, then its answer is lost in a 500. */
  failNextAfterEffect(status = 500, target: FaultTarget = {}): void {
    this.faults.push({ kind: 'fail-after', status, match: target.path })
  }
  /** The next call takes effect, then never answers (the client times out). */
  timeoutNextAfterEffect(target: FaultTarget = {}): void {
    this.faults.push({ kind: 'timeout-after', status: 0, match: target.path })
  }
  clearFaults(): void {
    this.faults = []
  }
  setDelivery(deliver: WebhookDelivery | undefined): void {
    this.options.deliver = deliver
  }

  /** Delivers the held events; `times` delivers each more than once, `order` reorders them. */
  async deliverPending(opts: { times?: number; order?: 'as-emitted' | 'reverse' } = {}): Promise<void> {
    const batch = opts.order === 'reverse' ? [...this.pending].reverse() : [...this.pending]
    this.pending = []
    for (const event of batch) {
      for (let i = 0; i < (opts.times ?? 1); i++) await this.deliver(event)
    }
  }

  /** Resolves when every automatic delivery started so far has finished. */
  async webhooksSettled(): Promise<void> {
    let current: Promise<void>
    do {
      current = this.deliveries
      await current
    } while (current !== this.deliveries)
  }

  /** The exact body and signature header a delivery of `event` carries, signed at `timestampSeconds`. */
  signedDelivery(event: MockEvent, timestampSeconds = this.nowSeconds()): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(event)
    return {
      body,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signWebhookPayload(body, this.options.webhookSecret, timestampSeconds) },
    }
  }

  /** Money the provider moved: what cards were charged and refunded, what was paid out. */
  totals(): { charged: number; refunded: number; paidOut: number; charges: number } {
    let charged = 0
    let refunded = 0
    for (const c of this.charges.values()) {
      charged += c.amount
      refunded += c.amountRefunded
    }
    let paidOut = 0
    for (const p of this.payouts.values()) if (p.status === 'paid') paidOut += p.amount
    return { charged, refunded, paidOut, charges: this.charges.size }
  }

  // ---- the API -----------------------------------------------------------

  async handle(req: MockRequest): Promise<MockResponse> {
    if (req.authorization !== `Bearer ${this.options.secretKey}`) {
      return error(401, 'invalid_request_error', 'Invalid API Key provided.')
    }
    const index = this.faults.findIndex((f) => !f.match || f.match.test(req.path))
    const fault = index >= 0 ? this.faults.splice(index, 1)[0] : undefined
    if (fault?.kind === 'fail-before') return error(fault.status, 'api_error', 'An unexpected error occurred.')
    const response = await this.idempotent(req)
    if (fault?.kind === 'fail-after') return error(fault.status, 'api_error', 'An unexpected error occurred.')
    if (fault?.kind === 'timeout-after') return { ...response, hang: true }
    return response
  }

  private async idempotent(req: MockRequest): Promise<MockResponse> {
    const key = req.method === 'POST' ? req.idempotencyKey : null
    if (!key) {
      const r = this.route(req)
      this.calls.push({ method: req.method, path: req.path, idempotencyKey: null, replayed: false })
      return r
    }
    const fingerprint = `${req.method} ${req.path} ${canonical(req.body)}`
    const seen = this.idempotency.get(key)
    if (seen) {
      this.calls.push({ method: req.method, path: req.path, idempotencyKey: key, replayed: true })
      if (seen.fingerprint !== fingerprint) {
        return error(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        )
      }
      return { ...seen.response, headers: { ...seen.response.headers, 'Idempotent-Replayed': 'true' } }
    }
    if (this.inFlight.has(key)) return error(409, 'idempotency_error_in_use', 'There is currently another in-progress request using this Idempotency Key.', 'idempotency_key_in_use')
    this.inFlight.add(key)
    try {
      const response = this.route(req)
      this.calls.push({ method: req.method, path: req.path, idempotencyKey: key, replayed: false })
      // Like the real thing: a request that failed validation is not saved; anything the endpoint executed is.
      if (response.status !== 400 || (response.body as { error?: { type?: string } }).error?.type !== 'invalid_request_error') {
        this.idempotency.set(key, { fingerprint, response })
      }
      return response
    } finally {
      this.inFlight.delete(key)
    }
  }

  private route(req: MockRequest): MockResponse {
    const path = req.path.split('?')[0]!
    const body = (req.body ?? {}) as Record<string, unknown>
    let m: RegExpExecArray | null
    if (req.method === 'POST' && path === '/v1/payment_intents') return this.createIntent(body)
    if ((m = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(path)) && req.method === 'POST') return this.confirm(decodeURIComponent(m[1]!), body)
    if ((m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)) && req.method === 'GET') {
      const intent = this.intents.get(decodeURIComponent(m[1]!))
      return intent ? ok(intent) : error(404, 'invalid_request_error', 'No such payment_intent', 'resource_missing')
    }
    if (req.method === 'POST' && path === '/v1/refunds') return this.refund(body)
    if (req.method === 'POST' && path === '/v1/payouts') return this.payout(body)
    if ((m = /^\/v1\/payouts\/([^/]+)$/.exec(path)) && req.method === 'GET') {
      const payout = this.payouts.get(decodeURIComponent(m[1]!))
      return payout ? ok({ ...payout }) : error(404, 'invalid_request_error', 'No such payout', 'resource_missing')
    }
    return error(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${path}).`)
  }

  private createIntent(body: Record<string, unknown>): MockResponse {
    const problem = checkAmountAndCurrency(body.amount, body.currency)
    if (problem) return problem
    const intent: IntentObject = {
      id: this.id('pi'),
      object: 'payment_intent',
      amount: body.amount as number,
      currency: body.currency as string,
      status: 'requires_payment_method',
      metadata: stringRecord(body.metadata),
      latest_charge: null,
      last_payment_error: null,
      created: this.nowSeconds(),
    }
    this.intents.set(intent.id, intent)
    return ok({ ...intent })
  }

  private confirm(id: string, body: Record<string, unknown>): MockResponse {
    const intent = this.intents.get(id)
    if (!intent) return error(404, 'invalid_request_error', `No such payment_intent: '${id}'`, 'resource_missing')
    if (intent.status !== 'requires_payment_method') {
      return error(400, 'invalid_request_error', `This PaymentIntent's status is ${intent.status}; it cannot be confirmed.`, 'payment_intent_unexpected_state')
    }
    const card = (body.payment_method_data as { card?: { number?: unknown } } | undefined)?.card
    const number = typeof card?.number === 'string' ? card.number : ''
    if (!/^\d{12,19}$/.test(number)) return error(400, 'invalid_request_error', 'Your card number is incorrect.', 'incorrect_number')
    const decline = DECLINES[number]
    if (decline) {
      intent.last_payment_error = { ...decline }
      intent.latest_charge = this.id('ch')
      this.emit('payment_intent.payment_failed', { ...intent })
      return {
        status: 402,
        body: { error: { type: 'card_error', ...decline, payment_intent: { ...intent } } },
      }
    }
    const charge: Charge = { id: this.id('ch'), intentId: id, card: number, amount: intent.amount, amountRefunded: 0, refundId: null }
    this.charges.set(charge.id, charge)
    intent.status = 'succeeded'
    intent.latest_charge = charge.id
    intent.last_payment_error = null
    this.emit('payment_intent.succeeded', { ...intent })
    return ok({ ...intent })
  }

  private refund(body: Record<string, unknown>): MockResponse {
    const intent = typeof body.payment_intent === 'string' ? this.intents.get(body.payment_intent) : undefined
    if (!intent) return error(400, 'invalid_request_error', 'No such payment_intent', 'resource_missing')
    const charge = intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined
    if (intent.status !== 'succeeded' || !charge) return error(400, 'invalid_request_error', 'This PaymentIntent has no successful charge to refund.', 'charge_not_refundable')
    const amount = body.amount === undefined ? charge.amount - charge.amountRefunded : body.amount
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
      return error(400, 'invalid_request_error', 'Invalid positive integer', 'parameter_invalid_integer')
    }
    if (amount > charge.amount - charge.amountRefunded) {
      return error(400, 'invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge.`, 'amount_too_large')
    }
    const refund: RefundObject = {
      id: this.id('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      status: 'succeeded',
      metadata: stringRecord(body.metadata),
      created: this.nowSeconds(),
    }
    this.refunds.set(refund.id, refund)
    charge.amountRefunded += amount
    charge.refundId = refund.id
    this.emit('charge.refunded', {
      id: charge.id,
      object: 'charge',
      payment_intent: intent.id,
      amount: charge.amount,
      amount_refunded: charge.amountRefunded,
      refunded: charge.amountRefunded === charge.amount,
      refund: refund.id,
    })
    return ok({ ...refund })
  }

  private payout(body: Record<string, unknown>): MockResponse {
    const problem = checkAmountAndCurrency(body.amount, body.currency)
    if (problem) return problem
    if (typeof body.destination !== 'string' || !body.destination) return error(400, 'invalid_request_error', 'Missing required param: destination.', 'parameter_missing')
    const fails = body.destination.toLowerCase().startsWith(this.options.failingPayoutPrefix ?? 'acct_fail')
    const payout: PayoutObject = {
      id: this.id('po'),
      object: 'payout',
      amount: body.amount as number,
      currency: body.currency as string,
      destination: body.destination,
      status: fails ? 'failed' : 'paid',
      failure_code: fails ? 'account_closed' : null,
      metadata: stringRecord(body.metadata),
      created: this.nowSeconds(),
    }
    this.payouts.set(payout.id, payout)
    this.emit(fails ? 'payout.failed' : 'payout.paid', { ...payout })
    return ok({ ...payout })
  }

  // ---- webhooks ----------------------------------------------------------

  private emit(type: string, object: unknown): void {
    const event: MockEvent = { id: this.id('evt'), object: 'event', type, created: this.nowSeconds(), data: { object } }
    this.events.push(event)
    if (this.webhookMode === 'manual' || !this.options.deliver) {
      this.pending.push(event)
      return
    }
    // After the response, like the real thing: the app may see the webhook before or after the answer.
    const times = this.duplicateWebhooks
    this.deliveries = this.deliveries.then(async () => {
      await new Promise((r) => setTimeout(r, 0))
      for (let i = 0; i < times; i++) await this.deliver(event)
    })
  }

  private async deliver(event: MockEvent): Promise<void> {
    const deliver = this.options.deliver
    if (!deliver) {
      this.pending.push(event)
      return
    }
    const { body, headers } = this.signedDelivery(event)
    try {
      await deliver(body, headers)
    } catch {
      // Not acknowledged: kept for a later delivery, as the real provider retries.
      this.pending.push(event)
    }
  }

  private nowSeconds(): number {
    return Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000)
  }

  private id(prefix: string): string {
    if (this.options.newId) return this.options.newId(prefix)
    this.counter++
    return `${prefix}_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20)}${this.counter}`
  }
}

/**
 * A `fetch` that hands requests straight to a mock, without msw or a network
 * (the property tests and the demo seed): a hung answer is a timeout, as
 * `fetch` would report it.
 */
export function directFetch(provider: MockPaymentProvider): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const headers = new Headers(init?.headers)
    const r = await provider.handle({
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      authorization: headers.get('authorization'),
      idempotencyKey: headers.get('idempotency-key'),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    })
    if (r.hang) throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })
    return new Response(JSON.stringify(r.body), { status: r.status, headers: r.headers })
  }
}

function ok(body: unknown): MockResponse {
  return { status: 200, body }
}

function error(status: number, type: string, message: string, code?: string): MockResponse {
  return { status, body: { error: { type, message, ...(code ? { code } : {}) } } }
}

function checkAmountAndCurrency(amount: unknown, currency: unknown): MockResponse | null {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
    return error(400, 'invalid_request_error', 'Invalid positive integer: amount', 'parameter_invalid_integer')
  }
  if (currency !== 'cny') return error(400, 'invalid_request_error', `Invalid currency: ${String(currency)}.`, 'parameter_invalid')
  return null
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {}
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]))
}

/** JSON with sorted keys, so the same parameters in another order are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
