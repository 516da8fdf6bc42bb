import '~/utils/zod-setup.ts'
import { randomBytes } from 'node:crypto'
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from '@remix-run/react'
import appCss from '~/styles/app.css'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { unreadCount } from '~/services/notifications.server.ts'
import { ensureCsrfToken } from '~/utils/csrf.server.ts'
import { getLocale } from '~/utils/i18n.server.ts'
import { SiteNav } from '~/components/site-nav.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { I18nProvider, useLocale, useMessage, useT } from '~/i18n/react.tsx'
import { useNonce } from '~/utils/nonce-provider.ts'
import { useTableLabels } from '~/utils/table-labels.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appCss },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: fixedT(data?.locale ?? 'zh-CN')('app.name') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, csrf] = await Promise.all([getCurrentUser(request), ensureCsrfToken(request)])
  const unread = user ? await unreadCount(getDb(), user.userId) : 0
  return data(
    {
      csrf: csrf.token,
      locale: await getLocale(request),
      // A fresh one-time key for creating forms after every load and successful action (app/utils/submission-key.ts).
      submissionKey: randomBytes(18).toString('base64url'),
      user: user && { name: user.name, role: user.role, organizationName: user.organizationName, unread },
    },
    csrf.setCookie ? { headers: { 'Set-Cookie': csrf.setCookie } } : undefined,
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale()
  return (
    <I18nProvider locale={locale}>
      <Document>{children}</Document>
    </I18nProvider>
  )
}

function Document({ children }: { children: React.ReactNode }) {
  const locale = useLocale()
  const t = useT()
  const nonce = useNonce()
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip">
          {t('app.skipToContent')}
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  useTableLabels()
  return (
    <>
      <SiteNav />
      <main id="main">
        <Outlet />
      </main>
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  const message = useMessage()
  const root = useRouteLoaderData<typeof loader>('root')
  const notFound = isRouteErrorResponse(error) && error.status === 404
  const text = isRouteErrorResponse(error)
    ? notFound && (typeof error.data !== 'string' || !error.data || error.data.includes('No route matches'))
      ? t('common.notFoundText')
      : t('errors.status', { status: error.status, message: typeof error.data === 'string' && error.data ? message(error.data) : error.statusText })
    : t('errors.unknown')
  return (
    <>
      {root && <SiteNav />}
      <main id="main">
        <h1>{notFound ? t('common.notFoundTitle') : t('common.errorTitle')}</h1>
        <p className="alert" role="alert">
          {text}
        </p>
        <p>
          <Link to="/">{t('common.backHome')}</Link>
        </p>
      </main>
    </>
  )
}
