// app/utils/gather.ts: requests that pile up behind a busy slot share one read, and no read starts before a request
// it answers was made.
import { describe, expect, test } from 'vitest'
import { gathered } from '~/utils/gather.ts'

/** One slot, opened and closed by the test: the reads that wait for it are the ones that gather. */
function oneSlot() {
  let busy: Promise<void> = Promise.resolve()
  let release: () => void = () => undefined
  return {
    slots: async <T>(task: () => Promise<T>): Promise<T> => {
      const before = busy
      let done!: () => void
      busy = new Promise((resolve) => (done = resolve))
      await before
      try {
        return await task()
      } finally {
        done()
      }
    },
    hold() {
      const held = new Promise<void>((resolve) => (release = resolve))
      return this.slots(() => held)
    },
    release: () => release(),
  }
}

describe('gathered reads', () => {
  test('a request that comes alone is read alone', async () => {
    const reads: string[][] = []
    const read = gathered(oneSlot().slots, async (key, inputs: readonly string[]) => (reads.push([key, ...inputs]), inputs.map((i) => `${key}:${i}`)))
    expect(await read('lot-1', 'a')).toBe('lot-1:a')
    expect(await read('lot-1', 'b')).toBe('lot-1:b')
    expect(reads).toEqual([['lot-1', 'a'], ['lot-1', 'b']])
  })

  test('requests of one key made while its read waits share that read; each gets its own answer, in order', async () => {
    const slot = oneSlot()
    const reads: string[][] = []
    const read = gathered(slot.slots, async (key, inputs: readonly string[]) => (reads.push([key, ...inputs]), inputs.map((i) => `${key}:${i}`)))
    const held = slot.hold()
    const answers = [read('lot-1', 'a'), read('lot-2', 'x'), read('lot-1', 'b'), read('lot-1', 'c')]
    slot.release()
    await held
    expect(await Promise.all(answers)).toEqual(['lot-1:a', 'lot-2:x', 'lot-1:b', 'lot-1:c'])
    expect(reads).toEqual([['lot-1', 'a', 'b', 'c'], ['lot-2', 'x']])
  })

  test('a request made after its key’s read has started waits for a read of its own (never an older answer)', async () => {
    const slot = oneSlot()
    const reads: string[][] = []
    let state = 'v1'
    let started!: () => void
    const readStarted = new Promise<void>((resolve) => (started = resolve))
    let finish!: () => void
    const unblock = new Promise<void>((resolve) => (finish = resolve))
    const read = gathered(slot.slots, async (key, inputs: readonly string[]) => {
      const seen = state
      reads.push([key, ...inputs])
      started()
      await unblock
      return inputs.map(() => seen)
    })
    const first = read('lot-1', 'a')
    await readStarted
    state = 'v2'
    const second = read('lot-1', 'b')
    finish()
    expect(await first).toBe('v1')
    expect(await second).toBe('v2')
    expect(reads).toEqual([['lot-1', 'a'], ['lot-1', 'b']])
  })

  test('a batch holds at most `max` requests; the next one opens another', async () => {
    const slot = oneSlot()
    const sizes: number[] = []
    const read = gathered(slot.slots, async (_key, inputs: readonly number[]) => (sizes.push(inputs.length), inputs.map((i) => i * 2)), 3)
    const held = slot.hold()
    const answers = Array.from({ length: 7 }, (_, i) => read('lot-1', i))
    slot.release()
    await held
    expect(await Promise.all(answers)).toEqual([0, 2, 4, 6, 8, 10, 12])
    expect(sizes).toEqual([3, 3, 1])
  })

  test('a failed read fails every request it answered, and the next request reads again', async () => {
    const slot = oneSlot()
    let fail = true
    const read = gathered(slot.slots, async (_key, inputs: readonly string[]) => {
      if (fail) throw new Error('database away')
      return inputs.map((i) => i.toUpperCase())
    })
    const held = slot.hold()
    const answers = [read('lot-1', 'a'), read('lot-1', 'b')].map((p) => p.then(String, (e: Error) => `failed: ${e.message}`))
    slot.release()
    await held
    expect(await Promise.all(answers)).toEqual(['failed: database away', 'failed: database away'])
    fail = false
    expect(await read('lot-1', 'c')).toBe('C')
  })
})
