// The development mail server's inbox (npm start without SMTP_URL): what the marketplace sent, newest first.
// Not in production, and only the mail of this process's development server.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { devMailbox } from '~/utils/mail.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('listingPages.devMail.title')} · ${t('app.name')}` }]
}

export function loader({ request }: LoaderFunctionArgs) {
  // getEnv, not process.env.NODE_ENV: the Remix build replaces that literal with "production".
  if (getEnv().NODE_ENV === 'production') throw new Response('Not found', { status: 404 })
  const to = new URL(request.url).searchParams.get('to')?.toLowerCase() ?? ''
  const messages = devMailbox().filter((m) => !to || m.to.some((a) => a.toLowerCase().includes(to)))
  return { messages: messages.slice(0, 200), to }
}

export default function DevMail() {
  const { messages, to } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{t('listingPages.devMail.title')}</h1>
      <p className="meta">{t('listingPages.devMail.intro')}</p>
      <form method="get" className="row">
        <label>
          {t('listingPages.devMail.recipient')} <input name="to" defaultValue={to} />
        </label>
        <button type="submit">{t('listingPages.devMail.filter')}</button>
      </form>
      {messages.length === 0 && <p>{t('listingPages.devMail.empty')}</p>}
      <ul className="list" data-testid="dev-mail">
        {messages.map((m) => (
          <li key={m.id}>
            <h3>{m.subject}</h3>
            <div className="meta">
              <span>{t('listingPages.devMail.to', { to: m.to.join(', ') })}</span>
              <span>{f.dateTimeSeconds(m.receivedAt)}</span>
            </div>
            <pre className="mail-text">{m.text}</pre>
          </li>
        ))}
      </ul>
    </>
  )
}
