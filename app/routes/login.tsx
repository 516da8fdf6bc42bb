import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { FormErrors } from '~/components/form-field.tsx'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { signInWithPassword } from '~/services/sign-in.server.ts'
import { commitLoginCookie, getCurrentUser } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { safeRedirect } from '~/utils/service-response.server.ts'
import { getT, localeCookie } from '~/utils/i18n.server.ts'
import { fixedT, isLocale, type MessageKey } from '~/i18n/catalogue.ts'
import { useMessage, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('login.title')} · ${t('app.name')}` }]
}

// Messages are catalogue keys: the form shows them translated (useMessage), in the browser and after the post.
const LoginSchema = z.object({
  email: z.email({ error: 'login.emailInvalid' satisfies MessageKey }),
  password: z.string({ error: 'login.passwordRequired' satisfies MessageKey }).min(1, 'login.passwordRequired' satisfies MessageKey),
  redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect('/')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password'] }), { status: 400 })
  const { email, password, redirectTo } = submission.value
  const address = String((context as { clientAddress?: string }).clientAddress ?? 'unknown')
  const db = getDb()
  const outcome = await signInWithPassword(db, { email, password, address }, new Date())
  const t = await getT(request)
  if (!outcome.ok && outcome.reason === 'unavailable') {
    return data(submission.reply({ formErrors: [t('login.unavailable')], hideFields: ['password'] }), { status: 503 })
  }
  if (!outcome.ok && outcome.reason === 'rate-limited') {
    return data(submission.reply({ formErrors: [t('login.tooMany', { minutes: Math.ceil(outcome.waitSeconds / 60) })], hideFields: ['password'] }), {
      status: 429,
    })
  }
  if (!outcome.ok) return data(submission.reply({ formErrors: [t('login.wrongPassword')], hideFields: ['password'] }), { status: 400 })
  const headers = new Headers({ 'Set-Cookie': await commitLoginCookie(request, outcome.sessionId) })
  // The language the user chose before, on another browser, comes back with the sign-in.
  const user = await db.user.findUnique({ where: { id: outcome.userId }, select: { locale: true } })
  if (isLocale(user?.locale)) headers.append('Set-Cookie', await localeCookie.serialize(user.locale))
  return redirect(safeRedirect(redirectTo), { headers })
}

export default function Login() {
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const t = useT()
  const message = useMessage()
  const [form, fields] = useForm<z.input<typeof LoginSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="card" style={{ maxWidth: 420, margin: '2rem auto' }}>
      <h1>{t('login.title')}</h1>
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
        <FormErrors form={form} />
        <div className="field">
          <label htmlFor={fields.email.id}>{t('login.email')}</label>
          <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" />
          <p className="error" id={fields.email.errorId}>
            {fields.email.errors?.map((e) => message(e)).join(t('form.separator'))}
          </p>
        </div>
        <div className="field">
          <label htmlFor={fields.password.id}>{t('login.password')}</label>
          <input {...getInputProps(fields.password, { type: 'password' })} autoComplete="current-password" />
          <p className="error" id={fields.password.errorId}>
            {fields.password.errors?.map((e) => message(e)).join(t('form.separator'))}
          </p>
        </div>
        <button type="submit">{t('login.submit')}</button>
      </Form>
    </div>
  )
}
