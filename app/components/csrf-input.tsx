import { useRouteLoaderData } from '@remix-run/react'
import type { loader as rootLoader } from '~/root.tsx'

/** The hidden CSRF token every form posts back (checked by validateCsrf). */
export function CsrfInput() {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  return <input type="hidden" name="csrf" value={data?.csrf ?? ''} />
}
