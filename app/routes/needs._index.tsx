import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/filter-select.tsx'
import { Pager } from '~/components/pager.tsx'
import { excerpt, ListingItems, ListingSearch } from '~/components/listing-list.tsx'
import { enumOptions, fieldText } from '~/components/enum-text.ts'
import { TRANSFER_MODES } from '~/domain/labels.ts'
import { listPublicNeeds } from '~/services/needs.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { useBudgetText } from '~/components/budget-text.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { NeedFiltersSchema } from '~/utils/listing-validation.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.needs')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = NeedFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { filters, ...(await listPublicNeeds(getDb(), filters)) }
}

export default function Needs() {
  const { filters, items, total, page, pageCount } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const budgetText = useBudgetText()
  return (
    <>
      <h1>{t('nav.needs')}</h1>
      <ListingSearch
        label={t('listingPages.needsIndex.searchLabel')}
        placeholder={t('listingPages.needsIndex.placeholder')}
        filters={filters}
        selects={<FilterSelect name="mode" label={t('listingPages.list.mode')} value={filters.mode} options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))} />}
        range={[
          { name: 'minBudget', label: t('listingPages.needsIndex.minBudget'), value: filters.minBudget },
          { name: 'maxBudget', label: t('listingPages.needsIndex.maxBudget'), value: filters.maxBudget },
        ]}
        sorts={[
          { value: 'budget-asc', label: t('listingPages.needsIndex.budgetAsc') },
          { value: 'budget-desc', label: t('listingPages.needsIndex.budgetDesc') },
          { value: 'deadline', label: t('listingPages.needsIndex.deadline') },
        ]}
      />
      <p aria-live="polite">{t('listingPages.needsIndex.total', { total })}</p>
      <ListingItems
        items={items}
        basePath="/needs"
        empty={t('listingPages.needsIndex.empty')}
        meta={(n) => (
          <>
            <span>{n.enterprise.name}</span>
            <span>{fieldText(t, n.field)}</span>
            <span className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</span>
            <span>{t('listingPages.needsIndex.wantedBy', { date: f.date(n.wantedBy) })}</span>
          </>
        )}
        after={(n) => <p>{excerpt(n.description)}</p>}
      />
      <Pager page={page} pageCount={pageCount} />
    </>
  )
}
