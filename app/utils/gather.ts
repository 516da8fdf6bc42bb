// Many requests for the same thing, answered by one read when they pile up (sockets joining one lot at a session's
// opening): server/realtime.ts.

/**
 * Requests of one key made while that key's read waits for a slot are answered by one read: the first request opens
 * a batch and queues its read; later ones join the batch until the read starts (or it holds `max`). So the read
 * always begins after every request of its batch was made: what was true when a request was made is in its answer
 * (a socket in a lot's room before it asked misses no update). `read` answers its inputs in their order; its failure
 * is every member's.
 */
export function gathered<I, O>(
  slots: <T>(task: () => Promise<T>) => Promise<T>,
  read: (key: string, inputs: readonly I[]) => Promise<O[]>,
  max = 256,
) {
  type Waiting = { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }
  const open = new Map<string, Waiting[]>()
  return (key: string, input: I) =>
    new Promise<O>((resolve, reject) => {
      const batch = open.get(key)
      if (batch) {
        batch.push({ input, resolve, reject })
        if (batch.length >= max) open.delete(key)
        return
      }
      // The first member is in before the read is queued: with a slot free, the read starts at once.
      const members: Waiting[] = [{ input, resolve, reject }]
      open.set(key, members)
      void slots(async () => {
        if (open.get(key) === members) open.delete(key)
        try {
          const outputs = await read(key, members.map((m) => m.input))
          members.forEach((m, i) => m.resolve(outputs[i]!))
        } catch (error) {
          for (const m of members) m.reject(error)
        }
      })
    })
}
