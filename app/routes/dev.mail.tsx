// The development mail server's inbox (npm start without SMTP_URL): what the marketplace sent, newest first.
// Not in production, and only the mail of this process's development server.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { devMailbox } from '~/utils/mail.server.ts'
import { getEnv } from '~/utils/env.server.ts'

export const meta: MetaFunction = () => [{ title: '开发邮箱 · 科技成果交易市场' }]

export function loader({ request }: LoaderFunctionArgs) {
  // getEnv, not process.env.NODE_ENV: the Remix build replaces that literal with "production".
  if (getEnv().NODE_ENV === 'production') throw new Response('Not found', { status: 404 })
  const to = new URL(request.url).searchParams.get('to')?.toLowerCase() ?? ''
  const messages = devMailbox().filter((m) => !to || m.to.some((a) => a.toLowerCase().includes(to)))
  return { messages: messages.slice(0, 200), to }
}

export default function DevMail() {
  const { messages, to } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>开发邮箱</h1>
      <p className="meta">未设置 SMTP_URL 时，邮件发往本进程内的开发邮件服务器（smtp-server），在此阅读；重启后清空。</p>
      <form method="get" className="row">
        <label>
          收件人 <input name="to" defaultValue={to} />
        </label>
        <button type="submit">筛选</button>
      </form>
      {messages.length === 0 && <p>暂无邮件。</p>}
      <ul className="list" data-testid="dev-mail">
        {messages.map((m) => (
          <li key={m.id}>
            <h3>{m.subject}</h3>
            <div className="meta">
              <span>收件人：{m.to.join(', ')}</span>
              <span>{m.receivedAt}</span>
            </div>
            <pre className="mail-text">{m.text}</pre>
          </li>
        ))}
      </ul>
    </>
  )
}
