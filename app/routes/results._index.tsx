import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/filter-select.tsx'
import { Pager } from '~/components/pager.tsx'
import { excerpt, ListingItems, ListingSearch } from '~/components/listing-list.tsx'
import { useAskingPriceText } from '~/components/budget-text.tsx'
import { enumOptions, fieldText } from '~/components/enum-text.ts'
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
  const priceText = useAskingPriceText()
  return (
    <>
      <h1>{t('nav.results')}</h1>
      <ListingSearch
        label={t('listingPages.resultsIndex.searchLabel')}
        placeholder={t('listingPages.resultsIndex.placeholder')}
        filters={filters}
        selects={
          <>
            <FilterSelect name="ipKind" label={t('listingPages.list.ipKind')} value={filters.ipKind} options={enumOptions(IP_KINDS, (k) => t(`enums.ipKind.${k}`))} />
            <FilterSelect name="mode" label={t('listingPages.form.transferModes')} value={filters.mode} options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))} />
          </>
        }
        range={[
          { name: 'minPrice', label: t('listingPages.resultsIndex.minPrice'), value: filters.minPrice },
          { name: 'maxPrice', label: t('listingPages.resultsIndex.maxPrice'), value: filters.maxPrice },
        ]}
        sorts={[
          { value: 'price-asc', label: t('listingPages.resultsIndex.priceAsc') },
          { value: 'price-desc', label: t('listingPages.resultsIndex.priceDesc') },
        ]}
      />
      <p aria-live="polite">{t('listingPages.resultsIndex.total', { total })}</p>
      <ListingItems
        items={items}
        basePath="/results"
        empty={t('listingPages.resultsIndex.empty')}
        meta={(r) => (
          <>
            <span>{r.owner.name}</span>
            <span>{fieldText(t, r.field)}</span>
            <span>{t(`enums.ipKind.${r.ipKind}`)}</span>
            <span>{r.transferModes.map((m) => t(`enums.transferMode.${m}`)).join(t('listingPages.common.listSeparator'))}</span>
            <span className="price">{priceText(r.askingPriceFen)}</span>
            <span>{t('listingPages.common.publishedAt', { at: f.date(r.publishedAt) })}</span>
          </>
        )}
        after={(r) => <p>{excerpt(r.summary)}</p>}
      />
      <Pager page={page} pageCount={pageCount} />
    </>
  )
}
