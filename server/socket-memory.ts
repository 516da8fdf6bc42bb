// What a connected socket keeps that it no longer needs, and what writing to it leaves behind (issue 17: 10,000
// bidders on one process, where the old generation's size and growth decide the tail).
//
// Engine.IO 6.6 answers a WebSocket upgrade through a `WebSocketResponse` that holds the upgrade's HTTP request and
// listens for the TCP socket's `close` for the connection's whole life, so every WebSocket connection keeps its
// IncomingMessage (headers, raw headers, parser state) however the application drops `socket.conn.request`.
// Measured with bare Socket.IO, 3,000 WebSocket clients: 11.0 KB of JS heap a connection, 10.1 KB once the
// response lets go of its request (docs/benchmarks.md, "Session 12").
import { ServerResponse, type IncomingMessage } from 'node:http'
import type { Server } from 'socket.io'

type UpgradeResponse = { req: IncomingMessage | null; writeHead: (...args: unknown[]) => unknown }

/**
 * Lets each WebSocket upgrade's response drop its request once the upgrade is answered. Engine.IO calls
 * `writeHead()` after its middlewares have run and before it hands the request to `ws` (which gets it as an
 * argument, not from the response); after that only middlewares' `setHeader` would read `res.req`, and they have
 * run. A long-polling response is Node's own `ServerResponse` and is left alone.
 */
export function releaseUpgradeRequests(io: Server) {
  io.engine.use((_req: IncomingMessage, res: unknown, next: (error?: Error) => void) => {
    if (!(res instanceof ServerResponse)) {
      const response = res as UpgradeResponse
      const writeHead = response.writeHead
      response.writeHead = function (this: UpgradeResponse, ...args: unknown[]) {
        const answer = writeHead.apply(this, args)
        this.req = null
        return answer
      }
    }
    next()
  })
}

type EncodeOptions = { wsPreEncodedFrame?: Buffer[] }
type EncodingAdapter = { _encode?: (this: unknown, packet: unknown, options: EncodeOptions) => unknown }

/**
 * Broadcasts hand each WebSocket one buffer instead of two. Socket.IO's adapter frames a broadcast once for all its
 * sockets (`ws`'s `Sender.frame`: the header and the payload as two buffers), and `ws` writes a two-buffer frame with
 * cork, two writes and uncork, which goes through Node's buffered `writev` path: per socket and per broadcast, more
 * objects than the single write of one buffer. The bytes on the wire are the same. Bare Socket.IO, 6,000 WebSocket
 * clients, 6,000 socket writes a second for 30 s: 33 scavenges and 0.28 MB/s promoted to the old generation, 24–25
 * and 0.17–0.18 with the frame in one buffer (docs/benchmarks.md, "Session 12"). Wraps the adapter's `_encode`
 * (socket.io-adapter 2.5); call it after `io.adapter(…)`. Returns false, changing nothing, where there is none.
 */
export function broadcastWholeFrames(io: Server): boolean {
  const adapter = io.of('/').adapter as unknown as EncodingAdapter
  const encode = adapter._encode
  if (typeof encode !== 'function') return false
  adapter._encode = function (packet, options) {
    const encoded = encode.call(this, packet, options)
    const frame = options.wsPreEncodedFrame
    if (Array.isArray(frame) && frame.length > 1) options.wsPreEncodedFrame = [Buffer.concat(frame)]
    return encoded
  }
  return true
}

type EngineSocketShape = {
  readyState: string
  upgrading: boolean
  writeBuffer: unknown[]
  transport: {
    name: string
    writable: boolean
    perMessageDeflate?: unknown
    socket?: { readyState: number; _sender?: { sendFrame?: (list: Buffer[], cb?: (error?: Error) => void) => void } }
  }
}
type ClientShape = {
  conn: EngineSocketShape
  writeToEngine: (this: ClientShape, encoded: unknown, options: EncodeOptions & { volatile?: boolean }) => void
}

/**
 * A broadcast's frame goes straight to each WebSocket that has nothing waiting, without Engine.IO's per-socket
 * bookkeeping. For every socket of a room, Engine.IO builds a packet object, pushes it to its `writeBuffer`, replaces
 * that buffer with a fresh array, queues a callback slot, emits five events (`packetCreate`, and `flush` and `drain`
 * on the socket and on the server), and hands the frame to `ws`; the fresh arrays live until that socket's next write
 * (about a second at one update a second), which is just long enough for scavenges to promote them, so the old
 * generation fills with them (docs/benchmarks.md, "Session 13"). When the connection is open on WebSocket, without
 * compression, and Engine.IO holds nothing unsent for it (its transport is writable and its buffer empty), writing the
 * same frame to the same `ws` sender is what Engine.IO would do, in the same order: every write of the connection goes
 * through one TCP socket's stream in call order. Otherwise (long polling, an upgrade under way, a write in flight, a
 * packet that is not a pre-framed broadcast or whose frame is not one buffer, as broadcastWholeFrames makes it) the
 * write takes Engine.IO's own path. Engine.IO's `packetCreate`, `flush` and `drain` events are not emitted for the
 * frames written directly; nothing in this server listens to them.
 */
export function writeBroadcastsDirectly(socket: { client: unknown }): boolean {
  const client = socket.client as ClientShape
  const write = client.writeToEngine
  if (typeof write !== 'function') return false
  client.writeToEngine = function (encoded, options) {
    const frame = options.wsPreEncodedFrame
    if (frame !== undefined && frame.length === 1) {
      const conn = this.conn
      const transport = conn.transport
      const ws = transport.socket
      const sender = ws?._sender
      if (
        conn.readyState === 'open' &&
        !conn.upgrading &&
        conn.writeBuffer.length === 0 &&
        transport.writable &&
        transport.name === 'websocket' &&
        !transport.perMessageDeflate &&
        ws!.readyState === 1 &&
        typeof sender?.sendFrame === 'function'
      ) {
        sender.sendFrame(frame)
        return
      }
    }
    write.call(this, encoded, options)
  }
  return true
}
