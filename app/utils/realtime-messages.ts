// What the bidding socket says when it refuses something, in words: one table
// keyed by the error code, and the words for a payload that fails its schema
// (field names and what is wrong with them). Codes are the contract; a
// translation replaces these tables and never the codes. Isomorphic: the
// browser may show the same text.
import type { z } from 'zod'
import { BID_REJECTION_MESSAGES } from '~/domain/auction.ts'
import type { RealtimeErrorCode } from './realtime-contract.ts'

export const REALTIME_ERROR_MESSAGES: Record<RealtimeErrorCode, string> = {
  ...BID_REJECTION_MESSAGES,
  'not-found': '找不到该标的',
  'rate-limited': '请求过于频繁，请稍后再试',
  'invalid-payload': '请求格式不正确',
  unauthenticated: '请先登录',
  'session-expired': '登录已过期，请重新登录',
  'role-cannot-bid': '只有企业账号可以出价：工作人员和高校院所不参加竞价',
  'unknown-event': '不支持的请求类型',
  'payload-too-large': '请求内容过大',
  'too-many-rooms': '同时关注的标的过多，请先退出其他标的',
  forbidden: '您无权执行此操作',
  'not-allowed': '不允许此操作',
  'wrong-status': '标的当前状态不允许此操作',
  'reason-required': '请填写原因',
  invalid: '请求无效',
  conflict: '操作冲突，请刷新后重试',
  unknown: '发生未知错误，请稍后再试',
}

/** Refusals of the handshake (`connect_error`: `message` is the code, `data` carries code and text). */
export type HandshakeErrorCode = 'unauthenticated' | 'too-many-connections'
export const HANDSHAKE_ERROR_MESSAGES: Record<HandshakeErrorCode, string> = {
  unauthenticated: '登录凭据无效或已过期，请重新登录',
  'too-many-connections': '来自同一地址的连接过多，请稍后再试',
}

/** Payload fields as people call them. */
const FIELD_NAMES: Record<string, string> = {
  lotId: '标的编号',
  amountFen: '出价金额',
  clientBidId: '出价编号',
  maxFen: '代理出价上限',
  action: '操作',
  reason: '原因',
}

const ISSUE_TEXT = {
  missing: '不能为空',
  notObject: '须为一个对象',
  notNumber: '须为数字（单位：分）',
  notInteger: '须为整数（单位：分）',
  notText: '须为文字',
  notPositive: '须大于零',
  tooLarge: '过大',
  tooLong: '过长',
  badCharacters: '含有不允许的字符',
  notAllowedValue: '不是可选的值',
  malformed: '格式不正确',
  missingAck: '缺少应答回调',
} as const

/** One field's complaint in words (the payload as a whole is field ''). */
function issueText(issue: z.core.$ZodIssue, value: unknown): string {
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
export function invalidPayloadAnswer(error: z.ZodError, payload: unknown): { error: 'invalid-payload'; message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.')
    fields[key] ??= issueText(issue, valueAt(payload, issue.path))
  }
  const parts = Object.entries(fields).map(([key, text]) => (key ? `${FIELD_NAMES[key] ?? key}${text}` : `请求${text}`))
  return { error: 'invalid-payload', message: `${REALTIME_ERROR_MESSAGES['invalid-payload']}：${parts.join('；')}`, fields }
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
export function missingAckAnswer(): { error: 'invalid-payload'; message: string; fields: Record<string, string> } {
  return { error: 'invalid-payload', message: `${REALTIME_ERROR_MESSAGES['invalid-payload']}：${ISSUE_TEXT.missingAck}`, fields: { '': ISSUE_TEXT.missingAck } }
}
