// Starts tests/support/realtime-server.ts as a child process and waits on the
// lines it prints (`READY <port>`, `SESSION-CLOSED <id>`), never on sleeps.
// Every started child is remembered so a test's afterAll can kill what is left
// even when the test failed half-way.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { onLines, ROOT } from './app-process.ts'
import { WEB_NODE_FLAGS } from '../../server/node-flags.mjs'

const ENTRY = fileURLToPath(new URL('./realtime-server.ts', import.meta.url))

export type ServerProcess = {
  name: string
  port: number
  child: ChildProcess
  /** Every stdout line so far. */
  lines: string[]
  /** Resolves with the first line (printed or to come) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr(): string
}

const started = new Set<ServerProcess>()

export async function startServerProcess(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  // process.execPath is the Node running vitest (the project's Node 24); tsx loads the TypeScript.
  const child = spawn(process.execPath, [...WEB_NODE_FLAGS, '--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const listeners = new Set<(line: string) => void>()
  let err = ''
  onLines(child.stdout!, (line) => {
    lines.push(line)
    for (const l of [...listeners]) l(line)
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (err += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })

  function waitForLine(match: (line: string) => boolean, ms = 10_000): Promise<string> {
    const seen = lines.find(match)
    if (seen !== undefined) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(on)
        reject(new Error(`${name}: no matching line within ${ms} ms; stdout: ${lines.join(' | ')}; stderr: ${err.trim()}`))
      }, ms)
      const on = (line: string) => {
        if (!match(line)) return
        clearTimeout(timer)
        listeners.delete(on)
        resolve(line)
      }
      listeners.add(on)
      // A child that dies before printing the line fails the wait at once, with its stderr.
      void exited.then(({ code, signal }) => {
        if (!listeners.has(on)) return
        clearTimeout(timer)
        listeners.delete(on)
        reject(new Error(`${name} exited (code ${code}, signal ${signal}) before the line; stderr: ${err.trim()}`))
      })
    })
  }

  const proc: ServerProcess = { name, port: 0, child, lines, waitForLine, exited, stderr: () => err }
  started.add(proc)
  void exited.then(() => started.delete(proc))
  const ready = await waitForLine((l) => l.startsWith('READY '), timeoutMs).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  proc.port = Number(ready.split(' ')[1])
  return proc
}

/** SIGTERM, and waits for the exit; SIGKILL if it has not exited within `timeoutMs`. */
export async function stopServerProcess(
  proc: ServerProcess,
  timeoutMs = 5000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM')
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs)
  try {
    return await proc.exited
  } finally {
    clearTimeout(timer)
  }
}

/** The crash: SIGKILL, no chance to clean up; resolves once the process is gone. */
export async function killServerProcess(proc: ServerProcess): Promise<void> {
  proc.child.kill('SIGKILL')
  await proc.exited
}

/** For afterAll: kills every child still running (even after a failed test). */
export async function killAllServerProcesses(): Promise<void> {
  await Promise.all([...started].map((p) => killServerProcess(p)))
}

/**
 * Resolves once exactly `count` server processes are subscribed to the Socket.IO
 * Redis adapter's request channel for `key` (the adapter's own `serverCount()`),
 * so a broadcast sent next reaches every one of them. Polls Redis every 20 ms.
 */
export async function waitForAdapterServers(redisUrl: string, key: string, count: number, timeoutMs = 10_000): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  const channel = `${key}-request#/#`
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      const [, n] = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number]
      if (n === count) return
      if (Date.now() > deadline) throw new Error(`${n} server processes on ${channel} after ${timeoutMs} ms, expected ${count}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  } finally {
    redis.disconnect()
  }
}
