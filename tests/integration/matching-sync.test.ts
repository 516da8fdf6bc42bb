// Two web processes, two match indexes, one database: a listing changed
// through one is re-read by the other, told through real Redis pub/sub.
// Each "process" here is its own Prisma client (own index) on the same database.
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { needCount, resultCount } from '~/domain/matching/index.ts'
import { getMatchIndex, matchesForNeed, startMatchIndexSync, type MatchIndexSync } from '~/services/matching.server.ts'
import { transitionNeed } from '~/services/needs.server.ts'
import { transitionResult } from '~/services/results.server.ts'
import { createPrismaClient } from '~/utils/database.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { submitNeed, submitResult } from '../support/listings.ts'
import { createPrincipal } from '../support/organizations.ts'

let a: Db // process A
let b: Db // process B
let close: () => Promise<void>
let syncA: MatchIndexSync
let syncB: MatchIndexSync
let channel: string
let university: Principal
let enterprise: Principal
let staff: Principal
const now = new Date('2026-11-22T02:00:00Z')

// Each result is the same sealing ring under another title (submitted in A; the test publishes it when B listens).
const submitted = (title: string) =>
  submitResult(a, university, now, {
    title, summary: '采用柔性石墨与PTFE复合密封环，-196℃下泄漏率低于10ppm，已在阀门企业中试。', keywords: '超低温球阀,阀座密封,柔性石墨', field: 'equipment', askingPrice: '800000',
  })

/** Resolves when B has applied the change of this listing (waits on the event, never on a timer). */
async function appliedInB(id: string) {
  for (;;) {
    const [change] = (await once(syncB.events, 'applied')) as [{ id: string }]
    if (change.id === id) return
  }
}

beforeAll(async () => {
  const t = await createTestDatabase()
  a = t.prisma as Db
  b = createPrismaClient(t.adapterFactory) as Db
  close = async () => {
    await b.$disconnect()
    await t.close()
  }
  channel = `test-${randomUUID()}:matching:listing-changed`
  syncA = await startMatchIndexSync(a, { redisUrl: getEnv().REDIS_URL, channel })
  syncB = await startMatchIndexSync(b, { redisUrl: getEnv().REDIS_URL, channel })
  university = await createPrincipal(a, 'UNIVERSITY', { name: '浙江工业大学（测试）' })
  enterprise = await createPrincipal(a, 'ENTERPRISE', { name: '浙江瑞兴阀门（测试）' })
  staff = await createPrincipal(a, 'BUREAU', { name: '丽水市科技局（测试）' })
})
afterAll(async () => {
  await syncA?.close()
  await syncB?.close()
  await close?.()
})

describe('a listing changed in one process is re-read by the others', () => {
  test('publish and withdraw through A; B follows each without a rebuild', async () => {
    expect(a).not.toBe(b)
    const [indexA, indexB] = [await getMatchIndex(a), await getMatchIndex(b)]
    expect(indexA).not.toBe(indexB)
    expect([resultCount(indexA), resultCount(indexB)]).toEqual([0, 0])

    const needId = await submitNeed(a, enterprise, now, {
      title: '超低温球阀密封泄漏攻关', description: '我司LNG超低温球阀在-196℃试验时阀座密封泄漏超标，需要新的密封结构或材料。',
      field: 'equipment', keywords: '超低温球阀,密封,泄漏', acceptedModes: ['TRANSFER'],
    })
    const needInB = appliedInB(needId)
    await transitionNeed(a, staff, needId, 'publish', undefined, now)
    await needInB

    const id = await submitted('LNG超低温球阀阀座柔性石墨复合密封')
    const published = appliedInB(id)
    await transitionResult(a, staff, id, 'publish', undefined, now)
    await published
    expect(resultCount(indexB)).toBe(1)
    expect((await matchesForNeed(b, enterprise, needId)).map((m) => m.title)).toEqual(['LNG超低温球阀阀座柔性石墨复合密封'])

    const withdrawn = appliedInB(id)
    await transitionResult(a, university, id, 'withdraw', undefined, now)
    await withdrawn
    expect(resultCount(indexB)).toBe(0)
    expect(await matchesForNeed(b, enterprise, needId)).toEqual([])

    // The need's side too: closed in A, gone from B.
    const closed = appliedInB(needId)
    await transitionNeed(a, enterprise, needId, 'close', undefined, now)
    await closed
    expect(needCount(indexB)).toBe(0)
  })

  test('B lost its connection: what was said meanwhile is not lost, B rebuilds from the database', async () => {
    const admin = new Redis(getEnv().REDIS_URL)
    try {
      const list = (await admin.client('LIST')) as string
      // A and B both subscribe under this name: cut both.
      const ids = list.split('\n').filter((l) => l.includes(`name=matching-sync:${channel}`)).map((l) => /id=(\d+)/.exec(l)![1]!)
      expect(ids).toHaveLength(2)
      const before = await getMatchIndex(b)
      const resynced = once(syncB.events, 'resync')
      for (const id of ids) await admin.client('KILL', 'ID', id)
      // Published while B may be away: B may miss this message.
      const id = await submitted('竹材高温热处理防霉工艺')
      await transitionResult(a, staff, id, 'publish', undefined, now)
      await resynced
      const after = await getMatchIndex(b)
      expect(after).not.toBe(before) // rebuilt …
      expect(resultCount(after)).toBe(resultCount(await getMatchIndex(a))) // … from the committed state
    } finally {
      admin.disconnect()
    }
  })

  test('B follows changes again after the reconnect, without another rebuild', async () => {
    const before = await getMatchIndex(b)
    const count = resultCount(before)
    const id = await submitted('精密行星减速器齿轮修形与降噪')
    const seen = appliedInB(id)
    await transitionResult(a, staff, id, 'publish', undefined, now)
    await seen
    expect(await getMatchIndex(b)).toBe(before)
    expect(resultCount(before)).toBe(count + 1)
  })
})
