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
  // Finding 9 of issue 11: a Location header is ASCII, so the query is percent-encoded (it threw, a 500).
  ['/results?q=密封', '/results?q=%E5%AF%86%E5%B0%81'],
  ['/results?q=%E5%AF%86%E5%B0%81', '/results?q=%E5%AF%86%E5%B0%81'],
])('after sign-in %j goes to %j', (to, expected) => expect(safeRedirect(to)).toBe(expected))
