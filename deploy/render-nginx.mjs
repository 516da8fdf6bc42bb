#!/usr/bin/env node
// Fills deploy/nginx.conf with the web processes' addresses and the listen
// address, and prints the result (or returns it, for the tests).
//   node deploy/render-nginx.mjs --listen 80 --web 10.0.0.11:3000 --web 10.0.0.12:3000 [--access-log /var/log/nginx/kjj.access.log]
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const TEMPLATE = fileURLToPath(new URL('./nginx.conf', import.meta.url))
const ADDRESS = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$/

/** @param {{ listen: string, web: string[], accessLog?: string }} options */
export function renderNginxConf({ listen, web, accessLog = '/var/log/nginx/kjj.access.log' }) {
  if (!web.length) throw new Error('name at least one web process: --web host:port')
  for (const address of web) if (!ADDRESS.test(address)) throw new Error(`not a host:port: ${address}`)
  if (!/^[\w.:[\]]+$/.test(listen)) throw new Error(`not a listen address: ${listen}`)
  const servers = web.map((a) => `    server ${a} max_fails=2 fail_timeout=5s;`).join('\n')
  // One upstream per process: itself first, the others as backups for when it is down.
  const nodes = web
    .map((a, i) => {
      const lines = [`    server ${a} max_fails=1 fail_timeout=5s;`, ...web.filter((b) => b !== a).map((b) => `    server ${b} backup;`)]
      return `upstream kjj_node_${i + 1} {\n${lines.join('\n')}\n}`
    })
    .join('\n')
  const map = web.map((a, i) => `    "${a}" kjj_node_${i + 1};`).join('\n')
  return readFileSync(TEMPLATE, 'utf8')
    .replace('{{WEB_SERVERS}}', servers)
    .replace('{{NODE_UPSTREAMS}}', nodes)
    .replace('{{NODE_MAP}}', map)
    .replace('{{LISTEN}}', listen)
    .replace('{{ACCESS_LOG}}', accessLog)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { listen: { type: 'string', default: '80' }, web: { type: 'string', multiple: true, default: [] }, 'access-log': { type: 'string' } } })
  try {
    process.stdout.write(renderNginxConf({ listen: values.listen, web: values.web, accessLog: values['access-log'] }))
  } catch (error) {
    console.error(`render-nginx: ${error.message}`)
    process.exit(2)
  }
}
