import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { signOut } from '~/services/sign-in.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  await validateCsrf(request, await request.formData())
  return redirect('/', { headers: { 'Set-Cookie': await signOut(getDb(), request, new Date()) } })
}
