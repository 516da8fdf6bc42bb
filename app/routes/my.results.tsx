import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ListingItems, ReturnReason } from '~/components/listing-list.tsx'
import { listOwnResults } from '~/services/results.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { useAskingPriceText } from '~/components/budget-text.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.myResults')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'INSTITUTION', db)
  return { items: await listOwnResults(db, user), organizationName: user.organizationName }
}

export default function MyResults() {
  const { items, organizationName } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const priceText = useAskingPriceText()
  return (
    <>
      <h1>{t('listingPages.myResults.title', { organization: organizationName })}</h1>
      <p>
        <Link className="button" to="/results/new">
          {t('listingPages.myResults.add')}
        </Link>
      </p>
      <ListingItems
        items={items}
        basePath="/results"
        empty={t('listingPages.myResults.empty')}
        meta={(r) => (
          <>
            <span className="price">{priceText(r.askingPriceFen)}</span>
            <span>{t('listingPages.common.updatedAt', { at: f.dateTime(r.updatedAt) })}</span>
          </>
        )}
        after={(r) => <ReturnReason listing={r} />}
      />
    </>
  )
}
