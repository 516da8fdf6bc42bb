// What the lists of results and needs share: the public search form and the list of listings (title, status,
// a row of facts, then what the page adds).
import type { ReactNode } from 'react'
import { Form, Link } from '@remix-run/react'
import { FilterSelect } from '~/components/filter-select.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { fieldOptions } from '~/components/enum-text.ts'
import { useT } from '~/i18n/react.tsx'

type Listing = { id: string; title: string; status: string }
type Range = { name: string; label: string; value: number | undefined }

/** The search form of a public list: keywords, field, the list's own selects, a price range and the order. */
export function ListingSearch({
  label,
  placeholder,
  filters,
  selects,
  range,
  sorts,
}: {
  label: string
  placeholder: string
  filters: { q?: string; field?: string; sort: string }
  /** The list's own selects, after the field. */
  selects: ReactNode
  range: [Range, Range]
  sorts: { value: string; label: string }[]
}) {
  const t = useT()
  return (
    <Form method="get" className="card filters" role="search" aria-label={label}>
      <div>
        <label htmlFor="q">{t('listingPages.form.keywords')}</label>
        <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={placeholder} />
      </div>
      <FilterSelect name="field" label={t('listingPages.list.field')} value={filters.field} options={fieldOptions(t)} />
      {selects}
      {range.map((r) => (
        <div key={r.name}>
          <label htmlFor={r.name}>{r.label}</label>
          <input id={r.name} name={r.name} inputMode="numeric" defaultValue={r.value ?? ''} />
        </div>
      ))}
      <FilterSelect name="sort" label={t('listingPages.list.sort')} value={filters.sort} options={[{ value: 'newest', label: t('listingPages.list.newest') }, ...sorts]} anyLabel={null} />
      <div>
        <button type="submit">{t('listingPages.list.search')}</button>
      </div>
    </Form>
  )
}

/** A list of listings linking to `${basePath}/${id}`, or the empty message. */
export function ListingItems<L extends Listing>({
  items,
  basePath,
  empty,
  meta,
  after,
}: {
  items: L[]
  basePath: string
  empty: string
  /** The facts row (spans). */
  meta: (item: L) => ReactNode
  /** What follows the facts: a summary, a return reason. */
  after: (item: L) => ReactNode
}) {
  return (
    <>
      <ul className="list">
        {items.map((item) => (
          <li key={item.id}>
            <h2>
              <Link to={`${basePath}/${item.id}`}>{item.title}</Link> <StatusBadge status={item.status} />
            </h2>
            <div className="meta">{meta(item)}</div>
            {after(item)}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>{empty}</p>}
    </>
  )
}

/** The owner's note when staff returned a listing. */
export function ReturnReason({ listing }: { listing: { status: string; reviewNote: string | null } }) {
  const t = useT()
  return listing.status === 'RETURNED' && listing.reviewNote ? <p className="alert">{t('listingPages.common.returnReason', { reason: listing.reviewNote })}</p> : null
}

/** The first 120 characters of a listing's text, for a list. */
export function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}
