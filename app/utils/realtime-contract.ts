// The live-bidding contract, shared by the Socket.IO server, the browser and
// any plain socket.io-client (docs/realtime.md). Event names are entity:action;
// every acknowledgement is { data } or { error, message }.
import { z } from 'zod'
import type { BidRejection } from '~/domain/auction.ts'
import type { AcceptedBid, LotLogRow, LotSnapshot } from '~/services/bidding.server.ts'
import type { LotView } from '~/services/lot-view.server.ts'

export type RealtimeErrorCode =
  | BidRejection
  | 'not-found'
  | 'rate-limited'
  | 'invalid-payload'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-allowed'
  | 'wrong-status'
  | 'reason-required'
  | 'invalid'
  | 'conflict'
  | 'unknown'

export type Ack<T> = { data: T } | { error: RealtimeErrorCode; message: string; nextMinimumFen?: number | null }

export const JoinPayload = z.object({ lotId: z.string().min(1).max(64) })
export const BidPayload = z.object({
  lotId: z.string().min(1).max(64),
  amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  clientBidId: z.string().min(1).max(64),
})
export const ProxyPayload = z.object({ lotId: z.string().min(1).max(64), maxFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable() })
export const ControlPayload = z.object({
  lotId: z.string().min(1).max(64),
  action: z.enum(['open', 'pause', 'resume', 'cancel']),
  reason: z.string().max(500).optional(),
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

export interface ServerToClientEvents {
  'lot:update': (update: LotUpdate) => void
}

export type SocketUser = { userId: string; role: 'INSTITUTION' | 'ENTERPRISE' | 'STAFF'; organizationId: string; name: string }
export interface SocketData {
  user: SocketUser | null
  /** The language of rejections and errors (cookie, else Accept-Language, as for pages). */
  locale?: 'zh-CN' | 'en'
}

export const lotRoom = (lotId: string) => `lot:${lotId}`

/** Applies an update to a client's last seq: 'apply', 'stale' (already seen) or 'gap' (ask for the state again). */
export function classifyUpdate(lastSeq: number, update: Pick<LotUpdate, 'events' | 'lot'>): 'apply' | 'stale' | 'gap' {
  if (update.lot.seq <= lastSeq) return 'stale'
  const first = update.events[0]?.seq ?? update.lot.seq
  return first <= lastSeq + 1 ? 'apply' : 'gap'
}
