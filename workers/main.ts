// `npm run workers`: the worker process on its own (the web process also runs
// the same workers inside itself unless WORKERS_IN_PROCESS=false).
import { startMatchIndexSync } from '../app/services/matching.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { closeAdapterFactory } from '../app/utils/database.server.ts'
import { queueSettings } from '../app/utils/queues.server.ts'
import { prepareDatabase } from '../server/index.ts'
import { startWorkers } from './index.ts'

const env = getEnv()
const { db, adapterFactory } = await prepareDatabase({ ...env, SEED_DEMO: 'never' })
// Listing changes made here (e.g. a lot closing) are announced to the web processes' match indexes.
const matchSync = await startMatchIndexSync(db, { redisUrl: env.REDIS_URL, subscribe: false })
const running = startWorkers({ db }, queueSettings())
console.log(`workers: ${running.workers.map((w) => w.name).join(', ') || 'none registered'} (prefix ${queueSettings().prefix})`)
const stop = async () => {
  await running.close()
  await matchSync.close()
  await db.$disconnect()
  await closeAdapterFactory(adapterFactory)
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
