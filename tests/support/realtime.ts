// Socket.IO for tests: the app's server in this process on an ephemeral port, and real socket.io-client clients
// against it, authenticated with the bearer token of the API.
import type { AddressInfo } from 'node:net'
import { createServer, type Server as HttpServer } from 'node:http'
import { io as connect, type Socket } from 'socket.io-client'
import type { Principal } from '../../app/domain/access.ts'
import { issueBearerToken } from '../../app/utils/auth.server.ts'
import { getEnv } from '../../app/utils/env.server.ts'
import type { ClientToServerEvents, LotUpdate, ServerToClientEvents } from '../../app/utils/realtime-contract.ts'
import { createRealtime, type Realtime, type RealtimeDeps } from '../../server/realtime.ts'

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents> & { updates: LotUpdate[] }

export function portOf(server: HttpServer): number {
  return (server.address() as AddressInfo).port
}

/** The app's Socket.IO server in this process, on an ephemeral port; `close()` closes the port too. */
export async function listenRealtime(deps: RealtimeDeps): Promise<Realtime & { port: number }> {
  const http = createServer()
  const realtime = createRealtime(http, deps)
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return { ...realtime, port: portOf(http) }
}

export async function connectClient(port: number, who: Principal | null, at = new Date()): Promise<TestClient> {
  const auth = who ? { token: issueBearerToken(who, getEnv().SESSION_SECRET, at).token } : {}
  const socket = connect(`http://127.0.0.1:${port}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true }) as TestClient
  socket.updates = []
  socket.on('lot:update', (u) => void socket.updates.push(u))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return socket
}

/** Resolves with the first update (already received or to come) that matches. */
export function waitForUpdate(socket: TestClient, match: (u: LotUpdate) => boolean, timeoutMs = 10_000): Promise<LotUpdate> {
  const seen = socket.updates.find(match)
  if (seen) return Promise.resolve(seen)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('lot:update', on)
      reject(new Error(`no matching lot:update within ${timeoutMs} ms (got ${socket.updates.length})`))
    }, timeoutMs)
    const on = (u: LotUpdate) => {
      if (!match(u)) return
      clearTimeout(timer)
      socket.off('lot:update', on)
      resolve(u)
    }
    socket.on('lot:update', on)
  })
}
