import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect, labelled } from '~/components/filter-select.tsx'
import { Pager } from '~/components/pager.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { FIELDS, fieldLabel } from '~/domain/fields.ts'
import { TRANSFER_MODE_LABELS } from '~/domain/labels.ts'
import { listPublicNeeds } from '~/services/needs.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDate } from '~/utils/format.ts'
import { budgetText } from '~/utils/budget.ts'
import { NeedFiltersSchema } from '~/utils/listing-validation.ts'

export const meta: MetaFunction = () => [{ title: '技术需求 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = NeedFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { filters, ...(await listPublicNeeds(getDb(), filters)) }
}

export default function Needs() {
  const { filters, items, total, page, pageCount } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>技术需求</h1>
      <Form method="get" className="card filters" role="search" aria-label="筛选技术需求">
        <div>
          <label htmlFor="q">关键词</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder="如 阀门密封、摩擦材料" />
        </div>
        <FilterSelect
          name="field"
          label="产业链"
          value={filters.field}
          options={FIELDS.map((f) => ({ value: f.code, label: f.label }))}
        />
        <FilterSelect name="mode" label="合作方式" value={filters.mode} options={labelled(TRANSFER_MODE_LABELS)} />
        <div>
          <label htmlFor="minBudget">预算不低于（元）</label>
          <input id="minBudget" name="minBudget" inputMode="numeric" defaultValue={filters.minBudget ?? ''} />
        </div>
        <div>
          <label htmlFor="maxBudget">预算不高于（元）</label>
          <input id="maxBudget" name="maxBudget" inputMode="numeric" defaultValue={filters.maxBudget ?? ''} />
        </div>
        <FilterSelect
          name="sort"
          label="排序"
          value={filters.sort}
          options={[
            { value: 'newest', label: '最新发布' },
            { value: 'budget-asc', label: '预算从低到高' },
            { value: 'budget-desc', label: '预算从高到低' },
            { value: 'deadline', label: '期限最近' },
          ]}
          anyLabel={null}
        />
        <div>
          <button type="submit">搜索</button>
        </div>
      </Form>
      <p aria-live="polite">共 {total} 项需求</p>
      <ul className="list">
        {items.map((n) => (
          <li key={n.id}>
            <h3>
              <Link to={`/needs/${n.id}`}>{n.title}</Link> <StatusBadge status={n.status} />
            </h3>
            <div className="meta">
              <span>{n.enterprise.name}</span>
              <span>{fieldLabel(n.field)}</span>
              <span className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</span>
              <span>期望 {formatDate(n.wantedBy)} 前</span>
            </div>
            <p>{n.description.length > 120 ? `${n.description.slice(0, 120)}…` : n.description}</p>
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>没有符合条件的需求。</p>}
      <Pager page={page} pageCount={pageCount} />
    </>
  )
}
