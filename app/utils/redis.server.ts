import { Redis } from 'ioredis'
import { getEnv } from './env.server.ts'

let client: Redis | undefined

/** The shared command connection (rate limits, caches). Workers open their own. */
export function getRedis(): Redis {
  if (!client) {
    client = new Redis(getEnv().REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 })
    // ioredis reconnects by itself; say so once per outage rather than on every retry.
    let down = false
    client.on('error', (error: Error) => {
      if (!down) console.warn(`redis: ${error.message}; reconnecting (sign-in waits for it)`)
      down = true
    })
    client.on('ready', () => {
      if (down) console.warn('redis: connected again')
      down = false
    })
  }
  return client
}

/** Redis is needed for this request and does not answer: the caller says so plainly (503), never a 500. */
export class RedisUnavailableError extends Error {
  constructor() {
    super('Redis is unavailable')
    this.name = 'RedisUnavailableError'
  }
}

/**
 * The shared connection when it is up; a request that needs Redis while it is away fails at once
 * with RedisUnavailableError instead of waiting on ioredis's retries. A connection still opening
 * (the first request after start) is given `waitMs`.
 */
export async function redisForRequest(waitMs = 1000): Promise<Redis> {
  const redis = getRedis()
  if (redis.status === 'ready') return redis
  if (redis.status === 'connecting' || redis.status === 'connect' || redis.status === 'wait') {
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), waitMs)
      const done = (ok: boolean) => {
        clearTimeout(timer)
        redis.off('ready', onReady)
        resolve(ok)
      }
      const onReady = () => done(true)
      redis.once('ready', onReady)
    })
    if (ready) return redis
  }
  throw new RedisUnavailableError()
}

/** Resolves when Redis answers PING, or rejects with one line that says what to do. */
export async function checkRedis(url: string, timeoutMs = 2000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs })
  probe.on('error', () => {})
  try {
    await probe.connect()
    await probe.ping()
  } catch (error) {
    throw new Error(
      `Redis does not answer at ${url} (${(error as Error).message}). Install it (apt-get install -y redis-server) or set REDIS_URL to a running Redis.`,
    )
  } finally {
    probe.disconnect()
  }
}

/**
 * Waits for a Redis-backed operation (a queue read or add) at most `ms`: ioredis queues commands
 * while Redis is away, so without a bound a page would wait for the outage to end. On time-out the
 * command may still run when Redis is back (job adds are idempotent by their ids).
 */
export async function withinRedisWait<T>(work: Promise<T>, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError()), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
    work.catch(() => undefined)
  }
}
