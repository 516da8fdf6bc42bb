// The bad-input suite for the bidding socket (issue 11, part 2; the HTTP side
// is its own suite). Every client event of the contract (CLIENT_EVENTS in
// app/utils/realtime-contract.ts) gets the classes of input that broke it
// before: payloads that are not objects, missing, mistyped and extra fields,
// NUL and other control characters, direction overrides, huge and
// non-integer numbers, oversized strings, floods, and expired or malformed
// credentials. It passes when no handler throws (nothing is logged, no
// `unknown`), every bad event gets a typed answer (its acknowledgement, or
// `realtime:error` when it carried none), and nothing was stored (the
// database is compared before and after). An event added to the contract
// without a line in EVENTS below fails the suite (and the type check).
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { issueBearerToken } from '~/utils/auth.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { CLIENT_EVENTS, type ClientEventName, type EventRefusal, type Refusal } from '~/utils/realtime-contract.ts'
import { catalogues } from '~/i18n/catalogue.ts'
import { REALTIME_LIMITS, type Realtime } from '../../server/realtime.ts'
import { createAuctionFixture, type AuctionFixture } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { listenRealtime } from '../support/realtime.ts'

const MIN = 60_000
let db: Db
let close: () => Promise<void>
let realtime: Realtime
let port: number
let fx: AuctionFixture
let lotId: string
let bidder: Principal
const sockets: Socket[] = []
const logged: string[] = []

type Sender = 'anonymous' | 'bidder' | 'staff'
/**
 * One line per client event: who sends it and a payload that is valid (the suite spoils it field by
 * field). `acked`: whether the event takes an acknowledgement (else refusals come as realtime:error).
 */
const EVENTS = {
  'lot:join': { sender: 'anonymous', acked: true, valid: () => ({ lotId }) },
  'lot:leave': { sender: 'anonymous', acked: false, valid: () => ({ lotId }) },
  'auction:bid': { sender: 'bidder', acked: true, valid: () => ({ lotId, amountFen: 100_000_00, clientBidId: 'suite-bid' }) },
  'auction:proxy': { sender: 'bidder', acked: true, valid: () => ({ lotId, maxFen: 150_000_00 }) },
  'lot:control': { sender: 'staff', acked: true, valid: () => ({ lotId, action: 'cancel', reason: '测试撤拍原因' }) },
  'time:sync': { sender: 'anonymous', acked: true, valid: () => undefined },
} satisfies Record<ClientEventName, { sender: Sender; acked: boolean; valid: () => Record<string, unknown> | undefined }>

const KNOWN_CODES = new Set(Object.keys(catalogues['zh-CN'].realtime.errors))

/** Whole payloads that are not the object an event takes. */
const NOT_AN_OBJECT: [string, unknown][] = [
  ['nothing', undefined],
  ['null', null],
  ['a string', 'lot-1'],
  ['a number', 42],
  ['a boolean', true],
  ['an array', [{ lotId: 'x' }]],
  ['an empty object', {}],
  ['a NUL string', '\u0000'],
]

/** What each field gets instead of its valid value. */
const STRING_ATTACKS: [string, unknown][] = [
  ['a NUL byte', 'x\u0000y'],
  ['a bell character', 'x\u0007y'],
  ['a right-to-left override', 'x\u202Ey'],
  ['zero-width spaces only', '\u200B\u200B\u200B'],
  ['an escape sequence', '\u001b[2J'],
  ['an empty string', ''],
  ['10,000 characters', 'x'.repeat(10_000)],
  ['3,000 characters', 'x'.repeat(3_000)],
  ['SQL', "' OR 1=1 --"],
  ['a lone surrogate', '\uD800'],
]
const NUMBER_ATTACKS: [string, unknown][] = [
  ['9,007,199,254,740,993', 9_007_199_254_740_993],
  ['1e308', 1e308],
  ['-1', -1],
  ['zero', 0],
  ['1.5', 1.5],
  ['a tiny fraction', 1e-9],
  ['a numeric string', '10000000'],
  ['NaN (sent as null)', Number.NaN],
  ['Infinity (sent as null)', Number.POSITIVE_INFINITY],
]
const ANY_FIELD_ATTACKS: [string, unknown][] = [
  ['missing', undefined],
  ['null', null],
  ['an object', { $gt: '' }],
  ['an array', ['x']],
  ['a boolean', false],
]

type Case = { name: string; payload: unknown }

/** Every spoiled payload for an event: the whole payload, then each field in turn. */
function casesFor(event: ClientEventName): Case[] {
  const valid = EVENTS[event].valid()
  if (valid === undefined) return [] // time:sync takes no payload; extra arguments are ignored (tested below)
  const cases: Case[] = NOT_AN_OBJECT.map(([name, payload]) => ({ name: `the payload is ${name}`, payload }))
  for (const [field, good] of Object.entries(valid)) {
    const attacks = [...ANY_FIELD_ATTACKS, ...(typeof good === 'number' ? NUMBER_ATTACKS : typeof good === 'string' ? STRING_ATTACKS : [])]
    for (const [name, bad] of attacks) {
      if (bad === undefined && field === 'reason') continue // optional: leaving it out is valid
      const payload: Record<string, unknown> = { ...valid }
      if (bad === undefined) delete payload[field]
      else payload[field] = bad
      cases.push({ name: `${field} is ${name}`, payload })
    }
  }
  // A spoiled value the schema accepts as it arrives (JSON: NaN becomes null) is not bad input
  // (null clears a proxy; SQL is just text in a reason).
  const schema = CLIENT_EVENTS[event]
  const onTheWire = (payload: unknown) => (payload === undefined ? undefined : JSON.parse(JSON.stringify(payload)))
  return cases.filter((c) => !schema?.safeParse(onTheWire(c.payload)).success).concat(extraCases())
}

function extraCases(): Case[] {
  const cases: Case[] = []
  // Unknown extra fields and prototype keys are dropped by the schema; with a bad field they must not help.
  cases.push({ name: 'a __proto__ key beside a bad field', payload: JSON.parse(`{"__proto__":{"isAdmin":true},"lotId":"\\u0000"}`) })
  return cases
}

async function counts() {
  return {
    bids: await db.bid.count(),
    proxies: await db.proxyBid.count(),
    events: await db.lotEvent.count(),
    audit: await db.auditLog.count(),
    deals: await db.deal.count(),
    lotBidders: await db.lotBidder.count(),
    lot: await db.lot.findUniqueOrThrow({ where: { id: lotId }, select: { status: true, seq: true, bidCount: true, endsAt: true, cancelReason: true } }),
  }
}

async function connect(who: Principal | null, auth?: Record<string, unknown>): Promise<Socket> {
  const s = io(`http://127.0.0.1:${port}`, {
    auth: auth ?? (who ? { token: issueBearerToken(who, getEnv().SESSION_SECRET, new Date()).token } : {}),
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  })
  sockets.push(s)
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
  return s
}

/** Sends one event and resolves with its typed answer: the acknowledgement, or the realtime:error it caused. */
function send(s: Socket, event: string, payload: unknown, acked: boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${event}: no answer within 3 s`)), 3000)
    const done = (answer: unknown) => {
      clearTimeout(timer)
      s.off('realtime:error', onError)
      resolve(answer)
    }
    const onError = (refusal: EventRefusal) => refusal.event === event && done(refusal)
    s.on('realtime:error', onError)
    const args = payload === undefined ? [] : [payload]
    if (acked) s.emit(event, ...args, done)
    else s.emit(event, ...args)
  })
}

function expectTypedRefusal(answer: unknown, context: string) {
  expect(answer, context).toMatchObject({ error: expect.any(String), message: expect.any(String) })
  const { error, message } = answer as Refusal
  expect(KNOWN_CODES.has(error), `${context}: code ${error}`).toBe(true)
  expect(error, `${context}: a handler failed`).not.toBe('unknown')
  // Words for people, not a validator's English.
  expect(/[A-Za-z]{3,}/.test(message), `${context}: message ${message}`).toBe(false)
}

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  fx = await createAuctionFixture(db, { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000 * 30) })
  lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
  bidder = await fx.bidder()
  // The per-socket flood limit is tested on its own below; here every spoiled event must reach its handler.
  ;({ port, ...realtime } = await listenRealtime({ db, coalesceMs: 0, clock: false, limits: { eventsPerSecond: 10_000, eventBurst: 10_000 } }))
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await realtime?.close()
  await close?.()
})

test('every client event of the contract has a line in this suite', () => {
  expect(Object.keys(EVENTS).sort()).toEqual(Object.keys(CLIENT_EVENTS).sort())
})

describe.each(Object.keys(CLIENT_EVENTS) as ClientEventName[])('%s', (event) => {
  test('every spoiled payload is answered with a typed refusal; no handler throws; nothing is stored', async () => {
    const line = EVENTS[event]
    // A handler that throws or fails in the database logs (and answers `unknown`): both fail the suite.
    vi.mocked(console.error).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
    const s = await connect(line.sender === 'bidder' ? bidder : line.sender === 'staff' ? fx.staff : null)
    const before = await counts()
    const cases = casesFor(event)
    for (const c of cases) {
      const answer = await send(s, event, c.payload, line.acked)
      expectTypedRefusal(answer, `${event}: ${c.name}`)
    }
    // The same spoiled payloads sent without an acknowledgement are told through realtime:error.
    if (line.acked && cases.length) expectTypedRefusal(await send(s, event, cases[1]!.payload, false), `${event} without an acknowledgement`)
    expect(logged).toEqual([])
    expect(await counts()).toEqual(before)
  })

  test('extra arguments and a missing payload never shift the acknowledgement', async () => {
    const line = EVENTS[event]
    if (!line.acked) return
    const s = await connect(line.sender === 'bidder' ? bidder : line.sender === 'staff' ? fx.staff : null)
    const before = await counts()
    const lone = await new Promise<unknown>((resolve) => s.emit(event, resolve))
    const extra = await new Promise<unknown>((resolve) => s.emit(event, '\u0000', { x: 1 }, 'third', resolve))
    if (event === 'time:sync') {
      for (const a of [lone, extra]) expect(a).toMatchObject({ serverTime: expect.any(String) })
    } else {
      expectTypedRefusal(lone, `${event} with no payload`)
      expectTypedRefusal(extra, `${event} with extra arguments`)
    }
    expect(await counts()).toEqual(before)
  })
})

describe('floods', () => {
  test.each(Object.keys(CLIENT_EVENTS) as ClientEventName[])(
    'a flood of 2,000 %s events from one socket: each is answered or the socket is let go; others are served at once; nothing stored',
    async (event) => {
      const limited = await listenRealtime({ db, clock: false })
      try {
        const line = EVENTS[event]
        const url = `http://127.0.0.1:${limited.port}`
        const token = (p: Principal) => issueBearerToken(p, getEnv().SESSION_SECRET, new Date()).token
        const who = line.sender === 'bidder' ? bidder : line.sender === 'staff' ? fx.staff : null
        const flooder = io(url, { auth: who ? { token: token(who) } : {}, transports: ['websocket'], reconnection: false, forceNew: true })
        sockets.push(flooder)
        await new Promise((resolve) => flooder.once('connect', () => resolve(null)))
        const before = await counts()
        const gone = new Promise<string>((resolve) => flooder.once('disconnect', resolve))
        const codes = new Map<string, number>()
        const count = (a: unknown) => {
          const code = a && typeof a === 'object' && 'error' in a ? String((a as Refusal).error) : 'answered'
          codes.set(code, (codes.get(code) ?? 0) + 1)
        }
        flooder.on('realtime:error', count)
        // A spoiled payload (the valid one could cancel the lot); time:sync has none to spoil.
        const payload = line.valid() === undefined ? undefined : { lotId: '\u0000' }
        for (let i = 0; i < 2000; i++) {
          if (line.acked) flooder.emit(event, ...(payload === undefined ? [] : [payload]), count)
          else flooder.emit(event, payload)
        }
        const started = performance.now()
        const other = io(url, { transports: ['websocket'], reconnection: false, forceNew: true })
        sockets.push(other)
        await new Promise((resolve) => other.once('connect', () => resolve(null)))
        expect(await other.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { id: lotId } })
        expect(performance.now() - started).toBeLessThan(2000)
        expect(await gone).toBe('io server disconnect')
        for (const code of codes.keys()) expect(code === 'answered' || KNOWN_CODES.has(code), code).toBe(true)
        expect(codes.get('unknown') ?? 0).toBe(0)
        expect(codes.get('rate-limited') ?? 0).toBeGreaterThan(0)
        expect(await counts()).toEqual(before)
      } finally {
        await limited.close()
      }
    },
  )

  test('the flood limit leaves an ordinary client alone: half a burst at once is all answered', async () => {
    const s = await connect(await fx.bidder())
    const answers = await Promise.all(
      Array.from({ length: REALTIME_LIMITS.eventBurst / 2 }, () => s.emitWithAck('time:sync' as never) as Promise<unknown>),
    )
    expect(answers.every((a) => a && typeof a === 'object' && 'serverTime' in a)).toBe(true)
  })
})

describe('credentials', () => {
  const token = (p: Principal, at: Date) => issueBearerToken(p, getEnv().SESSION_SECRET, at).token
  test.each([
    ['an expired token', () => ({ token: token(bidder, new Date(Date.now() - 16 * MIN)) })],
    ['a token signed with another secret', () => ({ token: issueBearerToken(bidder, 'x'.repeat(40), new Date()).token })],
    ['a token with its claims edited', () => ({ token: `${Buffer.from(JSON.stringify({ sub: bidder.userId, role: 'STAFF', org: bidder.organizationId, exp: 9e9 })).toString('base64url')}.${token(bidder, new Date()).split('.')[1]}` })],
    ['a token with three parts', () => ({ token: `${token(bidder, new Date())}.x` })],
    ['a token of 50,000 characters', () => ({ token: 'a'.repeat(50_000) })],
    ['a token with a NUL byte', () => ({ token: 'a\u0000.b' })],
    ['a number', () => ({ token: 1 })],
    ['an object', () => ({ token: { sub: bidder.userId } })],
    ['an empty string', () => ({ token: '' })],
    ['true', () => ({ token: true })],
  ])('%s is refused at the handshake and the server serves on', async (_, auth) => {
    const s = io(`http://127.0.0.1:${port}`, { auth: auth(), transports: ['websocket'], reconnection: false, forceNew: true })
    sockets.push(s)
    const outcome = await new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'))
      s.once('connect_error', (e) => resolve(e.message))
    })
    expect(outcome).toBe('unauthenticated')
    await served()
  })

  test('a handshake larger than a message may be (a token of 100,000 characters) closes the connection; the server serves on', async () => {
    const s = io(`http://127.0.0.1:${port}`, { auth: { token: 'a'.repeat(100_000) }, transports: ['websocket'], reconnection: false, forceNew: true })
    sockets.push(s)
    const outcome = await new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'))
      s.once('connect_error', (e) => resolve(e.message))
      s.io.once('close', (reason) => resolve(`closed: ${reason}`))
    })
    expect(outcome).toBe('closed: transport close')
    await served()
  })

  async function served() {
    const ok = await connect(bidder)
    expect(await ok.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { me: { role: 'ENTERPRISE' } } })
  }
})
