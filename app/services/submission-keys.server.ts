// Creating once per form submission: the record carries the form's key (a unique column), so the second of two
// identical posts finds the first instead of making another.
import { Prisma } from '~/generated/prisma/client.ts'
import { ServiceError } from '~/utils/errors.ts'
import type { MessageKey as CatalogueKey } from '~/i18n/catalogue.ts'

/**
 * `existing` looks the key up among the caller's own records; `create` stores the record with the key. Two posts at
 * once: the unique index refuses the second, which then finds the first.
 */
export async function onceBySubmissionKey<T>(key: string | undefined, existing: () => Promise<T | null>, create: () => Promise<T>): Promise<T> {
  if (!key) return create()
  const found = await existing()
  if (found) return found
  try {
    return await create()
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002' || !JSON.stringify(error.meta ?? {}).includes('submissionKey')) throw error
    const again = await existing()
    if (again) return again
    // A serverText key as the rule's text: app/utils/messages.ts translates it.
    throw new ServiceError('conflict', 'rule', { params: { text: 'serverText.alreadySubmitted' satisfies CatalogueKey } })
  }
}
