import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { ServiceError } from '~/services/errors.ts'

/**
 * Runs a use-case for a form action. A broken rule comes back to the form:
 * beside its field when it names one, above the form otherwise.
 */
export async function runFormAction<T>(
  submission: Submission<unknown>,
  work: () => Promise<T>,
  /** The form's name for a field the use-case names otherwise (e.g. reserveFen → reserve). */
  fieldNames: Record<string, string> = {},
) {
  try {
    return { ok: true as const, value: await work() }
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    const field = error.field && (fieldNames[error.field] ?? error.field)
    // A field the form does not have would hide the message; then it goes above the form.
    const reply =
      field && field in (submission.payload ?? {})
        ? submission.reply({ fieldErrors: { [field]: [error.message] } })
        : submission.reply({ formErrors: [error.message] })
    return { ok: false as const, response: data(reply, { status: error.status }) }
  }
}
