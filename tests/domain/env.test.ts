import { describe, expect, test } from 'vitest'
import { parseEnv } from '~/utils/env.server.ts'

describe('the environment is checked at start-up, naming each wrong variable', () => {
  test('defaults: embedded database, local Redis, port 3000', () => {
    const env = parseEnv({ DATA_DIR: '/tmp/kjj-env-test' })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379')
    expect(env.PORT).toBe(3000)
    expect(env.SQL_POOL_MAX).toBe(20)
    expect(env).toMatchObject({ QUEUE_PREFIX: 'kjj', WORKERS_IN_PROCESS: true, SEED_LIVE_AUCTION: true, REWARD_CONCURRENCY: 25, E2E_FIXTURES: false })
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  test('on/off variables read true/false and 1/0', () => {
    expect(parseEnv({ DATA_DIR: '/tmp/kjj-env-test', WORKERS_IN_PROCESS: 'false', SEED_LIVE_AUCTION: '0', E2E_FIXTURES: '1' })).toMatchObject({
      WORKERS_IN_PROCESS: false,
      SEED_LIVE_AUCTION: false,
      E2E_FIXTURES: true,
    })
  })

  test.each([
    [{ PORT: 'eighty' }, 'PORT: PORT must be a number'],
    [{ PORT: '70000' }, 'PORT: PORT must be 0–65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: DATABASE_URL must be a postgresql:// URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL: REDIS_URL must be a redis:// URL'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET: SESSION_SECRET is required in production'],
    [{ NODE_ENV: 'production' }, 'PAYMENT_PROVIDER_URL: PAYMENT_PROVIDER_URL is required in production'],
    [{ NODE_ENV: 'production' }, 'SMTP_URL: SMTP_URL is required in production'],
    [{ SMTP_URL: 'http://mail.example' }, 'SMTP_URL: SMTP_URL must be an smtp:// or smtps:// URL'],
    [{ SMTP_URL: 'smtp://mail.example:587', DEV_SMTP_PORT: 'x' }, 'DEV_SMTP_PORT: DEV_SMTP_PORT must be a number'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET: SESSION_SECRET must be at least 32 characters'],
    [{ SQL_POOL_MAX: 'many' }, 'SQL_POOL_MAX: SQL_POOL_MAX must be a number'],
    [{ SQL_POOL_MAX: '0' }, 'SQL_POOL_MAX: SQL_POOL_MAX must be 1–1000'],
    [{ WORKERS_IN_PROCESS: 'nope' }, 'WORKERS_IN_PROCESS: WORKERS_IN_PROCESS must be true or false'],
    [{ QUEUE_PREFIX: 'a b' }, 'QUEUE_PREFIX: QUEUE_PREFIX must be 1–64 letters'],
    [{ REWARD_CONCURRENCY: '0' }, 'REWARD_CONCURRENCY: REWARD_CONCURRENCY must be 1–500'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL: PUBLIC_URL must be a URL'],
    [{ PAYMENT_PROVIDER_URL: 'https://pay.example' }, 'PAYMENT_PROVIDER_KEY: set PAYMENT_PROVIDER_URL and PAYMENT_PROVIDER_KEY together'],
    // Finding 18 of issue 11: the mock's public secret, set explicitly, was accepted in production.
    [
      { NODE_ENV: 'production', PAYMENT_PROVIDER_URL: 'https://pay.example', PAYMENT_PROVIDER_KEY: 'sk_live_0123456789', PAYMENT_WEBHOOK_SECRET: 'whsec_mock_marketplace' },
      "PAYMENT_WEBHOOK_SECRET: PAYMENT_WEBHOOK_SECRET is the mock provider's public secret",
    ],
    [
      { NODE_ENV: 'production', PAYMENT_PROVIDER_URL: 'https://pay.example', PAYMENT_PROVIDER_KEY: 'sk_test_mock', PAYMENT_WEBHOOK_SECRET: 'whsec_0123456789abcdef' },
      "PAYMENT_PROVIDER_KEY: PAYMENT_PROVIDER_KEY is the mock provider's public key",
    ],
  ])('%o → %s', (vars, message) => {
    expect(() => parseEnv({ DATA_DIR: '/tmp/kjj-env-test', ...vars })).toThrow(message)
  })

  test('all problems are reported at once', () => {
    expect(() => parseEnv({ PORT: 'x', REDIS_URL: 'nope' })).toThrow(/PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/)
  })
})

describe('the start-up banner', () => {
  test('lists the demo logins and their password outside production only (finding 18 of issue 11)', async () => {
    const { demoLoginLines } = await import('../../server/index.ts')
    expect(demoLoginLines({ NODE_ENV: 'development' }).join('\n')).toContain('demo-password-2026')
    expect(demoLoginLines({ NODE_ENV: 'production' })).toEqual([])
  })
})
