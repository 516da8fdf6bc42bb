import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { NeedFormFields } from '~/components/need-form.tsx'
import { createNeed } from '~/services/needs.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { NeedFormSchema } from '~/utils/listing-validation.ts'
import { submissionKeyOf } from '~/utils/submission-key.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('listingPages.needForm.newTitle')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ENTERPRISE')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: NeedFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () =>
    createNeed(db, user, submission.value, new Date(), { submit: formData.get('intent') === 'save-submit', submissionKey: submissionKeyOf(formData) }),
  )
  return outcome.ok ? redirect(`/needs/${outcome.value.id}`) : outcome.response
}

export default function NewNeed() {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <>
      <h1>{t('listingPages.needForm.newTitle')}</h1>
      <NeedFormFields lastResult={lastResult} />
    </>
  )
}
