// The web app as an outsider meets it: the Remix build of the current source (built here, about 4 s, into a folder of
// this process's own: `remix build` empties public/build, which a web server started by the browser tests may be
// serving at the same time), behind the same
// Express app server/index.ts serves (security headers, request guards), on an ephemeral port, over a test database
// with the demo seeded, and the mock payment provider answering in this process. Requests go over real HTTP.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { providerSettings } from '../../app/utils/payment-provider.server.ts'
import { setDb, type Db } from '../../app/utils/db.server.ts'
import { createApp } from '../../server/index.ts'
import { startMockProvider, type RunningMockProvider } from '../../server/mock-provider/handlers.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export type HttpApp = { baseUrl: string; build: ServerBuild; close(): Promise<void> }

/** Builds the app (so the route manifest is today's), then serves it over `db`. */
export async function startHttpApp(db: Db): Promise<HttpApp> {
  const dir = join(ROOT, '.cache', 'http-app', String(process.pid))
  execFileSync(process.execPath, [join(ROOT, 'node_modules/@remix-run/dev/dist/cli.js'), 'build'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, REMIX_BUILD_DIR: dir },
  })
  const build = (await import(`${pathToFileURL(join(dir, 'index.js')).href}?at=${Date.now()}`)) as ServerBuild
  setDb(db)
  let port = 0
  const settings = providerSettings()
  const mock: RunningMockProvider = startMockProvider(settings.baseUrl, {
    secretKey: settings.secretKey,
    webhookSecret: settings.webhookSecret,
    deliver: async (body, headers) => {
      await fetch(`http://127.0.0.1:${port}/webhooks/payments`, { method: 'POST', body, headers })
    },
  })
  const app = await createApp(build, null)
  const server: Server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    build,
    close: async () => {
      mock.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A browser-like visitor: keeps its cookies, reads the CSRF token and forms from the pages it gets. */
export class Visitor {
  private cookies = new Map<string, string>()
  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('Cookie', this.cookieHeader())
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const i = pair!.indexOf('=')
      const name = pair!.slice(0, i)
      const value = pair!.slice(i + 1)
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  async signIn(email: string, password: string): Promise<void> {
    const page = await (await this.fetch('/login')).text()
    const csrf = /name="csrf" value="([^"]*)"/.exec(page)?.[1] ?? ''
    const response = await this.fetch('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, email, password, redirectTo: '/' }),
    })
    if (response.status !== 302) throw new Error(`sign-in of ${email} answered ${response.status}: ${(await response.text()).slice(0, 300)}`)
  }
}
