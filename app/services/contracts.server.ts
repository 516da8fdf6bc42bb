// Technology contracts that earn rewards: the ones staff register (made
// outside auctions, between an enterprise buyer and a university or
// institute seller), and the ones an auction deal becomes once it is paid.
import { isStaff, readsStaffPages, type Principal } from '~/domain/access.ts'
import { contractSignedOnProblem } from '~/domain/contracts.ts'
import { fenFromDb, fenToDb } from '~/domain/money.ts'
import { countsAsPaid, REWARDABLE_KINDS } from '~/domain/rewards.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { depositForDeal } from './deposit-of-lot.server.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf, readableBureau, readScopeOf } from './bureaus.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { queueContractRewardWork } from './reward-worker.server.ts'

export type ContractInput = {
  registrationNo: string
  kind: 'DEVELOPMENT' | 'TRANSFER' | 'LICENCE'
  buyerId: string
  sellerId: string
  amountFen: number
  signedOn: Date
  attachmentNames: string[]
  /** Made through another technology market's auction: that market and its auction's reference (earns the auction rate). */
  otherAuction?: { market: string; ref: string } | null
}

export async function registerContract(db: Db, staff: Principal, input: ContractInput, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.register-contracts')
  const registrationNo = input.registrationNo.trim()
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new ServiceError('invalid', 'contract.amount-positive', { field: 'amountFen' })
  const signedProblem = contractSignedOnProblem(input.signedOn.getTime(), now.getTime())
  if (signedProblem) throw new ServiceError('invalid', signedProblem.message, { field: 'signedOn', params: signedProblem.params })
  const otherAuction = input.otherAuction ? { market: input.otherAuction.market.trim(), ref: input.otherAuction.ref.trim() } : null
  if (otherAuction && otherAuction.market.length < 2) throw new ServiceError('invalid', 'contract.auction-market-required', { field: 'auctionMarket' })
  if (otherAuction && !otherAuction.ref) throw new ServiceError('invalid', 'contract.auction-ref-required', { field: 'auctionRef' })
  if (input.buyerId === input.sellerId) throw new ServiceError('invalid', 'contract.same-parties', { field: 'sellerId' })
  const [buyer, seller] = await Promise.all([
    db.organization.findUnique({ where: { id: input.buyerId }, select: { kind: true, region: { select: { bureauId: true } } } }),
    db.organization.findUnique({ where: { id: input.sellerId }, select: { kind: true } }),
  ])
  if (!buyer) throw new ServiceError('invalid', 'contract.buyer-not-found', { field: 'buyerId' })
  if (buyer.kind !== 'ENTERPRISE') throw new ServiceError('invalid', 'contract.buyer-not-enterprise', { field: 'buyerId' })
  // An enterprise of another bureau's region is that bureau's to register (one outside every region, any bureau's).
  if (buyer.region && buyer.region.bureauId !== bureauIdOf(staff)) throw new ServiceError('not-allowed', 'bureau.outside-region', { field: 'buyerId' })
  if (!seller) throw new ServiceError('invalid', 'contract.seller-not-found', { field: 'sellerId' })
  if (seller.kind !== 'UNIVERSITY' && seller.kind !== 'INSTITUTE') throw new ServiceError('invalid', 'contract.seller-not-institution', { field: 'sellerId' })
  try {
    return await db.$transaction(async (tx) => {
      const contract = await tx.contract.create({
        data: {
          bureauId: bureauIdOf(staff),
          registrationNo,
          kind: input.kind,
          buyerId: input.buyerId,
          sellerId: input.sellerId,
          amountFen: fenToDb(input.amountFen),
          signedOn: input.signedOn,
          viaAuction: otherAuction !== null,
          auctionMarket: otherAuction?.market ?? null,
          auctionRef: otherAuction?.ref ?? null,
          attachmentNames: input.attachmentNames,
          registeredById: staff.userId,
          createdAt: now,
        },
      })
      await audit(tx, {
        actorId: staff.userId,
        action: 'contract.register',
        entityType: 'Contract',
        entityId: contract.id,
        toStatus: 'ACTIVE',
        data: { registrationNo, kind: input.kind, amountFen: input.amountFen, viaAuction: otherAuction !== null, auctionMarket: otherAuction?.market ?? null, auctionRef: otherAuction?.ref ?? null },
        at: now,
      })
      return contract
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ServiceError('conflict', 'contract.registration-no-taken', { field: 'registrationNo' })
    }
    throw error
  }
}

/** Cancels (解除) a contract: every reward of it is reversed by the worker, and its later payments earn nothing. */
export async function cancelContract(db: Db, staff: Principal, contractId: string, reason: string, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.cancel-contracts')
  const note = reason.trim()
  if (note.length < 2) throw new ServiceError('reason-required', 'contract.cancel-reason-required', { field: 'reason' })
  await db.$transaction(async (tx) => {
    const { count } = await tx.contract.updateMany({ where: { id: contractId, status: 'ACTIVE', bureauId: bureauIdOf(staff) }, data: { status: 'CANCELLED', cancelReason: note } })
    if (count !== 1) throw new ServiceError('wrong-status', 'contract.missing-or-cancelled')
    await audit(tx, { actorId: staff.userId, action: 'contract.cancel', entityType: 'Contract', entityId: contractId, fromStatus: 'ACTIVE', toStatus: 'CANCELLED', reason: note, at: now })
  })
  await queueContractRewardWork(db, contractId)
  return { id: contractId, status: 'CANCELLED' as const }
}

/**
 * The via-auction contract of a paid deal (one per deal), linked to the
 * payments that paid it: the settlement and the deposit applied to the price.
 * Called in the transaction that makes the deal PAID; the caller asks for the
 * reward jobs after it commits.
 */
export async function ensureAuctionContract(tx: Tx, dealId: string, now: Date): Promise<string> {
  const deal = await tx.deal.findUniqueOrThrow({ where: { id: dealId }, include: { contract: true, lot: { select: { id: true, sessionId: true, number: true, session: { select: { quarter: true, bureauId: true } } } } } })
  let contractId = deal.contract?.id
  if (!contractId) {
    const contract = await tx.contract.create({
      data: {
        // Auction deals have no 登记号 yet; this one is derived from the deal, so it is unique and stable.
        // Registered with the bureau that ran the auction (every deal comes from a lot).
        bureauId: deal.lot?.session.bureauId ?? (await tx.organization.findFirstOrThrow({ where: { kind: 'BUREAU' }, orderBy: { name: 'asc' }, select: { id: true } })).id,
        registrationNo: `JJ-${deal.lot?.session.quarter ?? 'X'}-${deal.lot?.number ?? 0}-${deal.id}`,
        kind: 'TRANSFER',
        buyerId: deal.buyerId,
        sellerId: deal.sellerId,
        amountFen: deal.priceFen,
        signedOn: now,
        viaAuction: true,
        dealId: deal.id,
        attachmentNames: [],
        createdAt: now,
      },
    })
    contractId = contract.id
    await audit(tx, {
      actorId: null,
      action: 'contract.from-deal',
      entityType: 'Contract',
      entityId: contract.id,
      toStatus: 'ACTIVE',
      data: { dealId, amountFen: fenFromDb(deal.priceFen) },
      at: now,
    })
  }
  await tx.payment.updateMany({ where: { dealId, kind: 'SETTLEMENT', contractId: null }, data: { contractId } })
  if (deal.lot) {
    // The winner's deposit, once applied to this deal's price, is part of what was paid for it.
    const deposit = await depositForDeal(tx, { id: deal.id, buyerId: deal.buyerId, priceFen: deal.priceFen, lot: deal.lot })
    if (deposit) await tx.payment.updateMany({ where: { id: deposit.id, status: 'APPLIED', contractId: null }, data: { contractId, dealId } })
  }
  return contractId
}

/** What the contract form and the contract list need. */
export async function contractsPage(db: Db, staff: Principal) {
  if (!readsStaffPages(staff)) throw new ServiceError('forbidden', 'staff-only.contracts')
  const [contracts, organizations] = await Promise.all([
    db.contract.findMany({
      where: readableBureau(staff),
      orderBy: { createdAt: 'desc' },
      take: 200,
      include: {
        buyer: { select: { name: true } },
        seller: { select: { name: true } },
        registeredBy: { select: { name: true } },
        payments: { where: { kind: { in: [...REWARDABLE_KINDS] } }, select: { amountFen: true, kind: true, status: true } },
      },
    }),
    // Sellers from anywhere; buyers of this bureau's region (or of none: registerContract's rule). The province registers nothing.
    !isStaff(staff) ? [] : db.organization.findMany({
      where: { kind: { in: ['ENTERPRISE', 'UNIVERSITY', 'INSTITUTE'] }, OR: [{ kind: { not: 'ENTERPRISE' } }, { countyId: null }, { region: { bureauId: bureauIdOf(staff) } }] },
      select: { id: true, name: true, kind: true },
      orderBy: { name: 'asc' },
    }),
  ])
  return {
    contracts: contracts.map((c) => ({
      ...contractFacts(c),
      paidFen: c.payments.filter((p) => countsAsPaid(p)).reduce((s, p) => s + fenFromDb(p.amountFen), 0),
    })),
    buyers: organizations.filter((o) => o.kind === 'ENTERPRISE'),
    sellers: organizations.filter((o) => o.kind !== 'ENTERPRISE'),
  }
}

type ContractRow = Prisma.ContractGetPayload<{ include: { buyer: { select: { name: true } }; seller: { select: { name: true } }; registeredBy: { select: { name: true } } } }>

/** What staff read of a contract, in the list and on its page. */
function contractFacts(c: ContractRow) {
  return {
    id: c.id,
    registrationNo: c.registrationNo,
    kind: c.kind,
    buyer: c.buyer.name,
    seller: c.seller.name,
    amountFen: fenFromDb(c.amountFen),
    signedOn: c.signedOn.toISOString(),
    viaAuction: c.viaAuction,
    dealId: c.dealId,
    auctionMarket: c.auctionMarket,
    auctionRef: c.auctionRef,
    status: c.status,
    cancelReason: c.cancelReason,
    registeredBy: c.registeredBy?.name ?? null,
    attachmentNames: c.attachmentNames,
  }
}

/** One contract with its payments and reward entries, for staff. */
export async function contractDetail(db: Db, staff: Principal, contractId: string) {
  if (!readsStaffPages(staff)) throw new ServiceError('forbidden', 'staff-only.contracts')
  const scope = readScopeOf(staff)
  const c = await db.contract.findUnique({
    where: { id: contractId },
    include: {
      buyer: { select: { name: true } },
      seller: { select: { name: true } },
      registeredBy: { select: { name: true } },
      payments: { orderBy: { createdAt: 'asc' }, include: { rewards: { select: { id: true, isReversal: true, amountFen: true, status: true } } } },
    },
  })
  if (!c || (!scope.all && c.bureauId !== scope.bureauId)) throw new ServiceError('not-found', 'contract.not-found')
  return {
    ...contractFacts(c),
    payments: c.payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      status: p.status,
      amountFen: fenFromDb(p.amountFen),
      paidAt: p.paidAt?.toISOString() ?? null,
      reference: p.kind === 'CONTRACT_INSTALMENT' ? p.idempotencyKey.split(':').slice(2).join(':') : null,
      rewards: p.rewards.map((r) => ({ id: r.id, isReversal: r.isReversal, amountFen: fenFromDb(r.amountFen), status: r.status })),
    })),
  }
}
