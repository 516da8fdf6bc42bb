import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ConfirmForm } from '~/components/confirm-form.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { FormErrors, MoneyField, TextArea } from '~/components/form-field.tsx'
import { fieldText } from '~/components/enum-text.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useMessage, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import {
  applyToChallenge,
  closeChallenge,
  confirmSelection,
  getChallenge,
  linkChallengeContract,
  recordSubsidyPaid,
  selectApplication,
} from '~/services/challenges.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { ApplyChallengeSchema, DecideChallengeSchema } from '~/utils/challenge-validation.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost, runFormAction } from '~/utils/form-action.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.challenge.need.title ?? t('challenges.title')} · ${t('challenges.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  return { challenge: await orRespond(getChallenge(db, user, params.id!, new Date())), signedIn: user !== null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request)
  const id = params.id!
  const now = new Date()
  if (formData.get('intent') === 'apply') {
    const submission = parseWithZod(formData, { schema: ApplyChallengeSchema })
    if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
    const outcome = await runFormAction(submission, () => applyToChallenge(db, user, id, { proposal: submission.value.proposal, quoteFen: submission.value.quote }, now))
    return outcome.ok ? submission.reply({ resetForm: true }) : outcome.response
  }
  const parsed = parseSmallForm(DecideChallengeSchema, formData)
  if (!parsed.ok) return data({ ok: false as const, form: 'decide' as const, message: parsed.message, field: parsed.field }, { status: 400 })
  const v = parsed.value
  return formReply(async () => {
    switch (v.intent) {
      case 'select':
        await selectApplication(db, user, id, v.applicationId, now)
        return
      case 'confirm':
        await confirmSelection(db, user, id, now)
        return
      case 'close':
        await closeChallenge(db, user, id, v.reason, now)
        return
      case 'contract':
        await linkChallengeContract(db, user, id, v.registrationNo, now)
        return
      case 'subsidy':
        await recordSubsidyPaid(db, user, id, now)
        return
    }
  }, { form: 'decide' as const })
}

function ApplyForm() {
  const t = useT()
  const reply = useActionData<typeof action>()
  // The apply form's answers are conform's submission results; the decision forms' carry `form: 'decide'`.
  const lastResult = reply && !('form' in reply) ? reply : undefined
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApplyChallengeSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <section className="card">
      <h2>{t('challenges.applyTitle')}</h2>
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="apply" />
        <FormErrors form={form} />
        <TextArea meta={fields.proposal} label={t('challenges.proposalLabel')} />
        <MoneyField meta={fields.quote} label={t('challenges.quoteLabel')} />
        <button type="submit">{t('challenges.submitApply')}</button>
      </Form>
    </section>
  )
}

export default function ChallengeDetail() {
  const { challenge: c, signedIn } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const message = useMessage()
  const decision = reply && 'form' in reply && reply.form === 'decide' ? reply : null
  const subsidy = c.subsidyFen === null ? '' : `${f.moneyExact(c.subsidyFen)}（${f.money(c.subsidyFen)}）`
  return (
    <>
      <p>
        <Link to="/challenges">← {t('challenges.title')}</Link>
      </p>
      <h1>
        {c.need.title} <span className={`badge ${c.status}`}>{t(`challenges.status.${c.status}`)}</span>
        {c.fundedByBureau && <span className="badge">{t('challenges.fundedByBureau')}</span>}
      </h1>
      {decision && (
        <p className={decision.ok ? 'notice' : 'alert'} role={decision.ok ? 'status' : 'alert'}>
          {decision.ok ? t('challenges.done') : message(decision.message)}
        </p>
      )}
      <section className="card">
        <dl className="facts">
          <dt>{t('challenges.reward')}</dt>
          <dd className="price">{f.money(c.rewardFen)}</dd>
          <dt>{t('challenges.poster')}</dt>
          <dd>
            {c.need.poster}（{c.need.county}）
          </dd>
          <dt>{t('challenges.field')}</dt>
          <dd>{fieldText(t, c.need.field)}</dd>
          <dt>{t('challenges.deadline')}</dt>
          <dd>{f.dateTime(c.deadline)}</dd>
          <dt>{t('challenges.applicationsCount')}</dt>
          <dd>{t('challenges.applicationsCountValue', { count: c.applicationCount })}</dd>
          {c.fundedByBureau && (
            <>
              <dt>{t('challenges.subsidy')}</dt>
              <dd>
                {subsidy} {c.status === 'AWARDED' && (c.subsidyPaidAt ? t('challenges.subsidyPaid', { at: f.dateTime(c.subsidyPaidAt) }) : t('challenges.subsidyDue'))}
              </dd>
            </>
          )}
          {c.winner && (
            <>
              <dt>{t('challenges.winner')}</dt>
              <dd data-testid="challenge-winner">
                {c.winner}
                {c.awardedAt && <span className="meta"> · {t('challenges.awardedOn', { at: f.dateTime(c.awardedAt) })}</span>}
              </dd>
            </>
          )}
          {c.closeReason && (
            <>
              <dt>{t('challenges.closeReason')}</dt>
              <dd>{c.closeReason}</dd>
            </>
          )}
          {c.contractNo && (
            <>
              <dt>{t('challenges.contractNo')}</dt>
              <dd>{c.contractNo}</dd>
            </>
          )}
        </dl>
        <h2>{t('challenges.problem')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{c.need.description}</p>
        <p>
          <Link to={`/needs/${c.need.id}`}>{t('challenges.need')}</Link>
        </p>
        <h2>{t('challenges.conditions')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{c.conditions || t('challenges.noConditions')}</p>
      </section>

      {c.viewer.canApply && <ApplyForm />}
      {!signedIn && c.status === 'OPEN' && (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/challenges/${c.id}`)}`}>{t('challenges.signInToApply')}</Link>
        </p>
      )}

      {(c.viewer.seesAll || c.mine) && (
        <section>
          <h2>{c.viewer.seesAll ? t('challenges.applications') : t('challenges.myApplication')}</h2>
          {c.applications.length === 0 && <p>{t('challenges.noApplications')}</p>}
          <ul className="list">
            {c.applications.map((a) => (
              <li key={a.id} data-testid="challenge-application">
                <h3>
                  {a.applicant} <span className={`badge ${a.status}`}>{t(`challenges.appStatus.${a.status}`)}</span>
                </h3>
                <p style={{ whiteSpace: 'pre-wrap' }}>{a.proposal}</p>
                <div className="meta">
                  {a.quoteFen !== null && (
                    <span>
                      {t('challenges.quote')}：{f.money(a.quoteFen)}
                    </span>
                  )}
                  <span>
                    {t('challenges.submittedAt')}：{f.dateTime(a.createdAt)}
                  </span>
                </div>
                {a.canSelect && (
                  <ConfirmForm method="post" question={t('challenges.confirmSelect', { name: a.applicant })}>
                    <CsrfInput />
                    <input type="hidden" name="intent" value="select" />
                    <input type="hidden" name="applicationId" value={a.id} />
                    <button type="submit">{t('challenges.select')}</button>
                  </ConfirmForm>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {c.viewer.canConfirm && (
        <ConfirmForm method="post" question={t('challenges.confirmAwardAsk', { amount: subsidy })}>
          <CsrfInput />
          <input type="hidden" name="intent" value="confirm" />
          <button type="submit">{t('challenges.confirmAward')}</button>
        </ConfirmForm>
      )}
      {c.viewer.canLinkContract && (
        <Form method="post" className="inline-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="contract" />
          <label>
            {t('challenges.contractNo')} <input name="registrationNo" required maxLength={64} />
          </label>
          <button type="submit">{t('challenges.linkContract')}</button>
        </Form>
      )}
      {c.viewer.canRecordSubsidy && (
        <ConfirmForm method="post" question={t('challenges.confirmSubsidy', { amount: subsidy })}>
          <CsrfInput />
          <input type="hidden" name="intent" value="subsidy" />
          <button type="submit">{t('challenges.recordSubsidy')}</button>
        </ConfirmForm>
      )}
      {c.viewer.canClose && (
        <ConfirmForm method="post" question={t('challenges.confirmClose')} className="inline-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="close" />
          <label>
            {t('challenges.closeReasonLabel')} <input name="reason" required maxLength={500} />
          </label>
          <button type="submit" className="secondary">
            {t('challenges.close')}
          </button>
        </ConfirmForm>
      )}
    </>
  )
}
