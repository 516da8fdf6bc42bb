import { defineConfig } from '@playwright/test'
import { WEB_BUNDLE, WEB_NODE_FLAGS } from './server/node-flags.mjs'

// Debian's Chromium (apt-get install -y chromium): Playwright cannot download its own here.
const PORT = Number(process.env.E2E_PORT ?? 3123)
// The development mail server of the run (the browser tests read what was sent at /dev/mail).
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 20000)
// The second web server (the lot-clock specs below): its own port and mail server, away from PORT + 1 (another run's).
const CLOCK_PORT = Number(process.env.E2E_CLOCK_PORT ?? PORT + 10000)
const CLOCK_SMTP_PORT = Number(process.env.E2E_CLOCK_SMTP_PORT ?? CLOCK_PORT + 20000)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * The specs that wait for real lot clocks (a lot opens minutes after it is announced, runs, closes a minute after the
 * last bid): most of their time is waiting, so they run beside the others, on a web server and database of their own.
 * Their records never meet the other specs' (each group sees only the seed and its own group's records, in file order).
 */
const CLOCK_SPECS = ['auction-year.spec.ts', 'live-auction.spec.ts']

/**
 * A fresh embedded database for every run, seeded with the demo. Its own queue prefix, so the in-process workers never
 * take jobs of another run (or of the other server) on the shared Redis; E2E_FIXTURES mounts server/e2e-fixtures.ts.
 * The web process is the one `npm start` runs: the bundle of `npm run build` (scripts/build-server.mjs) on plain Node.
 */
function webServer(port: number, smtpPort: number, dataDir: string) {
  return {
    command: `rm -rf ${dataDir} && env -u DATABASE_URL DATA_DIR=${dataDir} PORT=${port} SEED_DEMO=auto SEED_LIVE_AUCTION=false QUEUE_PREFIX=e2e-${port} DEV_SMTP_PORT=${smtpPort} E2E_FIXTURES=1 ${[process.execPath, ...WEB_NODE_FLAGS, WEB_BUNDLE].join(' ')}`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
  }
}

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One worker per project: within a project the specs run one at a time, in file order, on its shared database.
  workers: 2,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', workers: 1, testIgnore: CLOCK_SPECS, use: { baseURL: `http://127.0.0.1:${PORT}` } },
    { name: 'clock', workers: 1, testMatch: CLOCK_SPECS, use: { baseURL: `http://127.0.0.1:${CLOCK_PORT}` } },
  ],
  webServer: [webServer(PORT, SMTP_PORT, '.data/e2e'), webServer(CLOCK_PORT, CLOCK_SMTP_PORT, '.data/e2e-clock')],
})
