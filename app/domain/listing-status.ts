// The lifecycle of listings (draft, submitted, published, …): who may move a listing
// from which status to which. Every service that changes a status asks here.
// Status and action names are in the catalogue: enums.listingStatus.<STATUS>, enums.listingAction.<action>.
import type { RuleKey } from './rule-message.ts'

export type ResultStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'PUBLISHED' | 'IN_AUCTION' | 'SOLD' | 'WITHDRAWN'
export type NeedStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'PUBLISHED' | 'MET' | 'CLOSED'
export type ListingAction = 'submit' | 'publish' | 'return' | 'withdraw' | 'close' | 'mark-met'
export type Actor = 'owner' | 'staff'

type Transition<S extends string> = { action: ListingAction; by: Actor; from: readonly S[]; to: S; needsReason?: boolean }

const RESULT_TRANSITIONS: readonly Transition<ResultStatus>[] = [
  { action: 'submit', by: 'owner', from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED' },
  { action: 'publish', by: 'staff', from: ['SUBMITTED'], to: 'PUBLISHED' },
  { action: 'return', by: 'staff', from: ['SUBMITTED'], to: 'RETURNED', needsReason: true },
  { action: 'withdraw', by: 'owner', from: ['DRAFT', 'SUBMITTED', 'RETURNED', 'PUBLISHED'], to: 'WITHDRAWN' },
  { action: 'withdraw', by: 'staff', from: ['PUBLISHED'], to: 'WITHDRAWN', needsReason: true },
]

const NEED_TRANSITIONS: readonly Transition<NeedStatus>[] = [
  { action: 'submit', by: 'owner', from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED' },
  { action: 'publish', by: 'staff', from: ['SUBMITTED'], to: 'PUBLISHED' },
  { action: 'return', by: 'staff', from: ['SUBMITTED'], to: 'RETURNED', needsReason: true },
  { action: 'mark-met', by: 'owner', from: ['PUBLISHED'], to: 'MET' },
  { action: 'close', by: 'owner', from: ['DRAFT', 'SUBMITTED', 'RETURNED', 'PUBLISHED'], to: 'CLOSED' },
  { action: 'close', by: 'staff', from: ['PUBLISHED'], to: 'CLOSED', needsReason: true },
]

export type TransitionDecision<S> =
  | { ok: true; to: S }
  | { ok: false; code: 'not-allowed' | 'wrong-status' | 'reason-required'; message: RuleKey; params?: Record<string, string> }

function decide<S extends string>(
  table: readonly Transition<S>[],
  from: S,
  action: ListingAction,
  by: Actor,
  reason: string | undefined,
): TransitionDecision<S> {
  const byActor = table.filter((t) => t.action === action && t.by === by)
  if (byActor.length === 0) return { ok: false, code: 'not-allowed', message: 'validation.listing.notAllowed' }
  const t = byActor.find((t) => t.from.includes(from))
  if (!t) return { ok: false, code: 'wrong-status', message: 'validation.listing.wrongStatus', params: { status: `enums.listingStatus.${from}` } }
  if (t.needsReason && !reason?.trim()) return { ok: false, code: 'reason-required', message: 'validation.listing.reasonRequired' }
  return { ok: true, to: t.to }
}

export function decideResultTransition(from: ResultStatus, action: ListingAction, by: Actor, reason?: string) {
  return decide(RESULT_TRANSITIONS, from, action, by, reason)
}

export function decideNeedTransition(from: NeedStatus, action: ListingAction, by: Actor, reason?: string) {
  return decide(NEED_TRANSITIONS, from, action, by, reason)
}

/** The owner edits the content only before staff have published it. */
export function isEditableByOwner(status: ResultStatus | NeedStatus): boolean {
  return status === 'DRAFT' || status === 'RETURNED'
}

/** Actions the UI offers; the same table decides, so a button never lies. */
export function availableResultActions(from: ResultStatus, by: Actor): ListingAction[] {
  return RESULT_TRANSITIONS.filter((t) => t.by === by && t.from.includes(from)).map((t) => t.action)
}

export function availableNeedActions(from: NeedStatus, by: Actor): ListingAction[] {
  return NEED_TRANSITIONS.filter((t) => t.by === by && t.from.includes(from)).map((t) => t.action)
}
