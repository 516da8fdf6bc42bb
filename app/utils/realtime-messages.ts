// What the bidding socket says when it refuses something, in words: one catalogue entry per error code
// (realtime.errors.<code> in app/i18n), and the words for a payload that fails its schema (field names and what
// is wrong with them). Codes are the contract; the words come in the socket's language (docs/i18n.md).
// Isomorphic: the browser may show the same text.
import type { z } from 'zod'
import type { T } from '~/i18n/catalogue.ts'
import type { RealtimeErrorCode } from './realtime-contract.ts'

/** A refusal's words in the language of `t`. */
export function realtimeErrorMessage(t: T, code: RealtimeErrorCode): string {
  return t(`realtime.errors.${code}`)
}

/** Refusals of the handshake (`connect_error`: `message` is the code, `data` carries code and text). */
export type HandshakeErrorCode = 'unauthenticated' | 'too-many-connections'
export function handshakeErrorMessage(t: T, code: HandshakeErrorCode): string {
  return t(`realtime.handshake.${code}`)
}

/** Payload fields as people call them. */
const FIELD_NAMES = ['lotId', 'amountFen', 'clientBidId', 'maxFen', 'action', 'reason'] as const
type FieldName = (typeof FIELD_NAMES)[number]
const isFieldName = (key: string): key is FieldName => (FIELD_NAMES as readonly string[]).includes(key)

type Issue = 'missing' | 'notObject' | 'notNumber' | 'notInteger' | 'notText' | 'notPositive' | 'tooLarge' | 'tooLong' | 'badCharacters' | 'notAllowedValue' | 'malformed' | 'missingAck'
const ISSUE_TEXT = {
  missing: 'missing',
  notObject: 'notObject',
  notNumber: 'notNumber',
  notInteger: 'notInteger',
  notText: 'notText',
  notPositive: 'notPositive',
  tooLarge: 'tooLarge',
  tooLong: 'tooLong',
  badCharacters: 'badCharacters',
  notAllowedValue: 'notAllowedValue',
  malformed: 'malformed',
  missingAck: 'missingAck',
} as const satisfies Record<Issue, Issue>

/** One field's complaint (the payload as a whole is field ''). */
function issueText(issue: z.core.$ZodIssue, value: unknown): Issue {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return ISSUE_TEXT.missing
      if (issue.expected === 'object') return ISSUE_TEXT.notObject
      if (issue.expected === 'int') return ISSUE_TEXT.notInteger
      if (issue.expected === 'number') return ISSUE_TEXT.notNumber
      if (issue.expected === 'string') return ISSUE_TEXT.notText
      return ISSUE_TEXT.malformed
    case 'too_small':
      return issue.origin === 'string' ? ISSUE_TEXT.missing : ISSUE_TEXT.notPositive
    case 'too_big':
      return issue.origin === 'string' ? ISSUE_TEXT.tooLong : ISSUE_TEXT.tooLarge
    case 'invalid_format':
      return ISSUE_TEXT.badCharacters
    case 'invalid_value':
      return ISSUE_TEXT.notAllowedValue
    default:
      return ISSUE_TEXT.malformed
  }
}

/** The answer to a payload that fails its schema: a sentence for people and one entry per field for programs. */
export function invalidPayloadAnswer(t: T, error: z.ZodError, payload: unknown): { error: 'invalid-payload'; message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.')
    fields[key] ??= t(`realtime.issues.${issueText(issue, valueAt(payload, issue.path))}`)
  }
  const parts = Object.entries(fields).map(([key, text]) =>
    t('realtime.fieldIssue', { field: isFieldName(key) ? t(`realtime.fields.${key}`) : key || t('realtime.fields.request'), issue: text }),
  )
  return { error: 'invalid-payload', message: t('realtime.withDetail', { message: realtimeErrorMessage(t, 'invalid-payload'), detail: parts.join(t('form.separator')) }), fields }
}

function valueAt(payload: unknown, path: readonly PropertyKey[]): unknown {
  let value = payload
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

/** The answer to an event sent without the acknowledgement callback it needs (told through `realtime:error`). */
export function missingAckAnswer(t: T): { error: 'invalid-payload'; message: string; fields: Record<string, string> } {
  const text = t(`realtime.issues.${ISSUE_TEXT.missingAck}`)
  return { error: 'invalid-payload', message: t('realtime.withDetail', { message: realtimeErrorMessage(t, 'invalid-payload'), detail: text }), fields: { '': text } }
}
