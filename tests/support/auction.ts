// Auction fixtures for integration tests: a live session, its owner
// institution, staff, approved bidders with paid deposits, lots on it. A bidder with a deposit has paid the
// deposit of every lot of the session (decision 021: one per lot), whichever of the two is made first.
import type { Principal } from '../../app/domain/access.ts'
import { lotDepositKey } from '../../app/domain/payments.ts'
import type { Db } from '../../app/utils/db.server.ts'

let counter = 0
const unique = () => `${process.pid}-${Date.now().toString(36)}-${++counter}`

export type AuctionFixture = {
  sessionId: string
  ownerId: string
  owner: Principal
  staff: Principal
  bidder(opts?: { deposit?: boolean; approved?: boolean }): Promise<Principal>
  lot(opts: { startsAt: Date; endsAt: Date; status?: 'SCHEDULED' | 'LIVE'; extensionMinutes?: number; reserveFen?: bigint | null }): Promise<string>
}

export async function createAuctionFixture(db: Db, sessionWindow: { startsAt: Date; endsAt: Date }): Promise<AuctionFixture> {
  const u = unique()
  const ownerOrg = await db.organization.create({ data: { kind: 'UNIVERSITY', name: `测试大学${u}`, creditCode: `OWN${u}`, county: '西湖区' } })
  const ownerUser = await db.user.create({ data: { email: `owner${u}@t.example`, name: '成果方', role: 'INSTITUTION', organizationId: ownerOrg.id, passwordHash: 'x' } })
  const bureau = await db.organization.create({ data: { kind: 'BUREAU', name: `测试科技局${u}`, creditCode: `BUR${u}`, county: '莲都区' } })
  const staffUser = await db.user.create({ data: { email: `staff${u}@t.example`, name: '工作人员', role: 'STAFF', organizationId: bureau.id, passwordHash: 'x' } })
  const depositors: string[] = []
  const lots: string[] = []
  const DEPOSIT_FEN = 10_000_00n
  const payDeposit = (lotId: string, payerId: string) =>
    db.payment.create({
      data: { kind: 'DEPOSIT', status: 'SUCCEEDED', amountFen: DEPOSIT_FEN, payerId, sessionId: session.id, lotId, idempotencyKey: lotDepositKey(lotId, payerId) },
    })
  const session = await db.auctionSession.create({ data: { quarter: `T${u}`, title: '测试场次', ...sessionWindow, status: 'PLANNED', bureauId: bureau.id, publishedAt: new Date(0), registrationClosesAt: sessionWindow.startsAt } })
  return {
    sessionId: session.id,
    ownerId: ownerOrg.id,
    owner: { userId: ownerUser.id, role: 'INSTITUTION', organizationId: ownerOrg.id },
    staff: { userId: staffUser.id, role: 'STAFF', organizationId: bureau.id },
    async bidder({ deposit = true, approved = true } = {}) {
      const n = unique()
      const org = await db.organization.create({ data: { kind: 'ENTERPRISE', name: `竞买企业${n}`, creditCode: `BID${n}`, county: '莲都区' } })
      const user = await db.user.create({ data: { email: `b${n}@t.example`, name: `b${n}`, role: 'ENTERPRISE', organizationId: org.id, passwordHash: 'x' } })
      await db.registration.create({ data: { sessionId: session.id, enterpriseId: org.id, status: approved ? 'APPROVED' : 'PENDING' } })
      if (deposit) {
        depositors.push(org.id)
        for (const lotId of lots) await payDeposit(lotId, org.id)
      }
      return { userId: user.id, role: 'ENTERPRISE', organizationId: org.id }
    },
    async lot({ startsAt, endsAt, status = 'LIVE', extensionMinutes = 5, reserveFen = null }) {
      const n = ++counter
      const result = await db.researchResult.create({
        data: { ownerId: ownerOrg.id, title: `标的成果${u}-${n}`, summary: '…', field: 'equipment', ipKind: 'KNOW_HOW', maturity: 'PILOT', contactName: 'x', contactPhone: 'x', status: 'IN_AUCTION' },
      })
      const lot = await db.lot.create({
        data: {
          sessionId: session.id, number: n, resultId: result.id, startingPriceFen: 100_000_00n, incrementFen: 5_000_00n, reserveFen, depositFen: DEPOSIT_FEN,
          startsAt, endsAt, extensionMinutes, status,
        },
      })
      lots.push(lot.id)
      for (const payerId of depositors) await payDeposit(lot.id, payerId)
      return lot.id
    },
  }
}
