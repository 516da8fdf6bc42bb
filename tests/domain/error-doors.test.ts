// One error path: a service error reaches a loader, a conform form, a plain
// form and the JSON API with the same status and the same text; anything else
// is not turned into a message (it is a bug, Remix answers 500).
import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { apiRespond } from '~/utils/api.server.ts'
import { ERROR_STATUS, errorText, failureOf, ServiceError } from '~/utils/errors.ts'
import { formReply, runFormAction } from '~/utils/form-action.server.ts'
import { messageText } from '~/utils/messages.ts'
import { orRespond } from '~/utils/service-response.server.ts'

const refused = () => Promise.reject(new ServiceError('conflict', 'session.quarter-taken', { field: 'quarter', params: { quarter: '2027Q1' } }))
const TEXT = '2027Q1 已有竞价场次（本局每季度一场）'

async function body(value: unknown): Promise<{ status: number; json: unknown }> {
  if (value instanceof Response) return { status: value.status, json: await value.json() }
  const init = value as { data: unknown; init: { status?: number } | null }
  return { status: init.init?.status ?? 200, json: init.data }
}

describe('the message of an error is looked up in one place', () => {
  test('parameters are filled in; money parameters read as prices (万元)', () => {
    expect(errorText(new ServiceError('conflict', 'session.quarter-taken', { params: { quarter: '2027Q1' } }))).toBe(TEXT)
    expect(messageText('proxy.max-too-low', { minFen: 123_456 })).toBe('代理最高价须不低于 0.123456 万元')
    expect(messageText('bid.too-low')).toBe('出价低于当前最低应价')
  })
  test('a service error carries its key and parameters; the text is only derived from them', () => {
    const error = new ServiceError('not-found', 'lot.not-found')
    expect(error).toMatchObject({ code: 'not-found', key: 'lot.not-found', params: {} })
    expect(failureOf(error)).toEqual({ code: 'not-found', status: 404, message: '找不到该标的' })
  })
  test('an error that is not a broken rule has no failure', () => {
    expect(failureOf(new Error('boom'))).toBeNull()
  })
})

describe('every door answers a service error the same way', () => {
  test('loader: a Response with the status and the text', async () => {
    const thrown = await orRespond(refused()).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(ERROR_STATUS.conflict)
    expect(await (thrown as Response).text()).toBe(TEXT)
  })
  test('JSON: the code, the text and the field', async () => {
    const { status, json } = await body(await apiRespond(refused))
    expect(status).toBe(409)
    expect(json).toEqual({ error: { code: 'conflict', message: TEXT, fields: { quarter: [TEXT] } } })
  })
  test('conform form: beside the field the form has, else above the form', async () => {
    const form = new FormData()
    form.set('quarter', '2027Q1')
    const submission = parseWithZod(form, { schema: z.object({ quarter: z.string() }) })
    const outcome = await runFormAction(submission, refused)
    expect(outcome.ok).toBe(false)
    const { status, json } = await body(!outcome.ok && outcome.response)
    expect(status).toBe(409)
    expect(json).toMatchObject({ error: { quarter: [TEXT] } })
    const other = parseWithZod(new FormData(), { schema: z.object({ title: z.string().optional() }) })
    const above = await runFormAction(other, refused)
    expect((await body(!above.ok && above.response)).json).toMatchObject({ error: { '': [TEXT] } })
  })
  test('plain form: ok false with the text, the field and which form it answers', async () => {
    const { status, json } = await body(await formReply(refused, { form: 'lifecycle' }))
    expect(status).toBe(409)
    expect(json).toEqual({ ok: false, form: 'lifecycle', message: TEXT, field: 'quarter' })
    expect(await formReply(async () => ({ message: 'done' }), { form: 'lifecycle' })).toEqual({ ok: true, form: 'lifecycle', message: 'done' })
  })
  test('no door turns a bug into a message', async () => {
    const bug = () => Promise.reject(new Error('boom'))
    await expect(orRespond(bug())).rejects.toThrow('boom')
    await expect(apiRespond(bug)).rejects.toThrow('boom')
    await expect(formReply(bug)).rejects.toThrow('boom')
  })
})
