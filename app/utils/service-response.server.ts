import { ServiceError } from '~/services/errors.ts'
import { translateCurrent } from './i18n.server.ts'

/** Runs a use-case for a loader: a broken rule becomes an HTTP error response with its message. */
export async function orRespond<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (error instanceof ServiceError) throw new Response(translateCurrent(error.message, error.params), { status: error.status })
    throw error
  }
}

/** A safe place to go after sign-in: a path on this site, never another host. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || /[\\\t\n\r]/.test(to)) return fallback
  // Browsers drop tabs and newlines, so only a URL that resolves to this site passes.
  const url = new URL(to, 'http://this.site')
  if (url.host !== 'this.site') return fallback
  // Percent-encoded as the URL parser writes it: a Location header carries only ASCII (finding 9: 密封 in the query was a 500).
  return `${url.pathname}${url.search}${url.hash}`
}
