import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TextField } from '~/components/form-field.tsx'
import { createSession, listSessions } from '~/services/auctions.server.ts'
import { getCurrentUser, requireRole } from '~/utils/auth.server.ts'
import { SessionFormSchema } from '~/utils/auction-validation.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '竞价场次 · 科技成果交易市场' }]

const SESSION_STATUS = { PLANNED: '筹备中', OPEN: '报名中', LIVE: '竞价中', CLOSED: '已结束', CANCELLED: '已取消' } as const

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  return { sessions: await listSessions(db), isStaff: user?.role === 'STAFF' }
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: SessionFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () => createSession(db, staff, submission.value, new Date()))
  return outcome.ok ? redirect(`/auctions/${outcome.value.id}`) : outcome.response
}

export default function Sessions() {
  const { sessions, isStaff } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SessionFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h1>季度竞价场次</h1>
      <p>
        <Link to="/auctions/results">成交与流拍公告</Link>
      </p>
      <ul className="list">
        {sessions.map((s) => (
          <li key={s.id}>
            <h3>
              <Link to={`/auctions/${s.id}`}>
                {s.quarter} · {s.title}
              </Link>{' '}
              <span className="badge">{SESSION_STATUS[s.status]}</span>
            </h3>
            <div className="meta">
              <span>
                {formatDateTime(s.startsAt)} – {formatDateTime(s.endsAt)}
              </span>
              <span>{s.bureau.name}</span>
              <span>{s.lotCount} 个标的</span>
              <span>{s.registrationCount} 家企业报名</span>
            </div>
          </li>
        ))}
      </ul>
      {sessions.length === 0 && <p>暂无竞价场次。</p>}
      {isStaff && (
        <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="new-session">
          <h2 id="new-session">新建季度场次</h2>
          <CsrfInput />
          {form.errors && <p className="alert">{form.errors.join('；')}</p>}
          <div className="grid2">
            <TextField meta={fields.quarter} label="季度" hint="如 2026Q4，每季度一场；开始和结束时间须在该季度内（北京时间）" />
            <TextField meta={fields.title} label="场次名称" />
            <TextField meta={fields.startsAt} label="开始时间（北京时间）" type="datetime-local" />
            <TextField meta={fields.endsAt} label="结束时间（北京时间）" type="datetime-local" />
          </div>
          <button type="submit">创建场次</button>
        </Form>
      )}
    </>
  )
}
