// The site header: brand, the menu for the signed-in role (staff's grouped into a few drop-downs so it fits
// one line, and a phone), notifications, the language switch, the user. Menu entries are data: add a page here.
import { Form, Link, NavLink, useLocation, useRouteLoaderData } from '@remix-run/react'
import type { MessageKey } from '~/i18n/catalogue.ts'
import { useLocale, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { CsrfInput } from './csrf-input.tsx'

type Role = 'INSTITUTION' | 'ENTERPRISE' | 'STAFF' | 'PROVINCE'
type Entry = { to: string; label: MessageKey; who: 'all' | 'signed-in' | Role }
type Group = { label: MessageKey; entries: Entry[] }

const PUBLIC: Entry[] = [
  { to: '/results', label: 'nav.results', who: 'all' },
  { to: '/needs', label: 'nav.needs', who: 'all' },
  { to: '/auctions', label: 'nav.auctions', who: 'all' },
  { to: '/challenges', label: 'nav.challenges', who: 'all' },
  { to: '/vouchers', label: 'layout.navVouchers', who: 'all' },
  { to: '/my/results', label: 'nav.myResults', who: 'INSTITUTION' },
  { to: '/my/needs', label: 'nav.myNeeds', who: 'ENTERPRISE' },
  { to: '/payments', label: 'nav.myPayments', who: 'ENTERPRISE' },
  { to: '/my/rewards', label: 'nav.myRewards', who: 'ENTERPRISE' },
  { to: '/my/requests', label: 'requests.myTitle', who: 'ENTERPRISE' },
  { to: '/my/vouchers', label: 'layout.navMyVouchers', who: 'ENTERPRISE' },
]

/** Staff pages, grouped by the work they serve. */
const STAFF_GROUPS: Group[] = [
  {
    label: 'nav.groupListings',
    entries: [
      { to: '/staff/review', label: 'nav.staffReview', who: 'STAFF' },
      { to: '/staff/matching', label: 'nav.staffMatching', who: 'STAFF' },
      { to: '/staff/thesaurus', label: 'nav.staffThesaurus', who: 'STAFF' },
    ],
  },
  {
    label: 'nav.groupMoney',
    entries: [
      { to: '/staff/payments', label: 'nav.staffPayments', who: 'STAFF' },
      { to: '/staff/contracts', label: 'nav.staffContracts', who: 'STAFF' },
      { to: '/staff/rewards', label: 'nav.staffRewards', who: 'STAFF' },
      { to: '/staff/policies', label: 'nav.staffPolicies', who: 'STAFF' },
      { to: '/staff/vouchers', label: 'layout.navVouchers', who: 'STAFF' },
    ],
  },
  {
    label: 'layout.groupService',
    entries: [
      { to: '/staff/campaigns', label: 'campaign.nav', who: 'STAFF' },
      { to: '/staff/requests', label: 'requests.nav', who: 'STAFF' },
    ],
  },
  {
    label: 'layout.groupAdmin',
    entries: [
      { to: '/staff/organizations', label: 'nav.staffOrganizations', who: 'STAFF' },
      { to: '/staff/enterprise-facts', label: 'enterpriseFacts.nav', who: 'STAFF' },
    ],
  },
]

/** The province's read-only login (decision 016): the staff pages that read every bureau's records. */
const PROVINCE_PAGES = ['/staff/organizations', '/staff/enterprise-facts', '/staff/payments', '/staff/contracts', '/staff/rewards', '/staff/policies']
const PROVINCE_GROUPS: Group[] = STAFF_GROUPS.map((g) => ({ ...g, entries: g.entries.filter((e) => PROVINCE_PAGES.includes(e.to)) })).filter((g) => g.entries.length > 0)

const MINE: Entry[] = [
  { to: '/my/interests', label: 'nav.interests', who: 'signed-in' },
  { to: '/my/watchlist', label: 'nav.watchlist', who: 'signed-in' },
]

function visible(entry: Entry, role: Role | undefined): boolean {
  return entry.who === 'all' || (entry.who === 'signed-in' ? role !== undefined : entry.who === role)
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

/** A drop-down menu that works without JavaScript (<details>); it closes after a choice. */
function MenuGroup({ group }: { group: Group }) {
  const t = useT()
  const location = useLocation()
  const current = group.entries.some((e) => location.pathname.startsWith(e.to))
  return (
    <details className={`menu-group${current ? ' current' : ''}`} key={location.key}>
      <summary>{t(group.label)}</summary>
      <ul>
        {group.entries.map((e) => (
          <li key={e.to}>
            <NavLink to={e.to}>{t(e.label)}</NavLink>
          </li>
        ))}
      </ul>
    </details>
  )
}

export function SiteNav() {
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const user = root?.user
  const role = user?.role as Role | undefined
  const t = useT()
  return (
    <header className="site">
      <div className="bar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')} className="row main-nav">
          {PUBLIC.filter((e) => visible(e, role)).map((e) => (
            <NavLink key={e.to} to={e.to}>
              {t(e.label)}
            </NavLink>
          ))}
          {(role === 'STAFF' || role === 'PROVINCE') && (
            <NavLink to="/staff" end>
              {t('dashboard.nav')}
            </NavLink>
          )}
          {role === 'STAFF' && STAFF_GROUPS.map((g) => <MenuGroup key={g.label} group={g} />)}
          {role === 'PROVINCE' && PROVINCE_GROUPS.map((g) => <MenuGroup key={g.label} group={g} />)}
          {MINE.filter((e) => visible(e, role)).map((e) => (
            <NavLink key={e.to} to={e.to}>
              {t(e.label)}
            </NavLink>
          ))}
        </nav>
        <span className="row user-bar">
          <LanguageSwitch />
          {user ? (
            <>
              <Link
                to="/notifications"
                className="bell"
                data-testid="notification-bell"
              >
                {/* The visible text is the start of the accessible name: 通知 2 条未读 / Notifications 2 unread. */}
                {t('nav.notifications')}
                {user.unread > 0 && (
                  <>
                    {' '}
                    <span className="count">{user.unread > 99 ? '99+' : user.unread}</span>
                    <span className="sr-only"> {t('layout.unread')}</span>
                  </>
                )}
              </Link>
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
