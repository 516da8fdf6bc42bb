// Finding #24 of issue 11: two web processes started at once on an empty
// PostgreSQL database raced in the demo seed (one crashed on the quarter's
// unique key, or the demo was seeded twice). prepareDatabase now migrates and
// seeds under an advisory lock (app/utils/startup-lock.server.ts). Two start-ups of
// separate pools race here on one fresh database, as two processes would.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { closeAdapterFactory } from '~/utils/database.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv, parseEnv } from '~/utils/env.server.ts'
import { organizations, results, rewardPolicies, users } from '../../prisma/seed-data.ts'
import { seed } from '../../prisma/seed.ts'
import { prepareDatabase } from '~/utils/prepare-database.server.ts'
import { createScratchPostgresDatabase } from '../support/database.ts'

const DATABASE_URL = process.env.DATABASE_URL
if (!DATABASE_URL) console.log('startup-race.test.ts skipped: set DATABASE_URL=postgresql://… (the race is between processes sharing PostgreSQL)')

const cleanups: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

test.skipIf(!DATABASE_URL)(
  'two processes starting at once on an empty database migrate and seed it exactly once',
  async () => {
    const scratch = await createScratchPostgresDatabase(DATABASE_URL!)
    cleanups.push(scratch.drop)
    const env = parseEnv({ DATABASE_URL: scratch.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'race-')), SEED_DEMO: 'auto', SESSION_SECRET: getEnv().SESSION_SECRET })
    const started = await Promise.allSettled([prepareDatabase(env, seed), prepareDatabase(env, seed)])
    for (const s of started) if (s.status === 'fulfilled') cleanups.push(async () => (await s.value.db.$disconnect(), await closeAdapterFactory(s.value.adapterFactory)))
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(['ok', 'ok'])
    const db = (started[0] as PromiseFulfilledResult<{ db: Db }>).value.db
    expect(await db.organization.count()).toBe(organizations.length)
    expect(await db.user.count()).toBe(users.length)
    // Every seeded result once (the live and past auctions add none of their own).
    const titles = await db.researchResult.groupBy({ by: ['ownerId', 'title'], _count: true })
    expect(titles.filter((t) => t._count > 1)).toEqual([])
    expect(titles.length).toBe(results.length)
    expect(await db.rewardPolicy.count()).toBe(rewardPolicies.length) // one per bureau of the demo
  },
  120_000,
)
