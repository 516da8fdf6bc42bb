// The reward rules (docs/decisions/006-rewards.md, measure 7 of 绍市科〔2022〕24号): an enterprise
// is rewarded a share of what it actually paid under a technology contract
// with a university or institute, at one rate outside auctions and another
// through them, within a cap per contract and a cap per enterprise per year.
// Pure: the worker locks the running totals, calls `computeReward` with them,
// and stores what it returns; the CLI and the property test call the same
// function. Money is integer fen; rates are basis points (1 bp = 0.01 %).
//
// Times are epoch milliseconds (time is a parameter here). The year a payment
// counts in is the calendar year in Asia/Shanghai of the moment it was paid
// (docs/decisions/006-rewards.md).
import { shanghaiYear } from './calendar.ts'
import { isFen } from './money.ts'
import type { RuleKey } from './rule-message.ts'

/** The payments that pay for a contract: instalments reported outside auctions, and an auction deal's settlement and applied deposit. */
export const REWARDABLE_KINDS = ['CONTRACT_INSTALMENT', 'SETTLEMENT', 'DEPOSIT'] as const
export type RewardableKind = (typeof REWARDABLE_KINDS)[number]

/** The status in which a payment counts as paid toward its contract (a deposit counts once applied to the price). */
export const COUNTING_STATUS: Record<RewardableKind, 'SUCCEEDED' | 'APPLIED'> = {
  CONTRACT_INSTALMENT: 'SUCCEEDED',
  SETTLEMENT: 'SUCCEEDED',
  DEPOSIT: 'APPLIED',
}

export function isRewardableKind(kind: string): kind is RewardableKind {
  return (REWARDABLE_KINDS as readonly string[]).includes(kind)
}

/** This payment has paid for its contract (whatever the contract's status since). */
export function countsAsPaid(payment: { kind: string; status: string }): boolean {
  return isRewardableKind(payment.kind) && payment.status === COUNTING_STATUS[payment.kind]
}

/** This payment counts toward a reward: it has paid for its contract and the contract still stands. */
export function countsTowardReward(payment: { kind: string; status: string }, contractStatus: string): boolean {
  return countsAsPaid(payment) && contractStatus === 'ACTIVE'
}

export type ContractKind = 'DEVELOPMENT' | 'TRANSFER' | 'LICENCE'
export const CONTRACT_KINDS: readonly ContractKind[] = ['DEVELOPMENT', 'TRANSFER', 'LICENCE']

/** One approved version of a bureau's policy: the terms a reward is computed with. */
export type RewardPolicyRule = {
  id: string
  name: string
  /** 1, 2, …: versions of one policy share its name. */
  version: number
  authority: string
  validFromMs: number
  /** Exclusive; null when open-ended. */
  validToMs: number | null
  rateOutsideAuctionBp: number
  rateViaAuctionBp: number
  capPerContractFen: number
  capPerEnterpriseYearFen: number
  /** The contract kinds it rewards (a field of the policy, not code: licences only where a policy says so). */
  contractKinds: readonly ContractKind[]
  /** The bureau whose region it applies to; null (or absent): a policy of no bureau, applied where a bureau has none in force. */
  bureauId?: string | null
}

/** The cap room of one scope (a contract, or an enterprise in a year) around one reward. */
export type CapStep = {
  capFen: number
  /** What rewards (net of reversals) had used of the cap before this one. */
  usedBeforeFen: number
  leftBeforeFen: number
  leftAfterFen: number
}

export type RewardExplanation = {
  kind: 'reward'
  /** The version used (explanations written before versions have no `version`: read it as 1). */
  policy: { id: string; name: string; version?: number; authority: string }
  viaAuction: boolean
  /** The contract's kind, and whether the policy covers it (absent before kinds were a policy field: covered). */
  contractKind?: ContractKind
  covered?: boolean
  /** The amount actually paid (fen): the base. */
  baseFen: number
  rateBp: number
  /** floor(base × rate), before any cap. */
  rawFen: number
  contractCap: CapStep
  enterpriseYearCap: CapStep & { year: number }
  /** What made the amount: the rate, the contract's cap, the year's cap, or the policy not covering the contract's kind (0). */
  limitedBy: 'rate' | 'contract-cap' | 'enterprise-year-cap' | 'contract-kind'
  amountFen: number
}

export type ReversalExplanation = {
  kind: 'reversal'
  /** Why the reward no longer stands. */
  cause: 'payment-refunded' | 'contract-cancelled' | 'payment-not-counted'
  reversedRewardId: string
  /** Negative: the opposite of the reversed reward. */
  amountFen: number
  contractCap: CapStep
  enterpriseYearCap: CapStep & { year: number }
}

export type RewardInput = {
  policy: RewardPolicyRule
  viaAuction: boolean
  contractKind: ContractKind
  paidFen: number
  /** Net rewards of this contract so far (all years). */
  contractUsedFen: number
  /** Net rewards of this enterprise in the payment's year so far. */
  enterpriseYearUsedFen: number
  year: number
}

export const BP_PER_WHOLE = 10_000

/**
 * The version in force at the moment of payment, among approved versions:
 * valid then; the most recently started if several are; of two that start
 * together, the later version. An approved version is never changed, so a
 * new version starting on a date takes over from that date and the older one
 * still decides everything before it.
 */
export function policyInForce<P extends Pick<RewardPolicyRule, 'validFromMs' | 'validToMs'> & { version?: number }>(policies: readonly P[], atMs: number): P | null {
  let best: P | null = null
  for (const p of policies) {
    if (p.validFromMs > atMs) continue
    if (p.validToMs !== null && atMs >= p.validToMs) continue
    if (!best || p.validFromMs > best.validFromMs || (p.validFromMs === best.validFromMs && (p.version ?? 1) > (best.version ?? 1))) best = p
  }
  return best
}

/**
 * The version deciding a payment of an enterprise of `bureauId`'s region (decision 016): that bureau's own
 * version in force at `atMs`; when it has none, a version of no bureau (policies from before they belonged
 * to bureaus). Another bureau's policy never applies.
 */
export function policyForBureau<P extends Pick<RewardPolicyRule, 'validFromMs' | 'validToMs' | 'bureauId'> & { version?: number }>(policies: readonly P[], bureauId: string | null, atMs: number): P | null {
  const own = bureauId === null ? null : policyInForce(policies.filter((p) => p.bureauId === bureauId), atMs)
  return own ?? policyInForce(policies.filter((p) => (p.bureauId ?? null) === null), atMs)
}

// ---------------------------------------------------------------------------
// Policy versions as staff propose them (app/services/reward-policies.server.ts).

export type PolicyTerms = Pick<
  RewardPolicyRule,
  'validFromMs' | 'validToMs' | 'rateOutsideAuctionBp' | 'rateViaAuctionBp' | 'capPerContractFen' | 'capPerEnterpriseYearFen' | 'contractKinds'
>

export type PolicyTermsField = keyof PolicyTerms

/** What is wrong with proposed terms, field by field (empty when nothing is). */
export function policyTermsProblems(t: PolicyTerms): Partial<Record<PolicyTermsField, RuleKey>> {
  const problems: Partial<Record<PolicyTermsField, RuleKey>> = {}
  const rate = (bp: number) => Number.isInteger(bp) && bp >= 0 && bp <= BP_PER_WHOLE
  if (!rate(t.rateOutsideAuctionBp)) problems.rateOutsideAuctionBp = 'validation.reward.rate'
  if (!rate(t.rateViaAuctionBp)) problems.rateViaAuctionBp = 'validation.reward.rate'
  if (!isFen(t.capPerContractFen) || t.capPerContractFen <= 0) problems.capPerContractFen = 'validation.reward.capPositive'
  if (!isFen(t.capPerEnterpriseYearFen) || t.capPerEnterpriseYearFen <= 0) problems.capPerEnterpriseYearFen = 'validation.reward.capPositive'
  if (t.contractKinds.length === 0) problems.contractKinds = 'validation.reward.contractKindsRequired'
  if (t.validToMs !== null && t.validToMs <= t.validFromMs) problems.validToMs = 'validation.reward.validToAfterFrom'
  return problems
}

/** "10", "10%", "12.5 %", "0.25" (percent, at most two decimals) → basis points; null otherwise. */
export function parsePercentToBp(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text)
  if (!m) return null
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return bp <= BP_PER_WHOLE ? bp : null
}

/** Two validity periods share at least one instant (`validTo` exclusive, null open-ended). */
export function validityOverlaps(a: Pick<PolicyTerms, 'validFromMs' | 'validToMs'>, b: Pick<PolicyTerms, 'validFromMs' | 'validToMs'>): boolean {
  return (a.validToMs === null || b.validFromMs < a.validToMs) && (b.validToMs === null || a.validFromMs < b.validToMs)
}

/**
 * An approved version of ANOTHER policy (another name) of the same bureau in
 * force during the candidate's validity. Versions of one policy may overlap
 * (the later one takes over); two policies of one bureau may not. Policies of
 * two bureaus may: each applies to its own region (decision 016).
 */
export function overlappingOtherPolicy<P extends Pick<RewardPolicyRule, 'name' | 'validFromMs' | 'validToMs' | 'bureauId'>>(candidate: P, approved: readonly P[]): P | null {
  return approved.find((p) => p.name !== candidate.name && (p.bureauId ?? null) === (candidate.bureauId ?? null) && validityOverlaps(p, candidate)) ?? null
}

/** floor(amount × bp / 10 000), exactly, for any safe-integer amount (BigInt keeps the product exact). */
export function applyRate(amountFen: number, rateBp: number): number {
  if (!isFen(amountFen) || amountFen < 0) throw new RangeError('amount must be a non-negative whole number of fen')
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > BP_PER_WHOLE) throw new RangeError('rate must be 0–10 000 basis points')
  return Number((BigInt(amountFen) * BigInt(rateBp)) / BigInt(BP_PER_WHOLE))
}

function capStep(capFen: number, usedBeforeFen: number, amountFen: number): CapStep {
  const leftBeforeFen = Math.max(0, capFen - usedBeforeFen)
  return { capFen, usedBeforeFen, leftBeforeFen, leftAfterFen: Math.max(0, capFen - usedBeforeFen - amountFen) }
}

/**
 * reward = min(rate × paid, what is left of the contract's cap, what is left
 * of the enterprise's cap for the year), in fen, rounded down; with the steps
 * that produced it.
 */
export function computeReward(input: RewardInput): RewardExplanation {
  const { policy, viaAuction, contractKind, paidFen, contractUsedFen, enterpriseYearUsedFen, year } = input
  if (!isFen(paidFen) || paidFen <= 0) throw new RangeError('the amount paid must be a positive whole number of fen')
  if (!isFen(contractUsedFen) || !isFen(enterpriseYearUsedFen)) throw new RangeError('totals must be whole numbers of fen')
  // A kind the policy does not cover earns nothing; the entry still says which version decided so, and why.
  const covered = policy.contractKinds.includes(contractKind)
  const rateBp = !covered ? 0 : viaAuction ? policy.rateViaAuctionBp : policy.rateOutsideAuctionBp
  const rawFen = applyRate(paidFen, rateBp)
  const contractLeft = Math.max(0, policy.capPerContractFen - contractUsedFen)
  const yearLeft = Math.max(0, policy.capPerEnterpriseYearFen - enterpriseYearUsedFen)
  const amountFen = Math.min(rawFen, contractLeft, yearLeft)
  const limitedBy = !covered ? 'contract-kind' : amountFen === rawFen ? 'rate' : amountFen === contractLeft ? 'contract-cap' : 'enterprise-year-cap'
  return {
    kind: 'reward',
    policy: { id: policy.id, name: policy.name, version: policy.version, authority: policy.authority },
    viaAuction,
    contractKind,
    covered,
    baseFen: paidFen,
    rateBp,
    rawFen,
    contractCap: capStep(policy.capPerContractFen, contractUsedFen, amountFen),
    enterpriseYearCap: { year, ...capStep(policy.capPerEnterpriseYearFen, enterpriseYearUsedFen, amountFen) },
    limitedBy,
    amountFen,
  }
}

/**
 * The opposite entry of a reward that no longer stands (its payment was
 * refunded or its contract cancelled): it gives back exactly the room the
 * reward took, in the contract and in the year the reward counted in.
 */
export function computeReversal(input: {
  rewardId: string
  rewardAmountFen: number
  cause: ReversalExplanation['cause']
  capPerContractFen: number
  capPerEnterpriseYearFen: number
  contractUsedFen: number
  enterpriseYearUsedFen: number
  year: number
}): ReversalExplanation {
  const amountFen = -input.rewardAmountFen
  return {
    kind: 'reversal',
    cause: input.cause,
    reversedRewardId: input.rewardId,
    amountFen,
    contractCap: capStep(input.capPerContractFen, input.contractUsedFen, amountFen),
    enterpriseYearCap: { year: input.year, ...capStep(input.capPerEnterpriseYearFen, input.enterpriseYearUsedFen, amountFen) },
  }
}

// ---------------------------------------------------------------------------
// A whole sequence in memory: the reference the CLI prints, the property test
// checks, and the concurrency test and the benchmark compare the database to.

export type PaymentFact = {
  paymentId: string
  enterpriseId: string
  contractId: string
  viaAuction: boolean
  /** Default TRANSFER (what every auction contract is). */
  contractKind?: ContractKind
  amountFen: number
  paidAtMs: number
}

export type LedgerEvent = { type: 'paid'; payment: PaymentFact } | { type: 'refunded'; paymentId: string } | { type: 'contract-cancelled'; contractId: string }

export type RewardEntry = {
  paymentId: string
  enterpriseId: string
  contractId: string
  year: number
  isReversal: boolean
  amountFen: number
  explanation: RewardExplanation | ReversalExplanation
}

/** Running totals: net rewards per contract and per enterprise-year. */
export class RewardBook {
  readonly contractUsed = new Map<string, number>()
  readonly yearUsed = new Map<string, number>()
  readonly entries: RewardEntry[] = []
  private readonly rewardOf = new Map<string, RewardEntry>()
  private readonly reversed = new Set<string>()
  private readonly cancelled = new Set<string>()
  private readonly paymentsOf = new Map<string, string[]>()

  constructor(private readonly policies: readonly RewardPolicyRule[]) {}

  static yearKey(enterpriseId: string, year: number): string {
    return `${enterpriseId}@${year}`
  }

  apply(event: LedgerEvent): RewardEntry[] {
    if (event.type === 'paid') {
      const e = this.reward(event.payment)
      return e ? [e] : []
    }
    if (event.type === 'refunded') {
      const e = this.reverse(event.paymentId, 'payment-refunded')
      return e ? [e] : []
    }
    this.cancelled.add(event.contractId)
    return (this.paymentsOf.get(event.contractId) ?? []).flatMap((id) => this.reverse(id, 'contract-cancelled') ?? [])
  }

  /** Rewards a payment once; a payment already seen, or of a cancelled contract, or with no policy in force, gives nothing. */
  reward(p: PaymentFact): RewardEntry | null {
    if (this.rewardOf.has(p.paymentId) || this.cancelled.has(p.contractId)) return null
    const policy = policyInForce(this.policies, p.paidAtMs)
    if (!policy) return null
    const year = shanghaiYear(p.paidAtMs)
    const yk = RewardBook.yearKey(p.enterpriseId, year)
    const explanation = computeReward({
      policy,
      viaAuction: p.viaAuction,
      contractKind: p.contractKind ?? 'TRANSFER',
      paidFen: p.amountFen,
      contractUsedFen: this.contractUsed.get(p.contractId) ?? 0,
      enterpriseYearUsedFen: this.yearUsed.get(yk) ?? 0,
      year,
    })
    const entry: RewardEntry = { paymentId: p.paymentId, enterpriseId: p.enterpriseId, contractId: p.contractId, year, isReversal: false, amountFen: explanation.amountFen, explanation }
    this.book(entry, yk)
    this.rewardOf.set(p.paymentId, entry)
    this.paymentsOf.set(p.contractId, [...(this.paymentsOf.get(p.contractId) ?? []), p.paymentId])
    return entry
  }

  reverse(paymentId: string, cause: ReversalExplanation['cause']): RewardEntry | null {
    const original = this.rewardOf.get(paymentId)
    if (!original || this.reversed.has(paymentId)) return null
    this.reversed.add(paymentId)
    const e = original.explanation as RewardExplanation
    const yk = RewardBook.yearKey(original.enterpriseId, original.year)
    const explanation = computeReversal({
      rewardId: paymentId,
      rewardAmountFen: original.amountFen,
      cause,
      capPerContractFen: e.contractCap.capFen,
      capPerEnterpriseYearFen: e.enterpriseYearCap.capFen,
      contractUsedFen: this.contractUsed.get(original.contractId) ?? 0,
      enterpriseYearUsedFen: this.yearUsed.get(yk) ?? 0,
      year: original.year,
    })
    const entry: RewardEntry = { ...original, isReversal: true, amountFen: explanation.amountFen, explanation }
    this.book(entry, yk)
    return entry
  }

  private book(entry: RewardEntry, yk: string): void {
    this.contractUsed.set(entry.contractId, (this.contractUsed.get(entry.contractId) ?? 0) + entry.amountFen)
    this.yearUsed.set(yk, (this.yearUsed.get(yk) ?? 0) + entry.amountFen)
    this.entries.push(entry)
  }
}

// The names of these values are in the catalogue: enums.rewardStatus, enums.limitedBy, enums.policyStatus,
// enums.reversalCause.
export const REWARD_STATUSES = ['COMPUTED', 'APPROVED', 'REJECTED', 'PAID', 'REVERSED'] as const
export type RewardStatus = (typeof REWARD_STATUSES)[number]
