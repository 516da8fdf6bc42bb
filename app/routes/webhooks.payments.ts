// POST /webhooks/payments: the payment provider's events. The raw body is
// read as text because the signature covers the exact bytes sent.
import type { ActionFunctionArgs } from '@remix-run/node'
import { receivePaymentWebhook } from '~/services/payment-webhooks.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { providerSettings } from '~/utils/payment-provider.server.ts'
import { SIGNATURE_HEADER } from '~/utils/payment-webhook.server.ts'

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: 'method not allowed' }, { status: 405 })
  const body = await request.text()
  const result = await receivePaymentWebhook(getDb(), body, request.headers.get(SIGNATURE_HEADER), providerSettings().webhookSecret, new Date())
  return Response.json(result.body, { status: result.status })
}

export function loader() {
  return Response.json({ error: 'method not allowed' }, { status: 405 })
}
