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
