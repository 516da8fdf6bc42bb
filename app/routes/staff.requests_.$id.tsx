// One request for the bureau's staff: the steps the closed loop allows now (交办, 办理, 答复, 办结), turning a
// technology problem into a technical need, the answers and ratings, and the history (audit trail).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { RequestAnswers } from '~/components/request-answers.tsx'
import { RequestAttachments as Attachments } from '~/components/request-attachments.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { fieldOptions } from '~/components/enum-text.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { answerRequest, assignRequest, closeRequest, getRequest, startRequest, turnRequestIntoNeed } from '~/services/service-requests.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { RequestStepSchema } from '~/utils/campaign-validation.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost } from '~/utils/form-action.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('requests.detailTitle')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  return { request: await orRespond(getRequest(db, staff, params.id!, new Date())) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const id = params.id!
  const now = new Date()
  const parsed = parseSmallForm(RequestStepSchema, formData)
  if (!parsed.ok) return data({ ok: false as const, form: String(formData.get('intent') ?? ''), message: parsed.message, field: parsed.field }, { status: 400 })
  const v = parsed.value
  return formReply(
    async () => {
      switch (v.intent) {
        case 'assign':
          return void (await assignRequest(db, staff, id, v, now))
        case 'start':
          return void (await startRequest(db, staff, id, now))
        case 'answer':
          return void (await answerRequest(db, staff, id, v, now))
        case 'close':
          return void (await closeRequest(db, staff, id, now))
        case 'need':
          return void (await turnRequestIntoNeed(db, staff, id, v, now))
      }
    },
    { form: v.intent as string },
  )
}

export default function RequestDetail() {
  const { request: r } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <p>
        <Link to="/staff/requests">{t('requests.back')}</Link>
      </p>
      <h1>
        {t('requests.detailTitle')} · {r.enterprise.name}
      </h1>
      <p>
        {t(`requests.categories.${r.category}`)} · <strong className="status">{t(`requests.statuses.${r.status}`)}</strong>
        {r.overdue && <span className="badge"> {t('requests.overdue')}</span>}
        {r.escalated && <span className="badge"> {t('requests.escalated')}</span>} · {r.fromVisit ? t('requests.fromVisit') : t('requests.raisedOnline')}
      </p>
      <p>{r.description}</p>
      <Attachments request={r} />
      <p className="hint">
        {t('requests.contactName')}：{r.contactName || '—'} · {t('requests.contactPhone')}：{r.contactPhone || '—'} · {t('requests.colCreated')}：{f.dateTime(r.createdAt)}
      </p>
      {r.department && (
        <p>
          {t('requests.colDepartment')}：{r.department} · {t('requests.colDeadline')}：{r.deadline ? f.dateTime(r.deadline) : '—'}
        </p>
      )}
      {r.need && (
        <p>
          <Link to={`/needs/${r.need.id}`}>{t('requests.needLink', { title: r.need.title })}</Link>
        </p>
      )}

      {r.actions.includes('assign') && (
        <StepForm intent="assign" title={t('requests.assignTitle')}>
          <label>
            {t('requests.department')}
            <input name="department" required maxLength={60} defaultValue={r.department ?? ''} />
          </label>
          <label>
            {t('requests.workingDays')}
            <input name="workingDays" type="number" min={1} max={60} required defaultValue={r.workingDays ?? 5} />
            <span className="hint">{t('requests.workingDaysHint')}</span>
          </label>
          <button type="submit">{t('requests.assign')}</button>
        </StepForm>
      )}
      {r.actions.includes('start') && (
        <StepForm intent="start">
          <button type="submit">{t('requests.start')}</button>
        </StepForm>
      )}
      {r.actions.includes('answer') && (
        <StepForm intent="answer" title={t('requests.answerTitle')}>
          <label>
            {t('requests.answerText')}
            <textarea name="text" rows={4} required />
          </label>
          <button type="submit">{t('requests.answer')}</button>
        </StepForm>
      )}
      {r.actions.includes('close') && (
        <StepForm intent="close">
          <button type="submit">{t('requests.close')}</button> <span className="hint">{t('requests.closeHint')}</span>
        </StepForm>
      )}
      {r.mayTurnIntoNeed && (
        <StepForm intent="need" title={t('requests.toNeedTitle')} hint={t('requests.toNeedHint')}>
          <label>
            {t('requests.needTitle')}
            <input name="title" required maxLength={100} />
          </label>
          <label>
            {t('requests.needField')}
            <select name="field" required>
              {fieldOptions(t).map((field) => (
                <option key={field.value} value={field.value}>
                  {field.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('requests.needKeywords')}
            <input name="keywords" required maxLength={200} />
          </label>
          <button type="submit">{t('requests.toNeed')}</button>
        </StepForm>
      )}

      <h2>{t('requests.answersTitle')}</h2>
      <RequestAnswers answers={r.answers} withNote />
      <h2>{t('requests.trailTitle')}</h2>
      <table id="request-trail">
        <TableHead columns={[t('requests.colAt'), t('requests.colAction'), t('requests.colStatus'), t('requests.colActor')]} />
        <tbody>
          {r.trail.map((e) => (
            <tr key={e.id}>
              <td>{f.dateTime(e.at)}</td>
              <td>{e.action}</td>
              <td>{e.toStatus ? t(`requests.statuses.${e.toStatus as 'ACCEPTED'}`) : ''}</td>
              <td>{e.actor ?? t('requests.system')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** One step of the loop: its form posts `intent` and shows the reply to it; a step with fields is a card with a title. */
function StepForm({ intent, title, hint, children }: { intent: string; title?: string; hint?: string; children: ReactNode }) {
  const reply = useActionData<typeof action>()
  const t = useT()
  const body = (
    <>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {reply && reply.form === intent ? (
        reply.ok ? (
          <p role="status">{t('requests.done')}</p>
        ) : (
          <p className="alert" role="alert">
            {reply.message}
          </p>
        )
      ) : null}
      {children}
    </>
  )
  if (!title) return <Form method="post">{body}</Form>
  return (
    <Form method="post" className="card" aria-labelledby={`${intent}-title`}>
      <h2 id={`${intent}-title`}>{title}</h2>
      {hint && <p className="hint">{hint}</p>}
      {body}
    </Form>
  )
}
