// The mock provider on msw, and a client pointed at it with short timeouts
// and no real sleeping between retries.
import { startMockProvider, type RunningMockProvider } from '../../server/mock-provider/handlers.ts'
import type { MockProviderOptions } from '../../server/mock-provider/provider.ts'
import { createPaymentProvider, type Card, type ProviderConfig } from '../../app/utils/payment-provider.server.ts'
import { TEST_CARDS } from '../../server/mock-provider/provider.ts'

export const TEST_BASE_URL = 'http://provider.test.invalid'
export const TEST_SECRET_KEY = 'sk_test_marketplace'
export const TEST_WEBHOOK_SECRET = 'whsec_test_marketplace'

export function startTestProvider(options: Partial<MockProviderOptions> & { hangMs?: number } = {}): RunningMockProvider {
  return startMockProvider(TEST_BASE_URL, { secretKey: TEST_SECRET_KEY, webhookSecret: TEST_WEBHOOK_SECRET, hangMs: 2_000, ...options })
}

export function testClient(over: Partial<ProviderConfig> = {}) {
  const sleeps: number[] = []
  const client = createPaymentProvider({
    baseUrl: TEST_BASE_URL,
    secretKey: TEST_SECRET_KEY,
    timeoutMs: 150,
    maxAttempts: 4,
    baseDelayMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    ...over,
  })
  return { client, sleeps }
}

export function card(number: string = TEST_CARDS.success): Card {
  return { number, expMonth: 12, expYear: 2030, cvc: '123' }
}

import type { Principal } from '../../app/domain/access.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { receivePaymentWebhook } from '../../app/services/payment-webhooks.server.ts'
import { SIGNATURE_HEADER } from '../../app/utils/payment-webhook.server.ts'
import { createPrincipal, uniqueCode } from './organizations.ts'

/** An organisation named `name（creditCode）` in 越城区 with one login named `name` (the organisations' names carry the code). */
export async function makePrincipal(db: Db, kind: 'UNIVERSITY' | 'ENTERPRISE' | 'BUREAU', name: string, creditCode = uniqueCode('PAYT')): Promise<Principal & { name: string }> {
  return createPrincipal(db, kind, { name: `${name}（${creditCode}）`, userName: name, creditCode, county: '越城区', email: `${creditCode.toLowerCase()}@test.example` })
}

/** A session with `lots` lots (deposits in fen) of one institution's results, enterprises registered as given. */
export async function makeSession(
  db: Db,
  opts: { quarter?: string; lotDeposits?: number[]; status?: 'PLANNED' | 'LIVE' | 'CLOSED' | 'CANCELLED'; now: Date; bureauId?: string },
) {
  const institution = await makePrincipal(db, 'UNIVERSITY', '绍兴文理学院')
  const bureauId = opts.bureauId ?? (await makePrincipal(db, 'BUREAU', '绍兴市科技局')).organizationId
  const session = await db.auctionSession.create({
    data: {
      bureauId,
      quarter: opts.quarter ?? `T${uniqueCode()}`,
      title: '科技成果竞价（测试）',
      status: opts.status ?? 'PLANNED',
      publishedAt: new Date(opts.now.getTime() - 7 * 86_400_000),
      registrationClosesAt: new Date(opts.now.getTime() + 86_400_000),
      startsAt: new Date(opts.now.getTime() + 86_400_000),
      endsAt: new Date(opts.now.getTime() + 2 * 86_400_000),
    },
  })
  const lots = []
  let number = 0
  for (const deposit of opts.lotDeposits ?? [5_000_000]) {
    const result = await db.researchResult.create({
      data: {
        ownerId: institution.organizationId,
        title: `成果 ${++number}`,
        summary: '测试成果',
        field: 'textiles',
        ipKind: 'INVENTION_PATENT',
        maturity: 'PILOT',
        contactName: '王老师',
        contactPhone: '0575-88341234',
        status: 'IN_AUCTION',
      },
    })
    lots.push(
      await db.lot.create({
        data: {
          sessionId: session.id,
          number,
          resultId: result.id,
          startingPriceFen: BigInt(deposit * 4),
          incrementFen: 100_000n,
          depositFen: BigInt(deposit),
          startsAt: session.startsAt,
          endsAt: session.endsAt,
        },
      }),
    )
  }
  return { session, lots, institution }
}

/** The enterprise's registration for the session, decided as `status` (approved unless said). */
export async function register(db: Db, sessionId: string, enterprise: { organizationId: string }, status: 'APPROVED' | 'PENDING' | 'REFUSED' = 'APPROVED') {
  return db.registration.create({ data: { sessionId, enterpriseId: enterprise.organizationId, status } })
}

/** The mock provider on `clock`, its webhooks delivered straight into the app's handler on `db`. */
export function startWiredProvider(db: Db, clock: () => Date = () => new Date(), options: Partial<MockProviderOptions> & { hangMs?: number } = {}): RunningMockProvider {
  const mock = startTestProvider({ now: clock, ...options })
  mock.provider.setDelivery(deliverTo(db, clock).deliver)
  return mock
}

/** Between tests: what the last test set off is delivered, and the provider delivers each webhook once, by itself. */
export async function resetProvider(mock: RunningMockProvider): Promise<void> {
  await mock.provider.webhooksSettled()
  mock.provider.webhookMode = 'auto'
  mock.provider.duplicateWebhooks = 1
  mock.provider.pending = []
}

/** Wires the mock's webhook deliveries straight into the app's webhook handler. */
export function deliverTo(db: Db, now: () => Date) {
  const responses: { status: number; body: unknown }[] = []
  const deliver = async (body: string, headers: Record<string, string>) => {
    const r = await receivePaymentWebhook(db, body, headers[SIGNATURE_HEADER] ?? null, TEST_WEBHOOK_SECRET, now())
    responses.push(r)
    if (r.status !== 200) throw new Error(`webhook refused: ${JSON.stringify(r.body)}`)
  }
  return { deliver, responses }
}

/**
 * The lot of a session with the largest deposit (the first such): tests written when a deposit was one per
 * session (of the largest lot's amount) pay this lot's deposit now that deposits are per lot (decision 021).
 */
export async function largestDepositLot(db: Db, sessionId: string): Promise<string> {
  const lot = await db.lot.findFirstOrThrow({ where: { sessionId }, orderBy: [{ depositFen: 'desc' }, { number: 'asc' }], select: { id: true } })
  return lot.id
}
