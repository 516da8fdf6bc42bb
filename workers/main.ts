// `npm run workers`: the worker process on its own (the web process also runs
// the same workers inside itself unless WORKERS_IN_PROCESS=false).
//
// Two rules make a separate process see what the web process sees:
// - the database must be PostgreSQL (DATABASE_URL): the embedded PGlite
//   database belongs to the one process that opened it;
// - without a configured payment provider, payments go to the web process's
//   mock, which it serves at http://127.0.0.1:$PORT/mock-provider: start this
//   process with the web process's PORT (and QUEUE_PREFIX, REDIS_URL).
import { startMatchIndexSync } from '../app/services/matching.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { closeAdapterFactory } from '../app/utils/database.server.ts'
import { closeSqlPort } from '../app/utils/sql.server.ts'
import { providerSettings } from '../app/utils/payment-provider.server.ts'
import { getQueue, QUEUE_NAMES, queueSettings } from '../app/utils/queues.server.ts'
import { prepareDatabase } from '../app/utils/prepare-database.server.ts'
import { startWorkers } from './index.ts'
import { enableRewardJobs } from '../app/services/reward-jobs.server.ts'
import { enableNotificationJobs } from '../app/services/notifications.server.ts'
import { mailSettings } from '../app/utils/mail.server.ts'

const env = getEnv()
if (!env.DATABASE_URL) {
  console.error(
    'npm run workers needs DATABASE_URL (PostgreSQL): the embedded database can be opened by one process only, and the web process runs the workers itself by default.',
  )
  process.exit(1)
}
const provider = providerSettings(env)
if (provider.isMock) {
  // Fail at start, not at the first refund, when the web process's mock is not there.
  const probe = await fetch(`${provider.baseUrl}/v1/payment_intents/pi_probe`, { headers: { Authorization: `Bearer ${provider.secretKey}` } }).catch(() => null)
  const answer = probe?.status === 404 ? ((await probe.json().catch(() => null)) as { error?: { code?: string } } | null) : null
  if (answer?.error?.code !== 'resource_missing') {
    console.error(`No mock payment provider answers at ${provider.baseUrl}: start the web process first (same PORT), or set PAYMENT_PROVIDER_URL and PAYMENT_PROVIDER_KEY.`)
    process.exit(1)
  }
}
// Migrates (once, under the start-up lock) but never seeds: the demo is the web process's.
const { db, adapterFactory } = await prepareDatabase(env)
// Listing changes made here (e.g. a lot closing) are announced to the web processes' match indexes.
const matchSync = await startMatchIndexSync(db, { redisUrl: env.REDIS_URL, subscribe: false })
// Payments changed here (e.g. refunds) ask for reward jobs too.
enableRewardJobs(getQueue(QUEUE_NAMES.rewards))
// Notifications written here (refunds, forfeits, rewards) kick the relay too.
enableNotificationJobs(getQueue(QUEUE_NAMES.notifications))
const running = startWorkers({ db }, queueSettings())
await running.ready
console.log(
  `workers: ${running.workers.map((w) => w.name).join(', ') || 'none registered'} (prefix ${queueSettings().prefix}); payments: ${provider.isMock ? `the web process's MOCK provider at ${provider.baseUrl}` : provider.baseUrl}; mail: ${mailSettings().isDev ? `the web process's development mail server at ${mailSettings().url}` : 'SMTP_URL'}`,
)
const stop = async () => {
  await running.close()
  await matchSync.close()
  await closeSqlPort(db)
  await db.$disconnect()
  await closeAdapterFactory(adapterFactory)
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
