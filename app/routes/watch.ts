// 收藏: follow or unfollow a lot or a result (a form post from its page; back to that page).
import type { ActionFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { z } from 'zod'
import { setWatch } from '~/services/notifications.server.ts'
import { parseSmallForm, readPost } from '~/utils/form-action.server.ts'
import { orRespond, safeRedirect } from '~/utils/service-response.server.ts'

const WatchSchema = z
  .object({
    lotId: z.string().min(1).max(64).optional(),
    resultId: z.string().min(1).max(64).optional(),
    watching: z.enum(['1', '0'], { error: '请求无效' }),
    redirectTo: z.string().max(500).optional(),
  })
  .refine((v) => Boolean(v.lotId) !== Boolean(v.resultId), { message: '请指明标的或成果', path: ['lotId'] })

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request)
  const parsed = parseSmallForm(WatchSchema, formData)
  if (!parsed.ok) return data({ ok: false, message: parsed.message }, { status: 400 })
  const v = parsed.value
  await orRespond(setWatch(db, user.userId, v.lotId ? { lotId: v.lotId } : { resultId: v.resultId! }, v.watching === '1'))
  return redirect(safeRedirect(v.redirectTo, v.lotId ? `/auctions/lots/${v.lotId}` : `/results/${v.resultId}`))
}

export function loader() {
  return redirect('/my/watchlist')
}
