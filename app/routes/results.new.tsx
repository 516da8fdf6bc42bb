import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { ResultFormFields } from '~/components/result-form.tsx'
import { createResult } from '~/services/results.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { ResultFormSchema } from '~/utils/listing-validation.ts'
import { saveListingForm } from '~/utils/listing-route.server.ts'
import { submissionKeyOf } from '~/utils/submission-key.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('listingPages.resultForm.newTitle')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'INSTITUTION')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  return saveListingForm(request, 'INSTITUTION', ResultFormSchema, '/results', (db, user, value, { submit, formData }) =>
    createResult(db, user, value, new Date(), { submit, submissionKey: submissionKeyOf(formData) }),
  )
}

export default function NewResult() {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <>
      <h1>{t('listingPages.resultForm.newTitle')}</h1>
      <ResultFormFields lastResult={lastResult} />
    </>
  )
}
