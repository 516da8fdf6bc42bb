// The real entry points as child processes (server/index.ts, workers/main.ts,
// nginx): started with the environment a test gives, awaited on the lines they
// print (never on sleeps), stopped with SIGTERM or killed. Every child is
// remembered so afterAll can stop what a failed test left running.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

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

/** Runs `command args` (a TypeScript entry when `command` is a .ts file: Node with tsx). */
export function startProcess(name: string, command: string, args: string[], env: Record<string, string>): AppProcess {
  const [cmd, argv] = command.endsWith('.ts') ? [process.execPath, ['--import', 'tsx', command, ...args]] : [command, args]
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const listeners = new Set<(line: string) => void>()
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = ''
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      let i: number
      while ((i = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, i)
        buffered = buffered.slice(i + 1)
        lines.push(line)
        for (const l of [...listeners]) l(line)
      }
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
