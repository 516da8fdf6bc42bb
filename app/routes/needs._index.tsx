import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/filter-select.tsx'
import { Pager } from '~/components/pager.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { enumOptions, fieldOptions, fieldText } from '~/components/enum-text.ts'
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
      <Form method="get" className="card filters" role="search" aria-label={t('listingPages.needsIndex.searchLabel')}>
        <div>
          <label htmlFor="q">{t('listingPages.form.keywords')}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={t('listingPages.needsIndex.placeholder')} />
        </div>
        <FilterSelect
          name="field"
          label={t('listingPages.list.field')}
          value={filters.field}
          options={fieldOptions(t)}
        />
        <FilterSelect name="mode" label={t('listingPages.list.mode')} value={filters.mode} options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))} />
        <div>
          <label htmlFor="minBudget">{t('listingPages.needsIndex.minBudget')}</label>
          <input id="minBudget" name="minBudget" inputMode="numeric" defaultValue={filters.minBudget ?? ''} />
        </div>
        <div>
          <label htmlFor="maxBudget">{t('listingPages.needsIndex.maxBudget')}</label>
          <input id="maxBudget" name="maxBudget" inputMode="numeric" defaultValue={filters.maxBudget ?? ''} />
        </div>
        <FilterSelect
          name="sort"
          label={t('listingPages.list.sort')}
          value={filters.sort}
          options={[
            { value: 'newest', label: t('listingPages.list.newest') },
            { value: 'budget-asc', label: t('listingPages.needsIndex.budgetAsc') },
            { value: 'budget-desc', label: t('listingPages.needsIndex.budgetDesc') },
            { value: 'deadline', label: t('listingPages.needsIndex.deadline') },
          ]}
          anyLabel={null}
        />
        <div>
          <button type="submit">{t('listingPages.list.search')}</button>
        </div>
      </Form>
      <p aria-live="polite">{t('listingPages.needsIndex.total', { total })}</p>
      <ul className="list">
        {items.map((n) => (
          <li key={n.id}>
            <h2>
              <Link to={`/needs/${n.id}`}>{n.title}</Link> <StatusBadge status={n.status} />
            </h2>
            <div className="meta">
              <span>{n.enterprise.name}</span>
              <span>{fieldText(t, n.field)}</span>
              <span className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</span>
              <span>{t('listingPages.needsIndex.wantedBy', { date: f.date(n.wantedBy) })}</span>
            </div>
            <p>{n.description.length > 120 ? `${n.description.slice(0, 120)}…` : n.description}</p>
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>{t('listingPages.needsIndex.empty')}</p>}
      <Pager page={page} pageCount={pageCount} />
    </>
  )
}
