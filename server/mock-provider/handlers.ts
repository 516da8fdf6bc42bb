// The mock provider on the network: msw handlers at `${baseUrl}/v1/*` and the
// `setupServer` wiring used by `npm start` (when no PAYMENT_PROVIDER_URL is
// set) and by the tests.
import { delay, http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { MockPaymentProvider, type MockProviderOptions } from './provider.ts'

export function mockProviderHandlers(baseUrl: string, provider: MockPaymentProvider, opts: { hangMs?: number } = {}) {
  const base = baseUrl.replace(/\/+$/, '')
  return [
    http.all(`${base}/v1/*`, async ({ request }) => {
      const url = new URL(request.url)
      const text = request.method === 'GET' ? '' : await request.text()
      let body: unknown = undefined
      if (text) {
        try {
          body = JSON.parse(text)
        } catch {
          return HttpResponse.json({ error: { type: 'invalid_request_error', message: 'Invalid JSON body.' } }, { status: 400 })
        }
      }
      const response = await provider.handle({
        method: request.method,
        path: url.pathname + url.search,
        authorization: request.headers.get('authorization'),
        idempotencyKey: request.headers.get('idempotency-key'),
        body,
      })
      if (response.hang) {
        // The call took effect; its answer never comes in time.
        await Promise.race([delay(opts.hangMs ?? 30_000), abortOf(request.signal)])
        return HttpResponse.error()
      }
      return HttpResponse.json(response.body as never, { status: response.status, headers: response.headers })
    }),
  ]
}

function abortOf(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

export type RunningMockProvider = {
  provider: MockPaymentProvider
  close(): void
}

/**
 * Intercepts `fetch` to `baseUrl` in this process; every other request goes to
 * the network as usual (the app's own webhook endpoint, PostgreSQL is not HTTP).
 */
export function startMockProvider(baseUrl: string, options: MockProviderOptions & { hangMs?: number }): RunningMockProvider {
  const provider = new MockPaymentProvider(options)
  const server = setupServer(...mockProviderHandlers(baseUrl, provider, { hangMs: options.hangMs }))
  server.listen({ onUnhandledFrame: 'bypass' })
  return { provider, close: () => server.close() }
}
