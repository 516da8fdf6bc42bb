import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { myInterests } from '~/services/interests.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.interests')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  return { items: await myInterests(db, user), role: user.role }
}

export default function MyInterests() {
  const { items, role } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{role === 'ENTERPRISE' ? t('listingPages.myInterests.titleEnterprise') : role === 'INSTITUTION' ? t('listingPages.myInterests.titleInstitution') : t('listingPages.myInterests.titleAll')}</h1>
      {items.length === 0 && <p>{t('listingPages.myInterests.empty')}</p>}
      <ul className="list">
        {items.map((i) => (
          <li key={i.id}>
            <h2>
              <Link to={`/results/${i.result.id}`}>{i.result.title}</Link>
            </h2>
            <div className="meta">
              <span>{i.enterprise.name} → {i.result.ownerName}</span>
              <span>{f.dateTime(i.createdAt)}</span>
            </div>
            <p>{i.message}</p>
            <p className={i.reply ? 'notice' : 'meta'}>{i.reply ? t('listingPages.myInterests.reply', { reply: i.reply }) : t('listingPages.myInterests.noReply')}</p>
          </li>
        ))}
      </ul>
    </>
  )
}
