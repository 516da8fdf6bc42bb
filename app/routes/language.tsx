// POST /language: the header's language switcher. Saves the choice in a cookie (and on the user row when
// signed in) and goes back to the page it came from.
import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { isLocale } from '~/i18n/catalogue.ts'
import { saveLocale } from '~/services/preferences.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getT, localeCookie } from '~/utils/i18n.server.ts'
import { safeRedirect } from '~/utils/service-response.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  await validateCsrf(request, form)
  const lng = form.get('lng')
  if (!isLocale(lng)) throw new Response((await getT(request))('errors.invalidRequest'), { status: 400 })
  const user = await getCurrentUser(request)
  if (user) await saveLocale(getDb(), user.userId, lng)
  return redirect(safeRedirect(form.get('redirectTo')), {
    headers: { 'Set-Cookie': await localeCookie.serialize(lng) },
  })
}
