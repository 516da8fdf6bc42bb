// What a socket keeps and what writing to it costs (issue 17: 10,000 bidders on one process). A connected socket
// lets go of its HTTP request: each test holds a weak reference to every request that reached Engine.IO, collects
// garbage, and counts which are still alive. On bare Socket.IO (the control) every WebSocket connection keeps its
// upgrade request; with releaseUpgradeRequests and the realtime server's connection handler none does, over
// WebSocket alone or long-polling upgraded to WebSocket. A broadcast is framed as one buffer (broadcastWholeFrames)
// and still reaches every socket intact. A broadcast goes straight to each idle WebSocket (writeBroadcastsDirectly):
// Engine.IO creates no packet for it, and every client still hears everything in the order it was sent, whether the
// writes before it went the same way, through Engine.IO, or are still waiting in the TCP socket's stream; clients on
// long-polling get the same through Engine.IO.
import type { IncomingMessage } from 'node:http'
import { createServer } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Server } from 'socket.io'
import { io, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Db } from '~/utils/db.server.ts'
import type { Realtime } from '../../server/realtime.ts'
import { broadcastWholeFrames, releaseUpgradeRequests, writeBroadcastsDirectly } from '../../server/socket-memory.ts'
import { createTestDatabase } from '../support/database.ts'
import { listenRealtime, portOf } from '../support/realtime.ts'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const clients: Socket[] = []
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect()
})

/** Weak references to every request that reaches the server's Engine.IO from now on. */
function watchRequests(server: Server): WeakRef<IncomingMessage>[] {
  const requests: WeakRef<IncomingMessage>[] = []
  server.engine.use((req: IncomingMessage, _res: unknown, next: () => void) => {
    requests.push(new WeakRef(req))
    next()
  })
  return requests
}

/** Opens `count` clients (WebSocket only, or long-polling first then upgraded) and waits until each is on WebSocket. */
async function connect(port: number, count: number, transports: ('polling' | 'websocket')[]) {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const c = io(`http://127.0.0.1:${port}`, { transports, reconnection: false, forceNew: true, extraHeaders: { cookie: 'a=b', 'accept-language': 'en' } })
      clients.push(c)
      await new Promise<void>((resolve, reject) => {
        c.once('connect_error', reject)
        const onWebSocket = () => resolve()
        c.once('connect', () => (c.io.engine.transport.name === 'websocket' ? onWebSocket() : c.io.engine.once('upgrade', onWebSocket)))
      })
    }),
  )
}

/** The frame the server's adapter prepares for a broadcast of `data` (what each socket of a room is written). */
function broadcastFrame(server: Server, data: unknown[]): Buffer[] | undefined {
  const adapter = server.of('/').adapter as unknown as { _encode: (p: unknown, o: { wsPreEncodedFrame?: Buffer[] }) => unknown }
  const options: { wsPreEncodedFrame?: Buffer[] } = {}
  adapter._encode({ type: 2, nsp: '/', data }, options)
  return options.wsPreEncodedFrame
}

/** How many of the watched requests are still alive after a full collection. */
async function alive(requests: WeakRef<IncomingMessage>[]): Promise<number> {
  // A weak reference keeps its target until the job that made it ends; a macrotask later it can go.
  await new Promise((resolve) => setTimeout(resolve, 50))
  collectGarbage()
  collectGarbage()
  return requests.filter((r) => r.deref() !== undefined).length
}

describe('bare Socket.IO (the control) and releaseUpgradeRequests', () => {
  test.each([
    { name: 'as Socket.IO ships', release: false, kept: 5 },
    { name: 'with releaseUpgradeRequests', release: true, kept: 0 },
  ])('$name: $kept of five WebSocket connections keep their upgrade request', async ({ release, kept }) => {
    const http = createServer()
    const server = new Server(http, { serveClient: false })
    if (release) releaseUpgradeRequests(server)
    const requests = watchRequests(server)
    server.on('connection', (socket) => {
      ;(socket.conn as unknown as { request: IncomingMessage | null }).request = null
    })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    try {
      await connect(portOf(http), 5, ['websocket'])
      expect(requests).toHaveLength(5)
      expect(await alive(requests)).toBe(kept)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('the realtime server', () => {
  let db: Db
  let close: () => Promise<void>
  let realtime: Realtime & { port: number }
  beforeAll(async () => {
    ;({ prisma: db, close } = await createTestDatabase())
    realtime = await listenRealtime({ db, coalesceMs: 0, clock: false })
  })
  afterAll(async () => {
    await realtime?.close()
    await close?.()
  })

  test.each([
    ['WebSocket alone', ['websocket'] as ('polling' | 'websocket')[]],
    ['long-polling upgraded to WebSocket', ['polling', 'websocket'] as ('polling' | 'websocket')[]],
  ])('%s: connected watchers keep no HTTP request and no handshake headers, and still work', async (_, transports) => {
    const requests = watchRequests(realtime.io)
    await connect(realtime.port, 4, transports)
    expect(requests.length).toBeGreaterThanOrEqual(4)
    expect(await alive(requests)).toBe(0)
    const sockets = await realtime.io.fetchSockets()
    expect(sockets.length).toBeGreaterThanOrEqual(4)
    for (const s of sockets) expect(s.handshake.headers).toEqual({})
    // The connections still carry events both ways: an unknown lot is refused in the client's language.
    const answer = await clients[0]!.emitWithAck('lot:join', { lotId: 'no-such-lot' })
    expect(answer).toMatchObject({ error: expect.any(String) })
  })

  test('its broadcasts are framed as one buffer', () => {
    expect(broadcastFrame(realtime.io, ['lot:update', { lotId: 'l' }])).toHaveLength(1)
  })

  test('its broadcasts reach idle WebSockets without an Engine.IO packet each', async () => {
    const created = countMessagePackets(realtime.io)
    await connect(realtime.port, 3, ['websocket'])
    const sockets = await realtime.io.fetchSockets()
    realtime.io.in(sockets.map((s) => s.id)).socketsJoin('direct-room')
    const heard = clients.map((c) => new Promise((resolve) => c.once('lot:update', resolve)))
    await new Promise((resolve) => setTimeout(resolve, 20))
    created.count = 0 // the connections' own packets (Socket.IO's CONNECT answer) went through Engine.IO
    realtime.io.to('direct-room').emit('lot:update', { lotId: 'l', events: [], lot: null, serverTime: '' } as never)
    expect(await Promise.all(heard)).toHaveLength(3)
    expect(created.count).toBe(0)
  })
})

describe('broadcastWholeFrames', () => {
  test('a broadcast reaches every socket of the room byte for byte, as one buffer, whatever its length header', async () => {
    const http = createServer()
    const server = new Server(http, { serveClient: false })
    expect(broadcastWholeFrames(server)).toBe(true)
    // What the adapter hands each socket: one buffer, the same bytes ws framed as two.
    const frame = broadcastFrame(server, ['lot:update', { price: '¥1,000' }])
    expect(frame).toHaveLength(1)
    expect(frame![0]!.subarray(2).toString()).toBe(`42${JSON.stringify(['lot:update', { price: '¥1,000' }])}`)

    server.on('connection', (socket) => void socket.join('room'))
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    try {
      await connect(portOf(http), 3, ['websocket'])
      // Payloads whose frames carry a 7-bit, a 16-bit and a 64-bit length, with text outside ASCII.
      for (const size of [10, 1_000, 70_000]) {
        const payload = { text: '竞价'.repeat(size), size }
        const received = clients.map((c) => new Promise((resolve) => c.once('update', resolve)))
        server.to('room').emit('update', payload)
        expect(await Promise.all(received)).toEqual([payload, payload, payload])
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

/** Counts the Engine.IO message packets created from now on (what a write through Engine.IO's own path makes). */
function countMessagePackets(server: Server) {
  const created = { count: 0 }
  server.engine.on('connection', (conn: { on: (event: string, listener: (packet: { type: string }) => void) => void }) => {
    conn.on('packetCreate', (packet) => {
      if (packet.type === 'message') created.count++
    })
  })
  return created
}

describe('writeBroadcastsDirectly', () => {
  let http: ReturnType<typeof createServer>
  let server: Server
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  async function start(direct: boolean) {
    http = createServer()
    server = new Server(http, { serveClient: false })
    broadcastWholeFrames(server)
    server.on('connection', (socket) => {
      if (direct) expect(writeBroadcastsDirectly(socket)).toBe(true)
      void socket.join('room')
      // A client's question is answered on the socket itself, through Engine.IO.
      socket.on('ask', (n: number, ack: (n: number) => void) => ack(n))
    })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    return countMessagePackets(server)
  }

  test.each([
    { name: 'as Socket.IO ships', direct: false, packets: 3 },
    { name: 'written directly', direct: true, packets: 0 },
  ])('$name: a broadcast to three idle WebSockets creates $packets Engine.IO packets', async ({ direct, packets }) => {
    const created = await start(direct)
    await connect(portOf(http), 3, ['websocket'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    created.count = 0 // the connections' own packets (Socket.IO's CONNECT answer) went through Engine.IO
    const heard = clients.map((c) => new Promise((resolve) => c.once('update', resolve)))
    server.to('room').emit('update', { price: '¥1,000' })
    expect(await Promise.all(heard)).toEqual([{ price: '¥1,000' }, { price: '¥1,000' }, { price: '¥1,000' }])
    expect(created.count).toBe(packets)
  })

  test('every client hears broadcasts, its own messages and acks in the order sent, large frames and long-polling included', async () => {
    await start(true)
    await connect(portOf(http), 2, ['websocket'])
    const polling = io(`http://127.0.0.1:${portOf(http)}`, { transports: ['polling'], reconnection: false, forceNew: true })
    clients.push(polling)
    await new Promise<void>((resolve, reject) => {
      polling.once('connect', () => resolve())
      polling.once('connect_error', reject)
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    const sockets = await server.fetchSockets()
    expect(sockets).toHaveLength(3)
    const heard: number[][] = clients.map(() => [])
    clients.forEach((c, i) => c.on('m', (n: number) => void heard[i]!.push(n)))
    // 300 messages over 30 turns: in each turn some go to the room (directly where the WebSocket is idle), some to one
    // socket (through Engine.IO, which leaves its transport busy until the write completes, so the broadcasts after it
    // in the same turn take Engine.IO's path too). Every seventh is 200 KB, more than the TCP socket takes at once, so
    // later writes wait in the stream behind it.
    const big = '价'.repeat(70_000)
    let n = 0
    for (let turn = 0; turn < 30; turn++) {
      for (let k = 0; k < 10; k++, n++) {
        const payload = n % 7 === 0 ? [n, big] : [n]
        if (n % 3 === 1) for (const s of sockets) s.emit('m', ...(payload as [number]))
        else server.to('room').emit('m', ...(payload as [number]))
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    // A question asked now is answered after all of them.
    const answers = await Promise.all(clients.map((c) => c.timeout(20_000).emitWithAck('ask', 7)))
    expect(answers).toEqual([7, 7, 7])
    await vi.waitFor(() => expect(heard.map((h) => h.length)).toEqual([300, 300, 300]), { timeout: 20_000 })
    const inOrder = Array.from({ length: 300 }, (_, i) => i)
    expect(heard).toEqual([inOrder, inOrder, inOrder])
  }, 30_000)
})
