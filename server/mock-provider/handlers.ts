// The mock provider on the network: msw handlers at `${baseUrl}/v1/*` and the
// `setupServer` wiring used by `npm start` (when no PAYMENT_PROVIDER_URL is
// set) and by the tests; `serveOverHttp` answers the same handlers on an
// Express path, for processes other than the one holding the mock.
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { delay, getResponse, http, HttpResponse, type RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { MockPaymentProvider, type MockProviderOptions } from './provider.ts'

export function mockProviderHandlers(baseUrl: string, provider: MockPaymentProvider, opts: { hangMs?: number } = {}) {
  const base = baseUrl.replace(/\/+$/, '')
  // The provider's paths start at /v1, whatever path the mock is mounted under.
  const mountPath = new URL(base).pathname.replace(/\/+$/, '')
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
        path: url.pathname.slice(mountPath.length) + url.search,
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
  /** The msw handlers, for `serveOverHttp`. */
  handlers: RequestHandler[]
  close(): void
}

/**
 * Intercepts `fetch` to `baseUrl` in this process; every other request goes to
 * the network as usual (the app's own webhook endpoint, PostgreSQL is not HTTP).
 */
export function startMockProvider(baseUrl: string, options: MockProviderOptions & { hangMs?: number }): RunningMockProvider {
  const provider = new MockPaymentProvider(options)
  const handlers = mockProviderHandlers(baseUrl, provider, { hangMs: options.hangMs })
  const server = setupServer(...handlers)
  server.listen({ onUnhandledFrame: 'bypass' })
  return { provider, handlers, close: () => server.close() }
}

/**
 * An Express handler that answers real HTTP requests with the same msw
 * handlers (and so the same in-memory provider). `baseUrl` is the URL the
 * handlers were made for; requests arrive on its path of this server.
 */
export function serveOverHttp(handlers: RequestHandler[], baseUrl: string) {
  const origin = new URL(baseUrl)
  return async (req: ExpressRequest, res: ExpressResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const aborted = new AbortController()
    res.on('close', () => aborted.abort())
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
    const request = new Request(new URL(req.originalUrl, origin.origin), {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
      signal: aborted.signal,
    })
    const response = await getResponse(handlers, request)
    if (!response) return void res.status(404).json({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.path}).` } })
    // msw's network error (a simulated timeout): the connection drops without an answer.
    if (response.type === 'error') return void req.socket.destroy()
    res.status(response.status)
    response.headers.forEach((value, name) => res.setHeader(name, value))
    res.end(Buffer.from(await response.arrayBuffer()))
  }
}
