// The one error a use-case throws for a broken rule: a stable code (for APIs,
// sockets and the HTTP status), a message key with its parameters (the text is
// looked up at the door, app/utils/messages.ts), and the form field it concerns.
// Isomorphic on purpose: the browser may read the codes too.
import type { Locale } from '~/i18n/catalogue.ts'
import { messageText, type MessageKey, type MessageParams } from './messages.ts'

export type ErrorCode = 'not-found' | 'forbidden' | 'not-allowed' | 'wrong-status' | 'reason-required' | 'conflict' | 'invalid'

export const ERROR_STATUS: Record<ErrorCode, number> = {
  'not-found': 404,
  forbidden: 403,
  'not-allowed': 403,
  'wrong-status': 409,
  'reason-required': 400,
  conflict: 409,
  invalid: 400,
}

export class ServiceError extends Error {
  readonly status: number
  readonly field?: string
  readonly params: MessageParams
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    details: { field?: string; params?: MessageParams } = {},
  ) {
    // Error.message is the default-language text, for logs and stack traces only; a door
    // that answers a person renders key and params itself (errorText), in the person's language.
    super(messageText(key, details.params))
    this.name = 'ServiceError'
    this.status = ERROR_STATUS[code]
    this.field = details.field
    this.params = details.params ?? {}
  }

  /** A refusal the domain already worded (a transition table, a plan check): its text travels as a parameter. */
  static rule(code: ErrorCode, text: string, field?: string): ServiceError {
    return new ServiceError(code, 'rule', { field, params: { text } })
  }
}

/** The person-readable text of a service error, in `locale` (the doors pass the request's: currentLocale()). */
export function errorText(error: ServiceError, locale?: Locale): string {
  return messageText(error.key, error.params, locale)
}

/** What every door needs to answer a failure: null for an error that is not a broken rule (a bug: log and 500). */
export type Failure = { code: ErrorCode; status: number; message: string; field?: string }

export function failureOf(error: unknown, locale?: Locale): Failure | null {
  if (!(error instanceof ServiceError)) return null
  return { code: error.code, status: error.status, message: errorText(error, locale), ...(error.field ? { field: error.field } : {}) }
}
