// The lot clock: opens lots at their start and closes them at their end,
// whether or not anyone is connected, and after a restart. Every web process
// runs one; the lot's row lock and the status check make each open and close
// happen exactly once across processes. It wakes at the soonest start or end
// it knows of, and at least every `maxSleepMs` to see lots other processes
// planned or extended.
import { closeLotIfDue, lotsDue, nextLotDeadline, openLotIfDue, type LotChange } from '../app/services/lot-control.server.ts'
import type { Db } from '../app/utils/db.server.ts'

export type LotClock = { tick(): Promise<LotChange[]>; stop(): Promise<void> }

export function startLotClock(opts: {
  db: Db
  now?: () => Date
  onChange: (change: LotChange) => Promise<void> | void
  maxSleepMs?: number
}): LotClock {
  const now = opts.now ?? (() => new Date())
  const maxSleep = opts.maxSleepMs ?? 1000
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let running: Promise<LotChange[]> | null = null

  async function tickOnce(): Promise<LotChange[]> {
    const at = now()
    const due = await lotsDue(opts.db, at)
    const changes: LotChange[] = []
    // One lot that fails (and is tried again next tick) never holds up the others.
    const attempt = async (id: string, step: typeof closeLotIfDue) => {
      try {
        const change = await step(opts.db, id, now())
        if (change) changes.push(change)
      } catch (error) {
        console.error(`lot clock: lot ${id}: ${(error as Error).message}`)
      }
    }
    for (const id of due.toClose) await attempt(id, closeLotIfDue)
    for (const id of due.toOpen) await attempt(id, openLotIfDue)
    for (const change of changes) {
      try {
        await opts.onChange(change)
      } catch (error) {
        console.error(`lot clock: after lot ${change.lotId} changed: ${(error as Error).message}`)
      }
    }
    return changes
  }

  function tick(): Promise<LotChange[]> {
    // One tick at a time in a process; a second caller waits for the running one.
    running ??= tickOnce().finally(() => (running = null))
    return running
  }

  async function loop() {
    if (stopped) return
    try {
      await tick()
    } catch (error) {
      console.error('lot clock:', (error as Error).message)
    }
    if (stopped) return
    let sleep = maxSleep
    try {
      const next = await nextLotDeadline(opts.db)
      if (next) sleep = Math.max(20, Math.min(maxSleep, next.getTime() - now().getTime() + 1))
    } catch {
      // the next loop will say what is wrong
    }
    timer = setTimeout(() => void loop(), sleep)
  }
  void loop()

  return {
    tick,
    stop: async () => {
      stopped = true
      if (timer) clearTimeout(timer)
      await running?.catch(() => undefined)
    },
  }
}
