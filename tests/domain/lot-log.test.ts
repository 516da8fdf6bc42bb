import { describe, expect, test } from 'vitest'
import { createHash } from 'node:crypto'
import { canonicalJson, extendChain, extendChainSync, hashLotEntry, verifyLotLog, type LotLogEntry } from '~/domain/lot-log.ts'

async function chain(entries: LotLogEntry[]) {
  const out = []
  let prev: string | null = null
  for (const e of entries) {
    const hash = await hashLotEntry(prev, e)
    out.push({ ...e, prevHash: prev, hash })
    prev = hash
  }
  return out
}

const log: LotLogEntry[] = [
  { seq: 1, kind: 'bid', at: '2026-12-10T01:00:00.000Z', payload: { bidder: 'A1', amountFen: 100_000_00 } },
  { seq: 2, kind: 'bid', at: '2026-12-10T01:00:01.250Z', payload: { bidder: 'A2', amountFen: 105_000_00 } },
  { seq: 3, kind: 'extension', at: '2026-12-10T01:00:01.250Z', payload: { endsAt: '2026-12-10T01:05:01.250Z' } },
]

describe('the lot log is a hash chain anyone can check', () => {
  test('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}')
  })
  test('an intact log verifies', async () => expect(await verifyLotLog(await chain(log))).toBeNull())
  test.each([
    ['a changed amount', (l: Awaited<ReturnType<typeof chain>>) => { l[1]!.payload = { ...l[1]!.payload, amountFen: 1 } }, { seq: 2, problem: 'hash' }],
    ['a removed entry', (l: Awaited<ReturnType<typeof chain>>) => { l.splice(1, 1) }, { seq: 3, problem: 'gap' }],
    ['a reordered time', (l: Awaited<ReturnType<typeof chain>>) => { l[0]!.at = '2026-12-10T00:59:59.000Z' }, { seq: 1, problem: 'hash' }],
    ['a relinked entry', (l: Awaited<ReturnType<typeof chain>>) => { l[2]!.prevHash = l[0]!.hash }, { seq: 3, problem: 'prev-hash' }],
  ] as const)('%s is found', async (_, tamper, problem) => {
    const l = await chain(log)
    tamper(l)
    expect(await verifyLotLog(l)).toEqual(problem)
  })
})

test("the server's synchronous chain is the same chain the browser checks", async () => {
  const entries = [
    { kind: 'bid', at: '2026-12-02T10:00:00.000Z', payload: { bidder: 'A1', amountFen: 100_000_00, proxy: false } },
    { kind: 'extension', at: '2026-12-02T10:00:00.000Z', payload: { endsAt: '2026-12-02T10:05:00.000Z', bySeq: 4, note: '延时' } },
  ]
  const sync = extendChainSync(3, 'ab'.repeat(32), entries, (text) => createHash('sha256').update(text, 'utf8').digest('hex'))
  expect(sync).toEqual(await extendChain(3, 'ab'.repeat(32), entries))
})
