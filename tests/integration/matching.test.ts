// The matching service over the real database: the index follows publishing,
// withdrawing and closing without a rebuild, and only public listings match.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { resultCount } from '~/domain/matching/index.ts'
import { expressInterest, interestsForResult, replyToInterest } from '~/services/interests.server.ts'
import { getMatchIndex, matchesForNeed, matchesForResult, matchingBoard } from '~/services/matching.server.ts'
import { transitionNeed } from '~/services/needs.server.ts'
import { transitionResult } from '~/services/results.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { publishResult, submitNeed } from '../support/listings.ts'
import { createPrincipal } from '../support/organizations.ts'

let db: Db
let close: () => Promise<void>
let university: Principal
let enterprise: Principal
let staff: Principal
const now = new Date('2026-11-22T02:00:00Z')

// Matching reads the field, the keywords, the modes and the price: each result here has the same ones but its words.
const published = (title: string, summary: string, keywords: string) =>
  publishResult(db, { owner: university, staff }, now, { title, summary, keywords, field: 'equipment', transferModes: ['TRANSFER', 'LICENCE'], askingPrice: '800000' })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  university = await createPrincipal(db, 'UNIVERSITY', { name: '浙江工业大学（测试）' })
  enterprise = await createPrincipal(db, 'ENTERPRISE', { name: '浙江瑞兴阀门（测试）' })
  staff = await createPrincipal(db, 'BUREAU', { name: '丽水市科技局（测试）' })
})
afterAll(async () => close?.())

describe('the index follows the listings, one change at a time', () => {
  test('publish adds, withdraw removes; the need finds the right result with reasons', async () => {
    await getMatchIndex(db) // built now, before anything is published
    const sealing = await published(
      'LNG超低温球阀阀座柔性石墨复合密封',
      '采用柔性石墨与PTFE复合密封环，-196℃下泄漏率低于10ppm，已在阀门企业中试。',
      '超低温球阀,阀座密封,柔性石墨',
    )
    const gearbox = await published('精密行星减速器齿轮修形', '通过齿廓修形降低行星减速器噪声 5 dB，提高传动效率。', '减速器,齿轮修形,降噪')
    expect(resultCount(await getMatchIndex(db))).toBe(2)

    const needId = await submitNeed(db, enterprise, now, {
      title: '超低温球阀密封泄漏攻关',
      description: '我司LNG超低温球阀在-196℃试验时阀座密封泄漏超标，需要新的密封结构或材料。',
      field: 'equipment', keywords: '超低温球阀,密封,泄漏', budgetMin: '500000', budgetMax: '1200000', acceptedModes: ['TRANSFER'],
    })
    // The enterprise sees matches for its own need even before staff publish it.
    const matches = await matchesForNeed(db, enterprise, needId)
    expect(matches[0]).toMatchObject({ id: sealing, reasons: { sameField: true, budgetFit: 'fits', modesInCommon: ['TRANSFER'] } })
    expect(matches[0]!.reasons.sharedTerms.length).toBeGreaterThan(0)
    // Strangers do not, until it is public.
    await expect(matchesForNeed(db, null, needId)).rejects.toMatchObject({ code: 'not-found' })
    await transitionNeed(db, staff, needId, 'publish', undefined, now)
    expect((await matchesForResult(db, null, sealing)).map((m) => m.id)).toContain(needId)

    await transitionResult(db, university, sealing, 'withdraw', undefined, now)
    expect(resultCount(await getMatchIndex(db))).toBe(1)
    expect((await matchesForNeed(db, enterprise, needId)).map((m) => m.id)).not.toContain(sealing)
    expect(gearbox).toBeTruthy()
  })
})

describe('interest: the enterprise writes, the owner answers, staff see it', () => {
  test('the conversation and who sees what', async () => {
    const id = await published('竹材高温热处理防霉技术', '饱和蒸汽180℃热处理竹材，防霉等级0级。', '竹材,防霉,热处理')
    await expect(expressInterest(db, enterprise, id, '好', now)).rejects.toMatchObject({ field: 'message' })
    await expect(expressInterest(db, university, id, '我们也想合作一下', now)).rejects.toMatchObject({ code: 'forbidden' })
    const { id: interestId } = await expressInterest(db, enterprise, id, '我司竹地板产线希望引进该防霉工艺', now)
    await expect(replyToInterest(db, enterprise, interestId, '自己回复自己', now)).rejects.toMatchObject({ code: 'forbidden' })
    await replyToInterest(db, university, interestId, '欢迎来校交流，联系王老师', now)
    expect(await interestsForResult(db, staff, id)).toMatchObject([{ reply: '欢迎来校交流，联系王老师' }])
    expect(await interestsForResult(db, null, id)).toEqual([])
    const board = await matchingBoard(db, staff, 'equipment')
    expect(board.unseenResults.map((r) => r.id)).not.toContain(id) // it has interest now
  })
})
