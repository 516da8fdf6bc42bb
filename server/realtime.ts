// Live bidding over Socket.IO, on the web process's own HTTP server.
// `createRealtime(httpServer, deps)` builds it from its dependencies so tests
// start real servers on ephemeral ports. Each handler is the same fixed
// sequence: validate the payload (zod), call the service (which stores the
// change before answering), acknowledge, notify the room. Rooms: one per lot,
// one per user. With several processes the Redis adapter carries broadcasts;
// bid order across processes is the lot's row lock in the database.
import type { IncomingHttpHeaders, IncomingMessage, Server as HttpServer } from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'
import { RateLimiterMemory } from 'rate-limiter-flexible'
import { Server, type Socket } from 'socket.io'
import { canBid } from '../app/domain/access.ts'
import { answerWithoutTransaction, placeBid, previousBid, setProxyBid } from '../app/services/bidding.server.ts'
import { failureOf } from '../app/utils/errors.ts'
import { controlLot } from '../app/services/lot-control.server.ts'
import { getLotView, getLotViews, lotSnapshot } from '../app/services/lot-view.server.ts'
import { cookieLogin, verifyBearerToken } from '../app/utils/auth.server.ts'
import { sqlPort, statement } from '../app/utils/sql.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { gathered } from '../app/utils/gather.ts'
import { fixedT } from '../app/i18n/catalogue.ts'
import { currentLocale, currentT, localeFromHeaders, runWithLocale } from '../app/utils/i18n.server.ts'
import type { Db } from '../app/utils/db.server.ts'
import { broadcastWholeFrames, releaseUpgradeRequests, writeBroadcastsDirectly } from './socket-memory.ts'
import {
  BidPayload,
  ControlPayload,
  JoinPayload,
  ProxyPayload,
  CLIENT_EVENTS,
  isClientEvent,
  lotRoom,
  type ClientToServerEvents,
  type LotLogRow,
  type LotSnapshot,
  type LotUpdate,
  type RealtimeErrorCode,
  type Refusal,
  type ServerToClientEvents,
  type SocketData,
  type SocketUser,
} from '../app/utils/realtime-contract.ts'
import {
  handshakeErrorMessage,
  realtimeErrorMessage,
  invalidPayloadAnswer,
  missingAckAnswer,
  type HandshakeErrorCode,
} from '../app/utils/realtime-messages.ts'
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
  /** A lot was decided (closed or cancelled): its losers' deposits go back (decision 021). */
  onLotDecided?: (lotId: string) => Promise<void> | void
  /** Called when a lot's new log entries are broadcast (up to `seq`): notifications derive from them. */
  onLotEvents?: (lotId: string, seq: number) => void
  /** What one client may ask of this process (defaults: REALTIME_LIMITS). */
  limits?: Partial<RealtimeLimits>
}

/**
 * What one client may ask of one process. A socket flooding events is answered `rate-limited`
 * without any work and disconnected after `strikesBeforeDisconnect` refusals; joins (each reads a
 * lot's state) are also bounded per address, so one address cannot delay everyone else's.
 */
export type RealtimeLimits = {
  /** Events a second one socket may send (all events), and how many at once. */
  eventsPerSecond: number
  eventBurst: number
  /** Refused events (flood) after which the socket is disconnected. */
  strikesBeforeDisconnect: number
  /** Joins a second from one address (reads of a lot's state); twice as many at once. */
  joinsPerSecondPerAddress: number
  /** Lot rooms one socket may be in at once (the staff console watches a whole session). */
  roomsPerSocket: number
  /** Sockets open at once from one address on this process. */
  connectionsPerAddress: number
  /** An event's arguments as JSON above this are answered `payload-too-large`. */
  maxEventBytes: number
  /** A message above this closes the connection (Socket.IO's maxHttpBufferSize; WebSocket close 1009, polling 413). */
  maxMessageBytes: number
  /** Reverse proxies in front that add X-Forwarded-For (TRUST_PROXY); 0: the peer is the client. */
  trustedProxies: number
}

export const REALTIME_LIMITS: RealtimeLimits = {
  eventsPerSecond: 20,
  eventBurst: 40,
  strikesBeforeDisconnect: 200,
  joinsPerSecondPerAddress: 200,
  roomsPerSocket: 200,
  connectionsPerAddress: 1000,
  maxEventBytes: 4096,
  maxMessageBytes: 64 * 1024,
  trustedProxies: 0,
}

export type Realtime = {
  io: Server<ClientToServerEvents, ServerToClientEvents, never, SocketData>
  close(): Promise<void>
}

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, SocketData>

export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): Realtime {
  const now = deps.now ?? (() => new Date())
  const limits: RealtimeLimits = { ...REALTIME_LIMITS, ...deps.limits }
  const io = new Server<ClientToServerEvents, ServerToClientEvents, never, SocketData>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: limits.maxMessageBytes,
    // Same-origin pages and plain clients (any origin may watch; bidding needs a login).
    cors: { origin: true, credentials: true },
  })
  releaseUpgradeRequests(io)
  const redis: Redis[] = []
  if (deps.redisUrl) {
    const pub = new Redis(deps.redisUrl, { maxRetriesPerRequest: null })
    const sub = pub.duplicate()
    // ioredis reconnects by itself (and resubscribes); say so once per outage, not on every retry.
    let away = false
    for (const c of [pub, sub]) {
      c.on('error', (e: Error) => {
        if (!away) console.warn(`realtime redis: ${e.message}; bids go on, other processes' updates wait for it`)
        away = true
      })
    }
    // While Redis was away this process's rooms missed what other processes did: once the subscriber
    // is back, every local lot room hears the lot's state and recent log again (resyncRooms).
    let lost = false
    sub.on('close', () => void (lost = true))
    sub.on('ready', () => {
      if (!lost) return
      lost = false
      if (away) console.warn('realtime redis: connected again; resynchronising the rooms')
      away = false
      // ioredis emits 'ready' before it sends the SUBSCRIBEs again, so a resync read now could miss an entry
      // another process publishes before Redis has them. A PING queued behind them answers once they are in;
      // every entry published after that reaches this process, every one before is in the database read.
      setImmediate(() => void sub.ping().then(resyncRooms, () => undefined))
    })
    redis.push(pub, sub)
    io.adapter(createAdapter(pub, sub, { key: `${getEnv().QUEUE_PREFIX}:socket.io` }))
  }
  broadcastWholeFrames(io)
  const limiter = new RateLimiterMemory({ points: deps.bidsPerSecond ?? 10, duration: 1 })
  // Joins read a lot's whole state; thousands arriving at once (a session opening, a restart) are
  // answered a few dozen at a time, so memory stays flat and bids do not queue behind them.
  const joins = concurrency(deps.joinConcurrency ?? 32)
  // Sockets joining one lot in the same turn of the event loop, or while its read waits for a slot, share that read.
  const lotViews = gathered(joins, (lotId: string, viewers: readonly (SocketUser | null)[]) => getLotViews(deps.db, lotId, viewers, now()))
  // Bearer tokens' users, read together when handshakes come together (a session's opening: thousands).
  const handshakeUsers = gathered(joins, (_key: string, tokens: readonly TokenClaims[]) => usersOfTokens(deps.db, tokens, now()))

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
    if (events.length) deps.onLotEvents?.(lotId, Math.max(...events.map((e) => e.seq)))
    if (p.timer) return
    const wait = p.lastSent + coalesceMs - Date.now()
    if (wait <= 0) flush(lotId)
    else p.timer = setTimeout(() => flush(lotId), wait)
  }

  // Per-address state (this process): open sockets and the joins they may make; gone when the last socket leaves.
  const addresses = new Map<string, { sockets: number; joins: () => boolean }>()

  /**
   * Tells every lot room of this process the lot's state and its recent log (one read per lot, not
   * per socket). Clients take what they missed by seq and drop the rest; one that missed more than
   * the recent log sees a gap and joins again (classifyUpdate).
   */
  const resyncRooms = async () => {
    const lotIds = [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('lot:')).map((r) => r.slice(4))
    for (const lotId of lotIds) {
      try {
        // The state first, then the log up to it: an entry made in between reaches the room as usual.
        const lot = await lotSnapshot(deps.db, lotId)
        const view = await getLotView(deps.db, null, lotId, now())
        const events = view.history.filter((e) => e.seq <= lot.seq)
        io.local.to(lotRoom(lotId)).emit('lot:update', { lotId, events, lot, serverTime: now().toISOString() })
      } catch (error) {
        console.warn(`realtime: resync of lot ${lotId} failed: ${(error as Error).message}`)
      }
    }
  }

  io.use(async (socket, next) => {
    // Everything below reads the handshake (its headers and the peer's address), never socket.request: the
    // connection drops the HTTP request once connected (io.on('connection') below).
    const headers = socket.handshake.headers
    // Refusals and errors are answered in the page's language (the same rule as pages: docs/i18n.md).
    const locale = await localeFromHeaders(headers.cookie, headers['accept-language'])
    socket.data.locale = locale
    const refuse = (code: HandshakeErrorCode) =>
      next(Object.assign(new Error(code), { data: { code, message: handshakeErrorMessage(fixedT(locale), code) } }))
    try {
      const address = clientAddress(socket.handshake, limits.trustedProxies)
      socket.data.address = address
      socket.data.user = null
      socket.data.expiresAt = null
      if ((addresses.get(address)?.sockets ?? 0) >= limits.connectionsPerAddress) return refuse('too-many-connections')
      const at = now()
      // Credentials given must be valid: a token (auth.token or an Authorization header) must be a
      // non-empty string that verifies, a session cookie must carry our signature. No credentials: a watcher.
      const given = (socket.handshake.auth as Record<string, unknown> | undefined)?.token
      const authorization = headers.authorization
      let bearer: string | null = null
      if (given !== undefined && given !== null) {
        if (typeof given !== 'string' || !given || given.length > 4096) return refuse('unauthenticated')
        bearer = given
      } else if (authorization !== undefined) {
        bearer = authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : ''
        if (!bearer || bearer.length > 4096) return refuse('unauthenticated')
      }
      if (bearer !== null) {
        const claims = verifyBearerToken(bearer, getEnv().SESSION_SECRET, at)
        const user = claims ? await handshakeUsers('', { userId: claims.sub, sessionId: claims.sid ?? null }) : null
        if (!claims || !user) return refuse('unauthenticated')
        socket.data.user = { userId: user.userId, role: user.role, organizationId: user.organizationId, name: user.name }
        socket.data.expiresAt = claims.exp * 1000
      } else {
        // The session cookie counts only from this site's own pages: a foreign origin, or the opaque
        // origin `null` (sandboxed frames, file: and data: pages), watches anonymously.
        const cookie = headers.cookie
        const origin = headers.origin
        const sameSite = origin === undefined || (origin !== 'null' && safeHost(origin) === headers.host)
        if (cookie && sameSite) {
          const login = await joins(() => cookieLogin(cookie, deps.db, at))
          if (login.kind === 'forged') return refuse('unauthenticated')
          if (login.kind === 'user') {
            socket.data.user = login.user
            socket.data.expiresAt = login.expiresAt.getTime()
          }
        }
      }
      if (socket.data.user) void socket.join(`user:${socket.data.user.userId}`)
      next()
    } catch (error) {
      next(error as Error)
    }
  })

  io.on('connection', (socket: AppSocket) => {
    // Socket.IO keeps each connection's first HTTP request, and its handshake the request's headers, for the
    // connection's life; the middleware above has read what it needs into socket.data (language, address, login),
    // so let them go (Socket.IO's memory advice). Over WebSocket the request is free only because its upgrade
    // response lets go of it too (releaseUpgradeRequests). Bare Socket.IO, 3,000 WebSocket clients: 11.0 KB of JS
    // heap a connection, 9.7 KB with both (docs/benchmarks.md, "Session 12").
    const connection: { request: IncomingMessage | null } = socket.conn
    connection.request = null
    socket.handshake.headers = {}
    // The rooms' updates go to an idle WebSocket as one write of their shared frame (decision 010, session 13).
    writeBroadcastsDirectly(socket)
    const address = socket.data.address
    let here = addresses.get(address)
    if (!here) addresses.set(address, (here = { sockets: 0, joins: tokenBucket(limits.joinsPerSecondPerAddress, 2 * limits.joinsPerSecondPerAddress) }))
    here.sockets++
    const perAddress = here
    socket.once('disconnect', () => {
      if (--perAddress.sockets <= 0) addresses.delete(address)
    })
    const events = tokenBucket(limits.eventsPerSecond, limits.eventBurst)
    let strikes = 0

    /** Answers a refusal through the acknowledgement, or through `realtime:error` when there is none. */
    const answer = (event: unknown, ack: unknown, refusal: Refusal) => {
      if (typeof ack === 'function') (ack as (r: Refusal) => void)(refusal)
      else socket.emit('realtime:error', { event: typeof event === 'string' ? event.slice(0, 64) : String(typeof event), ...refusal })
    }

    // Every event passes here first: the flood limit, known names only, a bounded size, the login's expiry.
    // Every handler (and what it awaits) runs knowing the socket's language: refusal() and failure() use it.
    socket.use((_packet, next) => runWithLocale(socket.data.locale ?? 'zh-CN', () => next()))
    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown[]
      const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined
      if (!events()) {
        // A flood is answered cheaply; a socket that keeps flooding is let go.
        if (++strikes >= limits.strikesBeforeDisconnect) return void socket.disconnect(true)
        return answer(event, ack, refusal('rate-limited'))
      }
      if (!isClientEvent(event)) return answer(event, ack, refusal('unknown-event'))
      if (payloadBytes(args) > limits.maxEventBytes) return answer(event, ack, refusal('payload-too-large'))
      if (ack === undefined && event !== 'lot:leave') return answer(event, ack, missingAckAnswer(currentT()))
      // A login that ended while connected stops counting: the socket watches on, bidding says so.
      const expiresAt = socket.data.expiresAt
      if (socket.data.user && expiresAt !== null && now().getTime() >= expiresAt) {
        void socket.leave(`user:${socket.data.user.userId}`)
        socket.data.user = null
      }
      // Handlers always get (payload, ack) or, for time:sync, (ack): a missing payload becomes undefined,
      // extra arguments are dropped, so a short or long argument list never shifts the acknowledgement.
      const shape = CLIENT_EVENTS[event] === null ? [] : [args[0]]
      packet.splice(1, packet.length - 1, ...shape, ...(ack === undefined ? [] : [ack]))
      next()
    })

    /** The caller, or the refusal: never signed in, or signed in until a moment now past. */
    const signedIn = (): SocketUser | Refusal => socket.data.user ?? refusal(socket.data.expiresAt === null ? 'unauthenticated' : 'session-expired')

    socket.on('time:sync', (ack) => ack({ serverTime: now().toISOString() }))

    socket.on('lot:join', async (payload, ack) => {
      const parsed = JoinPayload.safeParse(payload)
      if (!parsed.success) return ack(invalidPayloadAnswer(currentT(), parsed.error, payload))
      const room = lotRoom(parsed.data.lotId)
      if (!socket.rooms.has(room)) {
        const lotRooms = [...socket.rooms].filter((r) => r.startsWith('lot:')).length
        if (lotRooms >= limits.roomsPerSocket) return ack(refusal('too-many-rooms'))
      }
      // Joins read the database: one address cannot crowd out everyone else's.
      if (!perAddress.joins()) return ack(refusal('rate-limited'))
      try {
        // Join first, then read: an update that lands in between is also in the state (the client drops it by seq).
        await socket.join(room)
        ack({ data: await lotViews(parsed.data.lotId, socket.data.user) })
      } catch (error) {
        void socket.leave(room)
        ack(failure(error))
      }
    })

    socket.on('lot:leave', (payload) => {
      const parsed = JoinPayload.safeParse(payload)
      if (parsed.success) void socket.leave(lotRoom(parsed.data.lotId))
      else answer('lot:leave', undefined, invalidPayloadAnswer(currentT(), parsed.error, payload))
    })

    socket.on('auction:bid', async (payload, ack) => {
      const arrivedAt = now() // the server's arrival time is the time that counts
      const user = signedIn()
      if ('error' in user) return ack(user)
      if (!canBid(user)) return ack(refusal('role-cannot-bid'))
      const parsed = BidPayload.safeParse(payload)
      if (!parsed.success) return ack(invalidPayloadAnswer(currentT(), parsed.error, payload))
      try {
        // A resend of a bid this process saw accepted costs nothing: its first answer, whatever the rate.
        const resent = answerWithoutTransaction(deps.db, user, parsed.data)
        if (resent) return ack({ data: { bid: resent.bid, lot: resent.lot, duplicate: true } })
        try {
          await limiter.consume(user.organizationId)
        } catch {
          // Over the limit: a resend of an accepted bid (perhaps through another process) still gets its first answer.
          const earlier = await previousBid(deps.db, user, parsed.data)
          if (earlier) return ack({ data: { bid: earlier, lot: await lotSnapshot(deps.db, parsed.data.lotId), duplicate: true } })
          return ack(refusal('rate-limited'))
        }
        const outcome = await placeBid(deps.db, user, parsed.data, arrivedAt)
        if (!outcome.accepted) return ack({ ...refusal(outcome.reason), nextMinimumFen: outcome.nextMinimumFen })
        ack({ data: { bid: outcome.bid, lot: outcome.lot, duplicate: outcome.duplicate } })
        if (outcome.events.length) notify(parsed.data.lotId, outcome.events, outcome.lot)
      } catch (error) {
        ack(failure(error))
      }
    })

    socket.on('auction:proxy', async (payload, ack) => {
      const arrivedAt = now()
      const user = signedIn()
      if ('error' in user) return ack(user)
      if (!canBid(user)) return ack(refusal('role-cannot-bid'))
      const parsed = ProxyPayload.safeParse(payload)
      if (!parsed.success) return ack(invalidPayloadAnswer(currentT(), parsed.error, payload))
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
      const user = signedIn()
      if ('error' in user) return ack(user)
      const parsed = ControlPayload.safeParse(payload)
      if (!parsed.success) return ack(invalidPayloadAnswer(currentT(), parsed.error, payload))
      try {
        const change = await controlLot(deps.db, user, parsed.data.lotId, parsed.data.action, parsed.data.reason, now())
        const lot = await lotSnapshot(deps.db, change.lotId)
        ack({ data: { lotId: change.lotId, events: change.events, lot, serverTime: now().toISOString() } })
        notify(change.lotId, change.events, lot)
        lotDecided(change)
        if (change.sessionClosed) sessionClosed(change.sessionId)
      } catch (error) {
        ack(failure(error))
      }
    })
  })

  // The follow-up of a closed session (enqueueing refunds) needs Redis; it never holds up the clock or an
  // acknowledgement while Redis is away (the scheduled refund sweep catches what it could not enqueue).
  const sessionClosed = (sessionId: string) => {
    void Promise.resolve()
      .then(() => deps.onSessionClosed?.(sessionId))
      .catch((error: unknown) => console.warn(`realtime: after session ${sessionId} closed: ${(error as Error).message}`))
  }

  // Likewise a decided lot's refunds (decision 021): its log's close or cancel entry says it was decided.
  const lotDecided = (change: { lotId: string; events: { kind: string }[] }) => {
    if (!change.events.some((e) => e.kind === 'close' || e.kind === 'cancel')) return
    void Promise.resolve()
      .then(() => deps.onLotDecided?.(change.lotId))
      .catch((error: unknown) => console.warn(`realtime: after lot ${change.lotId} was decided: ${(error as Error).message}`))
  }

  let clock: LotClock | null = null
  if (deps.clock !== false) {
    clock = startLotClock({
      db: deps.db,
      now,
      onChange: async (change) => {
        notify(change.lotId, change.events, await lotSnapshot(deps.db, change.lotId))
        lotDecided(change)
        if (change.sessionClosed) sessionClosed(change.sessionId)
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

type TokenClaims = { userId: string; sessionId: string | null }

/**
 * The users of verified bearer tokens (checked as getCurrentUser checks them), in their order, null for none: one
 * read for all, since thousands of bidders connect at a session's opening. A token from POST /api/token stands for its
 * bearer session, as on HTTP: signed out (the session deleted) or expired, it opens no socket. (Tokens without `sid`
 * are issued by nothing but this server's own tests.)
 */
async function usersOfTokens(db: Db, tokens: readonly TokenClaims[], at: Date) {
  const rows = await sqlPort(db).query(USERS_OF_TOKENS_SQL, [tokens.map((t) => t.userId), tokens.map((t) => t.sessionId), at.toISOString()])
  const byIndex = new Map(rows.map(({ i, ...user }) => [Number(i), user]))
  return tokens.map((_, i) => byIndex.get(i + 1) ?? null)
}

const USERS_OF_TOKENS_SQL = statement<{ i: string; userId: string; role: SocketUser['role']; organizationId: string; name: string }>(
  `SELECT t.i::text AS i, u.id AS "userId", u.role::text AS role, u."organizationId", u.name
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(uid, sid, i)
     JOIN "User" u ON u.id = t.uid
    WHERE t.sid IS NULL OR EXISTS (
      SELECT 1 FROM "Session" s WHERE s.id = t.sid AND s.bearer AND s."userId" = u.id AND s."expiresAt" > $3::timestamptz)`,
  'socket-users-of-tokens',
)

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

function refusal(code: RealtimeErrorCode): Refusal {
  return { error: code, message: realtimeErrorMessage(currentT(), code) }
}

/** Only known error codes reach a client; anything else is logged and becomes 'unknown'. */
function failure(error: unknown): Refusal {
  const known = failureOf(error, currentLocale())
  if (known) return { error: known.code, message: known.message }
  console.error('realtime:', error)
  return refusal('unknown')
}

/** A token bucket on the real clock: `perSecond` refill, at most `burst` at once. */
function tokenBucket(perSecond: number, burst: number): () => boolean {
  let tokens = burst
  let last = performance.now()
  return () => {
    const t = performance.now()
    tokens = Math.min(burst, tokens + ((t - last) * perSecond) / 1000)
    last = t
    if (tokens < 1) return false
    tokens -= 1
    return true
  }
}

/** The size of an event's arguments as JSON (what a client can make the server hold per event). */
function payloadBytes(args: unknown[]): number {
  try {
    return args.length ? Buffer.byteLength(JSON.stringify(args) ?? '') : 0
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/**
 * The client's address: the connection's peer, or behind `trustedProxies` reverse proxies the
 * address that many hops back in X-Forwarded-For (as Express's `trust proxy` with a number).
 * From the Socket.IO handshake (its `address` is the peer's, kept by Engine.IO when it connected).
 */
export function clientAddress(handshake: { address?: string; headers: IncomingHttpHeaders }, trustedProxies: number): string {
  const peer = handshake.address || 'unknown'
  if (trustedProxies <= 0) return peer
  const header = handshake.headers['x-forwarded-for']
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
  const chain = [...forwarded, peer]
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer
}
