// `npm run workers`: the worker process on its own (the web process also runs
// the same workers inside itself unless WORKERS_IN_PROCESS=false).
import { getEnv } from '../app/utils/env.server.ts'
import { closeAdapterFactory } from '../app/utils/database.server.ts'
import { queueSettings } from '../app/utils/queues.server.ts'
import { prepareDatabase } from '../server/index.ts'
import { startWorkers } from './index.ts'
import { adapterSqlRunner, preparingPostgresAdapter } from '../app/utils/sql-runner.server.ts'
import { enableRewardJobs, scheduleRewardSweep } from '../app/services/reward-jobs.server.ts'

const env = getEnv()
const { db, adapterFactory } = await prepareDatabase({ ...env, SEED_DEMO: 'never' })
// On PostgreSQL the reward statements skip the Prisma client's per-query pipeline (bench/rewards.ts).
const sql = env.DATABASE_URL ? adapterSqlRunner(await preparingPostgresAdapter(env.DATABASE_URL)) : undefined
const running = startWorkers({ db, sql }, queueSettings())
// Reversals after a contract is cancelled elsewhere are asked for by that process; the sweep is scheduled here too.
await scheduleRewardSweep(enableRewardJobs(queueSettings()))
console.log(`workers: ${running.workers.map((w) => w.name).join(', ') || 'none registered'} (prefix ${queueSettings().prefix})`)
const stop = async () => {
  await running.close()
  await db.$disconnect()
  await closeAdapterFactory(adapterFactory)
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
