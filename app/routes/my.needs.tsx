import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ListingItems, ReturnReason } from '~/components/listing-list.tsx'
import { listOwnNeeds } from '~/services/needs.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { useBudgetText } from '~/components/budget-text.tsx'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.myNeeds')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return { items: await listOwnNeeds(db, user), organizationName: user.organizationName }
}

export default function MyNeeds() {
  const { items, organizationName } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const budgetText = useBudgetText()
  return (
    <>
      <h1>{t('listingPages.myNeeds.title', { organization: organizationName })}</h1>
      <p>
        <Link className="button" to="/needs/new">
          {t('listingPages.myNeeds.add')}
        </Link>
      </p>
      <ListingItems
        items={items}
        basePath="/needs"
        empty={t('listingPages.myNeeds.empty')}
        meta={(n) => (
          <>
            <span className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</span>
            <span>{t('listingPages.common.updatedAt', { at: f.dateTime(n.updatedAt) })}</span>
          </>
        )}
        after={(n) => <ReturnReason listing={n} />}
      />
    </>
  )
}
