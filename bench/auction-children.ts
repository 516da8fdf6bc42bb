// The benchmark's server children: ours (bench/auction-server.ts) and the bare Socket.IO baseline (bench/auction-baseline.ts), over IPC.
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { bundleServer } from '../scripts/build-server.mjs'
import { WEB_NODE_FLAGS } from '../server/node-flags.mjs'

export type ServerKind = 'ours' | 'baseline'
export type Child = { kind: ServerKind; process: ChildProcess; port: number; pid: number }

/** How the server children run: CPU profile folder (ours), coalescing windows, the Redis adapter's URL ('' for none). */
export type ChildSettings = { cpuProfDir: string; coalesceMs: string; baselineCoalesceMs: string; redisUrl: string }

const bundles = new Map<ServerKind, Promise<string>>()

/**
 * Both servers run as production runs the web process (scripts/start.mjs): bundled by scripts/build-server.mjs into
 * one ES module (build/bench/), on plain Node, without tsx's loader. Made once per run, from today's sources.
 */
function bundled(kind: ServerKind): Promise<string> {
  let file = bundles.get(kind)
  if (!file) {
    const name = kind === 'ours' ? 'auction-server' : 'auction-baseline'
    const outfile = join(import.meta.dirname, '..', 'build', 'bench', `${name}.js`)
    file = bundleServer(`bench/${name}.ts`, outfile).then(() => outfile)
    bundles.set(kind, file)
  }
  return file
}

async function startChild(kind: ServerKind, env: Record<string, string>, cpuProfDir: string): Promise<Child> {
  const file = await bundled(kind)
  // Both servers run with the web process's Node flags (server/node-flags.mjs), as production starts it.
  // BENCH_NODE_FLAGS (space-separated) replaces them, to compare V8's settings in the same minutes.
  const flags = process.env.BENCH_NODE_FLAGS !== undefined ? process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean) : WEB_NODE_FLAGS
  const execArgv = [...flags, '--expose-gc']
  if (cpuProfDir && kind === 'ours') execArgv.push('--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`)
  const child = fork(file, [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${kind} server exited with ${code} before it was ready`))
    child.once('exit', onExit)
    child.once('message', (m: { type: string; port: number; pid: number }) => {
      child.off('exit', onExit)
      if (m.type === 'ready') resolve({ kind, process: child, port: m.port, pid: m.pid })
      else reject(new Error(`unexpected message ${m.type}`))
    })
  })
}

export function ask<T>(child: Child, message: object, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== answer) return
      child.process.off('message', on)
      resolve(m as T)
    }
    child.process.on('message', on)
    child.process.send(message)
  })
}

export async function stopChild(child: Child) {
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()))
  child.process.send({ type: 'stop' })
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

export function startServer(kind: ServerKind, databaseUrl: string, settings: ChildSettings): Promise<Child> {
  if (kind === 'baseline') return startChild('baseline', { BENCH_COALESCE_MS: settings.baselineCoalesceMs }, '')
  return startChild('ours', {
    DATABASE_URL: databaseUrl,
    BENCH_COALESCE_MS: settings.coalesceMs,
    BENCH_BIDS_PER_SECOND: '1000',
    BENCH_REDIS_URL: settings.redisUrl,
    // The Redis adapter's channel prefix: ours alone on the shared Redis.
    QUEUE_PREFIX: `bench-auction-${randomBytes(4).toString('hex')}`,
  }, settings.cpuProfDir)
}
