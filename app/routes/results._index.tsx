import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/filter-select.tsx'
import { Pager } from '~/components/pager.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { enumOptions, fieldOptions, fieldText } from '~/components/enum-text.ts'
import { IP_KINDS, TRANSFER_MODES } from '~/domain/labels.ts'
import { listPublicResults } from '~/services/results.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { ResultFiltersSchema } from '~/utils/listing-validation.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.results')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = ResultFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { filters, ...(await listPublicResults(getDb(), filters)) }
}

export default function Results() {
  const { filters, items, total, page, pageCount } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{t('nav.results')}</h1>
      <Form method="get" className="card filters" role="search" aria-label={t('listingPages.resultsIndex.searchLabel')}>
        <div>
          <label htmlFor="q">{t('listingPages.form.keywords')}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={t('listingPages.resultsIndex.placeholder')} />
        </div>
        <FilterSelect
          name="field"
          label={t('listingPages.list.field')}
          value={filters.field}
          options={fieldOptions(t)}
        />
        <FilterSelect name="ipKind" label={t('listingPages.list.ipKind')} value={filters.ipKind} options={enumOptions(IP_KINDS, (k) => t(`enums.ipKind.${k}`))} />
        <FilterSelect name="mode" label={t('listingPages.form.transferModes')} value={filters.mode} options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))} />
        <div>
          <label htmlFor="minPrice">{t('listingPages.resultsIndex.minPrice')}</label>
          <input id="minPrice" name="minPrice" inputMode="numeric" defaultValue={filters.minPrice ?? ''} />
        </div>
        <div>
          <label htmlFor="maxPrice">{t('listingPages.resultsIndex.maxPrice')}</label>
          <input id="maxPrice" name="maxPrice" inputMode="numeric" defaultValue={filters.maxPrice ?? ''} />
        </div>
        <FilterSelect
          name="sort"
          label={t('listingPages.list.sort')}
          value={filters.sort}
          options={[
            { value: 'newest', label: t('listingPages.list.newest') },
            { value: 'price-asc', label: t('listingPages.resultsIndex.priceAsc') },
            { value: 'price-desc', label: t('listingPages.resultsIndex.priceDesc') },
          ]}
          anyLabel={null}
        />
        <div>
          <button type="submit">{t('listingPages.list.search')}</button>
        </div>
      </Form>
      <p aria-live="polite">{t('listingPages.resultsIndex.total', { total })}</p>
      <ul className="list">
        {items.map((r) => (
          <li key={r.id}>
            <h2>
              <Link to={`/results/${r.id}`}>{r.title}</Link> <StatusBadge status={r.status} />
            </h2>
            <div className="meta">
              <span>{r.owner.name}</span>
              <span>{fieldText(t, r.field)}</span>
              <span>{t(`enums.ipKind.${r.ipKind}`)}</span>
              <span>{r.transferModes.map((m) => t(`enums.transferMode.${m}`)).join(t('listingPages.common.listSeparator'))}</span>
              <span className="price">{r.askingPriceFen === null ? t('listingPages.common.negotiable') : f.money(r.askingPriceFen)}</span>
              <span>{t('listingPages.common.publishedAt', { at: f.date(r.publishedAt) })}</span>
            </div>
            <p>{r.summary.length > 120 ? `${r.summary.slice(0, 120)}…` : r.summary}</p>
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>{t('listingPages.resultsIndex.empty')}</p>}
      <Pager page={page} pageCount={pageCount} />
    </>
  )
}
