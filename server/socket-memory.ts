// What a connected socket keeps that it no longer needs (issue 17: 10,000 bidders on one process).
//
// Engine.IO 6.6 answers a WebSocket upgrade through a `WebSocketResponse` that holds the upgrade's HTTP request and
// listens for the TCP socket's `close` for the connection's whole life, so every WebSocket connection keeps its
// IncomingMessage (headers, raw headers, parser state) however the application drops `socket.conn.request`.
// Measured with bare Socket.IO, 3,000 WebSocket clients: 12.6 KB of JS heap a connection, 10.4 KB once the
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
