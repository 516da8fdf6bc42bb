// The one error a use-case throws for a broken rule: a stable code for APIs
// and sockets, a message for people, an HTTP status for routes.
// The message is a catalogue key (app/i18n/zh-CN.ts, with `params` for its {{placeholders}}), translated at the
// edge into the asker's language (docs/i18n.md); older call sites still pass Chinese text, shown as it is.
export type ServiceErrorCode =
  | 'not-found'
  | 'forbidden'
  | 'not-allowed'
  | 'wrong-status'
  | 'reason-required'
  | 'conflict'
  | 'invalid'

const STATUS: Record<ServiceErrorCode, number> = {
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
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly field?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message)
    this.name = 'ServiceError'
    this.status = STATUS[code]
  }
}
