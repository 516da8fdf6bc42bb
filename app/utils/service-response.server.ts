import { failureOf } from './errors.ts'
import { currentLocale } from './i18n.server.ts'

/**
 * The loader door: runs a use-case whose answer a page needs; a broken rule
 * becomes the HTTP error response Remix shows in the error boundary.
 */
export async function orRespond<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    const failure = failureOf(error, currentLocale())
    if (failure) throw new Response(failure.message, { status: failure.status })
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
