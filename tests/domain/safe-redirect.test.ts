import { expect, test } from 'vitest'
import { safeRedirect } from '~/utils/service-response.server.ts'

test.each([
  ['/results?q=1', '/results?q=1'],
  ['//evil.example', '/'],
  ['/\\evil.example', '/'],
  ['/\t/evil.example/x', '/'],
  ['/\n/evil.example', '/'],
  ['https://evil.example', '/'],
  [null, '/'],
])('after sign-in %j goes to %j', (to, expected) => expect(safeRedirect(to)).toBe(expected))
