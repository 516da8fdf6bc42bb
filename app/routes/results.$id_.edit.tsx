import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ResultFormFields } from '~/components/result-form.tsx'
import { isOwner } from '~/domain/access.ts'
import { isEditableByOwner } from '~/domain/listing-status.ts'
import { getResult, updateResult } from '~/services/results.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { ResultFormSchema } from '~/utils/listing-validation.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('listingPages.resultForm.editTitle')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'INSTITUTION', db)
  const result = await orRespond(getResult(db, user, params.id!))
  if (!isOwner(user, result.owner.id)) throw new Response((await getT(request))('service.result.edit-not-owner'), { status: 403 })
  if (!isEditableByOwner(result.status)) throw redirect(`/results/${result.id}`)
  return { result }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'INSTITUTION', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: ResultFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () =>
    updateResult(db, user, params.id!, submission.value, new Date(), { submit: formData.get('intent') === 'save-submit' }),
  )
  return outcome.ok ? redirect(`/results/${outcome.value.id}`) : outcome.response
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
