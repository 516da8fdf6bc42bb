import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { NeedFormFields } from '~/components/need-form.tsx'
import { createNeed } from '~/services/needs.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { NeedFormSchema } from '~/utils/listing-validation.ts'
import { saveListingForm } from '~/utils/listing-route.server.ts'
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
  return saveListingForm(request, 'ENTERPRISE', NeedFormSchema, '/needs', (db, user, value, { submit, formData }) =>
    createNeed(db, user, value, new Date(), { submit, submissionKey: submissionKeyOf(formData) }),
  )
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
