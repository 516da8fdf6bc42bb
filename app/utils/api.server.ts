// The JSON API's envelope: data on success, { error: { code, message, fields? } } otherwise.
import { ServiceError } from '~/services/errors.ts'

export function apiError(status: number, code: string, message: string, fields?: Record<string, string[]>) {
  return Response.json({ error: { code, message, ...(fields ? { fields } : {}) } }, { status })
}

export async function apiRespond(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await work(), { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (error instanceof ServiceError) return apiError(error.status, error.code, error.message)
    throw error
  }
}
