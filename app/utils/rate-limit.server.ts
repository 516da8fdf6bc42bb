import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { getRedis } from './redis.server.ts'

let perAccount: RateLimiterRedis | undefined
let perAddress: RateLimiterRedis | undefined

/**
 * Sign-in attempts: 5 per account and address in 15 minutes, 50 per address.
 * Returns null when allowed, or the seconds to wait.
 */
export async function limitSignIn(address: string, email: string): Promise<number | null> {
  perAccount ??= new RateLimiterRedis({ storeClient: getRedis(), keyPrefix: 'rl:signin:acct', points: 5, duration: 15 * 60 })
  perAddress ??= new RateLimiterRedis({ storeClient: getRedis(), keyPrefix: 'rl:signin:addr', points: 50, duration: 15 * 60 })
  try {
    await Promise.all([perAccount.consume(`${address}|${email.toLowerCase()}`), perAddress.consume(address)])
    return null
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.ceil(rejection.msBeforeNext / 1000)
    throw rejection
  }
}

/** A successful sign-in clears the per-account count. */
export async function clearSignInLimit(address: string, email: string): Promise<void> {
  await perAccount?.delete(`${address}|${email.toLowerCase()}`)
}
