import { Link, useLocation } from '@remix-run/react'

export function Pager({ page, pageCount }: { page: number; pageCount: number }) {
  const location = useLocation()
  if (pageCount <= 1) return null
  const to = (p: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(p))
    return `${location.pathname}?${params}`
  }
  return (
    <nav className="pager" aria-label="分页">
      {page > 1 ? <Link to={to(page - 1)}>上一页</Link> : <span aria-hidden>上一页</span>}
      <span>
        第 {page} / {pageCount} 页
      </span>
      {page < pageCount ? <Link to={to(page + 1)}>下一页</Link> : <span aria-hidden>下一页</span>}
    </nav>
  )
}
