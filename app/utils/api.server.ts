// The JSON API's envelope: data on success, { error: { code, message, fields? } } otherwise.
import { ServiceError } from '~/services/errors.ts'
import { translateCurrent } from './i18n.server.ts'

/** `message` (and each field message) is a catalogue key or text; it is answered in the caller's language. */
export function apiError(status: number, code: string, message: string, fields?: Record<string, string[]>, params?: Record<string, string | number>) {
  const translated = fields && Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.map((m) => translateCurrent(m))]))
  return Response.json({ error: { code, message: translateCurrent(message, params), ...(translated ? { fields: translated } : {}) } }, { status })
}

export async function apiRespond(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await work(), { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (error instanceof ServiceError) return apiError(error.status, error.code, error.message, undefined, error.params)
    throw error
  }
}
