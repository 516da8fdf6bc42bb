import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { FormErrors, SelectField, TextField } from '~/components/form-field.tsx'
import { createSession, listSessions } from '~/services/auctions.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { SessionFormSchema } from '~/utils/auction-validation.ts'
import { getDb } from '~/utils/db.server.ts'
import { readPost, runFormAction } from '~/utils/form-action.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('auctionPages.sessions.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  return { sessions: await listSessions(db), isStaff: user?.role === 'STAFF' }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const submission = parseWithZod(formData, { schema: SessionFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () => createSession(db, staff, submission.value, new Date()))
  return outcome.ok ? redirect(`/auctions/${outcome.value.id}`) : outcome.response
}

export default function Sessions() {
  const { sessions, isStaff } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { kind: 'REGULAR' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SessionFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h1>{t('auctionPages.sessions.heading')}</h1>
      <p>
        <Link to="/auctions/results">{t('auctionPages.allResults.title')}</Link>
      </p>
      <ul className="list">
        {sessions.map((s) => (
          <li key={s.id}>
            <h2>
              <Link to={`/auctions/${s.id}`}>
                {s.quarter} · {s.title}
              </Link>{' '}
              <span className="badge">{t(`auctionPages.sessions.status.${s.status}`)}</span>
              {s.kind === 'EXTRA' && <span className="badge">{t('reauction.kind.EXTRA')}</span>}
            </h2>
            <div className="meta">
              <span>
                {f.dateTime(s.startsAt)} – {f.dateTime(s.endsAt)}
              </span>
              <span>{s.bureau.name}</span>
              <span>{t('auctionPages.sessions.lots', { lots: s.lotCount })}</span>
              <span>{t('auctionPages.sessions.registrations', { enterprises: s.registrationCount })}</span>
            </div>
          </li>
        ))}
      </ul>
      {sessions.length === 0 && <p>{t('auctionPages.sessions.empty')}</p>}
      {isStaff && (
        <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="new-session">
          <h2 id="new-session">{t('auctionPages.sessions.newSession')}</h2>
          <CsrfInput />
          <FormErrors form={form} />
          <div className="grid2">
            <TextField meta={fields.quarter} label={t('auctionPages.sessions.quarter')} hint={t('auctionPages.sessions.quarterHint')} />
            <TextField meta={fields.title} label={t('auctionPages.sessions.sessionTitle')} />
            <TextField meta={fields.startsAt} label={t('auctionPages.sessions.startsAt')} type="datetime-local" />
            <TextField meta={fields.endsAt} label={t('auctionPages.sessions.endsAt')} type="datetime-local" />
            <div>
              <SelectField
                meta={fields.kind}
                label={t('reauction.sessionKind')}
                options={[
                  { value: 'REGULAR', label: t('reauction.kind.REGULAR') },
                  { value: 'EXTRA', label: t('reauction.kind.EXTRA') },
                ]}
              />
              <span className="hint">{t('reauction.sessionKindHint')}</span>
            </div>
          </div>
          <button type="submit">{t('auctionPages.sessions.create')}</button>
        </Form>
      )}
    </>
  )
}
