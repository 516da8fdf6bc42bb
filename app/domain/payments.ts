// The rules of money moving through the marketplace: the payment state
// machine, the idempotency keys, the ledger postings each state implies, the
// deposit identity and the settlement amount. Pure: services load, call these,
// and write what they decide; the in-memory simulation in the tests calls the
// very same functions.
import type { RuleKey } from './rule-message.ts'
import { isFen } from './money.ts'

export const PAYMENT_STATUSES = [
  'REQUIRES_PAYMENT',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'REFUNDED',
  'APPLIED',
  'FORFEITED',
] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** A payment that waits to be paid: never attempted, or its last attempt failed (the page offers to pay it). */
export function awaitsPayment(status: string): boolean {
  return status === 'REQUIRES_PAYMENT' || status === 'FAILED'
}

export const PAYMENT_KINDS = ['DEPOSIT', 'SETTLEMENT', 'CONTRACT_INSTALMENT', 'REWARD_PAYOUT', 'VOUCHER_SHARE', 'VOUCHER_PAYOUT'] as const
export type PaymentKind = (typeof PAYMENT_KINDS)[number]

export const CURRENCIES = ['CNY'] as const
export type Currency = (typeof CURRENCIES)[number]

/**
 * What can happen to a payment. Provider facts (`processing`, `succeeded`,
 * `failed`, `refunded`) come from the provider's responses and webhooks: they
 * are never refused, only applied or ignored when stale or repeated. Commands
 * (`attempt`, `refund`, `apply`, `forfeit`) are asked for by people or jobs
 * and may be refused.
 */
export type ProviderFact = 'processing' | 'succeeded' | 'failed' | 'refunded'
export type PaymentCommand = 'attempt' | 'refund' | 'apply' | 'forfeit'
export type PaymentEvent = ProviderFact | PaymentCommand

export const PROVIDER_FACTS: readonly ProviderFact[] = ['processing', 'succeeded', 'failed', 'refunded']

export function isProviderFact(event: PaymentEvent): event is ProviderFact {
  return (PROVIDER_FACTS as readonly string[]).includes(event)
}

type Step = { to: PaymentStatus } | { allow: true } | { ignore: 'duplicate' | 'stale' } | { refuse: RuleKey }

// The whole machine in one table. A missing entry is refused with a generic
// message. `refund` never changes the status itself: the provider's
// `refunded` fact does, so a refund that the provider has not confirmed never
// shows as done.
const TRANSITIONS: Record<PaymentStatus, Partial<Record<PaymentEvent, Step>>> = {
  REQUIRES_PAYMENT: {
    attempt: { to: 'PROCESSING' },
    processing: { to: 'PROCESSING' },
    succeeded: { to: 'SUCCEEDED' },
    failed: { to: 'FAILED' },
    refunded: { to: 'REFUNDED' },
    refund: { refuse: 'validation.payment.notPaidNoRefund' },
    apply: { refuse: 'validation.payment.depositNotPaidNoApply' },
    forfeit: { refuse: 'validation.payment.depositNotPaidNoForfeit' },
  },
  PROCESSING: {
    attempt: { refuse: 'validation.payment.processingWait' },
    processing: { ignore: 'duplicate' },
    succeeded: { to: 'SUCCEEDED' },
    failed: { to: 'FAILED' },
    refunded: { to: 'REFUNDED' },
    refund: { refuse: 'validation.payment.processingNoRefund' },
    apply: { refuse: 'validation.payment.depositProcessingNoApply' },
    forfeit: { refuse: 'validation.payment.depositProcessingNoForfeit' },
  },
  FAILED: {
    attempt: { to: 'PROCESSING' },
    // A late "processing" from the attempt that already failed says nothing new.
    processing: { ignore: 'stale' },
    succeeded: { to: 'SUCCEEDED' },
    failed: { ignore: 'duplicate' },
    refunded: { to: 'REFUNDED' },
    refund: { refuse: 'validation.payment.failedNoRefund' },
    apply: { refuse: 'validation.payment.depositFailedNoApply' },
    forfeit: { refuse: 'validation.payment.depositFailedNoForfeit' },
  },
  SUCCEEDED: {
    attempt: { refuse: 'validation.payment.alreadyPaid' },
    processing: { ignore: 'stale' },
    succeeded: { ignore: 'duplicate' },
    // A decline of an earlier attempt, delivered after the success.
    failed: { ignore: 'stale' },
    refunded: { to: 'REFUNDED' },
    refund: { allow: true },
    apply: { to: 'APPLIED' },
    forfeit: { to: 'FORFEITED' },
  },
  REFUNDED: {
    attempt: { refuse: 'validation.payment.alreadyRefunded' },
    processing: { ignore: 'stale' },
    // A late success must never resurrect a refunded payment.
    succeeded: { ignore: 'stale' },
    failed: { ignore: 'stale' },
    refunded: { ignore: 'duplicate' },
    refund: { refuse: 'validation.payment.alreadyRefunded' },
    apply: { refuse: 'validation.payment.depositRefundedNoApply' },
    forfeit: { refuse: 'validation.payment.depositRefundedNoForfeit' },
  },
  APPLIED: {
    attempt: { refuse: 'validation.payment.depositApplied' },
    processing: { ignore: 'stale' },
    succeeded: { ignore: 'stale' },
    failed: { ignore: 'stale' },
    refunded: { ignore: 'stale' },
    refund: { refuse: 'validation.payment.depositAppliedNoRefund' },
    apply: { refuse: 'validation.payment.depositApplied' },
    forfeit: { refuse: 'validation.payment.depositAppliedNoForfeit' },
  },
  FORFEITED: {
    attempt: { refuse: 'validation.payment.depositForfeited' },
    processing: { ignore: 'stale' },
    succeeded: { ignore: 'stale' },
    failed: { ignore: 'stale' },
    refunded: { ignore: 'stale' },
    refund: { refuse: 'validation.payment.depositForfeitedNoRefund' },
    apply: { refuse: 'validation.payment.depositForfeitedNoApply' },
    forfeit: { refuse: 'validation.payment.depositForfeited' },
  },
}

/** Which commands make sense for which kind; provider facts apply to every kind that goes through the provider. */
const COMMANDS_BY_KIND: Record<PaymentKind, readonly PaymentCommand[]> = {
  DEPOSIT: ['attempt', 'refund', 'apply', 'forfeit'],
  SETTLEMENT: ['attempt', 'refund'],
  REWARD_PAYOUT: ['attempt'],
  // The holder's own share of a delivered voucher booking, by card; the bureau's voucher part, paid out to the provider.
  VOUCHER_SHARE: ['attempt'],
  VOUCHER_PAYOUT: ['attempt'],
  // Reported by the parties and recorded by staff; nothing goes through the provider.
  CONTRACT_INSTALMENT: [],
}

export type TransitionDecision =
  | { type: 'move'; from: PaymentStatus; to: PaymentStatus }
  /** A command that may go ahead but changes no status by itself (a refund request). */
  | { type: 'allow' }
  | { type: 'ignore'; reason: 'duplicate' | 'stale' }
  | { type: 'refuse'; code: 'wrong-status' | 'not-allowed'; message: RuleKey; params?: Record<string, string> }

export function decidePaymentTransition(kind: PaymentKind, from: PaymentStatus, event: PaymentEvent): TransitionDecision {
  if (!isProviderFact(event) && !COMMANDS_BY_KIND[kind].includes(event)) {
    return { type: 'refuse', code: 'not-allowed', message: 'validation.payment.kindCannot', params: { kind: `enums.paymentKind.${kind}`, command: `enums.paymentCommand.${event}` } }
  }
  if (isProviderFact(event) && kind === 'CONTRACT_INSTALMENT') {
    return { type: 'ignore', reason: 'stale' }
  }
  if ((kind === 'REWARD_PAYOUT' || kind === 'VOUCHER_PAYOUT') && event === 'refunded') return { type: 'ignore', reason: 'stale' }
  const step = TRANSITIONS[from][event]
  if (!step) return { type: 'refuse', code: 'wrong-status', message: 'validation.payment.wrongStatus' }
  if ('refuse' in step) return { type: 'refuse', code: 'wrong-status', message: step.refuse }
  if ('ignore' in step) return { type: 'ignore', reason: step.ignore }
  if ('allow' in step) return { type: 'allow' }
  return { type: 'move', from, to: step.to }
}

// ---------------------------------------------------------------------------
// Idempotency keys. Derived only from what is paid for, so the same deposit,
// settlement, refund or payout can never be sent to the provider under two
// keys, however often a person clicks or a job retries.

/** The deposit of one enterprise for one lot (decision 021): one payment per (lot, enterprise). */
export function lotDepositKey(lotId: string, enterpriseId: string): string {
  return `deposit-lot:${lotId}:${enterpriseId}`
}
/**
 * The session-wide deposit paid before decision 021 (one per session and enterprise, the largest lot's): no
 * new one is made, but those that exist stay valid for every lot of their session (docs/decisions/021).
 */
export function legacySessionDepositKey(sessionId: string, enterpriseId: string): string {
  return `deposit:${sessionId}:${enterpriseId}`
}
export function settlementKey(dealId: string): string {
  return `settlement:${dealId}`
}
export function refundKey(paymentId: string): string {
  return `refund:${paymentId}`
}
/** A payout that definitely failed moved no money, so the next attempt is a new payout with its own key. */
export function payoutKey(rewardId: string, attempt = 1): string {
  return attempt <= 1 ? `payout:${rewardId}` : `payout:${rewardId}:${attempt}`
}
/** The payment row of a reward payout is one per reward, whatever the attempts. */
export function rewardPaymentKey(rewardId: string): string {
  return `reward:${rewardId}`
}
export function contractPaymentKey(contractId: string, reference: string): string {
  return `contract:${contractId}:${reference.trim()}`
}
/**
 * Each card attempt on the same payment intent is its own confirm call; the
 * attempt number is stored before the call, so an HTTP retry of attempt n
 * reuses attempt n's key and can never charge twice.
 */
export function confirmKey(paymentKey: string, attempt: number): string {
  return `${paymentKey}:confirm:${attempt}`
}

// ---------------------------------------------------------------------------
// The ledger. Double entry: every posting moves an amount from one account to
// another, so the ledger always sums to zero. Which postings a payment has is
// a function of its kind and status alone: a payment's history is explained
// by its status, and the database enforces one posting of each kind per
// payment, so a webhook replayed ten times posts once.

export const ACCOUNTS = [
  'provider_cash',
  'deposits_held',
  'seller_payable',
  'forfeited_deposits',
  'reward_expense',
  'voucher_expense',
] as const
export type Account = (typeof ACCOUNTS)[number]

export type PostingKind =
  | 'deposit_received'
  | 'deposit_refunded'
  | 'deposit_applied'
  | 'deposit_forfeited'
  | 'settlement_received'
  | 'settlement_refunded'
  | 'reward_paid_out'
  | 'voucher_share_received'
  | 'voucher_share_refunded'
  | 'voucher_paid_out'

export const POSTINGS: Record<PostingKind, { debit: Account; credit: Account }> = {
  deposit_received: { debit: 'provider_cash', credit: 'deposits_held' },
  deposit_refunded: { debit: 'deposits_held', credit: 'provider_cash' },
  deposit_applied: { debit: 'deposits_held', credit: 'seller_payable' },
  deposit_forfeited: { debit: 'deposits_held', credit: 'forfeited_deposits' },
  settlement_received: { debit: 'provider_cash', credit: 'seller_payable' },
  settlement_refunded: { debit: 'seller_payable', credit: 'provider_cash' },
  reward_paid_out: { debit: 'reward_expense', credit: 'provider_cash' },
  // The holder's share is owed on to the service provider, like a settlement to a seller.
  voucher_share_received: { debit: 'provider_cash', credit: 'seller_payable' },
  voucher_share_refunded: { debit: 'seller_payable', credit: 'provider_cash' },
  voucher_paid_out: { debit: 'voucher_expense', credit: 'provider_cash' },
}

const NONE: readonly PostingKind[] = []

/** The postings a payment of this kind must have in this status, and no others. */
export function postingsForStatus(kind: PaymentKind, status: PaymentStatus): readonly PostingKind[] {
  switch (kind) {
    case 'DEPOSIT':
      switch (status) {
        case 'SUCCEEDED':
          return ['deposit_received']
        case 'REFUNDED':
          return ['deposit_received', 'deposit_refunded']
        case 'APPLIED':
          return ['deposit_received', 'deposit_applied']
        case 'FORFEITED':
          return ['deposit_received', 'deposit_forfeited']
        default:
          return NONE
      }
    case 'SETTLEMENT':
      if (status === 'SUCCEEDED') return ['settlement_received']
      if (status === 'REFUNDED') return ['settlement_received', 'settlement_refunded']
      return NONE
    case 'REWARD_PAYOUT':
      return status === 'SUCCEEDED' ? ['reward_paid_out'] : NONE
    case 'VOUCHER_SHARE':
      if (status === 'SUCCEEDED') return ['voucher_share_received']
      if (status === 'REFUNDED') return ['voucher_share_received', 'voucher_share_refunded']
      return NONE
    case 'VOUCHER_PAYOUT':
      return status === 'SUCCEEDED' ? ['voucher_paid_out'] : NONE
    case 'CONTRACT_INSTALMENT':
      // Paid between the parties, outside the platform: recorded, not posted.
      return NONE
  }
}

/** The postings to write when a payment moves from `from` to `to`. */
export function postingsBetween(kind: PaymentKind, from: PaymentStatus, to: PaymentStatus): PostingKind[] {
  const had = new Set(postingsForStatus(kind, from))
  return postingsForStatus(kind, to).filter((p) => !had.has(p))
}

export type Posting = { kind: PostingKind; amountFen: number }

/** Balance of each account (debits positive); a balanced ledger sums to zero. */
export function accountBalances(postings: Iterable<Posting>): Record<Account, number> {
  const balances = Object.fromEntries(ACCOUNTS.map((a) => [a, 0])) as Record<Account, number>
  for (const p of postings) {
    const { debit, credit } = POSTINGS[p.kind]
    balances[debit] += p.amountFen
    balances[credit] -= p.amountFen
  }
  return balances
}

// ---------------------------------------------------------------------------
// Deposits of a session.

export type DepositTotals = { paid: number; refunded: number; applied: number; forfeited: number }

/** 保证金余额 = 已缴 − 已退 − 已抵价款 − 已没收. */
export function depositsHeld(t: DepositTotals): number {
  return t.paid - t.refunded - t.applied - t.forfeited
}

/** Totals from the ledger postings of a session's deposits. */
export function depositTotals(postings: Iterable<Posting>): DepositTotals {
  const t: DepositTotals = { paid: 0, refunded: 0, applied: 0, forfeited: 0 }
  for (const p of postings) {
    if (p.kind === 'deposit_received') t.paid += p.amountFen
    else if (p.kind === 'deposit_refunded') t.refunded += p.amountFen
    else if (p.kind === 'deposit_applied') t.applied += p.amountFen
    else if (p.kind === 'deposit_forfeited') t.forfeited += p.amountFen
  }
  return t
}

/** What the winner still pays: the price less the deposit it already paid (which counts toward the price). */
export function settlementAmount(priceFen: number, depositFen: number): number {
  if (!isFen(priceFen) || priceFen < 0) throw new RangeError('price must be a non-negative whole number of fen')
  if (!isFen(depositFen) || depositFen < 0) throw new RangeError('deposit must be a non-negative whole number of fen')
  return Math.max(0, priceFen - depositFen)
}

/** How much of a held deposit goes to the price (the rest, if the price is lower, is refunded). */
export function depositAppliedToPrice(priceFen: number, depositFen: number): number {
  return Math.min(priceFen, depositFen)
}

// ---------------------------------------------------------------------------
// Input checks shared by forms, services and the mock provider.

export type AmountProblem = { field: 'amount' | 'currency'; message: RuleKey; params?: Record<string, string> }

export function checkAmount(amount: unknown, currency: unknown): AmountProblem | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return { field: 'amount', message: 'validation.amount.notNumber' }
  if (!Number.isInteger(amount)) return { field: 'amount', message: 'validation.amount.notInteger' }
  if (!isFen(amount)) return { field: 'amount', message: 'validation.amount.outOfRange' }
  if (amount <= 0) return { field: 'amount', message: 'validation.amount.notPositive' }
  if (typeof currency !== 'string' || !(CURRENCIES as readonly string[]).includes(currency)) {
    return { field: 'currency', message: 'validation.amount.currency', params: { currency: String(currency) } }
  }
  return null
}

/** Luhn check of a card number (digits only, spaces allowed). */
export function isCardNumber(input: string): boolean {
  const digits = input.replace(/[\s-]/g, '')
  if (!/^\d{12,19}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** The provider's decline codes the catalogue words plainly for the person paying (validation.decline.<code>). */
export const DECLINE_CODES = ['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_cvc', 'incorrect_number', 'processing_error'] as const
export type DeclineCode = (typeof DECLINE_CODES)[number]

/** The key that explains a decline code to the person paying; an unknown code gets the general advice. */
export function declineMessage(code: string | null | undefined): RuleKey {
  return code && (DECLINE_CODES as readonly string[]).includes(code) ? `validation.decline.${code as DeclineCode}` : 'validation.decline.other'
}

/** One recorded change of a payment: its audit entry's from and to. */
export type RecordedTransition = { from: PaymentStatus | null; to: PaymentStatus }

/**
 * True when a payment's recorded history explains its status: it starts where
 * payments start (REQUIRES_PAYMENT, or SUCCEEDED for a payment recorded as
 * already made), each step starts where the last one ended, each step is one
 * the machine allows, and the last step ends in the current status.
 */
export function historyExplains(kind: PaymentKind, history: readonly RecordedTransition[], status: PaymentStatus): boolean {
  if (history.length === 0) return false
  const [first, ...rest] = history
  if (first!.from !== null) return false
  if (first!.to !== 'REQUIRES_PAYMENT' && !(kind === 'CONTRACT_INSTALMENT' && first!.to === 'SUCCEEDED')) return false
  let at: PaymentStatus = first!.to
  for (const step of rest) {
    if (step.from !== at) return false
    const events: PaymentEvent[] = [...PROVIDER_FACTS, 'attempt', 'apply', 'forfeit']
    if (!events.some((e) => {
      const d = decidePaymentTransition(kind, at, e)
      return d.type === 'move' && d.to === step.to
    })) return false
    at = step.to
  }
  return at === status
}

/**
 * A card is good through the last day of its expiry month; `now` is this month in Asia/Shanghai, where the
 * enterprise reads the date printed on its card.
 */
export function isCardExpired(expMonth: number, expYear: number, now: { year: number; month: number }): boolean {
  return expYear * 12 + (expMonth - 1) < now.year * 12 + (now.month - 1)
}

/** What the provider reports about money in a webhook, beside what it says happened. */
export type ReportedAmount = { amountFen: number; currency?: string; refundedFen?: number; fullyRefunded?: boolean }
export type WebhookAmountProblem = 'amount' | 'currency' | 'refund-amount'

/**
 * Whether a webhook's money agrees with the payment it names (finding 2 of issue 11: a success for 1 fen in USD
 * marked a 1,000-yuan deposit paid). The amount and currency must be the payment's own; a refund names an amount
 * refunded between 1 fen and the whole, and is "refunded" exactly when that is the whole.
 */
export function webhookAmountProblem(payment: { amountFen: number; currency: string }, reported: ReportedAmount): WebhookAmountProblem | null {
  if (reported.amountFen !== payment.amountFen) return 'amount'
  if (reported.currency !== undefined && reported.currency.toUpperCase() !== payment.currency.toUpperCase()) return 'currency'
  if (reported.refundedFen !== undefined) {
    const r = reported.refundedFen
    if (!Number.isSafeInteger(r) || r <= 0 || r > payment.amountFen) return 'refund-amount'
    if (reported.fullyRefunded !== undefined && reported.fullyRefunded !== (r === payment.amountFen)) return 'refund-amount'
  }
  return null
}
