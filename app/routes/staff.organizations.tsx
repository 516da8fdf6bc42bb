import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { FormErrors, SelectField, TextField } from '~/components/form-field.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { createStaffLogin, listOrganizations, mayCreateStaffLogins, registerOrganization } from '~/services/organizations.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { readPost, runFormAction } from '~/utils/form-action.server.ts'
import { ORGANIZATION_KINDS, OrganizationFormSchema, StaffLoginFormSchema } from '~/utils/organization-validation.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.staffOrganizations')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireStaffReader(request, db)
  const mayAct = staff.role === 'STAFF'
  const [organizations, canCreateStaff] = await Promise.all([listOrganizations(db, staff), mayAct ? mayCreateStaffLogins(db, staff) : false])
  return { organizations, canCreateStaff, mayAct }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  if (formData.get('intent') === 'staff') {
    const staffSubmission = parseWithZod(formData, { schema: StaffLoginFormSchema })
    if (staffSubmission.status !== 'success') return data(staffSubmission.reply({ hideFields: ['password'] }), { status: 400 })
    const created = await runFormAction(staffSubmission, () => createStaffLogin(db, staff, staffSubmission.value, new Date()))
    return created.ok ? data(staffSubmission.reply({ resetForm: true })) : created.response
  }
  const submission = parseWithZod(formData, { schema: OrganizationFormSchema })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password'] }), { status: 400 })
  const outcome = await runFormAction(submission, () => registerOrganization(db, staff, submission.value, new Date()))
  return outcome.ok ? data(submission.reply({ resetForm: true })) : outcome.response
}

export default function Organizations() {
  const { organizations, canCreateStaff, mayAct } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    lastResult: isStaffReply(lastResult) ? undefined : lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizationFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h1>{t('nav.staffOrganizations')}</h1>
      <p>
        <Link to="/staff/enterprise-facts">{t('enterpriseFacts.fromOrganizations')}</Link>
      </p>
      {mayAct && (
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="org-form-title">
        <h2 id="org-form-title">{t('listingPages.organizations.registerTitle')}</h2>
        <CsrfInput />
        <FormErrors form={form} />
        <div className="grid2">
          <SelectField
            meta={fields.kind}
            label={t('listingPages.organizations.kind')}
            options={ORGANIZATION_KINDS.map((value) => ({ value, label: t(`enums.organizationKind.${value}`) }))}
          />
          <TextField meta={fields.name} label={t('listingPages.organizations.name')} />
          <TextField meta={fields.creditCode} label={t('listingPages.organizations.creditCode')} hint={t('listingPages.organizations.creditCodeHint')} />
          <TextField meta={fields.county} label={t('listingPages.organizations.county')} />
          <TextField meta={fields.userName} label={t('listingPages.organizations.userName')} />
          <TextField meta={fields.email} label={t('listingPages.organizations.email')} type="email" />
          <TextField meta={fields.password} label={t('listingPages.organizations.password')} />
        </div>
        <button type="submit">{t('listingPages.organizations.register')}</button>
      </Form>
      )}
      {canCreateStaff && <StaffLoginForm />}
      <table>
        <caption className="sr-only">{t('listingPages.organizations.caption')}</caption>
        <TableHead columns={[t('listingPages.organizations.colKind'), t('listingPages.organizations.colName'), t('listingPages.organizations.creditCode'), t('listingPages.organizations.colCounty'), t('listingPages.organizations.colUsers'), t('listingPages.organizations.colResults'), t('listingPages.organizations.colNeeds')]} />
        <tbody>
          {organizations.map((o) => (
            <tr key={o.id}>
              <td>{t(`enums.organizationKind.${o.kind}`)}</td>
              <td>{o.name}</td>
              <td>
                <code>{o.creditCode}</code>
              </td>
              <td>{o.county}</td>
              <td>{o.users}</td>
              <td>{o.results}</td>
              <td>{o.needs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** Bureau administrators only: a new staff login in their own bureau (audited as staff.create). */
function StaffLoginForm() {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    id: 'staff-login',
    lastResult: isStaffReply(lastResult) ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffLoginFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="staff-form-title">
      <h2 id="staff-form-title">{t('listingPages.organizations.staffTitle')}</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="staff" />
      <FormErrors form={form} />
      <div className="grid2">
        <TextField meta={fields.userName} label={t('listingPages.organizations.staffName')} />
        <TextField meta={fields.email} label={t('listingPages.organizations.email')} type="email" />
        <TextField meta={fields.password} label={t('listingPages.organizations.password')} />
      </div>
      <button type="submit">{t('listingPages.organizations.createStaff')}</button>
    </Form>
  )
}

/** Both forms post here; the reply belongs to the one whose fields it echoes. */
function isStaffReply(reply: unknown): boolean {
  const initial = (reply as { initialValue?: Record<string, unknown> | null } | undefined)?.initialValue
  return initial?.intent === 'staff'
}
