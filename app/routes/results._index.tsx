import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect, labelled } from '~/components/filter-select.tsx'
import { Pager } from '~/components/pager.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { FIELDS, fieldLabel } from '~/domain/fields.ts'
import { IP_KIND_LABELS, TRANSFER_MODE_LABELS } from '~/domain/labels.ts'
import { formatFen } from '~/domain/money.ts'
import { listPublicResults } from '~/services/results.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDate } from '~/utils/format.ts'
import { ResultFiltersSchema } from '~/utils/listing-validation.ts'

export const meta: MetaFunction = () => [{ title: '科技成果 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = ResultFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { filters, ...(await listPublicResults(getDb(), filters)) }
}

export default function Results() {
  const { filters, items, total, page, pageCount } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>科技成果</h1>
      <Form method="get" className="card filters" role="search" aria-label="筛选科技成果">
        <div>
          <label htmlFor="q">关键词</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder="如 半导体、密封、电池" />
        </div>
        <FilterSelect
          name="field"
          label="产业链"
          value={filters.field}
          options={FIELDS.map((f) => ({ value: f.code, label: f.label }))}
        />
        <FilterSelect name="ipKind" label="知识产权" value={filters.ipKind} options={labelled(IP_KIND_LABELS)} />
        <FilterSelect name="mode" label="转化方式" value={filters.mode} options={labelled(TRANSFER_MODE_LABELS)} />
        <div>
          <label htmlFor="minPrice">最低价（元）</label>
          <input id="minPrice" name="minPrice" inputMode="numeric" defaultValue={filters.minPrice ?? ''} />
        </div>
        <div>
          <label htmlFor="maxPrice">最高价（元）</label>
          <input id="maxPrice" name="maxPrice" inputMode="numeric" defaultValue={filters.maxPrice ?? ''} />
        </div>
        <FilterSelect
          name="sort"
          label="排序"
          value={filters.sort}
          options={[
            { value: 'newest', label: '最新发布' },
            { value: 'price-asc', label: '价格从低到高' },
            { value: 'price-desc', label: '价格从高到低' },
          ]}
          anyLabel={null}
        />
        <div>
          <button type="submit">搜索</button>
        </div>
      </Form>
      <p aria-live="polite">共 {total} 项成果</p>
      <ul className="list">
        {items.map((r) => (
          <li key={r.id}>
            <h3>
              <Link to={`/results/${r.id}`}>{r.title}</Link> <StatusBadge status={r.status} />
            </h3>
            <div className="meta">
              <span>{r.owner.name}</span>
              <span>{fieldLabel(r.field)}</span>
              <span>{IP_KIND_LABELS[r.ipKind]}</span>
              <span>{r.transferModes.map((m) => TRANSFER_MODE_LABELS[m]).join('、')}</span>
              <span className="price">{r.askingPriceFen === null ? '面议' : formatFen(r.askingPriceFen)}</span>
              <span>发布于 {formatDate(r.publishedAt)}</span>
            </div>
            <p>{r.summary.length > 120 ? `${r.summary.slice(0, 120)}…` : r.summary}</p>
          </li>
        ))}
      </ul>
      {items.length === 0 && <p>没有符合条件的成果。</p>}
      <Pager page={page} pageCount={pageCount} />
    </>
  )
}
