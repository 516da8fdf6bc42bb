// The web process: one Node HTTP server carrying Express and the Remix
// request handler and Socket.IO for live bidding (server/realtime.ts). It checks the
// environment and Redis, migrates the database, seeds the demo on an empty
// database, then listens.
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { DEMO_LOGINS, DEMO_PASSWORD } from '../prisma/seed-data.ts'
import { seed } from '../prisma/seed.ts'
import { closeAdapterFactory } from '../app/utils/database.server.ts'
import { setDb } from '../app/utils/db.server.ts'
import { getEnv, type Env } from '../app/utils/env.server.ts'
import { checkRedis } from '../app/utils/redis.server.ts'
import { localeFromHeaders, runWithLocale } from '../app/utils/i18n.server.ts'
import { MOCK_PROVIDER_PATH, providerSettings } from '../app/utils/payment-provider.server.ts'
import { serveOverHttp, startMockProvider, type RunningMockProvider } from './mock-provider/handlers.ts'
import { TEST_CARDS } from './mock-provider/provider.ts'
import { prepareDatabase } from '../app/utils/prepare-database.server.ts'
import { e2eFixtures, e2eFixturesEnabled } from './e2e-fixtures.ts'
import { getMatchIndex, startMatchIndexSync } from '../app/services/matching.server.ts'
import { needCount, resultCount } from '../app/domain/matching/index.ts'
import { closeQueues, getQueue, QUEUE_NAMES, queueSettings } from '../app/utils/queues.server.ts'
import { startWorkers, type RunningWorkers } from '../workers/index.ts'
import { createRealtime } from './realtime.ts'
import { securityHeaders } from './security-headers.ts'
import { guardBuild, refuseControlCharactersInUrl, refuseForeignOrigin, refuseUnboundedBodies } from './request-guards.ts'
import { MAX_REQUEST_BODY_BYTES } from '../app/domain/request-attachments.ts'
import { enqueueLotRefunds, enqueueSessionRefunds } from '../app/services/payment-followup.server.ts'
import { enableRewardJobs } from '../app/services/reward-jobs.server.ts'
import { enableNotificationJobs, kickLotNotifications } from '../app/services/notifications.server.ts'
import { mailSettings, startMailServer, type RunningMailServer } from '../app/utils/mail.server.ts'

export type LoadContext = { clientAddress: string; cspNonce: string }

export async function createApp(build: ServerBuild, mockProvider: (RunningMockProvider & { baseUrl: string }) | null = null) {
  const app = express()
  app.disable('x-powered-by')
  // Behind nginx (deploy/nginx.conf) the client's address is the proxy's X-Forwarded-For entry.
  app.set('trust proxy', getEnv().TRUST_PROXY)
  app.use(...securityHeaders({ production: getEnv().NODE_ENV === 'production' }))
  // What an outsider sends is checked before any route runs (server/request-guards.ts).
  app.use(refuseForeignOrigin(), refuseControlCharactersInUrl(), refuseUnboundedBodies(MAX_REQUEST_BODY_BYTES))
  // The mock provider's API for other processes (npm run workers); only when this process holds the mock.
  if (mockProvider) app.all(`${MOCK_PROVIDER_PATH}/v1/*`, serveOverHttp(mockProvider.handlers, mockProvider.baseUrl))
  // Browser-test fixtures (E2E_FIXTURES=1, mock provider, not production): see server/e2e-fixtures.ts.
  if (mockProvider && e2eFixturesEnabled()) app.use('/__e2e', e2eFixtures(mockProvider))
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  app.use(express.static('public', { maxAge: '1h' }))
  // Browsers ask for it whatever the page links; answer without waking the router.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'))
  const remix = createRequestHandler({
    build: guardBuild(build),
    getLoadContext: (req, res): LoadContext => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown', cspNonce: String(res.locals.cspNonce ?? '') }),
  })
  // Every request runs knowing its language, so messages are translated at the edge (docs/i18n.md).
  app.all('*', (req, res, next) => {
    localeFromHeaders(req.headers.cookie, req.headers['accept-language']).then(
      (locale) => runWithLocale(locale, () => remix(req, res, next)),
      next,
    )
  })
  return app
}

/** The demo logins for the start-up banner: never in production, whose log is no place for a shared password. */
export function demoLoginLines(env: Pick<Env, 'NODE_ENV'>): string[] {
  if (env.NODE_ENV === 'production') return []
  return [`  demo logins (password ${DEMO_PASSWORD}):`, ...DEMO_LOGINS.map((l) => `    ${l.email.padEnd(32)} ${l.role.padEnd(12)} ${l.organizationName}`)]
}

export async function main(): Promise<Server> {
  let env: Env
  try {
    env = getEnv()
    await checkRedis(env.REDIS_URL)
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
  const { db, adapterFactory } = await prepareDatabase(env, seed)
  setDb(db)
  const indexStart = performance.now()
  const index = await getMatchIndex(db)
  console.log(`Matching index: ${resultCount(index)} results, ${needCount(index)} needs in ${Math.round(performance.now() - indexStart)} ms`)
  // Other web processes (and workers) announce listing changes; this index follows them.
  const matchSync = await startMatchIndexSync(db, { redisUrl: env.REDIS_URL })
  const buildPath = pathToFileURL(join(process.cwd(), 'build/index.js')).href
  const build = (await import(buildPath)) as ServerBuild
  let port = env.PORT
  const mockProvider = startMockProviderIfUnconfigured(() => port)
  const app = await createApp(build, mockProvider)
  const server = createServer(app)
  // Keep idle connections longer than a client or proxy pool keeps them (Node's 5 s default let a client reuse a
  // connection in the instant the server closed it: ECONNRESET on a plain GET, seen once in the browser tests).
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  // A lot decided starts the refunds of its losers' deposits, the last lot of a session those of the session-wide
  // deposits from before decision 021 (jobs; the scheduled sweep is the safety net).
  const realtime = createRealtime(server, {
    db,
    redisUrl: env.REDIS_URL,
    limits: { trustedProxies: env.TRUST_PROXY },
    onSessionClosed: (sessionId) => enqueueSessionRefunds(sessionId).then(() => undefined),
    onLotDecided: (lotId) => enqueueLotRefunds(lotId).then(() => undefined),
    // A lot's new log entries (bids, extension, open, close) become notifications right away (outbid is immediate).
    onLotEvents: kickLotNotifications,
  })
  const devMail = await startDevMailServerIfUnconfigured()
  await new Promise<void>((resolve) => server.listen(env.PORT, resolve))
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : env.PORT
  // The single-process default runs the workers here too; WORKERS_IN_PROCESS=false leaves them to `npm run workers`.
  const workers: RunningWorkers | null = !getEnv().WORKERS_IN_PROCESS ? null : startWorkers({ db }, queueSettings())
  // Payments ask for reward jobs after they commit (the rewards registration schedules the sweep that catches lost ones).
  enableRewardJobs(getQueue(QUEUE_NAMES.rewards))
  enableNotificationJobs(getQueue(QUEUE_NAMES.notifications))
  const database = env.DATABASE_URL ? `PostgreSQL (${new URL(env.DATABASE_URL).host})` : `embedded PGlite in ${join(env.DATA_DIR, 'pglite')}`
  console.log(
    [
      '',
      `科技成果交易市场 is running at http://localhost:${port}`,
      `  database: ${database}`,
      `  redis:    ${new URL(env.REDIS_URL).host}`,
      `  workers:  ${workers ? `in this process (${workers.workers.map((w) => w.name).join(', ') || 'none registered'})` : 'separate (npm run workers)'}`,
      `  payments: ${
        mockProvider
          ? `MOCK provider (msw, in memory) in this process, also served at ${mockProvider.baseUrl} for npm run workers (no PAYMENT_PROVIDER_URL set); test cards: ${TEST_CARDS.success} pays, ${TEST_CARDS.declined} is declined, ${TEST_CARDS.insufficientFunds} has insufficient funds`
          : env.PAYMENT_PROVIDER_URL
      }`,
      `  mail:     ${devMail ? `development mail server on 127.0.0.1:${devMail.port} (no SMTP_URL set); read it at http://localhost:${port}/dev/mail` : 'SMTP_URL'}`,
      ...demoLoginLines(env),
      '',
    ].join('\n'),
  )
  const stop = () => {
    mockProvider?.close()
    void devMail?.close()
    server.close()
    void Promise.all([realtime.close(), workers?.close(), closeQueues(), matchSync.close()])
      .then(() => db.$disconnect())
      .then(() => closeAdapterFactory(adapterFactory))
      .finally(() => process.exit(0))
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  // Started by `npm start` (scripts/start.mjs) with an IPC channel: stop when the starter is gone.
  if (process.send) process.once('disconnect', stop)
  return server
}

/**
 * Without SMTP_URL, mail goes to a development SMTP server in this process (DEV_SMTP_PORT, default 1025) whose
 * messages /dev/mail shows; `npm run workers` sends to it over SMTP as well.
 */
async function startDevMailServerIfUnconfigured(): Promise<RunningMailServer | null> {
  const settings = mailSettings()
  if (!settings.isDev || getEnv().NODE_ENV === 'production') return null
  try {
    return await startMailServer({ port: Number(new URL(settings.url).port), shareAsDevMailbox: true })
  } catch (error) {
    console.error(`development mail server not started (${(error as Error).message}); set SMTP_URL or DEV_SMTP_PORT`)
    return null
  }
}

/**
 * Without a configured provider, payments go to the in-process mock (msw), which
 * posts its signed webhooks back to this server like the real one would.
 */
function startMockProviderIfUnconfigured(port: () => number): (RunningMockProvider & { baseUrl: string }) | null {
  const settings = providerSettings()
  if (!settings.isMock) return null
  const running = startMockProvider(settings.baseUrl, {
    secretKey: settings.secretKey,
    webhookSecret: settings.webhookSecret,
    deliver: async (body, headers) => {
      const response = await fetch(`http://127.0.0.1:${port()}/webhooks/payments`, { method: 'POST', body, headers })
      if (!response.ok) throw new Error(`webhook answered ${response.status}`)
    },
  })
  return { ...running, baseUrl: settings.baseUrl }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void main()
}
