import { describe, expect, test } from 'vitest'
import { BEARER_TOKEN_SECONDS, issueBearerToken, verifyBearerToken } from '~/utils/auth.server.ts'

const secret = 'x'.repeat(40)
const now = new Date('2026-11-22T08:00:00Z')
const principal = { userId: 'u1', role: 'ENTERPRISE' as const, organizationId: 'o1' }

describe('bearer tokens for non-browser clients', () => {
  test('a fresh token names its user', () => {
    const { token } = issueBearerToken(principal, secret, now)
    expect(verifyBearerToken(token, secret, now)).toMatchObject({ sub: 'u1', role: 'ENTERPRISE', org: 'o1' })
  })
  test('it expires after 15 minutes', () => {
    const { token } = issueBearerToken(principal, secret, now)
    expect(verifyBearerToken(token, secret, new Date(now.getTime() + BEARER_TOKEN_SECONDS * 1000 - 1))).not.toBeNull()
    expect(verifyBearerToken(token, secret, new Date(now.getTime() + BEARER_TOKEN_SECONDS * 1000))).toBeNull()
  })
  test.each([
    ['another secret', (t: string) => [t, 'y'.repeat(40)]],
    ['a changed body', (t: string) => [t.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')), secret]],
    ['garbage', () => ['not-a-token', secret]],
    ['an extra part', (t: string) => [`${t}.x`, secret]],
  ] as const)('refused: %s', (_, tamper) => {
    const { token } = issueBearerToken(principal, secret, now)
    const [t, s] = tamper(token)
    expect(verifyBearerToken(t!, s!, now)).toBeNull()
  })
})
