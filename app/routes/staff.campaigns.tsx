import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { FormErrors, TextField } from '~/components/form-field.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { createCampaign, listCampaigns } from '~/services/campaigns.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { CampaignFormSchema } from '~/utils/campaign-validation.ts'
import { getDb } from '~/utils/db.server.ts'
import { readPost, runFormAction } from '~/utils/form-action.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('campaign.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  return { campaigns: await orRespond(listCampaigns(db, staff)) }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const submission = parseWithZod(formData, { schema: CampaignFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () => createCampaign(db, staff, submission.value, new Date()))
  return outcome.ok ? redirect(`/staff/campaigns/${outcome.value.id}`) : outcome.response
}

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { fundsTargetPercent: '75' },
  })
  return (
    <>
      <h1>{t('campaign.title')}</h1>
      <p>{t('campaign.intro')}</p>
      {campaigns.length === 0 ? (
        <p>{t('campaign.empty')}</p>
      ) : (
        <table>
          <TableHead columns={[t('campaign.colName'), t('campaign.colNotice'), t('campaign.colPeriod'), t('campaign.colTable'), t('campaign.colVisits')]} />
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/staff/campaigns/${c.id}`}>{c.name}</Link>
                </td>
                <td>{c.noticeRef}</td>
                <td>{t('campaign.period', { from: c.startsOn, to: c.endsOn })}</td>
                <td>{t('campaign.tableSize', { groups: c.groups, counties: c.counties, enterprises: c.enterprises })}</td>
                <td>{c.visitsDone}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="campaign-form-title">
        <h2 id="campaign-form-title">{t('campaign.createTitle')}</h2>
        <CsrfInput />
        <FormErrors form={form} />
        <div className="grid2">
          <TextField meta={fields.name} label={t('campaign.name')} />
          <TextField meta={fields.noticeRef} label={t('campaign.noticeRef')} hint={t('campaign.noticeRefHint')} />
          <TextField meta={fields.startsOn} label={t('campaign.startsOn')} type="date" />
          <TextField meta={fields.endsOn} label={t('campaign.endsOn')} type="date" />
          <TextField meta={fields.coverageTargetOn} label={t('campaign.coverageTargetOn')} type="date" />
          <TextField meta={fields.fundsTargetPercent} label={t('campaign.fundsTargetPercent')} type="number" />
          <TextField meta={fields.fundsTargetOn} label={t('campaign.fundsTargetOn')} type="date" />
        </div>
        <button type="submit">{t('campaign.create')}</button>
      </Form>
    </>
  )
}
