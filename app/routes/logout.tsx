import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { logout } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  await validateCsrf(request, await request.formData())
  return redirect('/', { headers: { 'Set-Cookie': await logout(request) } })
}
