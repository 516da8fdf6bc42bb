import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from '@remix-run/react'
import appCss from '~/styles/app.css'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { ensureCsrfToken } from '~/utils/csrf.server.ts'
import { getLocale } from '~/utils/i18n.server.ts'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { I18nProvider, useLocale, useMessage, useT } from '~/i18n/react.tsx'
import { useNonce } from '~/utils/nonce-provider.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appCss },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: fixedT(data?.locale ?? 'zh-CN')('app.name') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, csrf] = await Promise.all([getCurrentUser(request), ensureCsrfToken(request)])
  return data(
    {
      csrf: csrf.token,
      locale: await getLocale(request),
      user: user && { name: user.name, role: user.role, organizationName: user.organizationName },
    },
    csrf.setCookie ? { headers: { 'Set-Cookie': csrf.setCookie } } : undefined,
  )
}

function LanguageSwitch() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const other = locale === 'en' ? 'zh-CN' : 'en'
  return (
    <Form method="post" action="/language" className="language-switch">
      <CsrfInput />
      <input type="hidden" name="lng" value={other} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" lang={other} aria-label={t('language.switchToLabel')}>
        {t('language.switchTo')}
      </button>
    </Form>
  )
}

function Nav() {
  const root = useRouteLoaderData<typeof loader>('root')
  const user = root?.user
  const t = useT()
  return (
    <header className="site">
      <div className="bar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')} className="row">
          <Link to="/results">{t('nav.results')}</Link>
          <Link to="/needs">{t('nav.needs')}</Link>
          <Link to="/auctions">{t('nav.auctions')}</Link>
          {user?.role === 'INSTITUTION' && <Link to="/my/results">{t('nav.myResults')}</Link>}
          {user?.role === 'ENTERPRISE' && <Link to="/my/needs">{t('nav.myNeeds')}</Link>}
          {user?.role === 'ENTERPRISE' && <Link to="/payments">{t('nav.myPayments')}</Link>}
          {user?.role === 'ENTERPRISE' && <Link to="/my/rewards">{t('nav.myRewards')}</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/review">{t('nav.staffReview')}</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/matching">{t('nav.staffMatching')}</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/thesaurus">{t('nav.staffThesaurus')}</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/payments">{t('nav.staffPayments')}</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/organizations">{t('nav.staffOrganizations')}</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/contracts">{t('nav.staffContracts')}</Link>}
          {user?.role === 'STAFF' && <Link to="/staff/rewards">{t('nav.staffRewards')}</Link>}
          {user && <Link to="/my/interests">{t('nav.interests')}</Link>}
        </nav>
        <span className="row">
          <LanguageSwitch />
          {user ? (
            <>
              <span>{t('nav.userWithOrg', { name: user.name, organization: user.organizationName })}</span>
              <Form method="post" action="/logout">
                <CsrfInput />
                <button type="submit">{t('nav.logout')}</button>
              </Form>
            </>
          ) : (
            <Link to="/login">{t('nav.login')}</Link>
          )}
        </span>
      </div>
    </header>
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
      {root && <Nav />}
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
