import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ConfirmForm, useAmountBoth } from '~/components/confirm-form.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { Errors, FormErrors, MoneyField, TextArea, TextField } from '~/components/form-field.tsx'
import { shanghaiToday } from '~/domain/calendar.ts'
import { parseMoneyInput } from '~/domain/money.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { canPostChallenge, postChallenge } from '~/services/challenges.server.ts'
import { getNeed } from '~/services/needs.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { PostChallengeSchema } from '~/utils/challenge-validation.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('challenges.postTitle')} · ${t('app.name')}` }]
}

async function allowed(request: Request, needId: string) {
  const db = getDb()
  const user = await requireUser(request, db)
  const as = await canPostChallenge(db, user, needId)
  // Nothing to post here (not the owner, not published, already a challenge): back to the need, which says why.
  if (!as) throw redirect(`/needs/${needId}`)
  return { db, user, as }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, as } = await allowed(request, params.id!)
  const need = await orRespond(getNeed(db, user, params.id!))
  return { need: { id: need.id, title: need.title }, fundedByBureau: as === 'staff', today: shanghaiToday(Date.now()) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, as } = await allowed(request, params.id!)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: PostChallengeSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const v = submission.value
  const outcome = await runFormAction(
    submission,
    () =>
      postChallenge(
        db,
        user,
        params.id!,
        { rewardFen: v.reward ?? 0, deadline: v.deadline, conditions: v.conditions, fundedByBureau: as === 'staff', subsidyFen: as === 'staff' ? v.subsidy : null },
        new Date(),
      ),
  )
  return outcome.ok ? redirect(`/challenges/${outcome.value.id}`) : outcome.response
}

export default function PostChallenge() {
  const { need, fundedByBureau } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const both = useAmountBoth()
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PostChallengeSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <p>
        <Link to={`/needs/${need.id}`}>← {need.title}</Link>
      </p>
      <h1>{t('challenges.postTitle')}</h1>
      <p className="meta">{t('challenges.postIntro')}</p>
      {fundedByBureau && <p className="notice">{t('challenges.fundedHint')}</p>}
      <ConfirmForm
        method="post"
        {...getFormProps(form)}
        className="card"
        question={(el) => {
          const reward = parseMoneyInput(String(new FormData(el).get('reward') ?? ''))
          return reward === null ? null : t('challenges.confirmPost', { amount: both(reward) })
        }}
      >
        <CsrfInput />
        <FormErrors form={form} />
        <MoneyField meta={fields.reward} label={t('challenges.rewardLabel')} />
        <TextField meta={fields.deadline} label={t('challenges.deadlineLabel')} hint={t('challenges.deadlineHint')} type="date" />
        <TextArea meta={fields.conditions} label={t('challenges.conditionsLabel')} />
        {fundedByBureau ? <MoneyField meta={fields.subsidy} label={t('challenges.subsidyLabel')} /> : <Errors meta={fields.subsidy} />}
        <button type="submit">{t('challenges.submitPost')}</button>
      </ConfirmForm>
    </>
  )
}
