// Random sequences of what can happen to deposits, shared by the in-memory
// property test (thousands of runs) and the database-backed one (a few dozen).
import fc from 'fast-check'
import { TEST_CARDS } from '../../server/mock-provider/provider.ts'

/** `lost-answer`: every attempt of the confirm call times out after the charge (the client gives up). */
export type Fault = 'none' | 'timeout-after-charge' | '500-after-charge' | '500-before' | 'lost-answer'
export type Command =
  | { type: 'pay'; who: number; card: 'ok' | 'declined' | 'insufficient'; fault: Fault }
  | { type: 'deliver'; times: 1 | 2; order: 'as-emitted' | 'reverse' }
  | { type: 'replay'; pick: number; times: number }
  | { type: 'refund'; who: number }
  | { type: 'apply'; who: number }
  | { type: 'forfeit'; who: number }
  | { type: 'reconcile'; who: number }

export const ENTERPRISES = 3

const who = fc.integer({ min: 0, max: ENTERPRISES - 1 })

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('pay' as const), who, card: fc.constantFrom('ok' as const, 'ok' as const, 'declined' as const, 'insufficient' as const), fault: fc.constantFrom<Fault>('none', 'none', 'timeout-after-charge', '500-after-charge', '500-before', 'lost-answer') }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('deliver' as const), times: fc.constantFrom(1 as const, 2 as const), order: fc.constantFrom('as-emitted' as const, 'reverse' as const) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('replay' as const), pick: fc.nat(), times: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('refund' as const), who }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('apply' as const), who }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('forfeit' as const), who }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reconcile' as const), who }) },
)

export const sequenceArb = fc.array(commandArb, { minLength: 1, maxLength: 16 })

export const depositAmountsArb = fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: ENTERPRISES, maxLength: ENTERPRISES })

export function cardNumber(kind: 'ok' | 'declined' | 'insufficient'): string {
  return kind === 'ok' ? TEST_CARDS.success : kind === 'declined' ? TEST_CARDS.declined : TEST_CARDS.insufficientFunds
}

export const CLIENT_ATTEMPTS = 3

/** Arms the mock for the next confirm call. */
export function armFault(provider: { failNext(s: number, t: { path: RegExp }): void; failNextAfterEffect(s: number, t: { path: RegExp }): void; timeoutNextAfterEffect(t: { path: RegExp }): void }, fault: Fault): void {
  const path = /confirm$/
  if (fault === 'timeout-after-charge') provider.timeoutNextAfterEffect({ path })
  if (fault === '500-after-charge') provider.failNextAfterEffect(500, { path })
  if (fault === '500-before') provider.failNext(500, { path })
  if (fault === 'lost-answer') for (let i = 0; i < CLIENT_ATTEMPTS; i++) provider.timeoutNextAfterEffect({ path })
}
