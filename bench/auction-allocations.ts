// BENCH_ALLOCATIONS=FILE for the benchmark's server children (ours and the baseline): V8's sampling heap profiler over
// the measured window, counting what was collected too, so the file says what the process allocated (not what
// survived) and where. BENCH_ALLOCATIONS=FILE:promoted counts only what survived the young generation (promoted to the
// old one, whether a mark-compact later collected it or not): what makes the old generation grow, and so the
// mark-compacts. Each child writes FILE with its kind before the extension (FILE.ours, FILE.baseline); open it in
// Chrome's DevTools (Memory, load) or read it with any script: it is V8's SamplingHeapProfile as JSON.
import { writeFileSync } from 'node:fs'

export function allocationProfiler(kind: 'ours' | 'baseline') {
  const [file, mode] = (process.env.BENCH_ALLOCATIONS ?? '').split(':') as [string | undefined, string | undefined]
  if (!file) return { start: async () => {}, write: async () => false }
  let session: import('node:inspector/promises').Session | null = null
  let sampling = false
  return {
    async start() {
      if (sampling) return
      if (!session) {
        session = new (await import('node:inspector/promises')).Session()
        session.connect()
      }
      sampling = true
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 32768,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: mode !== 'promoted',
      })
    },
    /** Stops sampling and writes the file; false when nothing was sampling. */
    async write() {
      if (!session || !sampling) return false
      sampling = false
      const { profile } = await session.post('HeapProfiler.stopSampling')
      writeFileSync(`${file}.${kind}`, JSON.stringify(profile))
      return true
    },
  }
}
