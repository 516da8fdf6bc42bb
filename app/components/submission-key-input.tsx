import { useRouteLoaderData } from '@remix-run/react'
import type { loader as rootLoader } from '~/root.tsx'
import { SUBMISSION_KEY_FIELD } from '~/utils/submission-key.ts'

/** The hidden one-time key of a form that creates something (app/utils/submission-key.ts). */
export function SubmissionKeyInput() {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  return <input type="hidden" name={SUBMISSION_KEY_FIELD} value={data?.submissionKey ?? ''} />
}
