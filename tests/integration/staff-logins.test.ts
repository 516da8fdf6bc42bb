// Finding 1 of issue 11: any staff member could create a staff login (a BUREAU organization on /staff/organizations),
// sign in as it and approve the reward of a contract they registered: four eyes that were one person.
// Now only a bureau administrator creates staff logins, every creation is audited, and the four-eyes check is between
// two people neither of whom created the other's login.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fourEyesProblem, type Principal } from '~/domain/access.ts'
import { action as organizationsAction } from '~/routes/staff.organizations.tsx'
import { createStaffLogin, registerOrganization } from '~/services/organizations.server.ts'
import { approveReward, rejectReward } from '~/services/reward-review.server.ts'
import { settlePaymentReward } from '~/services/reward-worker.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getRedis } from '~/utils/redis.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { makePrincipal } from '../support/payments.ts'
import { makeContract, makeInstalment, seedShaoxingPolicy } from '../support/rewards.ts'
import { postAction } from '../support/route-action.ts'

let db: Db
let close: () => Promise<void>
let staff: Principal
let admin: Principal
const now = new Date('2026-11-23T02:00:00Z')

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  await seedShaoxingPolicy(db)
  staff = await makePrincipal(db, 'BUREAU', '绍兴市科学技术局')
  admin = { ...(await makePrincipal(db, 'BUREAU', '绍兴市科技局管理')), organizationId: staff.organizationId }
  await db.user.update({ where: { id: admin.userId }, data: { bureauAdmin: true } })
})
afterAll(async () => {
  await close?.()
  getRedis().disconnect()
})

const bureauForm = (n: string) => ({
  kind: 'BUREAU' as const,
  name: `测试市科学技术局${n}`,
  creditCode: '',
  county: '越城区',
  userName: '第二账号',
  email: `second-${n}@t.example`,
  password: 'a-long-password',
})

describe('who creates staff logins', () => {
  test('a staff member who is no administrator cannot register a bureau (its first login is staff): 403, nothing stored', async () => {
    const before = await db.user.count()
    const outcome = await postAction(db, organizationsAction, { userId: staff.userId, path: '/staff/organizations', params: {}, fields: { ...bureauForm('a'), creditCode: '113306000024939379' } })
    expect(outcome).toMatchObject({ status: 403 })
    expect(await db.user.count()).toBe(before)
    await expect(createStaffLogin(db, staff, { userName: '第二账号', email: 'x2@t.example', password: 'a-long-password' }, now)).rejects.toMatchObject({ code: 'forbidden' })
  })

  test('a staff member still registers universities and enterprises; the login records who created it', async () => {
    const { userId } = await registerOrganization(db, staff, { ...bureauForm('b'), kind: 'ENTERPRISE', name: '测试企业有限公司', creditCode: '91330600MA2BPQ3D36' }, now)
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).createdById).toBe(staff.userId)
  })

  test('a bureau administrator creates a staff login in their bureau, audited as staff.create', async () => {
    const { userId } = await createStaffLogin(db, admin, { userName: '新同事', email: 'colleague@t.example', password: 'a-long-password' }, now)
    const created = await db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(created).toMatchObject({ role: 'STAFF', organizationId: admin.organizationId, createdById: admin.userId, bureauAdmin: false })
    expect(await db.auditLog.findMany({ where: { entityType: 'User', entityId: userId, action: 'staff.create' } })).toMatchObject([{ actorId: admin.userId }])
  })
})

describe('four eyes are two people who did not create each other', () => {
  test.each([
    [{ userId: 'a', createdById: null }, { userId: 'a', createdById: null }, 'same-person'],
    [{ userId: 'a', createdById: null }, { userId: 'b', createdById: 'a' }, 'created-by'],
    [{ userId: 'b', createdById: 'a' }, { userId: 'a', createdById: null }, 'created-by'],
    [{ userId: 'b', createdById: 'x' }, { userId: 'c', createdById: 'x' }, null],
  ] as const)('decider %o, registrar %o → %s', (decider, registrar, problem) => {
    expect(fourEyesProblem(decider, registrar)).toBe(problem)
  })

  test('the administrator cannot approve what the login they created registered, nor that login what its creator registered', async () => {
    const { userId } = await createStaffLogin(db, admin, { userName: '登记员', email: 'registrar@t.example', password: 'a-long-password' }, now)
    const made: Principal = { userId, role: 'STAFF', organizationId: admin.organizationId }
    const enterprise = await makePrincipal(db, 'ENTERPRISE', '四眼企业')
    for (const [registrar, decider] of [
      [made, admin],
      [admin, made],
    ] as const) {
      const c = await makeContract(db, { buyer: enterprise, registrar })
      const p = await makeInstalment(db, c, 100_000_000, new Date('2026-02-01T00:00:00+08:00'))
      await settlePaymentReward(db, p.id, now)
      const reward = await db.reward.findFirstOrThrow({ where: { paymentId: p.id } })
      await expect(approveReward(db, decider, reward.id, now)).rejects.toMatchObject({ code: 'not-allowed' })
      await expect(rejectReward(db, decider, reward.id, '材料不全', now)).rejects.toMatchObject({ code: 'not-allowed' })
      // A third person may.
      await approveReward(db, staff, reward.id, now)
      expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).status).toBe('APPROVED')
    }
  })
})
