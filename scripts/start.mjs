#!/usr/bin/env node
// `npm start`: make sure Redis answers (launching a local redis-server when
// none does and the binary is installed), build, then run the web process,
// which migrates and seeds the database itself.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createConnection } from 'node:net'
import { WEB_BUNDLE, WEB_NODE_FLAGS } from '../server/node-flags.mjs'

const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379')
const isLocal = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(redisUrl.hostname)

function redisAnswers() {
  return new Promise((resolve) => {
    const socket = createConnection({ host: redisUrl.hostname.replace(/^\[|\]$/g, ''), port: Number(redisUrl.port || 6379) })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (chunk) => done(/^\+PONG|^-NOAUTH/.test(String(chunk))))
  })
}

async function ensureRedis() {
  if (await redisAnswers()) return
  const hasBinary = spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0
  if (isLocal && hasBinary) {
    console.log(`Redis does not answer at ${redisUrl.host}; starting a local redis-server (no persistence).`)
    spawnSync('redis-server', ['--port', String(redisUrl.port || 6379), '--save', '', '--appendonly', 'no', '--daemonize', 'yes'], { stdio: 'inherit' })
    for (let i = 0; i < 50; i++) {
      if (await redisAnswers()) return
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  console.error(
    `Redis does not answer at ${redisUrl.href}: install it (apt-get install -y redis-server) or set REDIS_URL to a running Redis.`,
  )
  process.exit(1)
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

await ensureRedis()
if (!process.argv.includes('--no-build')) run('npm', ['run', '--silent', 'build'])
// The server runs in one child process on this Node, with an IPC channel: when this process ends, however it ends
// (a signal npm does not pass on, kill -9), the channel closes and the server stops too (server/index.ts).
// It runs the bundle `npm run build` made (scripts/build-server.mjs) on plain Node, without tsx's loader.
if (!existsSync(WEB_BUNDLE)) {
  console.error(`${WEB_BUNDLE} is missing: run \`npm run build\` (or \`npm start\` without --no-build).`)
  process.exit(1)
}
const server = spawn(process.execPath, [...WEB_NODE_FLAGS, WEB_BUNDLE], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] })
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
