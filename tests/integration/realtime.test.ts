// Live bidding over a real Socket.IO server on an ephemeral port, a real
// database and two (or more) real clients: the acknowledgement and what the
// other clients hear.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { verifyLotLog } from '~/domain/lot-log.ts'
import type { Db } from '~/utils/db.server.ts'
import type { Realtime } from '../../server/realtime.ts'
import { createPrismaClient } from '~/utils/database.server.ts'
import { createAuctionFixture, type AuctionFixture } from '../support/auction.ts'
import { createTestDatabase } from '../support/database.ts'
import { connectClient, listenRealtime, waitForUpdate, type TestClient } from '../support/realtime.ts'

const MIN = 60_000
let db: Db
/** Another client on the same database: what a second web process would be (it has seen no bid of this one). */
let otherDb: Db
let close: () => Promise<void>
let realtime: Realtime
let port: number
let fx: AuctionFixture
/** The server's clock, which tests move forward. */
let offset = 0
const now = () => new Date(Date.now() + offset)
const clients: TestClient[] = []
const sessionsClosed: string[] = []
const lotsDecided: string[] = []

async function client(who: Parameters<typeof connectClient>[1]) {
  const c = await connectClient(port, who, now())
  clients.push(c)
  return c
}

beforeAll(async () => {
  const t = await createTestDatabase()
  db = t.prisma as Db
  otherDb = createPrismaClient(t.adapterFactory) as Db
  close = t.close
  fx = await createAuctionFixture(db, { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000 * 30) })
  ;({ port, ...realtime } = await listenRealtime({ db, now, coalesceMs: 0, onSessionClosed: (id) => void sessionsClosed.push(id), onLotDecided: (id) => void lotsDecided.push(id) }))
})
afterAll(async () => {
  for (const c of clients) c.disconnect()
  await realtime?.close()
  await close?.()
})

describe('a room: join, bid, everyone hears it in order', () => {
  test('joining returns the whole state; an accepted bid is acknowledged with its time and number and reaches the other bidder', async () => {
    const lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
    const [a, b] = [await fx.bidder(), await fx.bidder()]
    const [ca, cb] = [await client(a), await client(b)]
    const joined = await cb.emitWithAck('lot:join', { lotId })
    expect(joined).toMatchObject({ data: { id: lotId, status: 'LIVE', currentPriceFen: null, nextMinimumFen: 100_000_00, bidCount: 0, leader: null, history: [], me: { approved: true, depositPaid: true, mayBid: true } } })
    expect('data' in joined && Math.abs(Date.parse(joined.data.serverTime) - now().getTime())).toBeLessThan(1000)
    await ca.emitWithAck('lot:join', { lotId })

    const ack = await ca.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'a-1' })
    expect(ack).toMatchObject({ data: { duplicate: false, bid: { seq: 1, bidder: 'A1', amountFen: 100_000_00 }, lot: { currentPriceFen: 100_000_00, nextMinimumFen: 105_000_00, leader: 'A1', seq: 1 } } })
    const heard = await waitForUpdate(cb, (u) => u.lotId === lotId && u.lot.seq === 1)
    expect(heard.events.map((e) => [e.seq, e.kind, e.payload.amountFen])).toEqual([[1, 'bid', 100_000_00]])
    expect(heard.lot).toMatchObject({ currentPriceFen: 100_000_00, leader: 'A1' })

    // B outbids; A hears it; the same client bid id again makes no second bid.
    const b1 = await cb.emitWithAck('auction:bid', { lotId, amountFen: 105_000_00, clientBidId: 'b-1' })
    const again = await cb.emitWithAck('auction:bid', { lotId, amountFen: 105_000_00, clientBidId: 'b-1' })
    expect(b1).toMatchObject({ data: { bid: { seq: 2, bidder: 'A2' } } })
    expect(again).toMatchObject({ data: { duplicate: true, bid: { seq: 2, bidder: 'A2' } } })
    await waitForUpdate(ca, (u) => u.lotId === lotId && u.lot.seq === 2)
    expect(await db.bid.count({ where: { lotId } })).toBe(2)
  })

  test.each([
    ['too low', { amountFen: 100_000_00 }, 'too-low'],
    ['not a whole number of increments', { amountFen: 106_000_00 }, 'not-increment'],
    ['not a whole fen', { amountFen: 105_000_00.5 }, 'invalid-payload'],
    ['a negative amount', { amountFen: -5 }, 'invalid-payload'],
    ['no such lot', { lotId: 'nope', amountFen: 105_000_00 }, 'not-found'],
    // Issue 11 #21: 9,007,199,254,740,000 fen on a 1,000,000-yuan lot was accepted and froze the lot.
    ['absurdly high (a safe integer, but no sane bid)', { amountFen: 9_007_199_254_740_000 }, 'too-high'],
    // Issue 11 #19: PostgreSQL refuses NUL in text; a control character in an id is refused at the socket.
    ['sent with a NUL in its client bid id', { clientBidId: 'x\u0000y' }, 'invalid-payload'],
    ['sent with a control character in its lot id', { lotId: 'lot\u0007' }, 'invalid-payload'],
  ])('a bid that is %s is rejected with a reason code and changes nothing', async (_, change, code) => {
    const lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
    const [a, b] = [await fx.bidder(), await fx.bidder()]
    const [ca, cb] = [await client(a), await client(b)]
    await ca.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'first' })
    const before = await db.lot.findUniqueOrThrow({ where: { id: lotId } })
    const answer = await cb.emitWithAck('auction:bid', { lotId, clientBidId: 'x', ...change } as never)
    expect(answer).toMatchObject({ error: code })
    expect('message' in answer && answer.message.length).toBeGreaterThan(0)
    const after = await db.lot.findUniqueOrThrow({ where: { id: lotId } })
    expect([after.seq, after.endsAt, after.bidCount]).toEqual([before.seq, before.endsAt, before.bidCount])
  })

  test('who may bid: the leader cannot raise itself, an unpaid deposit, an unapproved enterprise, the owner, staff and anonymous viewers are refused, each with its own reason', async () => {
    const lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
    const leader = await client(await fx.bidder())
    await leader.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'l' })
    const bid = (c: TestClient) => c.emitWithAck('auction:bid', { lotId, amountFen: 110_000_00, clientBidId: `x-${Math.random()}` })
    expect(await bid(leader)).toMatchObject({ error: 'already-leading' })
    expect(await bid(await client(await fx.bidder({ deposit: false })))).toMatchObject({ error: 'deposit-unpaid' })
    expect(await bid(await client(await fx.bidder({ approved: false, deposit: false })))).toMatchObject({ error: 'not-approved' })
    // Staff and institutions (the owner among them) are told that their role does not bid, not that they lack approval.
    expect(await bid(await client(fx.owner))).toMatchObject({ error: 'role-cannot-bid', message: expect.stringContaining('只有企业账号可以出价') })
    expect(await bid(await client(fx.staff))).toMatchObject({ error: 'role-cannot-bid' })
    const viewer = await client(null)
    expect(await viewer.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { id: lotId, me: null, names: null } })
    expect(await bid(viewer)).toMatchObject({ error: 'unauthenticated' })
    expect(await db.bid.count({ where: { lotId } })).toBe(1)
  })

  test('sockets joining one lot at once share one read of it when joins pile up, and each still gets its own view', async () => {
    // One join read at a time: the joins below wait for it together and are answered by one read (app/utils/gather.ts).
    const busy = await listenRealtime({ db, now, coalesceMs: 0, joinConcurrency: 1 })
    try {
      const lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
      const leader = await fx.bidder()
      const [paid, unpaid, unapproved] = [await fx.bidder(), await fx.bidder({ deposit: false }), await fx.bidder({ approved: false, deposit: false })]
      const first = await client(leader)
      expect(await first.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'lead' })).toMatchObject({ data: { bid: { bidder: 'A1' } } })
      const who = [leader, paid, unpaid, unapproved, fx.staff, fx.owner, null, paid]
      const sockets = await Promise.all(who.map((w) => connectClient(busy.port, w, now())))
      clients.push(...sockets)
      const views = await Promise.all(sockets.map((s) => s.emitWithAck('lot:join', { lotId })))
      const data = views.map((v) => ('data' in v ? v.data : null))
      expect(data.every((d) => d?.id === lotId && d.seq === 1 && d.currentPriceFen === 100_000_00 && d.leader === 'A1')).toBe(true)
      const me = data.map((d) => d?.me && { role: d.me.role, pseudonym: d.me.pseudonym, leading: d.me.leading, approved: d.me.approved, depositPaid: d.me.depositPaid, mayBid: d.me.mayBid, ownsLot: d.me.ownsLot })
      expect(me).toEqual([
        { role: 'ENTERPRISE', pseudonym: 'A1', leading: true, approved: true, depositPaid: true, mayBid: true, ownsLot: false },
        { role: 'ENTERPRISE', pseudonym: null, leading: false, approved: true, depositPaid: true, mayBid: true, ownsLot: false },
        { role: 'ENTERPRISE', pseudonym: null, leading: false, approved: true, depositPaid: false, mayBid: false, ownsLot: false },
        { role: 'ENTERPRISE', pseudonym: null, leading: false, approved: false, depositPaid: false, mayBid: false, ownsLot: false },
        { role: 'STAFF', pseudonym: null, leading: false, approved: false, depositPaid: false, mayBid: false, ownsLot: false },
        { role: 'INSTITUTION', pseudonym: null, leading: false, approved: false, depositPaid: false, mayBid: false, ownsLot: true },
        null,
        { role: 'ENTERPRISE', pseudonym: null, leading: false, approved: true, depositPaid: true, mayBid: true, ownsLot: false },
      ])
      // Only the running bureau's staff see who is behind the pseudonyms.
      expect(data.map((d) => (d?.names ? Object.keys(d.names) : null))).toEqual([null, null, null, null, ['A1'], null, null, null])
      // Every one of them is in the room: the next bid reaches all.
      expect(await sockets[1]!.emitWithAck('auction:bid', { lotId, amountFen: 105_000_00, clientBidId: 'next' })).toMatchObject({ data: { bid: { seq: 2 } } })
      await Promise.all(sockets.map((s) => waitForUpdate(s, (u) => u.lotId === lotId && u.lot.seq === 2)))
    } finally {
      await busy.close()
    }
  })

  test('more bids a second than allowed from one enterprise are refused as rate limited, before they reach the lot', async () => {
    const limited = await listenRealtime({ db, now, clock: false, bidsPerSecond: 2 })
    try {
      const lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
      const who = await fx.bidder()
      const c = await connectClient(limited.port, who, now())
      clients.push(c)
      const answers = await Promise.all([1, 2, 3].map((k) => c.emitWithAck('auction:bid', { lotId, amountFen: 200_000_00 + k * 5_000_00, clientBidId: `rl-${k}` })))
      expect(answers.filter((x) => 'error' in x && x.error === 'rate-limited')).toHaveLength(1)
      expect(await db.bid.count({ where: { lotId } })).toBe(1) // the other is already-leading, never stored
      // Issue 11 #23: a resend of the accepted bid while over the limit gets its first answer, not 'rate-limited'.
      const k = answers.findIndex((x) => 'data' in x)
      const first = answers[k]!
      if (!('data' in first)) throw new Error('no bid accepted')
      const resend = () => c.emitWithAck('auction:bid', { lotId, amountFen: first.data.bid.amountFen, clientBidId: `rl-${k + 1}` })
      for (const resent of await Promise.all([resend(), resend(), resend()])) expect(resent).toMatchObject({ data: { duplicate: true, bid: first.data.bid } })
      // Also through a process that has not seen it accepted (a reconnect elsewhere): found in the database.
      const second = await listenRealtime({ db: otherDb, now, clock: false, bidsPerSecond: 1 })
      try {
        const c2 = await connectClient(second.port, who, now())
        clients.push(c2)
        expect(await c2.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'rl-burn' })).toMatchObject({ error: 'already-leading' })
        expect(await c2.emitWithAck('auction:bid', { lotId, amountFen: first.data.bid.amountFen, clientBidId: `rl-${k + 1}` })).toMatchObject({ data: { duplicate: true, bid: first.data.bid } })
      } finally {
        await second.close()
      }
    } finally {
      await limited.close()
    }
  })

  test('the session cookie logs a socket in from the site itself, never from another site', async () => {
    const { commitLoginCookie, createLoginSession } = await import('~/utils/auth.server.ts')
    const { io } = await import('socket.io-client')
    const bidder = await fx.bidder()
    const cookie = (await commitLoginCookie(new Request('http://127.0.0.1/'), await createLoginSession(db, bidder.userId, new Date()))).split(';')[0]!
    const lotId = await fx.lot({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN) })
    const meFrom = async (origin: string) => {
      const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin } })
      try {
        const joined = await socket.emitWithAck('lot:join', { lotId })
        return 'data' in joined ? joined.data.me : 'error'
      } finally {
        socket.disconnect()
      }
    }
    expect(await meFrom(`http://127.0.0.1:${port}`)).toMatchObject({ role: 'ENTERPRISE', approved: true })
    expect(await meFrom('https://evil.example')).toBeNull()
  })

  test('a bad token is refused at the handshake', async () => {
    const { io } = await import('socket.io-client')
    const socket = io(`http://127.0.0.1:${port}`, { auth: { token: 'forged.token' }, transports: ['websocket'], reconnection: false, forceNew: true })
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve))
    expect(error.message).toBe('unauthenticated')
    socket.disconnect()
  })
})

describe('the clock: late bids extend, staff pause and resume, the lot closes at its end exactly once', () => {
  test('a bid in the last N minutes moves the end and the room is told; a rejected bid never does', async () => {
    const lotId = await fx.lot({ startsAt: new Date(now().getTime() - MIN), endsAt: new Date(now().getTime() + 2 * MIN) })
    const [ca, cb] = [await client(await fx.bidder()), await client(await fx.bidder())]
    await cb.emitWithAck('lot:join', { lotId })
    const ack = await ca.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'late' })
    if (!('data' in ack)) throw new Error(ack.message)
    const expectedEnd = Date.parse(ack.data.bid.at) + 5 * MIN
    expect(Date.parse(ack.data.lot.endsAt)).toBe(expectedEnd)
    const heard = await waitForUpdate(cb, (u) => u.lotId === lotId && u.events.some((e) => e.kind === 'extension'))
    expect(heard.events.map((e) => e.kind)).toEqual(['bid', 'extension'])
    expect(heard.events[1]!.payload.endsAt).toBe(new Date(expectedEnd).toISOString())
    await cb.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'rejected' })
    expect((await db.lot.findUniqueOrThrow({ where: { id: lotId } })).endsAt.getTime()).toBe(expectedEnd)
  })

  test('staff pause: bids refused and the clock frozen; resume moves the end by the pause; each is broadcast and audited', async () => {
    const lotId = await fx.lot({ startsAt: new Date(now().getTime() - MIN), endsAt: new Date(now().getTime() + 30 * MIN) })
    const [staff, bidder] = [await client(fx.staff), await client(await fx.bidder())]
    await bidder.emitWithAck('lot:join', { lotId })
    const endBefore = (await db.lot.findUniqueOrThrow({ where: { id: lotId } })).endsAt.getTime()
    expect(await bidder.emitWithAck('lot:control', { lotId, action: 'pause' })).toMatchObject({ error: 'forbidden' })
    expect(await staff.emitWithAck('lot:control', { lotId, action: 'pause' })).toMatchObject({ data: { lot: { status: 'PAUSED' } } })
    await waitForUpdate(bidder, (u) => u.lotId === lotId && u.events.some((e) => e.kind === 'pause'))
    expect(await bidder.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: 'p' })).toMatchObject({ error: 'paused' })
    offset += 7 * MIN
    const resumed = await staff.emitWithAck('lot:control', { lotId, action: 'resume' })
    if (!('data' in resumed)) throw new Error(resumed.message)
    const moved = Date.parse(resumed.data.lot.endsAt) - endBefore
    expect(moved).toBeGreaterThanOrEqual(7 * MIN)
    expect(moved).toBeLessThan(7 * MIN + 2000)
    expect(await staff.emitWithAck('lot:control', { lotId, action: 'cancel', reason: ' ' })).toMatchObject({ error: 'reason-required' })
    const audit = await db.auditLog.findMany({ where: { entityType: 'Lot', entityId: lotId }, orderBy: { at: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['lot.pause', 'lot.resume'])
  })

  test('at the end the lot closes with nobody connected: sold to the leader at or above the reserve, a deal with its deadline, the result sold, the log complete', async () => {
    const start = now().getTime()
    const lotId = await fx.lot({ startsAt: new Date(start - MIN), endsAt: new Date(start + 20 * MIN), reserveFen: 105_000_00n })
    const [a, b] = [await fx.bidder(), await fx.bidder()]
    const [ca, cb] = [await client(a), await client(b)]
    await ca.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: '1' })
    await cb.emitWithAck('auction:bid', { lotId, amountFen: 105_000_00, clientBidId: '2' })
    const watcher = await client(null)
    await watcher.emitWithAck('lot:join', { lotId })
    offset += 21 * MIN
    const closed = await waitForUpdate(watcher, (u) => u.lotId === lotId && u.lot.status === 'SOLD', 5000)
    expect(closed.events.at(-1)).toMatchObject({ kind: 'close', payload: { outcome: 'SOLD', priceFen: 105_000_00, winner: 'A2', reserveFen: 105_000_00 } })
    const deal = await db.deal.findUniqueOrThrow({ where: { lotId } })
    expect([deal.buyerId, Number(deal.priceFen), deal.status]).toEqual([b.organizationId, 105_000_00, 'AWAITING_PAYMENT'])
    expect(deal.paymentDeadline.getTime()).toBeGreaterThan(now().getTime() + 9 * 86_400_000)
    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId }, include: { result: true, events: { orderBy: { seq: 'asc' } } } })
    expect([lot.status, lot.result.status]).toEqual(['SOLD', 'SOLD'])
    const entries = lot.events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), payload: e.payload as Record<string, unknown>, prevHash: e.prevHash, hash: e.hash }))
    expect(await verifyLotLog(entries)).toBeNull()
    expect(entries.map((e) => e.kind)).toEqual(['bid', 'bid', 'close'])
    // The close asks for the losers' deposits of this lot to go back (decision 021), once.
    await expect.poll(() => lotsDecided.filter((id) => id === lotId)).toEqual([lotId])
    // A late bid is refused (from a fresh login: the first one's token expired while the clock moved 21 minutes);
    // the watcher's joined state shows the revealed reserve.
    const late = await client(a)
    expect(await late.emitWithAck('auction:bid', { lotId, amountFen: 110_000_00, clientBidId: '3' })).toMatchObject({ error: 'ended' })
    expect(await watcher.emitWithAck('lot:join', { lotId })).toMatchObject({ data: { status: 'SOLD', reserveFen: 105_000_00, deal: { priceFen: 105_000_00 } } })
  })

  test('below the reserve the lot is unsold and its result goes back to the market', async () => {
    const start = now().getTime()
    const lotId = await fx.lot({ startsAt: new Date(start - MIN), endsAt: new Date(start + 10 * MIN), reserveFen: 200_000_00n })
    const ca = await client(await fx.bidder())
    await ca.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: '1' })
    await ca.emitWithAck('lot:join', { lotId })
    offset += 11 * MIN
    const closed = await waitForUpdate(ca, (u) => u.lotId === lotId && u.lot.status === 'UNSOLD', 5000)
    expect(closed.events.at(-1)).toMatchObject({ kind: 'close', payload: { outcome: 'UNSOLD', reason: 'below-reserve' } })
    expect(await db.deal.count({ where: { lotId } })).toBe(0)
    const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId }, include: { result: true } })
    expect(lot.result.status).toBe('PUBLISHED')
  })

  test('a client that drops and comes back gets the right state and can go on', async () => {
    const lotId = await fx.lot({ startsAt: new Date(now().getTime() - MIN), endsAt: new Date(now().getTime() + 60 * MIN) })
    const [a, b] = [await fx.bidder(), await fx.bidder()]
    const ca = await client(a)
    let cb = await client(b)
    await cb.emitWithAck('lot:join', { lotId })
    cb.disconnect()
    await ca.emitWithAck('auction:bid', { lotId, amountFen: 100_000_00, clientBidId: '1' })
    cb = await client(b)
    const state = await cb.emitWithAck('lot:join', { lotId })
    expect(state).toMatchObject({ data: { seq: 1, currentPriceFen: 100_000_00, nextMinimumFen: 105_000_00, leader: 'A1', me: { leading: false } } })
    expect(await cb.emitWithAck('auction:bid', { lotId, amountFen: 105_000_00, clientBidId: '2' })).toMatchObject({ data: { bid: { seq: 2 } } })
  })

  test('a proxy bid answers for its owner at once, up to its maximum', async () => {
    const lotId = await fx.lot({ startsAt: new Date(now().getTime() - MIN), endsAt: new Date(now().getTime() + 60 * MIN) })
    const [ca, cb] = [await client(await fx.bidder()), await client(await fx.bidder())]
    expect(await ca.emitWithAck('auction:proxy', { lotId, maxFen: 120_000_00 })).toMatchObject({ data: { maxFen: 120_000_00, bid: { bid: { amountFen: 100_000_00 } } } })
    const b1 = await cb.emitWithAck('auction:bid', { lotId, amountFen: 105_000_00, clientBidId: 'b1' })
    expect(b1).toMatchObject({ data: { lot: { currentPriceFen: 110_000_00, leader: 'A1' } } })
    const b2 = await cb.emitWithAck('auction:bid', { lotId, amountFen: 125_000_00, clientBidId: 'b2' })
    expect(b2).toMatchObject({ data: { lot: { currentPriceFen: 125_000_00, leader: 'A2' } } })
    expect(await ca.emitWithAck('auction:proxy', { lotId, maxFen: 1 })).toMatchObject({ error: 'invalid' })
  })
})
