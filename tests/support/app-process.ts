// The real entry points as child processes (server/index.ts, workers/main.ts,
// nginx): started with the environment a test gives, awaited on the lines they
// print (never on sleeps), stopped with SIGTERM or killed. Every child is
// remembered so afterAll can stop what a failed test left running.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { getEnv } from '../../app/utils/env.server.ts'
import { WEB_BUNDLE, WEB_NODE_FLAGS } from '../../server/node-flags.mjs'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * What the web process runs: the Remix build (CI has built it with npm test; a fresh worktree may not have) and the
 * web bundle (WEB_BUNDLE), made again from today's sources each time (0.3 s), written beside and renamed into place
 * so a process starting meanwhile reads one whole file.
 */
export function ensureBuild(): void {
  if (!existsSync(join(ROOT, 'build/index.js'))) {
    const built = spawnSync('npx', ['remix', 'build'], { cwd: ROOT, stdio: 'pipe' })
    if (built.status !== 0) throw new Error(`remix build failed: ${built.stderr}`)
  }
  const scratch = `${WEB_BUNDLE}.${process.pid}.tmp`
  const bundled = spawnSync(process.execPath, ['scripts/build-server.mjs', 'server/index.ts', scratch], { cwd: ROOT, stdio: 'pipe' })
  if (bundled.status !== 0) throw new Error(`scripts/build-server.mjs failed: ${bundled.stderr}`)
  renameSync(join(ROOT, scratch), join(ROOT, WEB_BUNDLE))
}

/** The environment of the app's web and worker processes on a test's own database, queues and data folder; workers in their own process. */
export function appProcessEnv(of: { databaseUrl: string; redisUrl: string; queuePrefix: string; dataDir: string }, over: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: of.databaseUrl,
    REDIS_URL: of.redisUrl,
    QUEUE_PREFIX: of.queuePrefix,
    SESSION_SECRET: getEnv().SESSION_SECRET,
    DATA_DIR: of.dataDir,
    SEED_DEMO: 'never',
    WORKERS_IN_PROCESS: 'false',
    NODE_ENV: 'development',
    PORT: '0',
    ...over,
  }
}

export type AppProcess = {
  name: string
  child: ChildProcess
  lines: string[]
  /** Resolves with the first stdout or stderr line (printed or to come) that matches. */
  waitForLine(match: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output(): string
}

const running = new Set<AppProcess>()

/** Calls `each` with every whole line a child prints on `stream`, in order. */
export function onLines(stream: Readable, each: (line: string) => void): void {
  let buffered = ''
  stream.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    let i: number
    while ((i = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, i)
      buffered = buffered.slice(i + 1)
      each(line)
    }
  })
}

/**
 * Runs `command args`: a TypeScript entry (a .ts file) on Node with tsx, the web bundle (WEB_BUNDLE) on Node with the
 * web process's flags, anything else as it is.
 */
export function startProcess(name: string, command: string, args: string[], env: Record<string, string>): AppProcess {
  const [cmd, argv] = command.endsWith('.ts')
    ? [process.execPath, ['--import', 'tsx', command, ...args]]
    : command === WEB_BUNDLE
      ? [process.execPath, [...WEB_NODE_FLAGS, command, ...args]]
      : [command, args]
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const listeners = new Set<(line: string) => void>()
  for (const stream of [child.stdout!, child.stderr!]) {
    onLines(stream, (line) => {
      lines.push(line)
      for (const l of [...listeners]) l(line)
    })
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const proc: AppProcess = {
    name,
    child,
    lines,
    exited,
    output: () => lines.join('\n'),
    waitForLine(match, ms = 60_000) {
      for (const line of lines) {
        const m = line.match(match)
        if (m) return Promise.resolve(m)
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${name}: no line matching ${match} within ${ms} ms:\n${lines.slice(-30).join('\n')}`)), ms)
        const finish = (error: Error | null, m?: RegExpMatchArray) => {
          clearTimeout(timer)
          listeners.delete(on)
          if (error) reject(error)
          else resolve(m!)
        }
        const on = (line: string) => {
          const m = line.match(match)
          if (m) finish(null, m)
        }
        listeners.add(on)
        void exited.then(({ code, signal }) => listeners.has(on) && finish(new Error(`${name} exited (code ${code}, signal ${signal}) first:\n${lines.slice(-30).join('\n')}`)))
      })
    },
  }
  running.add(proc)
  void exited.then(() => running.delete(proc))
  return proc
}

/** SIGTERM and wait; SIGKILL after `timeoutMs`. */
export async function stopProcess(proc: AppProcess, timeoutMs = 5000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return
  proc.child.kill('SIGTERM')
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs)
  await proc.exited
  clearTimeout(timer)
}

export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => stopProcess(p)))
}
