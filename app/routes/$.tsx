// Any address no other route answers: a translated 404 inside the site's layout (header and navigation),
// not the router's bare English message.
import type { MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('common.notFoundTitle')} · ${t('app.name')}` }]
}

export function loader() {
  return data(null, { status: 404 })
}

export default function NotFound() {
  const t = useT()
  return (
    <>
      <h1>{t('common.notFoundTitle')}</h1>
      <p>{t('common.notFoundText')}</p>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </>
  )
}
