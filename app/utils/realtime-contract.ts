// The live-bidding contract, shared by the Socket.IO server, the browser and
// any plain socket.io-client (docs/realtime.md). Event names are entity:action;
// every acknowledgement is { data } or { error, message }.
import { z } from 'zod'
import type { Principal } from '~/domain/access.ts'
import type { BidRejection, LotStatus } from '~/domain/auction.ts'
import type { ChainedLotLogEntry } from '~/domain/lot-log.ts'

// What the server sends about a lot. The services build these shapes; they are
// defined here, with the events, so the browser depends on no server module.
export type AcceptedBid = { seq: number; bidder: string; amountFen: number; at: string; proxy: boolean }

export type LotSnapshot = {
  id: string
  status: LotStatus
  currentPriceFen: number | null
  nextMinimumFen: number
  bidCount: number
  seq: number
  endsAt: string
  /** Set while paused: the countdown shows endsAt − pausedAt, frozen. */
  pausedAt: string | null
  leader: string | null
}

export type LotLogRow = ChainedLotLogEntry

export type LotView = {
  id: string
  number: number
  session: { id: string; quarter: string; title: string }
  result: { id: string; title: string; ownerName: string }
  status: LotStatus
  startingPriceFen: number
  incrementFen: number
  depositFen: number
  extensionMinutes: number
  hasReserve: boolean
  reserveFen: number | null
  currentPriceFen: number | null
  nextMinimumFen: number
  bidCount: number
  seq: number
  startsAt: string
  endsAt: string
  pausedAt: string | null
  closedAt: string | null
  cancelReason: string | null
  leader: string | null
  history: ChainedLotLogEntry[]
  historyComplete: boolean
  /** Staff only: pseudonym → organization name. */
  names: Record<string, string> | null
  me: {
    role: Principal['role']
    pseudonym: string | null
    leading: boolean
    ownsLot: boolean
    approved: boolean
    /** The viewer's registration for the session, if any (so the room shows 待审核 instead of offering 去报名 again). */
    registration?: 'PENDING' | 'APPROVED' | 'REFUSED' | null
    depositPaid: boolean
    /** An enterprise nothing keeps from bidding (the domain's bidderBar); the amount is checked per bid. */
    mayBid: boolean
    proxyMaxFen: number | null
  } | null
  deal: { priceFen: number; paymentDeadline: string; status: string; mine: boolean } | null
  serverTime: string
}

export type RealtimeErrorCode =
  | BidRejection
  | 'not-found'
  | 'rate-limited'
  | 'invalid-payload'
  | 'unauthenticated'
  | 'session-expired'
  | 'role-cannot-bid'
  | 'unknown-event'
  | 'payload-too-large'
  | 'too-many-rooms'
  | 'forbidden'
  | 'not-allowed'
  | 'wrong-status'
  | 'reason-required'
  | 'invalid'
  | 'conflict'
  | 'unknown'

/** A refusal: the code is the contract, `message` is for people, `fields` (invalid-payload) says what is wrong with which field. */
export type Refusal = { error: RealtimeErrorCode; message: string; nextMinimumFen?: number | null; fields?: Record<string, string> }
export type Ack<T> = { data: T } | Refusal

/** Ids are printable ASCII (cuids, test names); control characters never reach the database. */
const Id = z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/)

/** Free text (a cancel's reason): no control, zero-width or direction-override characters; line breaks allowed. */
const Text = z.string().max(500).regex(/^[^\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]*$/)

export const JoinPayload = z.object({ lotId: Id })
export const BidPayload = z.object({
  lotId: Id,
  amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  clientBidId: Id,
})
export const ProxyPayload = z.object({ lotId: Id, maxFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable() })
export const ControlPayload = z.object({
  lotId: Id,
  action: z.enum(['open', 'pause', 'resume', 'cancel']),
  reason: Text.optional(),
})

export type BidAnswer = { bid: AcceptedBid; lot: LotSnapshot; duplicate: boolean }
export type ProxyAnswer = { maxFen: number | null; bid: BidAnswer | null }

/** What the room hears after every change: the new log entries (consecutive seq) and the state after them. */
export type LotUpdate = { lotId: string; events: LotLogRow[]; lot: LotSnapshot; serverTime: string }

export interface ClientToServerEvents {
  'lot:join': (payload: z.input<typeof JoinPayload>, ack: (answer: Ack<LotView>) => void) => void
  'lot:leave': (payload: z.input<typeof JoinPayload>) => void
  'auction:bid': (payload: z.input<typeof BidPayload>, ack: (answer: Ack<BidAnswer>) => void) => void
  'auction:proxy': (payload: z.input<typeof ProxyPayload>, ack: (answer: Ack<ProxyAnswer>) => void) => void
  'lot:control': (payload: z.input<typeof ControlPayload>, ack: (answer: Ack<LotUpdate>) => void) => void
  'time:sync': (ack: (answer: { serverTime: string }) => void) => void
}

/**
 * Every event a client may send and the schema of its payload (null: none). The server refuses any
 * other event name, and the bad-input suite (tests/integration/realtime-bad-input.test.ts) covers
 * every entry: the `satisfies` makes an event added to ClientToServerEvents without an entry here a
 * type error.
 */
export const CLIENT_EVENTS = {
  'lot:join': JoinPayload,
  'lot:leave': JoinPayload,
  'auction:bid': BidPayload,
  'auction:proxy': ProxyPayload,
  'lot:control': ControlPayload,
  'time:sync': null,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType | null>
export type ClientEventName = keyof typeof CLIENT_EVENTS

export function isClientEvent(name: unknown): name is ClientEventName {
  return typeof name === 'string' && Object.hasOwn(CLIENT_EVENTS, name)
}

/** A refusal of an event that carried no acknowledgement callback (an unknown event, `lot:leave`, a flood). */
export type EventRefusal = Refusal & { event: string }

export interface ServerToClientEvents {
  'lot:update': (update: LotUpdate) => void
  'realtime:error': (refusal: EventRefusal) => void
}

export type SocketUser = { userId: string; role: 'INSTITUTION' | 'ENTERPRISE' | 'STAFF' | 'PROVINCE'; organizationId: string; name: string }
export interface SocketData {
  user: SocketUser | null
  /** The language of rejections and errors (cookie, else Accept-Language, as for pages). */
  locale?: 'zh-CN' | 'en'
  /** When the credentials of the handshake stop counting (ms since the epoch); null: anonymous. */
  expiresAt: number | null
  /** The client's address (behind a trusted proxy: from X-Forwarded-For), for per-address limits. */
  address: string
}

export const lotRoom = (lotId: string) => `lot:${lotId}`

/** Applies an update to a client's last seq: 'apply', 'stale' (already seen) or 'gap' (ask for the state again). */
export function classifyUpdate(lastSeq: number, update: Pick<LotUpdate, 'events' | 'lot'>): 'apply' | 'stale' | 'gap' {
  if (update.lot.seq <= lastSeq) return 'stale'
  const first = update.events[0]?.seq ?? update.lot.seq
  return first <= lastSeq + 1 ? 'apply' : 'gap'
}
