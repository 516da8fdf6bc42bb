import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { NeedFormFields } from '~/components/need-form.tsx'
import { getNeed, updateNeed } from '~/services/needs.server.ts'
import { NeedFormSchema } from '~/utils/listing-validation.ts'
import { listingToEdit, saveListingForm } from '~/utils/listing-route.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('listingPages.needForm.editTitle')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return { need: await listingToEdit(request, 'ENTERPRISE', (db, user) => getNeed(db, user, params.id!), (n) => n.enterprise.id, 'service.need.edit-not-owner', '/needs') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return saveListingForm(request, 'ENTERPRISE', NeedFormSchema, '/needs', (db, user, value, { submit }) => updateNeed(db, user, params.id!, value, new Date(), { submit }))
}

export default function EditNeed() {
  const { need } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <>
      <h1>{t('listingPages.needForm.editTitle')}</h1>
      <NeedFormFields lastResult={lastResult} existing={need} />
    </>
  )
}
