// Times Prisma interactive transactions from the outside, for the auction
// benchmarks: a Proxy around the client whose $transaction records, per
// transaction, the wait for a pooled connection + BEGIN, each raw statement
// inside it (on the bid path: the row lock, the read, the write), the Node
// time between them (domain, hashing, Prisma's own work), and COMMIT. The code
// under test is unchanged; only the client it is handed is wrapped.
import { performance } from 'node:perf_hooks'
import type { Db } from '../app/utils/db.server.ts'
import { summarize, type Summary } from './auction-stats.ts'

export type TransactionSplit = {
  count: number
  /** Never started (Prisma's maxWait for a pooled connection, 2 s by default, ran out) or failed. */
  failed: number
  inflightMax: number
  begin: Summary
  /** Statement i inside the transaction (0 = the first), round trip as Node sees it. */
  statements: Summary[]
  /** Node time inside the callback outside the statements. */
  between: Summary
  commit: Summary
  total: Summary
}

const RAW = new Set(['$executeRaw', '$queryRaw', '$executeRawUnsafe', '$queryRawUnsafe'])

export function timeTransactions(inner: Db): { db: Db; reset(): void; split(): TransactionSplit | null } {
  let begin: number[] = []
  let statements: number[][] = []
  let between: number[] = []
  let commit: number[] = []
  let total: number[] = []
  let failed = 0
  let inflight = 0
  let inflightMax = 0

  const db = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (prop !== '$transaction') return typeof value === 'function' ? value.bind(target) : value
      return (fn: unknown, options?: unknown) => {
        if (typeof fn !== 'function') return target.$transaction(fn as never, options as never)
        const t0 = performance.now()
        let t1 = 0
        let t2 = 0
        const own: number[] = []
        inflight++
        inflightMax = Math.max(inflightMax, inflight)
        return target
          .$transaction(async (tx) => {
            t1 = performance.now()
            const timedTx = new Proxy(tx, {
              get(txTarget, txProp) {
                const v = Reflect.get(txTarget, txProp, txTarget) as unknown
                if (typeof v !== 'function') return v
                const bound = v.bind(txTarget) as (...args: unknown[]) => unknown
                if (!RAW.has(String(txProp))) return bound
                return (...args: unknown[]) => {
                  const s = performance.now()
                  return Promise.resolve(bound(...args)).finally(() => own.push(performance.now() - s))
                }
              },
            })
            try {
              return await (fn as (tx: unknown) => Promise<unknown>)(timedTx)
            } finally {
              t2 = performance.now()
            }
          }, options as never)
          .finally(() => {
            inflight--
            if (t1 === 0 || t2 === 0) return void failed++
            const t3 = performance.now()
            begin.push(t1 - t0)
            own.forEach((d, i) => (statements[i] ??= []).push(d))
            between.push(t2 - t1 - own.reduce((a, b) => a + b, 0))
            commit.push(t3 - t2)
            total.push(t3 - t0)
          })
      }
    },
  })

  return {
    db,
    reset() {
      begin = []
      statements = []
      between = []
      commit = []
      total = []
      failed = 0
      inflightMax = inflight
    },
    split() {
      if (!total.length) return failed ? { count: 0, failed, inflightMax, begin: summarize([]), statements: [], between: summarize([]), commit: summarize([]), total: summarize([]) } : null
      return {
        count: total.length,
        failed,
        inflightMax,
        begin: summarize(begin),
        statements: statements.map((s) => summarize(s)),
        between: summarize(between),
        commit: summarize(commit),
        total: summarize(total),
      }
    },
  }
}

export function describeSplit(t: TransactionSplit): string {
  const f = (s: Summary) => `p50 ${s.p50.toFixed(2)} / p99 ${s.p99.toFixed(1)}`
  const names = ['row lock', 'read', 'write']
  return [
    `${t.count} transactions (${t.failed} failed or never started, at most ${t.inflightMax} at once), in ms`,
    `pool + BEGIN ${f(t.begin)}`,
    // A batch of bids in one transaction has a read and a write per bid: show the first three, count the rest.
    ...t.statements.slice(0, 3).map((s, i) => `${names[i]} ${f(s)}${s.count !== t.count ? ` (${s.count}×)` : ''}`),
    ...(t.statements.length > 3 ? [`${t.statements.slice(3).reduce((n, s) => n + s.count, 0)} more statements in ${t.statements[3]!.count} transactions`] : []),
    `Node between statements ${f(t.between)}`,
    `COMMIT ${f(t.commit)}`,
    `total ${f(t.total)}`,
  ].join('; ')
}
