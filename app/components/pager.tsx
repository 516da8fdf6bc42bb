import { Link, useLocation } from '@remix-run/react'
import { useT } from '~/i18n/react.tsx'

export function Pager({ page, pageCount }: { page: number; pageCount: number }) {
  const location = useLocation()
  const t = useT()
  if (pageCount <= 1) return null
  const to = (p: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(p))
    return `${location.pathname}?${params}`
  }
  return (
    <nav className="pager" aria-label={t('listingPages.pager.label')}>
      {page > 1 ? <Link to={to(page - 1)}>{t('listingPages.pager.previous')}</Link> : <span aria-hidden>{t('listingPages.pager.previous')}</span>}
      <span>{t('listingPages.pager.pageOf', { page, count: pageCount })}</span>
      {page < pageCount ? <Link to={to(page + 1)}>{t('listingPages.pager.next')}</Link> : <span aria-hidden>{t('listingPages.pager.next')}</span>}
    </nav>
  )
}
