// Live bidding over Socket.IO, on the web process's own HTTP server.
// `createRealtime(httpServer, deps)` builds it from its dependencies so tests
// start real servers on ephemeral ports. Each handler is the same fixed
// sequence: validate the payload (zod), call the service (which stores the
// change before answering), acknowledge, notify the room. Rooms: one per lot,
// one per user. With several processes the Redis adapter carries broadcasts;
// bid order across processes is the lot's row lock in the database.
import type { Server as HttpServer } from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'
import { RateLimiterMemory } from 'rate-limiter-flexible'
import { Server, type Socket } from 'socket.io'
import { fixedT, translateMessage, type T } from '../app/i18n/catalogue.ts'
import { placeBid, setProxyBid, type LotLogRow, type LotSnapshot } from '../app/services/bidding.server.ts'
import { ServiceError } from '../app/services/errors.ts'
import { controlLot } from '../app/services/lot-control.server.ts'
import { getLotView, lotSnapshot } from '../app/services/lot-view.server.ts'
import { getCurrentUser, verifyBearerToken } from '../app/utils/auth.server.ts'
import { sqlRunner } from '../app/utils/database.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { localeFromHeaders } from '../app/utils/i18n.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import {
  BidPayload,
  ControlPayload,
  JoinPayload,
  ProxyPayload,
  lotRoom,
  type Ack,
  type ClientToServerEvents,
  type LotUpdate,
  type RealtimeErrorCode,
  type ServerToClientEvents,
  type SocketData,
  type SocketUser,
} from '../app/utils/realtime-contract.ts'
import { startLotClock, type LotClock } from './lot-clock.ts'

export type RealtimeDeps = {
  db: Db
  /** Set for several processes: broadcasts go through Redis. */
  redisUrl?: string
  /** The server's clock; bids are stamped with it at arrival. */
  now?: () => Date
  /** A busy room hears at most one update per this many ms (default 25). */
  coalesceMs?: number
  /** Bids a second one organization may send through one process (default 10). */
  bidsPerSecond?: number
  /** How many handshakes and joins read the database at once (default 32). */
  joinConcurrency?: number
  /** Run the lot clock (opening and closing lots) in this process (default true). */
  clock?: boolean
  /** Called after the last lot of a session closed (refunds of losing deposits). */
  onSessionClosed?: (sessionId: string) => Promise<void> | void
}

export type Realtime = {
  io: Server<ClientToServerEvents, ServerToClientEvents, never, SocketData>
  close(): Promise<void>
}

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, SocketData>

export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): Realtime {
  const now = deps.now ?? (() => new Date())
  const io = new Server<ClientToServerEvents, ServerToClientEvents, never, SocketData>(httpServer, {
    serveClient: false,
    // Same-origin pages and plain clients (any origin may watch; bidding needs a login).
    cors: { origin: true, credentials: true },
  })
  const redis: Redis[] = []
  if (deps.redisUrl) {
    const pub = new Redis(deps.redisUrl, { maxRetriesPerRequest: null })
    const sub = pub.duplicate()
    for (const c of [pub, sub]) c.on('error', (e) => console.error(`realtime redis: ${e.message}`))
    redis.push(pub, sub)
    io.adapter(createAdapter(pub, sub, { key: process.env.QUEUE_PREFIX ? `${process.env.QUEUE_PREFIX}:socket.io` : 'socket.io' }))
  }
  const limiter = new RateLimiterMemory({ points: deps.bidsPerSecond ?? 10, duration: 1 })
  // Joins read a lot's whole state; thousands arriving at once (a session opening, a restart) are
  // answered a few dozen at a time, so memory stays flat and bids do not queue behind them.
  const joins = concurrency(deps.joinConcurrency ?? 32)

  // Coalescing: a room hears a change at once when it has been quiet; while busy,
  // changes are gathered for `coalesceMs` and sent as one update (events stay consecutive).
  const coalesceMs = deps.coalesceMs ?? 25
  const pending = new Map<string, { events: LotLogRow[]; lot: LotSnapshot | null; timer: NodeJS.Timeout | null; lastSent: number }>()
  const flush = (lotId: string) => {
    const p = pending.get(lotId)
    if (!p || !p.lot) return
    p.events.sort((a, b) => a.seq - b.seq)
    const update: LotUpdate = { lotId, events: p.events, lot: p.lot, serverTime: now().toISOString() }
    io.to(lotRoom(lotId)).emit('lot:update', update)
    p.events = []
    p.lot = null
    p.timer = null
    p.lastSent = Date.now()
  }
  const notify = (lotId: string, events: LotLogRow[], lot: LotSnapshot) => {
    let p = pending.get(lotId)
    if (!p) pending.set(lotId, (p = { events: [], lot: null, timer: null, lastSent: 0 }))
    p.events.push(...events)
    if (!p.lot || lot.seq > p.lot.seq) p.lot = lot
    if (p.timer) return
    const wait = p.lastSent + coalesceMs - Date.now()
    if (wait <= 0) flush(lotId)
    else p.timer = setTimeout(() => flush(lotId), wait)
  }

  io.use(async (socket, next) => {
    try {
      const headers = new Headers()
      const cookie = socket.request.headers.cookie
      // The session cookie counts only from this site's own pages (no cross-site socket riding on it).
      const origin = socket.request.headers.origin
      const sameSite = !origin || origin === 'null' ? true : safeHost(origin) === socket.request.headers.host
      if (cookie && sameSite) headers.set('Cookie', cookie)
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null
      const authorization = socket.request.headers.authorization
      if (token) headers.set('Authorization', `Bearer ${token}`)
      else if (authorization) headers.set('Authorization', authorization)
      const bearer = token ?? (authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null)
      const user = bearer
        ? await joins(() => userOfToken(deps.db, bearer, now()))
        : headers.has('Cookie')
          ? await joins(() => getCurrentUser(new Request('http://realtime.local/', { headers }), deps.db, now()))
          : null
      // A token or cookie that was given but is not valid is refused; no credentials at all may watch.
      if (!user && (token || authorization)) return next(Object.assign(new Error('unauthenticated'), { data: { code: 'unauthenticated' } }))
      // Rejections and errors are answered in the page's language (the same rule as pages: docs/i18n.md).
      socket.data.locale = await localeFromHeaders(cookie, socket.request.headers['accept-language'])
      socket.data.user = user ? { userId: user.userId, role: user.role, organizationId: user.organizationId, name: user.name } : null
      if (user) void socket.join(`user:${user.userId}`)
      next()
    } catch (error) {
      next(error as Error)
    }
  })

  io.on('connection', (socket: AppSocket) => {
    const t = fixedT(socket.data.locale ?? 'zh-CN')
    const invalid = (detail: string): Ack<never> => ({ error: 'invalid-payload', message: t('errors.invalidPayload', { detail }) })
    const failure = (error: unknown) => failureIn(t, error)
    socket.on('time:sync', (ack) => typeof ack === 'function' && ack({ serverTime: now().toISOString() }))

    socket.on('lot:join', async (payload, ack) => {
      if (typeof ack !== 'function') return
      const parsed = JoinPayload.safeParse(payload)
      if (!parsed.success) return ack(invalid(parsed.error.message))
      try {
        // Join first, then read: an update that lands in between is also in the state (the client drops it by seq).
        await socket.join(lotRoom(parsed.data.lotId))
        ack({ data: await joins(() => getLotView(deps.db, socket.data.user, parsed.data.lotId, now())) })
      } catch (error) {
        void socket.leave(lotRoom(parsed.data.lotId))
        ack(failure(error))
      }
    })

    socket.on('lot:leave', (payload) => {
      const parsed = JoinPayload.safeParse(payload)
      if (parsed.success) void socket.leave(lotRoom(parsed.data.lotId))
    })

    socket.on('auction:bid', async (payload, ack) => {
      if (typeof ack !== 'function') return
      const arrivedAt = now() // the server's arrival time is the time that counts
      const user = socket.data.user
      if (!user) return ack({ error: 'unauthenticated', message: t('errors.unauthenticated') })
      const parsed = BidPayload.safeParse(payload)
      if (!parsed.success) return ack(invalid(parsed.error.message))
      try {
        await limiter.consume(user.organizationId)
      } catch {
        return ack({ error: 'rate-limited', message: t('errors.rateLimited') })
      }
      try {
        const outcome = await placeBid(deps.db, user, parsed.data, arrivedAt)
        if (!outcome.accepted) {
          const message = t(`bidRejected.${outcome.reason}`)
          return ack({ error: outcome.reason, message, nextMinimumFen: outcome.nextMinimumFen })
        }
        ack({ data: { bid: outcome.bid, lot: outcome.lot, duplicate: outcome.duplicate } })
        if (outcome.events.length) notify(parsed.data.lotId, outcome.events, outcome.lot)
      } catch (error) {
        ack(failure(error))
      }
    })

    socket.on('auction:proxy', async (payload, ack) => {
      if (typeof ack !== 'function') return
      const arrivedAt = now()
      const user = socket.data.user
      if (!user) return ack({ error: 'unauthenticated', message: t('errors.unauthenticated') })
      const parsed = ProxyPayload.safeParse(payload)
      if (!parsed.success) return ack(invalid(parsed.error.message))
      try {
        const outcome = await setProxyBid(deps.db, user, parsed.data.lotId, parsed.data.maxFen, arrivedAt)
        const bid = outcome.bid?.accepted ? outcome.bid : null
        ack({ data: { maxFen: outcome.maxFen, bid: bid ? { bid: bid.bid, lot: bid.lot, duplicate: bid.duplicate } : null } })
        if (bid?.events.length) notify(parsed.data.lotId, bid.events, bid.lot)
      } catch (error) {
        ack(failure(error))
      }
    })

    socket.on('lot:control', async (payload, ack) => {
      if (typeof ack !== 'function') return
      const user = socket.data.user
      if (!user) return ack({ error: 'unauthenticated', message: t('errors.unauthenticated') })
      const parsed = ControlPayload.safeParse(payload)
      if (!parsed.success) return ack(invalid(parsed.error.message))
      try {
        const change = await controlLot(deps.db, user, parsed.data.lotId, parsed.data.action, parsed.data.reason, now())
        const lot = await lotSnapshot(deps.db, change.lotId)
        ack({ data: { lotId: change.lotId, events: change.events, lot, serverTime: now().toISOString() } })
        notify(change.lotId, change.events, lot)
        if (change.sessionClosed) await deps.onSessionClosed?.(change.sessionId)
      } catch (error) {
        ack(failure(error))
      }
    })
  })

  let clock: LotClock | null = null
  if (deps.clock !== false) {
    clock = startLotClock({
      db: deps.db,
      now,
      onChange: async (change) => {
        notify(change.lotId, change.events, await lotSnapshot(deps.db, change.lotId))
        if (change.sessionClosed) await deps.onSessionClosed?.(change.sessionId)
      },
    })
  }

  return {
    io,
    close: async () => {
      await clock?.stop()
      for (const p of pending.values()) if (p.timer) clearTimeout(p.timer)
      await new Promise<void>((resolve) => io.close(() => resolve()))
      for (const c of redis) c.disconnect()
    },
  }
}

/**
 * The bearer token's user (the token is checked as getCurrentUser checks it), read in plain SQL:
 * thousands of bidders connect at a session's opening.
 */
async function userOfToken(db: Db, token: string, at: Date) {
  const claims = verifyBearerToken(token, getEnv().SESSION_SECRET, at)
  if (!claims) return null
  const [row] = await sqlRunner(db).transaction((query) =>
    query<{ userId: string; role: SocketUser['role']; organizationId: string; name: string }>(
      'SELECT id AS "userId", role::text AS role, "organizationId", name FROM "User" WHERE id = $1',
      [claims.sub],
      { prepare: true },
    ),
  )
  return row ?? null
}

/** Runs at most `limit` tasks at a time, the rest in arrival order. */
function concurrency(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host
  } catch {
    return null
  }
}

/** Only known error codes reach a client, in the socket's language; anything else is logged and becomes 'unknown'. */
function failureIn(t: T, error: unknown): Ack<never> {
  if (error instanceof ServiceError) return { error: error.code as RealtimeErrorCode, message: translateMessage(t, error.message, error.params) }
  console.error('realtime:', error)
  return { error: 'unknown', message: t('errors.unknown') }
}
