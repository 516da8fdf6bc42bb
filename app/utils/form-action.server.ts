import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import type { Role } from '~/domain/access.ts'
import { requireRole, requireUser, type CurrentUser } from './auth.server.ts'
import { validateCsrf } from './csrf.server.ts'
import { getDb, type Db } from './db.server.ts'
import { failureOf } from './errors.ts'
import { currentLocale, translateCurrent } from './i18n.server.ts'

// The form door. Both helpers answer a broken rule with the error's status and
// its message where the person looks: beside the field it names, else above the form.

/** An action's first step: the post of a signed-in person (of `role`, when given), its CSRF token checked. */
export async function readPost(request: Request, role?: Role): Promise<{ db: Db; user: CurrentUser; formData: FormData }> {
  const db = getDb()
  const user = role ? await requireRole(request, role, db) : await requireUser(request, db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  return { db, user, formData }
}

/** Runs a use-case for a conform form: the error comes back as the submission's field or form error. */
export async function runFormAction<T>(
  submission: Submission<unknown>,
  work: () => Promise<T>,
  /** The form's name for a field the use-case names otherwise (e.g. reserveFen → reserve). */
  fieldNames: Record<string, string> = {},
) {
  try {
    return { ok: true as const, value: await work() }
  } catch (error) {
    const failure = failureOf(error, currentLocale())
    if (!failure) throw error
    const field = failure.field && (fieldNames[failure.field] ?? failure.field)
    // A field the form does not have would hide the message; then it goes above the form.
    const reply =
      field && field in (submission.payload ?? {})
        ? submission.reply({ fieldErrors: { [field]: [failure.message] } })
        : submission.reply({ formErrors: [failure.message] })
    return { ok: false as const, response: data(reply, { status: failure.status }) }
  }
}

/**
 * Runs a use-case for a plain form (buttons, a reason box): success is
 * `{ ok: true, ...extra, ...whatTheWorkReturned }`, a broken rule
 * `{ ok: false, ...extra, message, field }` with its status. `extra` says which
 * form on the page the reply belongs to.
 */
export async function formReply<R extends object | void, E extends object = object>(work: () => Promise<R>, extra: E = {} as E) {
  try {
    const value = (await work()) ?? {}
    return { ok: true as const, ...extra, ...(value as Exclude<Awaited<R>, void>) }
  } catch (error) {
    return formFailure(error, extra)
  }
}

/** The failure half of `formReply`, for an action that shapes its own success; anything but a broken rule is rethrown. */
export function formFailure<E extends object>(error: unknown, extra: E = {} as E) {
  const failure = failureOf(error, currentLocale())
  if (!failure) throw error
  return data({ ok: false as const, ...extra, message: failure.message, field: failure.field }, { status: failure.status })
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

/** The 400 answer to a small form parseSmallForm refused: its message beside the field it names. */
export function smallFormRefusal(refused: { message: string; field: string | undefined }) {
  return data({ ok: false as const, message: refused.message, field: refused.field }, { status: 400 })
}
