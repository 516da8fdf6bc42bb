// The provider's webhook, transport-free: verify the signature (timestamp
// tolerance 300 s), parse the event, hand it to handleWebhookEvent. The Remix
// route and the tests call this same function.
import type { Db } from '~/utils/db.server.ts'
import { ProviderEventSchema, verifyWebhookSignature } from '~/utils/payment-webhook.server.ts'
import { handleWebhookEvent, type WebhookResult } from './payments.server.ts'

export type WebhookResponse = { status: 200 | 422; body: WebhookResult } | { status: 400; body: { error: string } }

export async function receivePaymentWebhook(
  db: Db,
  rawBody: string,
  signatureHeader: string | null,
  secret: string,
  now: Date,
): Promise<WebhookResponse> {
  if (!secret) return { status: 400, body: { error: 'webhook secret not configured' } }
  const check = verifyWebhookSignature(rawBody, signatureHeader, secret, now)
  if (!check.ok) return { status: 400, body: { error: `signature ${check.reason}` } }
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  } catch {
    return { status: 400, body: { error: 'body is not JSON' } }
  }
  const event = ProviderEventSchema.safeParse(json)
  if (!event.success) return { status: 400, body: { error: 'not a provider event' } }
  const result = await handleWebhookEvent(db, event.data, now)
  // Refused (amount or currency not the payment's): recorded, and answered as refused; a redelivery is a duplicate.
  return { status: result.outcome === 'refused-mismatch' ? 422 : 200, body: result }
}
