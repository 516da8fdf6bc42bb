// 通知中心: the user's in-app notifications (newest first), mark read, and the
// channel per kind (in-app, e-mail, both).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { CHANNELS, KIND_LABELS, NOTIFICATION_KINDS, type Channel } from '~/domain/notifications.ts'
import { listNotifications, markRead, preferencesOf, setPreference } from '~/services/notifications.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formFailure, parseSmallForm } from '~/utils/form-action.server.ts'
import { formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '通知 · 科技成果交易市场' }]

const CHANNEL_LABELS: Record<Channel, string> = { IN_APP: '站内', EMAIL: '邮件', BOTH: '站内和邮件' }

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const [items, preferences] = await Promise.all([listNotifications(db, user.userId), preferencesOf(db, user.userId)])
  return { items, preferences }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('read-all') }),
  z.object({ intent: z.literal('preferences') }).passthrough(),
])

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const parsed = parseSmallForm(ActionSchema, formData)
  if (!parsed.ok) return data({ ok: false, message: parsed.message }, { status: 400 })
  const now = new Date()
  try {
    if (parsed.value.intent === 'read') return { ok: true, message: (await markRead(db, user.userId, [parsed.value.id], now)) ? '已标为已读' : '没有可标记的通知' }
    if (parsed.value.intent === 'read-all') return { ok: true, message: `已将 ${await markRead(db, user.userId, 'all', now)} 条标为已读` }
    for (const kind of NOTIFICATION_KINDS) {
      const channel = formData.get(`channel.${kind}`)
      if (channel === null) continue
      if (!CHANNELS.includes(channel as Channel)) return data({ ok: false, message: '请选择站内、邮件或两者' }, { status: 400 })
      await setPreference(db, user.userId, kind, channel as Channel)
    }
    return { ok: true, message: '通知方式已保存' }
  } catch (error) {
    return formFailure(error)
  }
}

export default function Notifications() {
  const { items, preferences } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const unread = items.filter((i) => !i.read).length
  return (
    <>
      <h1>通知</h1>
      {result && (
        <p className={result.ok ? 'notice' : 'alert'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      )}
      <section aria-labelledby="n-list">
        <div className="row">
          <h2 id="n-list">站内通知（{unread} 条未读）</h2>
          {unread > 0 && (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="read-all">
                全部标为已读
              </button>
            </Form>
          )}
        </div>
        {items.length === 0 && <p>暂无通知。</p>}
        <ul className="list notifications">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'} data-kind={n.kind}>
              <h3>{n.href ? <Link to={n.href}>{n.title}</Link> : n.title}</h3>
              <p>{n.body}</p>
              <div className="meta">
                <span>{formatDateTime(n.createdAt)}</span>
                {!n.read && (
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" name="intent" value="read">
                      标为已读
                    </button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="n-prefs">
        <h2 id="n-prefs">通知方式</h2>
        <p className="meta">
          每类通知可选站内、邮件或两者。邮件发往登录邮箱。 <Link to="/my/watchlist">我的收藏</Link>中的标的和成果开始竞价、即将结束、延时时也会通知您。
        </p>
        <Form method="post">
          <CsrfInput />
          <table>
            <thead>
              <tr>
                <th scope="col">通知</th>
                {CHANNELS.map((c) => (
                  <th scope="col" key={c}>
                    {CHANNEL_LABELS[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {NOTIFICATION_KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{KIND_LABELS['zh-CN'][kind]}</th>
                  {CHANNELS.map((c) => (
                    <td key={c}>
                      <input type="radio" name={`channel.${kind}`} value={c} defaultChecked={preferences[kind] === c} aria-label={`${KIND_LABELS['zh-CN'][kind]}：${CHANNEL_LABELS[c]}`} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" name="intent" value="preferences">
            保存通知方式
          </button>
        </Form>
      </section>
    </>
  )
}
