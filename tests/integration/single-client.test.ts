// The Remix server build and server/index.ts each carry a copy of
// db.server.ts; page writes were lost when each copy opened its own PGlite.
// Two module instances must hand out the one client the process set.
import { expect, test } from 'vitest'

test('every copy of db.server.ts returns the client the web process set', async () => {
  const first = await import('../../app/utils/db.server.ts')
  const second = await import(/* @vite-ignore */ `../../app/utils/db.server.ts?copy=${Date.now()}`)
  expect(second).not.toBe(first) // really two module instances, as in production
  const client = { marker: 'the migrated client' } as unknown as Parameters<typeof first.setDb>[0]
  first.setDb(client)
  expect(second.getDb()).toBe(client)
})
