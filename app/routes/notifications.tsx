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
import { getDb } from '~/utils/db.server.ts'
import { formFailure, parseSmallForm, readPost } from '~/utils/form-action.server.ts'
import { currentLocale, getT } from '~/utils/i18n.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.notifications')} · ${t('app.name')}` }]
}


export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  // In the page's language (the e-mails go in the recipient's saved one).
  const [items, preferences] = await Promise.all([listNotifications(db, user.userId, currentLocale()), preferencesOf(db, user.userId)])
  return { items, preferences }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('read-all') }),
  z.object({ intent: z.literal('preferences') }).passthrough(),
])

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request)
  const parsed = parseSmallForm(ActionSchema, formData)
  if (!parsed.ok) return data({ ok: false, message: parsed.message }, { status: 400 })
  const now = new Date()
  const t = await getT(request)
  try {
    if (parsed.value.intent === 'read') return { ok: true, message: (await markRead(db, user.userId, [parsed.value.id], now)) ? t('listingPages.notifications.markedRead') : t('listingPages.notifications.nothingToMark') }
    if (parsed.value.intent === 'read-all') return { ok: true, message: t('listingPages.notifications.markedAll', { number: await markRead(db, user.userId, 'all', now) }) }
    for (const kind of NOTIFICATION_KINDS) {
      const channel = formData.get(`channel.${kind}`)
      if (channel === null) continue
      if (!CHANNELS.includes(channel as Channel)) return data({ ok: false, message: t('listingPages.notifications.chooseChannel') }, { status: 400 })
      await setPreference(db, user.userId, kind, channel as Channel)
    }
    return { ok: true, message: t('listingPages.notifications.saved') }
  } catch (error) {
    return formFailure(error)
  }
}

export default function Notifications() {
  const { items, preferences } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const unread = items.filter((i) => !i.read).length
  const t = useT()
  const f = useFormat()
  const locale = f.locale
  return (
    <>
      <h1>{t('nav.notifications')}</h1>
      {result && (
        <p className={result.ok ? 'notice' : 'alert'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      )}
      <section aria-labelledby="n-list">
        <div className="row">
          <h2 id="n-list">{t('listingPages.notifications.inApp', { count: unread })}</h2>
          {unread > 0 && (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="read-all">
                {t('listingPages.notifications.markAllRead')}
              </button>
            </Form>
          )}
        </div>
        {items.length === 0 && <p>{t('listingPages.notifications.empty')}</p>}
        <ul className="list notifications">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'} data-kind={n.kind}>
              <h3>{n.href ? <Link to={n.href}>{n.title}</Link> : n.title}</h3>
              <p>{n.body}</p>
              <div className="meta">
                <span>{f.dateTime(n.createdAt)}</span>
                {!n.read && (
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" name="intent" value="read">
                      {t('listingPages.notifications.markRead')}
                    </button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="n-prefs">
        <h2 id="n-prefs">{t('listingPages.notifications.settings')}</h2>
        <p className="meta">
          {t('listingPages.notifications.settingsIntro')}
          <Link to="/my/watchlist">{t('listingPages.watchlist.title')}</Link>
          {t('listingPages.notifications.settingsWatch')}
        </p>
        <Form method="post">
          <CsrfInput />
          <table>
            <thead>
              <tr>
                <th scope="col">{t('listingPages.notifications.kind')}</th>
                {CHANNELS.map((c) => (
                  <th scope="col" key={c}>
                    {t(`enums.channel.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {NOTIFICATION_KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{KIND_LABELS[locale][kind]}</th>
                  {CHANNELS.map((c) => (
                    <td key={c}>
                      <input type="radio" name={`channel.${kind}`} value={c} defaultChecked={preferences[kind] === c} aria-label={t('listingPages.notifications.channelFor', { kind: KIND_LABELS[locale][kind], channel: t(`enums.channel.${c}`) })} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" name="intent" value="preferences">
            {t('listingPages.notifications.save')}
          </button>
        </Form>
      </section>
    </>
  )
}
