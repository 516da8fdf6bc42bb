// The process environment, checked once at start-up; a wrong variable is named.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

/** The mock payment provider's key and webhook secret: public (they are in this repository), so never production's. */
export const MOCK_PROVIDER_KEY = 'sk_test_mock'
export const MOCK_WEBHOOK_SECRET = 'whsec_mock_marketplace'

/** A duration in milliseconds, 100 ms to a day. */
const Milliseconds = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number`)
    .min(100, `${name} must be 100–86400000`)
    .max(86_400_000, `${name} must be 100–86400000`)

/** An on/off variable: true/false, 1/0, yes/no. */
const Flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .url({
        protocol: /^postgres(ql)?$/,
        error: 'DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database)',
      })
      .optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// URL' }).default('redis://127.0.0.1:6379'),
    PORT: z.coerce
      .number({ error: 'PORT must be a number' })
      .int('PORT must be a whole number')
      .min(0, 'PORT must be 0–65535')
      .max(65535, 'PORT must be 0–65535')
      .default(3000),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    PAYMENT_PROVIDER_URL: z.url({ error: 'PAYMENT_PROVIDER_URL must be a URL' }).optional(),
    PAYMENT_PROVIDER_KEY: z.string().min(8, 'PAYMENT_PROVIDER_KEY is too short').optional(),
    /** Signs the provider's webhooks (Provider-Signature header); the mock provider has its own. */
    PAYMENT_WEBHOOK_SECRET: z.string().min(16, 'PAYMENT_WEBHOOK_SECRET must be at least 16 characters').optional(),
    /** Where e-mail goes (smtp:// or smtps://, with user:password@ if the server wants them); unset: the development mail server. */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z.string().min(3).optional(),
    DEV_SMTP_PORT: z.coerce.number({ error: 'DEV_SMTP_PORT must be a number' }).int().min(1).max(65535).optional(),
    /** Reverse proxies in front of the web process that set X-Forwarded-For (nginx: 1); 0 trusts none. */
    TRUST_PROXY: z.coerce.number({ error: 'TRUST_PROXY must be a number of proxies' }).int().min(0).max(10).default(0),
    /** Default: `auto` (seed an empty database) in development, `never` in production. */
    SEED_DEMO: z.enum(['auto', 'always', 'never']).optional(),
    /** Redis key prefix of the queues, the Socket.IO channel and the matching channel; runs sharing a Redis use their own. */
    QUEUE_PREFIX: z.string().regex(/^[\w.-]{1,64}$/, 'QUEUE_PREFIX must be 1–64 letters, digits, "-", "_" or "."').default('kjj'),
    /** `false` leaves the BullMQ workers to `npm run workers`. */
    WORKERS_IN_PROCESS: Flag('WORKERS_IN_PROCESS').default(true),
    /** `false` leaves this quarter's live demo session out of the seed (the browser tests plan their own). */
    SEED_LIVE_AUCTION: Flag('SEED_LIVE_AUCTION').default(true),
    /** Reward jobs one worker process runs at once. */
    REWARD_CONCURRENCY: z.coerce.number({ error: 'REWARD_CONCURRENCY must be a number' }).int().min(1, 'REWARD_CONCURRENCY must be 1–500').max(500, 'REWARD_CONCURRENCY must be 1–500').default(25),
    /** The site's address as people reach it, for links in e-mail. */
    PUBLIC_URL: z.url({ error: 'PUBLIC_URL must be a URL' }).default('http://localhost:3000'),
    /** `1` mounts the browser tests' fixtures (server/e2e-fixtures.ts); never in production. */
    E2E_FIXTURES: Flag('E2E_FIXTURES').default(false),
    /**
     * Connections of the plain-SQL pool (app/utils/sql.server.ts) on PostgreSQL. 20: a connection waiting on a hot
     * lot's row lock is idle, and at 500 bids/s over 100 lots the bids' p99 fell from 39 to 22 ms going from 10 to 20
     * (docs/benchmarks.md). Tests use fewer.
     */
    SQL_POOL_MAX: z.coerce.number({ error: 'SQL_POOL_MAX must be a number' }).int('SQL_POOL_MAX must be a whole number').min(1, 'SQL_POOL_MAX must be 1–1000').max(1000, 'SQL_POOL_MAX must be 1–1000').default(20),
    /** How long a worker holds a job's lock (ms); the crash test shortens it so a killed worker's jobs come back quickly. */
    WORKER_LOCK_MS: Milliseconds('WORKER_LOCK_MS').default(30_000),
    /** How often a worker looks for stalled jobs (ms). */
    WORKER_STALLED_MS: Milliseconds('WORKER_STALLED_MS').default(30_000),
    /** scripts/reward-worker.ts prints a progress line every this many completed jobs. */
    PROGRESS_EVERY: z.coerce.number({ error: 'PROGRESS_EVERY must be a number' }).int('PROGRESS_EVERY must be a whole number').min(1, 'PROGRESS_EVERY must be at least 1').default(10),
  })
  .superRefine((env, ctx) => {
    // Production never falls back to the mock provider, whose webhook secret is public.
    if (env.NODE_ENV === 'production' && !env.PAYMENT_PROVIDER_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYMENT_PROVIDER_URL'],
        message: 'PAYMENT_PROVIDER_URL is required in production (the mock provider is for development)',
      })
    }
    // Set explicitly, the mock's secret would let anyone sign webhooks (finding 18 of issue 11).
    if (env.NODE_ENV === 'production' && env.PAYMENT_WEBHOOK_SECRET === MOCK_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['PAYMENT_WEBHOOK_SECRET'], message: "PAYMENT_WEBHOOK_SECRET is the mock provider's public secret; production needs the provider's own" })
    }
    if (env.NODE_ENV === 'production' && env.PAYMENT_PROVIDER_KEY === MOCK_PROVIDER_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PAYMENT_PROVIDER_KEY'], message: "PAYMENT_PROVIDER_KEY is the mock provider's public key; production needs the provider's own" })
    }
    if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'SMTP_URL is required in production (the development mail server keeps mail in memory)' })
    }
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'SESSION_SECRET is required in production' })
    }
    if (Boolean(env.PAYMENT_PROVIDER_URL) !== Boolean(env.PAYMENT_PROVIDER_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYMENT_PROVIDER_KEY'],
        message: 'set PAYMENT_PROVIDER_URL and PAYMENT_PROVIDER_KEY together (or neither, for the mock provider)',
      })
    }
    if (env.PAYMENT_PROVIDER_URL && !env.PAYMENT_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYMENT_WEBHOOK_SECRET'],
        message: "PAYMENT_WEBHOOK_SECRET is required with PAYMENT_PROVIDER_URL (the provider's webhook signing secret)",
      })
    }
  })

export type Env = z.output<typeof EnvSchema> & { SESSION_SECRET: string }

/** Parses an environment with `schema` (empty values count as unset); throws one Error naming every wrong variable. */
function parseWith<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.output<S> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const result = schema.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  return result.data
}

/** Parses an environment; throws one Error naming every wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const env = parseWith(EnvSchema, source)
  return {
    ...env,
    SEED_DEMO: env.SEED_DEMO ?? (env.NODE_ENV === 'production' ? 'never' : 'auto'),
    SESSION_SECRET: env.SESSION_SECRET ?? developmentSecret(env.DATA_DIR),
  }
}

/**
 * Outside production a secret is generated once and kept in the data folder,
 * so sessions survive a restart and several local processes agree on tokens.
 */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    const secret = randomBytes(32).toString('hex')
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, secret, { mode: 0o600 })
    return secret
  }
}

let cached: Env | undefined

export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

const DatabaseEnvSchema = z.object({ DATABASE_URL: EnvSchema.shape.DATABASE_URL, DATA_DIR: EnvSchema.shape.DATA_DIR })

/**
 * Only the database's variables (scripts/db.ts): migrating must work before the rest of the environment is complete
 * (a production host migrates before its payment provider or mail server is set).
 */
export function getDatabaseEnv(): z.output<typeof DatabaseEnvSchema> {
  return parseWith(DatabaseEnvSchema, process.env)
}
