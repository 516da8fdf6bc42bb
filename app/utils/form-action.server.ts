import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { ServiceError } from '~/services/errors.ts'
import { translateCurrent } from './i18n.server.ts'

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
    const message = translateCurrent(error.message, error.params)
    // A field the form does not have would hide the message; then it goes above the form.
    const reply =
      field && field in (submission.payload ?? {})
        ? submission.reply({ fieldErrors: { [field]: [message] } })
        : submission.reply({ formErrors: [message] })
    return { ok: false as const, response: data(reply, { status: error.status }) }
  }
}

/**
 * Reads a small form that has no conform fields (a button row, hidden ids):
 * a forged or stale post is a 400 with the schema's first message and the
 * field it concerns, never a thrown ZodError (which Remix would answer with a 500).
 */
export function parseSmallForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): { ok: true; value: z.output<S> } | { ok: false; message: string; field: string | undefined } {
  const parsed = schema.safeParse(Object.fromEntries(formData))
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  return { ok: false, message: translateCurrent(issue?.message ?? 'errors.invalidRequest'), field: issue?.path.map(String).join('.') || undefined }
}
