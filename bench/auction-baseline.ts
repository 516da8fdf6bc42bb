// The baseline for `npm run bench:auction`: a bare Socket.IO server with the
// same event names and acknowledgement shapes as server/realtime.ts, but the
// bid check in memory (price, leader, sequence per lot; the same rules:
// already leading, too low, off the increment grid), no database, no Redis,
// the bearer token's claims read without a lookup. It broadcasts to the room
// with the same coalescing as ours (BENCH_COALESCE_MS, 0 = every bid at once),
// so the ratio ours/baseline is the cost of our bid path, not of a different
// fan-out policy. Same IPC protocol as bench/auction-server.ts.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { allocationProfiler } from './auction-allocations.ts'
import { processWindow } from './auction-stats.ts'
import { Server } from 'socket.io'

if (!process.send) {
  console.error('bench/auction-baseline.ts is started by bench/auction.ts (needs an IPC channel)')
  process.exit(1)
}
const coalesceMs = Number(process.env.BENCH_COALESCE_MS ?? 25)

type Lot = {
  id: string
  startingPriceFen: number
  incrementFen: number
  currentPriceFen: number | null
  leaderId: string | null
  bidCount: number
  seq: number
  endsAt: string
  numbers: Map<string, number>
}
type LogRow = { seq: number; kind: string; at: string; payload: Record<string, unknown>; prevHash: string | null; hash: string }
type Snapshot = { id: string; status: 'LIVE'; currentPriceFen: number | null; nextMinimumFen: number; bidCount: number; seq: number; endsAt: string; leader: string | null }

const lots = new Map<string, Lot>()
const nextMinimum = (lot: Lot) => (lot.currentPriceFen === null ? lot.startingPriceFen : lot.currentPriceFen + lot.incrementFen)
const snapshot = (lot: Lot): Snapshot => ({
  id: lot.id,
  status: 'LIVE',
  currentPriceFen: lot.currentPriceFen,
  nextMinimumFen: nextMinimum(lot),
  bidCount: lot.bidCount,
  seq: lot.seq,
  endsAt: lot.endsAt,
  leader: lot.leaderId === null ? null : `A${lot.numbers.get(lot.leaderId)}`,
})
// Same length as our chained log's hashes, so a broadcast carries about as many bytes.
const fakeHash = () => randomBytes(32).toString('hex')

const http = createServer()
const io = new Server(http, { serveClient: false, cors: { origin: true, credentials: true } })

const pending = new Map<string, { events: LogRow[]; lot: Snapshot | null; timer: NodeJS.Timeout | null; lastSent: number }>()
function flush(lotId: string) {
  const p = pending.get(lotId)
  if (!p || !p.lot) return
  p.events.sort((a, b) => a.seq - b.seq)
  io.to(`lot:${lotId}`).emit('lot:update', { lotId, events: p.events, lot: p.lot, serverTime: new Date().toISOString() })
  p.events = []
  p.lot = null
  p.timer = null
  p.lastSent = Date.now()
}
function notify(lotId: string, events: LogRow[], lot: Snapshot) {
  let p = pending.get(lotId)
  if (!p) pending.set(lotId, (p = { events: [], lot: null, timer: null, lastSent: 0 }))
  p.events.push(...events)
  if (!p.lot || lot.seq > p.lot.seq) p.lot = lot
  if (p.timer) return
  const wait = p.lastSent + coalesceMs - Date.now()
  if (wait <= 0) flush(lotId)
  else p.timer = setTimeout(() => flush(lotId), wait)
}

io.use((socket, next) => {
  const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : ''
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { sub: string; org: string }
    socket.data.org = claims.org
    next()
  } catch {
    next(new Error('unauthenticated'))
  }
})

io.on('connection', (socket) => {
  socket.on('lot:join', (payload: { lotId: string }, ack: (answer: unknown) => void) => {
    const lot = lots.get(payload?.lotId)
    if (!lot) return ack({ error: 'not-found', message: '找不到该标的' })
    void socket.join(`lot:${lot.id}`)
    ack({ data: { ...snapshot(lot), startingPriceFen: lot.startingPriceFen, incrementFen: lot.incrementFen, history: [], serverTime: new Date().toISOString() } })
  })
  socket.on('auction:bid', (payload: { lotId: string; amountFen: number; clientBidId: string }, ack: (answer: unknown) => void) => {
    if (typeof ack !== 'function') return
    const at = new Date().toISOString()
    const lot = lots.get(payload?.lotId)
    if (!lot) return ack({ error: 'not-found', message: '找不到该标的', nextMinimumFen: null })
    if (!Number.isSafeInteger(payload.amountFen) || typeof payload.clientBidId !== 'string') return ack({ error: 'invalid-payload', message: '请求格式不正确' })
    const org = socket.data.org as string
    const min = nextMinimum(lot)
    const reject = (error: string) => ack({ error, message: error, nextMinimumFen: min })
    if (lot.leaderId === org) return reject('already-leading')
    if (payload.amountFen < min) return reject('too-low')
    if ((payload.amountFen - lot.startingPriceFen) % lot.incrementFen !== 0) return reject('not-increment')
    if (!lot.numbers.has(org)) lot.numbers.set(org, lot.numbers.size + 1)
    lot.currentPriceFen = payload.amountFen
    lot.leaderId = org
    lot.bidCount++
    lot.seq++
    const bidder = `A${lot.numbers.get(org)}`
    const event: LogRow = { seq: lot.seq, kind: 'bid', at, payload: { bidder, amountFen: payload.amountFen, proxy: false }, prevHash: fakeHash(), hash: fakeHash() }
    const lotNow = snapshot(lot)
    ack({ data: { bid: { seq: lot.seq, bidder, amountFen: payload.amountFen, at, proxy: false }, lot: lotNow, duplicate: false } })
    notify(lot.id, [event], lotNow)
  })
})

const window = processWindow()
const allocations = allocationProfiler('baseline')

process.on('message', (message: { type: string; gc?: boolean; lots?: { id: string; startingPriceFen: number; incrementFen: number }[] }) => {
  if (message.type === 'lots') {
    const endsAt = new Date(Date.now() + 86_400_000).toISOString()
    for (const l of message.lots ?? []) lots.set(l.id, { ...l, currentPriceFen: null, leaderId: null, bidCount: 0, seq: 0, endsAt, numbers: new Map() })
    process.send!({ type: 'lots-done' })
  } else if (message.type === 'reset') {
    window.reset()
    void allocations.start().then(() => process.send!({ type: 'reset-done' }))
  } else if (message.type === 'stats') {
    if (message.gc) (globalThis as { gc?: () => void }).gc?.()
    const stats = {
      ...window.figures(message.gc),
      clients: io.engine.clientsCount,
      transactions: null,
      lots: [...lots.values()].map((l) => ({ id: l.id, seq: l.seq, bidCount: l.bidCount, currentPriceFen: l.currentPriceFen })),
    }
    if (message.gc) void allocations.write().then(() => process.send!({ type: 'stats', stats }))
    else process.send!({ type: 'stats', stats })
  } else if (message.type === 'stop') {
    for (const p of pending.values()) if (p.timer) clearTimeout(p.timer)
    io.close(() => process.exit(0))
  }
})
process.on('disconnect', () => process.exit(0))

http.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', port: (http.address() as AddressInfo).port, pid: process.pid })
})
