// Webhook signatures of the payment provider, Stripe's scheme:
//   Provider-Signature: t=<unix seconds>,v1=<hex hmac_sha256(secret, `${t}.${body}`)>
// The timestamp is inside the signed text, so an old delivery cannot be
// re-dated; the tolerance refuses replays of old deliveries, and the event id
// (PaymentEvent.providerEventId) makes a replay inside the window change nothing.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

export const SIGNATURE_HEADER = 'Provider-Signature'
export const SIGNATURE_TOLERANCE_SECONDS = 300

export function signWebhookPayload(body: string, secret: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')
  return `t=${timestampSeconds},v1=${v1}`
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'timestamp' | 'mismatch' }

export function verifyWebhookSignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' }
  let t: number | null = null
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2)
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v)
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) signatures.push(v.toLowerCase())
  }
  if (t === null || signatures.length === 0) return { ok: false, reason: 'malformed' }
  if (Math.abs(Math.floor(now.getTime() / 1000) - t) > toleranceSeconds) return { ok: false, reason: 'timestamp' }
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'), 'hex')
  // Several v1 entries are allowed while a secret is being rolled.
  const match = signatures.some((s) => {
    const given = Buffer.from(s, 'hex')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  return match ? { ok: true } : { ok: false, reason: 'mismatch' }
}

// What the provider sends. Only the fields the marketplace reads are checked;
// the rest of the object is kept in PaymentEvent.payload as received.
const IntentObject = z.object({
  object: z.literal('payment_intent'),
  id: z.string().min(1),
  status: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  metadata: z.record(z.string(), z.string()).default({}),
  last_payment_error: z.object({ code: z.string(), decline_code: z.string().optional(), message: z.string() }).nullish(),
})
const ChargeObject = z.object({
  object: z.literal('charge'),
  id: z.string().min(1),
  payment_intent: z.string().min(1),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  refunded: z.boolean(),
  refund: z.string().nullish(),
})
const PayoutObject = z.object({
  object: z.literal('payout'),
  id: z.string().min(1),
  status: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  failure_code: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).default({}),
})

export const ProviderEventSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event'),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.discriminatedUnion('object', [IntentObject, ChargeObject, PayoutObject]) }),
})
export type ProviderEvent = z.infer<typeof ProviderEventSchema>
