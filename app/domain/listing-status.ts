// The lifecycle of listings (draft, submitted, published, …): who may move a listing
// from which status to which. Every service that changes a status asks here.

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
  | { ok: false; code: 'not-allowed' | 'wrong-status' | 'reason-required'; message: string }

function decide<S extends string>(
  table: readonly Transition<S>[],
  from: S,
  action: ListingAction,
  by: Actor,
  reason: string | undefined,
): TransitionDecision<S> {
  const byActor = table.filter((t) => t.action === action && t.by === by)
  if (byActor.length === 0) return { ok: false, code: 'not-allowed', message: '您无权执行此操作' }
  const t = byActor.find((t) => t.from.includes(from))
  if (!t) return { ok: false, code: 'wrong-status', message: `当前状态（${STATUS_LABELS[from] ?? from}）不能执行此操作` }
  if (t.needsReason && !reason?.trim()) return { ok: false, code: 'reason-required', message: '请填写原因' }
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

export const STATUS_LABELS: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '待审核',
  RETURNED: '已退回',
  PUBLISHED: '已发布',
  IN_AUCTION: '竞价中',
  SOLD: '已成交',
  WITHDRAWN: '已撤回',
  MET: '已满足',
  CLOSED: '已关闭',
}

export const ACTION_LABELS: Record<ListingAction, string> = {
  submit: '提交审核',
  publish: '审核通过并发布',
  return: '退回修改',
  withdraw: '撤回',
  close: '关闭',
  'mark-met': '标记为已满足',
}
