// Creating once per form submission: the record carries the form's key (a unique column), so the second of two
// identical posts finds the first instead of making another.
import { Prisma } from '~/generated/prisma/client.ts'
import { ServiceError } from '~/utils/errors.ts'

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
    throw ServiceError.rule('conflict', '该表单已提交过，请刷新页面后重试')
  }
}
