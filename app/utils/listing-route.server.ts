// What the listing detail routes share: reading the lifecycle form and
// naming which form on the page a reply answers.
import type { ListingAction } from '~/domain/listing-status.ts'
import { currentT } from './i18n.server.ts'
import { ReviewSchema } from './listing-validation.ts'

export async function readLifecycleForm(formData: FormData): Promise<{ intent: ListingAction; reason?: string }> {
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
