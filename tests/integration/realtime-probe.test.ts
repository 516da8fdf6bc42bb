// The socket findings of the outside probe (issue 11: #14, #20, #22, #25), each
// against a real Socket.IO server on an ephemeral port, a real database and
// real clients. Each test failed on the code of the issue's date.
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { commitLoginCookie, createLoginSession, issueBearerToken } from '~/utils/auth.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import type { EventRefusal } from '~/utils/realtime-contract.ts'
import { REALTIME_LIMITS, type Realtime } from '../../server/realtime.ts'
import { createAuctionFixture, type AuctionFixture } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { connectClient, listenRealtime, type TestClient } from '../support/realtime.ts'

const MIN = 60_000
let db: Db
let close: () => Promise<void>
let realtime: Realtime
let port: number
let fx: AuctionFixture
let offset = 0
const now = () => new Date(Date.now() + offset)
const sockets: Socket[] = []

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  fx = await createAuctionFixture(db, { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000 * 30) })
  ;({ port, ...realtime } = await listenRealtime({ db, now, coalesceMs: 0, clock: false }))
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await realtime?.close()
  await close?.()
})

async function client(who: Parameters<typeof connectClient>[1]): Promise<TestClient> {
  const c = await connectClient(port, who, now())
  sockets.push(c)
  return c
}

/** A raw socket.io-client with whatever handshake the test wants. */
function raw(opts: { auth?: Record<string, unknown>; headers?: Record<string, string> } = {}): Socket {
  const s = io(`http://127.0.0.1:${port}`, { auth: opts.auth ?? {}, extraHeaders: opts.headers, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(s)
  return s
}

/** 'connected' or the connect_error's message (the refusal code). */
function handshake(s: Socket): Promise<string> {
  return new Promise((resolve) => {
    s.once('connect', () => resolve('connected'))
    s.once('connect_error', (e) => resolve(e.message))
  })
}

const liveLot = () => fx.lot({ startsAt: new Date(now().getTime() - MIN), endsAt: new Date(now().getTime() + 60 * MIN) })

async function staffCookie(expiresInMs?: number): Promise<string> {
  const sessionId = await createLoginSession(db, fx.staff.userId, now())
  if (expiresInMs !== undefined) await db.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(now().getTime() + expiresInMs) } })
  return (await commitLoginCookie(new Request('http://127.0.0.1/'), sessionId)).split(';')[0]!
}

describe('#14 the session cookie counts only from the site itself', () => {
  test.each([
    ['the opaque origin null', 'null'],
    ['a foreign site', 'https://evil.example'],
  ])('a staff cookie sent from %s watches anonymously and cannot control a lot', async (_, origin) => {
    const lotId = await liveLot()
    const s = raw({ headers: { cookie: await staffCookie(), origin } })
    expect(await handshake(s)).toBe('connected')
    expect(await s.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { me: null, names: null } })
    expect(await s.emitWithAck('lot:control', { lotId, action: 'pause' })).toMatchObject({ error: 'unauthenticated' })
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe('LIVE')
  })

  test('the same cookie from the site (or a client that sends no Origin) is staff', async () => {
    const lotId = await liveLot()
    const cookie = await staffCookie()
    for (const headers of [{ cookie, origin: `http://127.0.0.1:${port}` }, { cookie }] as Record<string, string>[]) {
      const s = raw({ headers })
      expect(await handshake(s)).toBe('connected')
      expect(await s.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { me: { role: 'STAFF' } } })
    }
  })
})

describe('#22 credentials that are given must be valid, and stop counting when they expire', () => {
  test.each([
    ['a number', { token: 12345 }],
    ['an object', { token: { sub: 'x' } }],
    ['an empty string', { token: '' }],
    ['an array', { token: ['a.b'] }],
    ['a forged token', { token: 'eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }],
  ])('a token that is %s is refused at the handshake', async (_, auth) => {
    const s = raw({ auth })
    expect(await handshake(s)).toBe('unauthenticated')
  })

  test.each([
    ['a garbage session cookie', '__kjj_session=garbage'],
    ['a session cookie with a forged signature', '__kjj_session=eyJzZXNzaW9uSWQiOiJ4In0%3D.AAAA'],
    ['an Authorization header that is not a bearer token', null],
  ])('%s is refused at the handshake', async (_, cookie) => {
    const s = raw({ headers: cookie ? { cookie } : { authorization: 'Basic dXNlcjpwYXNz' } })
    expect(await handshake(s)).toBe('unauthenticated')
  })

  test('other cookies, and no credentials at all, watch anonymously', async () => {
    const lotId = await liveLot()
    for (const headers of [{ cookie: 'theme=dark; _ga=GA1.2.3' }, {}] as Record<string, string>[]) {
      const s = raw({ headers })
      expect(await handshake(s)).toBe('connected')
      expect(await s.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { me: null } })
    }
  })

  test('a token that expires while connected: the next bid is refused as session-expired and nothing is stored', async () => {
    const lotId = await liveLot()
    const bidder = await fx.bidder()
    const c = await client(bidder)
    expect(await c.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'before' })).toMatchObject({ data: { bid: { seq: 1 } } })
    offset += 16 * MIN // bearer tokens last 15 minutes
    try {
      const answer = await c.emitWithAck('auction:bid', { lotId, amountFen: 200_000_00, clientBidId: 'after' })
      expect(answer).toMatchObject({ error: 'session-expired', message: '登录已过期，请重新登录' })
      expect(await c.emitWithAck('auction:proxy', { lotId, maxFen: 300_000_00 })).toMatchObject({ error: 'session-expired' })
      // It may still watch, as anyone may.
      expect(await c.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { me: null } })
      expect(await db.bid.count({ where: { lotId } })).toBe(1)
      // A fresh login bids again.
      const fresh = await client(bidder)
      expect(await fresh.emitWithAck('auction:bid', { lotId, amountFen: 110_000_00, clientBidId: 'fresh' })).toMatchObject({ error: 'already-leading' })
    } finally {
      offset -= 16 * MIN
    }
  })

  test('a token from POST /api/token opens no socket once its bearer session is signed out or has expired', async () => {
    const lotId = await liveLot()
    const bidder = await fx.bidder()
    const tokenOf = async () => {
      const sid = await createLoginSession(db, bidder.userId, now(), { bearer: true })
      return { sid, token: issueBearerToken(bidder, getEnv().SESSION_SECRET, now(), sid).token }
    }
    const live = await tokenOf()
    const before = raw({ auth: { token: live.token } })
    expect(await handshake(before)).toBe('connected')
    expect(await before.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { me: { role: 'ENTERPRISE' } } })
    // Signed out: the session is gone (endLoginSession deletes the user's bearer sessions).
    await db.session.delete({ where: { id: live.sid } })
    expect(await handshake(raw({ auth: { token: live.token } }))).toBe('unauthenticated')
    // Expired on the server before the token's own expiry.
    const short = await tokenOf()
    await db.session.update({ where: { id: short.sid }, data: { expiresAt: new Date(now().getTime() - 1000) } })
    expect(await handshake(raw({ auth: { token: short.token } }))).toBe('unauthenticated')
    // A bearer session of someone else does not lend its validity.
    const other = await createLoginSession(db, fx.staff.userId, now(), { bearer: true })
    expect(await handshake(raw({ auth: { token: issueBearerToken(bidder, getEnv().SESSION_SECRET, now(), other).token } }))).toBe('unauthenticated')
    // A cookie session's id is not a bearer session.
    const cookieSession = await createLoginSession(db, bidder.userId, now())
    expect(await handshake(raw({ auth: { token: issueBearerToken(bidder, getEnv().SESSION_SECRET, now(), cookieSession).token } }))).toBe('unauthenticated')
  })

  test('handshakes that come together are read together, and each is still judged on its own token', async () => {
    const lotId = await liveLot()
    const bidder = await fx.bidder()
    const bearer = async (expiresInMs: number | null) => {
      const sid = await createLoginSession(db, bidder.userId, now(), { bearer: true })
      if (expiresInMs !== null) await db.session.update({ where: { id: sid }, data: { expiresAt: new Date(now().getTime() + expiresInMs) } })
      return issueBearerToken(bidder, getEnv().SESSION_SECRET, now(), sid).token
    }
    const signedOut = await createLoginSession(db, bidder.userId, now(), { bearer: true })
    await db.session.delete({ where: { id: signedOut } })
    const other = await createLoginSession(db, fx.staff.userId, now(), { bearer: true })
    const tokens = [
      ['live', await bearer(null)],
      ['expired', await bearer(-1000)],
      ['staff, no session id', issueBearerToken(fx.staff, getEnv().SESSION_SECRET, now()).token],
      ['signed out', issueBearerToken(bidder, getEnv().SESSION_SECRET, now(), signedOut).token],
      ["another user's session", issueBearerToken(bidder, getEnv().SESSION_SECRET, now(), other).token],
      ['live again', await bearer(null)],
      ['forged', `${await bearer(null)}x`],
    ] as const
    // All opened in the same turn of this process's loop, so the server reads their users together.
    const sockets = tokens.map(([, token]) => raw({ auth: { token } }))
    const outcomes = await Promise.all(sockets.map(handshake))
    expect(Object.fromEntries(tokens.map(([what], i) => [what, outcomes[i]]))).toEqual({
      live: 'connected',
      expired: 'unauthenticated',
      'staff, no session id': 'connected',
      'signed out': 'unauthenticated',
      "another user's session": 'unauthenticated',
      'live again': 'connected',
      forged: 'unauthenticated',
    })
    const roles = await Promise.all([0, 2, 5].map(async (i) => ((await sockets[i]!.emitWithAck('lot:join', { lotId })) as { data: { me: { role: string } } }).data.me.role))
    expect(roles).toEqual(['ENTERPRISE', 'STAFF', 'ENTERPRISE'])
  })

  test('a cookie session that ends while connected stops counting too', async () => {
    const lotId = await liveLot()
    const s = raw({ headers: { cookie: await staffCookie(MIN) } })
    expect(await handshake(s)).toBe('connected')
    expect(await s.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { me: { role: 'STAFF' } } })
    offset += 2 * MIN
    try {
      expect(await s.emitWithAck('lot:control', { lotId, action: 'pause' })).toMatchObject({ error: 'session-expired' })
      expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status).toBe('LIVE')
    } finally {
      offset -= 2 * MIN
    }
  })
})

describe('#25 every refusal is a typed answer in words people read', () => {
  test('a payload that fails its schema names the field in Chinese, with no English from the validator', async () => {
    const lotId = await liveLot()
    const c = await client(await fx.bidder())
    const answer = await c.emitWithAck('auction:bid', { lotId, amountFen: 1.5, clientBidId: 'x' })
    expect(answer).toMatchObject({ error: 'invalid-payload', message: '请求格式不正确：出价金额须为整数（单位：分）', fields: { amountFen: '须为整数（单位：分）' } })
    const missing = await c.emitWithAck('auction:bid', { lotId } as never)
    expect(missing).toMatchObject({ error: 'invalid-payload', fields: { amountFen: '不能为空', clientBidId: '不能为空' } })
    const notObject = await c.emitWithAck('lot:join', 'lot-1' as never)
    expect(notObject).toMatchObject({ error: 'invalid-payload', message: '请求格式不正确：请求须为一个对象' })
    for (const a of [answer, missing, notObject]) expect('message' in a && /[A-Za-z]/.test(a.message)).toBe(false)
  })

  test('an unknown event is answered unknown-event (through its acknowledgement, or realtime:error without one)', async () => {
    const c = await client(null)
    // An untyped view of the client: these event names are not in the contract on purpose.
    const loose = c as unknown as { emit(event: string, ...args: unknown[]): void; timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } }
    expect(await loose.timeout(2000).emitWithAck('lot:steal', { lotId: 'x' })).toMatchObject({ error: 'unknown-event', message: '不支持的请求类型' })
    const told = new Promise<EventRefusal>((resolve) => c.once('realtime:error', resolve))
    loose.emit('admin:drop-all')
    expect(await told).toMatchObject({ event: 'admin:drop-all', error: 'unknown-event' })
    // An event that needs an acknowledgement and has none is told so too.
    const noAck = new Promise<EventRefusal>((resolve) => c.once('realtime:error', resolve))
    loose.emit('lot:join', { lotId: 'x' })
    expect(await noAck).toMatchObject({ event: 'lot:join', error: 'invalid-payload' })
  })

  test('a large payload is answered payload-too-large; one above the message limit closes the connection (WebSocket 1009) and the server serves on', async () => {
    const lotId = await liveLot()
    const c = await client(null)
    expect(await c.emitWithAck('lot:join', { lotId, filler: 'x'.repeat(10_000) } as never)).toMatchObject({ error: 'payload-too-large' })
    const closed = new Promise<{ reason: string; code: unknown }>((resolve) =>
      c.once('disconnect', (reason, details) => resolve({ reason, code: (details as { context?: { code?: number } } | undefined)?.context?.code })),
    )
    c.emit('lot:join', { lotId, filler: 'x'.repeat(1_000_000) } as never, () => undefined)
    expect(await closed).toMatchObject({ reason: 'transport close', code: 1009 })
    const next = await client(null)
    expect(await next.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { id: lotId } })
  })
})

describe('#20 one socket flooding joins slows nobody else', () => {
  test('10,000 joins from one anonymous socket: it is refused cheaply and let go, another bidder connects and joins at once', async () => {
    const lotId = await liveLot()
    const flooder = await client(null)
    const gone = new Promise<string>((resolve) => flooder.once('disconnect', resolve))
    const answers = { data: 0, refused: 0 }
    const rssBefore = process.memoryUsage().rss
    for (let i = 0; i < 10_000; i++) flooder.emit('lot:join', { lotId }, (a) => void ('data' in a ? answers.data++ : answers.refused++))
    const started = performance.now()
    const other = await client(await fx.bidder())
    const joined = await other.emitWithAck('lot:join', { lotId })
    const ms = performance.now() - started
    expect(joined).toMatchObject({ data: { id: lotId } })
    expect(await gone).toBe('io server disconnect')
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20
    console.log(`flood of 10,000 joins: another client connected and joined in ${ms.toFixed(0)} ms; ${answers.data} joins read, ${answers.refused} refused; rss +${grownMb.toFixed(0)} MB`)
    expect(ms).toBeLessThan(2000)
    // At most one burst of joins ever reached the database.
    expect(answers.data).toBeLessThanOrEqual(REALTIME_LIMITS.eventBurst)
    expect(answers.refused).toBeGreaterThan(0)
    expect(await other.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'after-flood' })).toMatchObject({ data: { bid: { seq: 1 } } })
  })

  test('one socket cannot sit in more lot rooms than the limit', async () => {
    const limited = await listenRealtime({ db, now, clock: false, limits: { roomsPerSocket: 2 } })
    try {
      const c = await connectClient(limited.port, null, now())
      sockets.push(c)
      const [a, b, d] = [await liveLot(), await liveLot(), await liveLot()]
      expect(await c.emitWithAck('lot:join', { lotId: a })).toHaveProperty('data')
      expect(await c.emitWithAck('lot:join', { lotId: b })).toHaveProperty('data')
      expect(await c.emitWithAck('lot:join', { lotId: a })).toHaveProperty('data') // already in: a resync
      expect(await c.emitWithAck('lot:join', { lotId: d })).toMatchObject({ error: 'too-many-rooms' })
      c.emit('lot:leave', { lotId: a })
      expect(await c.emitWithAck('lot:join', { lotId: d })).toHaveProperty('data')
    } finally {
      await limited.close()
    }
  })

  test('connections from one address are capped per process', async () => {
    const limited = await listenRealtime({ db, now, clock: false, limits: { connectionsPerAddress: 2 } })
    try {
      const open = async () => {
        const s = io(`http://127.0.0.1:${limited.port}`, { transports: ['websocket'], reconnection: false, forceNew: true })
        sockets.push(s)
        return { s, result: await handshake(s) }
      }
      const first = await open()
      expect([first.result, (await open()).result, (await open()).result]).toEqual(['connected', 'connected', 'too-many-connections'])
      first.s.disconnect()
      await new Promise((r) => setTimeout(r, 100))
      expect((await open()).result).toBe('connected')
    } finally {
      await limited.close()
    }
  })

  test('behind a trusted proxy the cap counts the address X-Forwarded-For names, read from the handshake', async () => {
    // The server lets go of each connection's HTTP request once connected (memory with 10,000 bidders), so the
    // address must come from the handshake; one proxy trusted: the last hop it names is the client.
    const limited = await listenRealtime({ db, now, clock: false, limits: { connectionsPerAddress: 1, trustedProxies: 1 } })
    try {
      const open = async (forwardedFor: string) => {
        const s = io(`http://127.0.0.1:${limited.port}`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'X-Forwarded-For': forwardedFor } })
        sockets.push(s)
        return handshake(s)
      }
      expect([await open('203.0.113.7'), await open('198.51.100.1, 203.0.113.8'), await open('203.0.113.7')]).toEqual(['connected', 'connected', 'too-many-connections'])
    } finally {
      await limited.close()
    }
  })
})

test('a bearer token signed for the future still carries its own expiry (issueBearerToken)', () => {
  // Guards the test above: tokens last 15 minutes, so moving the clock 16 minutes expires them.
  const { expiresAt } = issueBearerToken(fx.staff, getEnv().SESSION_SECRET, new Date(0))
  expect(expiresAt.getTime()).toBe(15 * MIN)
})
