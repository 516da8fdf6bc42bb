import { randomBytes } from 'node:crypto'
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react'
import appCss from '~/styles/app.css'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { unreadCount } from '~/services/notifications.server.ts'
import { ensureCsrfToken } from '~/utils/csrf.server.ts'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { useNonce } from '~/utils/nonce-provider.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appCss },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]
export const meta: MetaFunction = () => [{ title: '科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, csrf] = await Promise.all([getCurrentUser(request), ensureCsrfToken(request)])
  const unread = user ? await unreadCount(getDb(), user.userId) : 0
  return data(
    {
      csrf: csrf.token,
      // A fresh one-time key for creating forms after every load and successful action (app/utils/submission-key.ts).
      submissionKey: randomBytes(18).toString('base64url'),
      user: user && { name: user.name, role: user.role, organizationName: user.organizationName, unread },
    },
    csrf.setCookie ? { headers: { 'Set-Cookie': csrf.setCookie } } : undefined,
  )
}

function Nav() {
  const { user } = useLoaderData<typeof loader>()
  return (
    <header className="site">
      <div className="bar">
        <Link to="/" className="brand">
          科技成果交易市场
        </Link>
        <nav aria-label="主导航" className="row">
          <Link to="/results">科技成果</Link>
          <Link to="/needs">技术需求</Link>
          <Link to="/auctions">竞价</Link>
          {user?.role === 'INSTITUTION' && <Link to="/my/results">我的成果</Link>}
          {user?.role === 'ENTERPRISE' && <Link to="/my/needs">我的需求</Link>}
          {user?.role === 'ENTERPRISE' && <Link to="/payments">我的支付</Link>}
          {user?.role === 'ENTERPRISE' && <Link to="/my/rewards">我的奖励</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/review">审核队列</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/matching">匹配看板</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/thesaurus">匹配词表</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/payments">支付管理</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/organizations">单位管理</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/contracts">技术合同</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/rewards">奖励审核</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/policies">奖励政策</Link>}
          {user && <Link to="/my/interests">合作意向</Link>}
          {user && <Link to="/my/watchlist">收藏</Link>}
        </nav>
        {user ? (
          <span className="row">
            <Link to="/notifications" className="bell" aria-label={user.unread ? `通知（${user.unread} 条未读）` : '通知'} data-testid="notification-bell">
              通知{user.unread > 0 && <span className="count">{user.unread > 99 ? '99+' : user.unread}</span>}
            </Link>
            <span>
              {user.name}（{user.organizationName}）
            </span>
            <Form method="post" action="/logout">
              <CsrfInput />
              <button type="submit">退出</button>
            </Form>
          </span>
        ) : (
          <Link to="/login">登录</Link>
        )}
      </div>
    </header>
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip">
          跳到正文
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return (
    <>
      <Nav />
      <main id="main">
        <Outlet />
      </main>
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${typeof error.data === 'string' ? error.data : error.statusText}`
    : '发生了未知错误，请稍后再试'
  return (
    <main id="main">
      <h1>出错了</h1>
      <p className="alert" role="alert">
        {message}
      </p>
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </main>
  )
}
