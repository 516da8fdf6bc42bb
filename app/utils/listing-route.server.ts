// What the listing routes share: the new and edit forms' save (role, CSRF, the schema, the use-case, then the
// listing's page), the edit page's guard, reading the lifecycle form and naming which form on the page a reply answers.
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import type { z } from 'zod'
import { isOwner, type Role } from '~/domain/access.ts'
import { isEditableByOwner, type ListingAction, type NeedStatus, type ResultStatus } from '~/domain/listing-status.ts'
import type { MessageKey } from '~/i18n/catalogue.ts'
import { requireRole, type CurrentUser } from './auth.server.ts'
import { getDb, type Db } from './db.server.ts'
import { formReply, readPost, runFormAction } from './form-action.server.ts'
import { currentT, getT } from './i18n.server.ts'
import { ReviewSchema } from './listing-validation.ts'
import { orRespond } from './service-response.server.ts'

type ListingRole = Extract<Role, 'ENTERPRISE' | 'INSTITUTION'>

/**
 * The action of a listing's new or edit page: the owner's role, the CSRF token, the form's schema, then `save`
 * (told whether the person pressed "save and submit"); on success the listing's page, else the form's errors.
 */
export async function saveListingForm<O>(
  request: Request,
  role: ListingRole,
  schema: z.ZodType<O>,
  basePath: string,
  save: (db: Db, user: CurrentUser, value: O, opts: { submit: boolean; formData: FormData }) => Promise<{ id: string }>,
) {
  const { db, user, formData } = await readPost(request, role)
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () => save(db, user, submission.value, { submit: formData.get('intent') === 'save-submit', formData }))
  return outcome.ok ? redirect(`${basePath}/${outcome.value.id}`) : outcome.response
}

/** The listing an edit page may show: its owner's, still editable (else its page); another organization's is a 403. */
export async function listingToEdit<L extends { id: string; status: ResultStatus | NeedStatus }>(
  request: Request,
  role: ListingRole,
  read: (db: Db, user: CurrentUser) => Promise<L>,
  ownerIdOf: (listing: L) => string,
  notOwner: MessageKey,
  basePath: string,
): Promise<L> {
  const db = getDb()
  const user = await requireRole(request, role, db)
  const listing = await orRespond(read(db, user))
  if (!isOwner(user, ownerIdOf(listing))) throw new Response((await getT(request))(notOwner), { status: 403 })
  if (!isEditableByOwner(listing.status)) throw redirect(`${basePath}/${listing.id}`)
  return listing
}

/** The lifecycle buttons' post: `transition` makes the move; its reply shows beside those buttons. */
export async function lifecycleReply(formData: FormData, transition: (intent: ListingAction, reason: string | undefined) => Promise<unknown>) {
  const { intent, reason } = await readLifecycleForm(formData)
  return formReply(async () => void (await transition(intent, reason)), { form: 'lifecycle' } as ReplyTarget)
}

async function readLifecycleForm(formData: FormData): Promise<{ intent: ListingAction; reason?: string }> {
  const parsed = ReviewSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) throw new Response(currentT()('serverText.unknownAction'), { status: 400 })
  return parsed.data
}

/**
 * Which form on the page a reply answers, so its message appears beside that
 * form and nowhere else: the lifecycle buttons, the interest box, or the reply
 * box of one interest (the `extra` of `formReply`).
 */
export type ReplyTarget = { form: 'lifecycle' } | { form: 'interest' } | { form: 'reply'; interestId: string }
