// Many requests for the same thing, answered by one read when they pile up (sockets joining one lot at a session's
// opening): server/realtime.ts.

/**
 * Requests of one key are answered by one read when they come together: the first request opens a batch, which takes
 * every request of its key made in the same turn of the event loop (a busy process reads many sockets' packets in
 * one turn) and any made while its read then waits for a slot, up to `max`. The read starts only after every request
 * of its batch was made, so what was true when a request was made is in its answer (a socket in a lot's room before
 * it asked misses no update). `read` answers its inputs in their order; its failure is every member's.
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
      const members: Waiting[] = [{ input, resolve, reject }]
      open.set(key, members)
      setImmediate(() =>
        void slots(async () => {
          if (open.get(key) === members) open.delete(key)
          try {
            const outputs = await read(key, members.map((m) => m.input))
            members.forEach((m, i) => m.resolve(outputs[i]!))
          } catch (error) {
            for (const m of members) m.reject(error)
          }
        }),
      )
    })
}
