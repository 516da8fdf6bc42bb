import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { ServiceError } from '~/services/errors.ts'

/**
 * Runs a use-case for a form action. A broken rule comes back to the form:
 * beside its field when it names one, above the form otherwise.
 */
export async function runFormAction<T>(submission: Submission<unknown>, work: () => Promise<T>) {
  try {
    return { ok: true as const, value: await work() }
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    const reply = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
      : submission.reply({ formErrors: [error.message] })
    return { ok: false as const, response: data(reply, { status: error.status }) }
  }
}
