// Each test database opens its own plain-SQL pool; keep them small (PostgreSQL allows 100 connections in all).
process.env.SQL_POOL_MAX ??= '5'
import { afterEach, beforeEach, vi } from 'vitest'

// An unexpected console.error fails the test; a test that expects one spies on it.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
  })
})
afterEach(() => {
  vi.restoreAllMocks()
})
