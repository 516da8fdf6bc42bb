// The enterprise's requests (诉求): raise one, follow its steps, read the answers and rate them.
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { Errors, FormErrors, TextField } from '~/components/form-field.tsx'
import { RequestAnswers } from '~/components/request-answers.tsx'
import { RequestAttachments as Attachments } from '~/components/request-attachments.tsx'
import { CategoryOptions } from '~/components/request-category-select.tsx'
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_FILES, MAX_REQUEST_BODY_BYTES } from '~/domain/request-attachments.ts'
import { REQUEST_RATINGS } from '~/domain/service-requests.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { listOwnRequests, raiseRequest, rateRequest } from '~/services/service-requests.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { RaiseRequestSchema, RateRequestSchema } from '~/utils/campaign-validation.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, runFormAction } from '~/utils/form-action.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('requests.myTitle')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return { requests: await orRespond(listOwnRequests(db, user, new Date())) }
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  // Files are read into memory: a body larger than every file allowed together is refused before it is read.
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_REQUEST_BODY_BYTES) {
    const t = await getT(request)
    return data({ status: 'error' as const, error: { files: [t('requests.errors.attachmentsTooLarge', { max: MAX_ATTACHMENT_FILES, maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 })] } }, { status: 413 })
  }
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const now = new Date()
  if (formData.get('intent') === 'rate') {
    const parsed = parseSmallForm(RateRequestSchema, formData)
    if (!parsed.ok) return data({ ok: false as const, form: 'rate' as const, requestId: String(formData.get('requestId') ?? ''), message: parsed.message, field: parsed.field }, { status: 400 })
    const { requestId, rating, note } = parsed.value
    return formReply(async () => void (await rateRequest(db, user, requestId, { rating, note }, now)), { form: 'rate' as const, requestId })
  }
  const submission = parseWithZod(formData, { schema: RaiseRequestSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const files = await Promise.all(
    formData
      .getAll('files')
      .filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''))
      .map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  )
  const { category, description, contactName, contactPhone } = submission.value
  const outcome = await runFormAction(submission, () => raiseRequest(db, user, { category, description, contactName, contactPhone, attachments: [], files }, now))
  // (reply({ resetForm: true }) carries no status: it is added so the page can say the request was received)
  return outcome.ok ? data({ ...submission.reply({ resetForm: true }), status: 'success' as const }) : outcome.response
}

export default function MyRequests() {
  const { requests } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const isRate = reply !== undefined && 'form' in reply
  const [form, fields] = useForm({
    lastResult: isRate ? undefined : reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RaiseRequestSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const raisedNow = !isRate && reply !== undefined && 'status' in reply && reply.status === 'success'
  return (
    <>
      <h1>{t('requests.myTitle')}</h1>
      <p>{t('requests.myIntro')}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card" aria-labelledby="raise-title">
        <h2 id="raise-title">{t('requests.raiseTitle')}</h2>
        <CsrfInput />
        {raisedNow && <p role="status">{t('requests.raised')}</p>}
        <FormErrors form={form} />
        <div className="field">
          <label htmlFor={fields.category.id}>{t('requests.category')}</label>
          <select id={fields.category.id} name={fields.category.name} defaultValue="" aria-describedby={fields.category.errorId}>
            <CategoryOptions />
          </select>
          <Errors meta={fields.category} />
        </div>
        <div className="field">
          <label htmlFor={fields.description.id}>{t('requests.description')}</label>
          <textarea id={fields.description.id} name={fields.description.name} rows={4} aria-describedby={fields.description.errorId} />
          <Errors meta={fields.description} />
        </div>
        <div className="field">
          <label htmlFor={fields.files.id}>{t('requests.filesLabel')}</label>
          <input id={fields.files.id} name={fields.files.name} type="file" multiple accept={ATTACHMENT_ACCEPT} aria-describedby={`${fields.files.errorId} ${fields.files.id}-hint`} />
          <span className="hint" id={`${fields.files.id}-hint`}>
            {t('requests.filesHint', { max: MAX_ATTACHMENT_FILES, maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 })}
          </span>
          <Errors meta={fields.files} />
        </div>
        <div className="grid2">
          <TextField meta={fields.contactName} label={t('requests.contactName')} />
          <TextField meta={fields.contactPhone} label={t('requests.contactPhone')} />
        </div>
        <button type="submit">{t('requests.raise')}</button>
      </Form>
      {requests.length === 0 ? (
        <p>{t('requests.myEmpty')}</p>
      ) : (
        requests.map((r) => (
          <article key={r.id} id={`r-${r.id}`} className="card request">
            <h2>
              {t(`requests.categories.${r.category}`)} · <span className="status">{t(`requests.statuses.${r.status}`)}</span>
              {r.overdue && <span className="badge"> {t('requests.overdue')}</span>}
            </h2>
            <p>{r.description}</p>
            <Attachments request={r} />
            <p className="hint">
              {t('requests.colCreated')}：{f.dateTime(r.createdAt)}
              {r.department && (
                <>
                  {' · '}
                  {t('requests.colDepartment')}：{r.department}
                </>
              )}
              {r.deadline && (
                <>
                  {' · '}
                  {t('requests.colDeadline')}：{f.dateTime(r.deadline)}
                </>
              )}
            </p>
            {r.need && (
              <p>
                <a href={`/needs/${r.need.id}`}>{t('requests.needLink', { title: r.need.title })}</a>
              </p>
            )}
            <h3>{t('requests.answersTitle')}</h3>
            <RequestAnswers answers={r.answers} />
            {r.status === 'ANSWERED' && (
              <Form method="post" aria-label={t('requests.rateTitle')}>
                <CsrfInput />
                <input type="hidden" name="intent" value="rate" />
                <input type="hidden" name="requestId" value={r.id} />
                {reply && 'form' in reply && reply.requestId === r.id && !reply.ok && (
                  <p className="alert" role="alert">
                    {reply.message}
                  </p>
                )}
                <fieldset>
                  <legend>{t('requests.rateTitle')}</legend>
                  {REQUEST_RATINGS.map((rating) => (
                    <label key={rating}>
                      <input type="radio" name="rating" value={rating} required /> {t(`requests.ratings.${rating}`)}
                    </label>
                  ))}
                </fieldset>
                <label>
                  {t('requests.ratingNote')}
                  <input name="note" maxLength={1000} />
                </label>
                <button type="submit">{t('requests.rate')}</button>
              </Form>
            )}
          </article>
        ))
      )}
    </>
  )
}
