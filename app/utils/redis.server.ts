import { Redis } from 'ioredis'
import { getEnv } from './env.server.ts'

let client: Redis | undefined

/** The shared command connection (rate limits, caches). Workers open their own. */
export function getRedis(): Redis {
  client ??= new Redis(getEnv().REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 })
  return client
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
