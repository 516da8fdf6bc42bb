// The JSON door: data on success, { error: { code, message, fields? } } with the error's status otherwise.
import { failureOf } from './errors.ts'
import { currentLocale } from './i18n.server.ts'

export function apiError(status: number, code: string, message: string, fields?: Record<string, string[]>) {
  return Response.json({ error: { code, message, ...(fields ? { fields } : {}) } }, { status })
}

export async function apiRespond(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await work(), { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    const failure = failureOf(error, currentLocale())
    if (!failure) throw error
    return apiError(failure.status, failure.code, failure.message, failure.field ? { [failure.field]: [failure.message] } : undefined)
  }
}
