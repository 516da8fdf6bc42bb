import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SelectField, TextField } from '~/components/form-field.tsx'
import { createStaffLogin, listOrganizations, mayCreateStaffLogins, registerOrganization } from '~/services/organizations.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { ORGANIZATION_KIND_LABELS, OrganizationFormSchema, StaffLoginFormSchema } from '~/utils/organization-validation.ts'

export const meta: MetaFunction = () => [{ title: '单位管理 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const [organizations, canCreateStaff] = await Promise.all([listOrganizations(db, staff), mayCreateStaffLogins(db, staff)])
  return { organizations, canCreateStaff }
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
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
  const { organizations, canCreateStaff } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: isStaffReply(lastResult) ? undefined : lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizationFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h1>单位管理</h1>
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="org-form-title">
        <h2 id="org-form-title">登记单位及其首个账号</h2>
        <CsrfInput />
        {form.errors && (
          <p className="alert" role="alert">
            {form.errors.join('；')}
          </p>
        )}
        <div className="grid2">
          <SelectField
            meta={fields.kind}
            label="单位类型"
            options={Object.entries(ORGANIZATION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <TextField meta={fields.name} label="单位名称" />
          <TextField meta={fields.creditCode} label="统一社会信用代码" hint="18 位，含校验码" />
          <TextField meta={fields.county} label="所在区县" />
          <TextField meta={fields.userName} label="联系人姓名" />
          <TextField meta={fields.email} label="登录邮箱" type="email" />
          <TextField meta={fields.password} label="初始密码" />
        </div>
        <button type="submit">登记</button>
      </Form>
      {canCreateStaff && <StaffLoginForm />}
      <table>
        <caption className="sr-only">已登记单位</caption>
        <thead>
          <tr>
            <th>类型</th>
            <th>名称</th>
            <th>统一社会信用代码</th>
            <th>区县</th>
            <th>账号</th>
            <th>成果</th>
            <th>需求</th>
          </tr>
        </thead>
        <tbody>
          {organizations.map((o) => (
            <tr key={o.id}>
              <td>{ORGANIZATION_KIND_LABELS[o.kind]}</td>
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
  const [form, fields] = useForm({
    id: 'staff-login',
    lastResult: isStaffReply(lastResult) ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffLoginFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="staff-form-title">
      <h2 id="staff-form-title">为本局创建工作人员账号</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="staff" />
      {form.errors && (
        <p className="alert" role="alert">
          {form.errors.join('；')}
        </p>
      )}
      <div className="grid2">
        <TextField meta={fields.userName} label="姓名" />
        <TextField meta={fields.email} label="登录邮箱" type="email" />
        <TextField meta={fields.password} label="初始密码" />
      </div>
      <button type="submit">创建工作人员账号</button>
    </Form>
  )
}

/** Both forms post here; the reply belongs to the one whose fields it echoes. */
function isStaffReply(reply: unknown): boolean {
  const initial = (reply as { initialValue?: Record<string, unknown> | null } | undefined)?.initialValue
  return initial?.intent === 'staff'
}
