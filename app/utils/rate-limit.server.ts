import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { queueSettings } from './queues.server.ts'
import { getRedis, redisForRequest, RedisUnavailableError } from './redis.server.ts'

/**
 * Sign-in limits, all in Redis so every web process shares them, each a fixed
 * 15-minute window:
 * - 5 tries per account and address: one guesser at one address;
 * - 50 tries per address: one address guessing many accounts;
 * - 20 tries per account from all addresses not yet known for it: one account
 *   guessed from many addresses (a botnet rotating addresses).
 *
 * The trade-off of the last one: anyone can use up an account's 20 tries, so
 * an attacker could keep a real user out. Two things bound that:
 * - the window is fixed and never escalates: 15 minutes after the attack
 *   stops the account is open again (no "locked until staff unlock it");
 * - an address from which this account signed in successfully within the last
 *   30 days is "known" and skips the account-wide cap (it still has its own 5
 *   per 15 minutes), so the user at their usual office or home address gets in
 *   during an attack. A user on a new address waits out the window meanwhile;
 *   that is the price of not letting a botnet guess without limit.
 * The attacker cannot make an address known without the password.
 */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60
export const PER_ACCOUNT_AND_ADDRESS = 5
export const PER_ADDRESS = 50
export const PER_ACCOUNT = 20
export const KNOWN_ADDRESS_SECONDS = 30 * 86_400

let perAccountAndAddress: RateLimiterRedis | undefined
let perAddress: RateLimiterRedis | undefined
let perAccount: RateLimiterRedis | undefined

/**
 * Every key carries the instance's prefix (QUEUE_PREFIX, as the queues do): two instances on one Redis keep their
 * own counts (finding 17 of issue 11).
 */
export function signInKeyPrefix(): string {
  return `${queueSettings().prefix}:rl:signin`
}

function limiters() {
  const storeClient = getRedis()
  const duration = SIGN_IN_WINDOW_SECONDS
  const prefix = signInKeyPrefix()
  perAccountAndAddress ??= new RateLimiterRedis({ storeClient, keyPrefix: `${prefix}:acct`, points: PER_ACCOUNT_AND_ADDRESS, duration })
  perAddress ??= new RateLimiterRedis({ storeClient, keyPrefix: `${prefix}:addr`, points: PER_ADDRESS, duration })
  perAccount ??= new RateLimiterRedis({ storeClient, keyPrefix: `${prefix}:acct-any`, points: PER_ACCOUNT, duration })
  return { perAccountAndAddress, perAddress, perAccount }
}

const account = (email: string) => email.trim().toLowerCase()
const knownKey = (email: string, address: string) => `${signInKeyPrefix()}:known:${account(email)}|${address}`

/**
 * Returns null when the attempt may go ahead, the seconds to wait, or 'unavailable' when Redis,
 * which keeps the counts, does not answer: sign-in then says so (503) rather than going ahead unlimited.
 */
export async function limitSignIn(address: string, email: string): Promise<number | null | 'unavailable'> {
  try {
    return await countSignIn(address, email)
  } catch (error) {
    if (!(error instanceof RedisUnavailableError)) console.warn(`sign-in limiter: ${(error as Error).message}`)
    return 'unavailable'
  }
}

/** What a sign-in page or the token API says while Redis is away. */
export const SIGN_IN_UNAVAILABLE = {
  code: 'redis-unavailable',
  /** The sentence, a catalogue key translated at the edge. */
  message: 'login.unavailable',
} as const

async function countSignIn(address: string, email: string): Promise<number | null> {
  await redisForRequest()
  const l = limiters()
  const known = (await getRedis().exists(knownKey(email, address))) === 1
  const checks = [l.perAccountAndAddress.consume(`${address}|${account(email)}`), l.perAddress.consume(address)]
  if (!known) checks.push(l.perAccount.consume(account(email)))
  const outcomes = await Promise.allSettled(checks)
  let wait = 0
  for (const o of outcomes) {
    if (o.status === 'fulfilled') continue
    if (!(o.reason instanceof RateLimiterRes)) throw o.reason
    wait = Math.max(wait, Math.ceil(o.reason.msBeforeNext / 1000))
  }
  return wait > 0 ? wait : null
}

/**
 * A successful sign-in clears the per-account-and-address count, does not count
 * toward the address's limit, and makes the address known for this account. The account-wide count is left to expire:
 * clearing it would hand an attacker a fresh 20 tries each time the user signs in.
 */
export async function clearSignInLimit(address: string, email: string): Promise<void> {
  try {
    const l = limiters()
    await l.perAccountAndAddress.delete(`${address}|${account(email)}`)
    // A success gives its try back to the address: a campus behind one address is not locked out by its own sign-ins.
    await l.perAddress.reward(address, 1)
    await getRedis().set(knownKey(email, address), '1', 'EX', KNOWN_ADDRESS_SECONDS)
  } catch (error) {
    // The password was right: Redis dropping now must not turn the sign-in into an error.
    console.warn(`sign-in limiter: not cleared: ${(error as Error).message}`)
  }
}
