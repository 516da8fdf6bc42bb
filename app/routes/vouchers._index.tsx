// Innovation vouchers: the shared instruments and testing services anyone may search (the listings' search
// tokens); holders book from a service's page (decision 018).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { VOUCHER_SERVICE_KINDS, type VoucherServiceKind } from '~/domain/vouchers.ts'
import { searchServices } from '~/services/voucher-services.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('vouchers.search.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.slice(0, 100) ?? ''
  const kindParam = url.searchParams.get('kind')
  const kind = (VOUCHER_SERVICE_KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as VoucherServiceKind) : undefined
  const [services, user] = await Promise.all([searchServices(db, { q, kind }), getCurrentUser(request, db)])
  return { services, signedIn: user !== null }
}

export default function VoucherServices() {
  const { services, signedIn } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('vouchers.search.title')}</h1>
      <p className="hint">{t('vouchers.search.intro')}</p>
      <p className="hint">{t('vouchers.doubleFundingRule')}</p>
      {signedIn && (
        <p>
          <Link to="/my/vouchers">{t('vouchers.search.myVouchers')}</Link>
        </p>
      )}
      <Form method="get" className="filters" role="search">
        <label>
          {t('vouchers.search.query')} <input type="search" name="q" defaultValue={params.get('q') ?? ''} />
        </label>{' '}
        <label>
          {t('vouchers.search.kind')}{' '}
          <select name="kind" defaultValue={params.get('kind') ?? ''}>
            <option value="">{t('vouchers.search.all')}</option>
            {VOUCHER_SERVICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`vouchers.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">{t('vouchers.search.submit')}</button>
      </Form>
      {services.length === 0 ? (
        <p>{t('vouchers.search.none')}</p>
      ) : (
        <ul className="listing-list">
          {services.map((s) => (
            <li key={s.id} className="card" data-service-id={s.id}>
              <h2>
                <Link to={`/vouchers/${s.id}`}>{s.title}</Link>
              </h2>
              <p>
                {t(`vouchers.kinds.${s.kind}`)} · {t('vouchers.search.provider')}: {s.provider}
              </p>
              <p>
                {t('vouchers.search.price')}: {format.moneyExact(s.priceFen)} · {t('vouchers.search.leadTime')}: {t('vouchers.search.leadTimeDays', { days: s.leadTimeDays })} · {t('vouchers.search.location')}: {s.location}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
