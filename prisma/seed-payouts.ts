// The demo's policy payments (prisma/seed-data.ts `demoPolicyPayments`, decision 020): each contract registered by
// Lishui staff, paid in full, its reward computed by the reward worker's own function, approved by another staff
// member (four eyes) and paid out through a throwaway in-memory mock provider, every step on its day in 2022, so the
// funds-disbursed figures come from records exactly as if it had happened. Runs once per contract (found by number).
import type { Principal } from '../app/domain/access.ts'
import { parseShanghaiDay } from '../app/domain/calendar.ts'
import { registerContract } from '../app/services/contracts.server.ts'
import { recordContractPayment } from '../app/services/contract-payments.server.ts'
import { payoutReward } from '../app/services/payouts.server.ts'
import { approveReward } from '../app/services/reward-review.server.ts'
import { settlePaymentReward } from '../app/services/reward-worker.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { createPaymentProvider } from '../app/utils/payment-provider.server.ts'
import { directFetch, MockPaymentProvider } from '../server/mock-provider/provider.ts'
import { demoPolicyPayments } from './seed-data.ts'

const HOUR = 3_600_000

/** 10:00 in Shanghai on a day of the seed data. */
function at(day: string, hours = 10): Date {
  const parsed = parseShanghaiDay(day)
  if (!parsed.ok) throw new Error(`seed data: ${day} is not a date`)
  return new Date(parsed.instantMs + hours * HOUR)
}

export async function seedPolicyPayments(db: Db, orgId: (name: string) => string): Promise<void> {
  const login = async (email: string): Promise<Principal> => {
    const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, role: true, organizationId: true } })
    return { userId: u.id, role: u.role, organizationId: u.organizationId }
  }
  const registrar = await login('staff.lishui@demo.kjj.example')
  const approver = await login('admin.lishui@demo.kjj.example')
  const mock = new MockPaymentProvider({ secretKey: 'sk_seed', webhookSecret: 'whsec_seed_demo_only' })
  const provider = createPaymentProvider({ baseUrl: 'http://seed.invalid', secretKey: 'sk_seed', fetch: directFetch(mock) })
  for (const p of demoPolicyPayments) {
    if (await db.contract.findUnique({ where: { registrationNo: p.registrationNo }, select: { id: true } })) continue
    const contract = await registerContract(
      db,
      registrar,
      { registrationNo: p.registrationNo, kind: p.kind, buyerId: orgId(p.enterprise), sellerId: orgId(p.seller), amountFen: p.amountFen, signedOn: at(p.signedOn, 0), attachmentNames: [], otherAuction: null },
      at(p.signedOn, 15),
    )
    const payment = await recordContractPayment(db, registrar, { contractId: contract.id, amountFen: p.amountFen, currency: 'CNY', paidOn: at(p.paidOn, 0), reference: `${p.registrationNo}-1` }, at(p.paidOn, 16))
    await settlePaymentReward(db, payment.id, at(p.paidOn, 17))
    const reward = await db.reward.findFirstOrThrow({ where: { contractId: contract.id, isReversal: false }, select: { id: true, amountFen: true } })
    if (Number(reward.amountFen) !== p.rewardFen) throw new Error(`seed: the reward of ${p.registrationNo} is ${reward.amountFen}, the seed data says ${p.rewardFen}`)
    await approveReward(db, approver, reward.id, at(p.approvedOn))
    if (p.payoutOn) {
      const outcome = await payoutReward(db, provider, registrar, reward.id, at(p.payoutOn))
      if (outcome.status !== 'SUCCEEDED') throw new Error(`seed: the payout of ${p.registrationNo} did not succeed (${outcome.status})`)
    }
  }
}
