import { getFormProps, getInputProps, useForm } from '@conform-to/react'
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

export const meta: MetaFunction = () => [{ title: '登录 · 科技成果交易市场' }]

const LoginSchema = z.object({
  email: z.email({ error: '请输入有效的邮箱地址' }),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码'),
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
  const address = String(context.clientAddress ?? 'unknown')
  const outcome = await signInWithPassword(getDb(), { email, password, address }, new Date())
  if (!outcome.ok && outcome.reason === 'rate-limited') {
    return data(submission.reply({ formErrors: [`尝试次数过多，请 ${Math.ceil(outcome.waitSeconds / 60)} 分钟后再试`], hideFields: ['password'] }), {
      status: 429,
    })
  }
  if (!outcome.ok) return data(submission.reply({ formErrors: ['邮箱或密码不正确'], hideFields: ['password'] }), { status: 400 })
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': await commitLoginCookie(request, outcome.sessionId) } })
}

export default function Login() {
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm<z.input<typeof LoginSchema>>({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="card" style={{ maxWidth: 420, margin: '2rem auto' }}>
      <h1>登录</h1>
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
        {form.errors && (
          <p className="alert" role="alert" id={form.errorId}>
            {form.errors.join('；')}
          </p>
        )}
        <div className="field">
          <label htmlFor={fields.email.id}>邮箱</label>
          <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" />
          <p className="error" id={fields.email.errorId}>
            {fields.email.errors}
          </p>
        </div>
        <div className="field">
          <label htmlFor={fields.password.id}>密码</label>
          <input {...getInputProps(fields.password, { type: 'password' })} autoComplete="current-password" />
          <p className="error" id={fields.password.errorId}>
            {fields.password.errors}
          </p>
        </div>
        <button type="submit">登录</button>
      </Form>
    </div>
  )
}
