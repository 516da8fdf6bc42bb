import { defineConfig } from '@playwright/test'

// Debian's Chromium (apt-get install -y chromium): Playwright cannot download its own here.
const PORT = Number(process.env.E2E_PORT ?? 3123)
// The development mail server of the run (the browser tests read what was sent at /dev/mail).
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 20000)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
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
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    // A fresh embedded database for every run, seeded with the demo.
    // Its own queue prefix, so the in-process workers never take jobs of another run on the shared Redis;
    // E2E_FIXTURES mounts server/e2e-fixtures.ts.
    command: `rm -rf .data/e2e && env -u DATABASE_URL DATA_DIR=.data/e2e PORT=${PORT} SEED_DEMO=auto SEED_LIVE_AUCTION=false QUEUE_PREFIX=e2e-${PORT} DEV_SMTP_PORT=${SMTP_PORT} E2E_FIXTURES=1 tsx server/index.ts`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
})
