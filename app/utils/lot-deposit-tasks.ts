// What an enterprise sees of its deposits in a session (decision 021), shared by the server (which builds the
// tasks) and the pages (which show them): pure, no I/O, so the browser bundle can use it.
import type { PaymentStatus } from '~/domain/payments.ts'

export type LotDepositTask = { lotId: string; number: number; title: string; amountFen: number; status: PaymentStatus | null; paymentId: string | null; open: boolean }
export type SessionDepositTask = {
  sessionId: string
  session: string
  /** A session-wide deposit paid before decision 021: it covers every lot of the session. */
  legacy: { paymentId: string; amountFen: number; status: PaymentStatus } | null
  lots: LotDepositTask[]
}

/** Whether a lot's deposit task still needs paying (not paid, not being confirmed, not covered by a session-wide one). */
export function lotDepositDue(task: SessionDepositTask, lot: LotDepositTask): boolean {
  const covered = task.legacy && (task.legacy.status === 'SUCCEEDED' || task.legacy.status === 'PROCESSING')
  return lot.open && !covered && lot.amountFen > 0 && lot.status !== 'SUCCEEDED' && lot.status !== 'PROCESSING'
}

