import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ResultFormFields } from '~/components/result-form.tsx'
import { getResult, updateResult } from '~/services/results.server.ts'
import { ResultFormSchema } from '~/utils/listing-validation.ts'
import { listingToEdit, saveListingForm } from '~/utils/listing-route.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('listingPages.resultForm.editTitle')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return { result: await listingToEdit(request, 'INSTITUTION', (db, user) => getResult(db, user, params.id!), (r) => r.owner.id, 'service.result.edit-not-owner', '/results') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return saveListingForm(request, 'INSTITUTION', ResultFormSchema, '/results', (db, user, value, { submit }) => updateResult(db, user, params.id!, value, new Date(), { submit }))
}

export default function EditResult() {
  const { result } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <>
      <h1>{t('listingPages.resultForm.editTitle')}</h1>
      <ResultFormFields lastResult={lastResult} existing={result} />
    </>
  )
}
