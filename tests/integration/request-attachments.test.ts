// Request attachments (decision 017): real files, kept in the database with the request; at most five of 5 MB, of the
// kinds named (by extension and content); downloadable by the enterprise and its bureau's staff only; every bad file
// is a field error on `files` with nothing written, never a 500.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '~/domain/request-attachments.ts'
import * as myRequests from '~/routes/my.requests.tsx'
import * as download from '~/routes/requests.$id.attachments.$attachmentId.ts'
import { ensureKnownRegions } from '~/services/bureaus.server.ts'
import { getRequest, listOwnRequests, raiseRequest, requestAttachment, type UploadedFile } from '~/services/service-requests.server.ts'
import { CSRF_FIELD } from '~/utils/csrf.server.ts'
import { setDb, type Db } from '~/utils/db.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { createTestDatabase } from '../support/database.ts'
import { createLogin, createSeedOrganizations } from '../support/organizations.ts'
import { loginCookie, TEST_CSRF_TOKEN } from '../support/route-action.ts'

let db: Db
let close: () => Promise<void>
const who = {} as Record<'lishui' | 'shaoxing' | 'ruipu' | 'ruixing' | 'province', Principal>
let orgIdOf: Map<string, string>
const now = new Date()

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const TXT = new TextEncoder().encode('阀门密封面磨损数据\n第二行\n')
const form = (files: UploadedFile[]) => ({ category: 'TECHNOLOGY' as const, description: '阀门密封面磨损严重，需要耐磨涂层技术', attachments: [], contactName: '', contactPhone: '', files })

const login = (orgName: string, email: string, role: Principal['role']) => createLogin(db, { organizationId: orgIdOf.get(orgName)!, role }, { email })

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  orgIdOf = await createSeedOrganizations(db, ['BUREAU', 'ENTERPRISE'])
  await ensureKnownRegions(db)
  who.lishui = await login('丽水市科学技术局', 'ls@a.test', 'STAFF')
  who.shaoxing = await login('绍兴市科学技术局', 'sx@a.test', 'STAFF')
  who.ruipu = await login('浙江瑞浦科技有限公司', 'ruipu@a.test', 'ENTERPRISE')
  who.ruixing = await login('浙江瑞兴阀门有限公司', 'ruixing@a.test', 'ENTERPRISE')
  who.province = await login('浙江省科学技术厅', 'prov@a.test', 'PROVINCE')
  setDb(db)
}, 60_000)
afterAll(async () => close?.())

describe('which files are accepted (a table of cases)', () => {
  const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1)
  big.set(PDF)
  test.each([
    ['报告.pdf', PDF, 'application/pdf'],
    ['C:\\Users\\x\\照片.PNG', PNG, 'image/png'],
    ['数据.txt', TXT, 'text/plain; charset=utf-8'],
    ['图.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 'image/jpeg'],
    ['表.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ])('%s is kept as %s', (name, bytes, type) => {
    expect(checkAttachment(name, bytes)).toMatchObject({ ok: true, contentType: type })
  })
  test.each([
    ['run.exe', PDF, 'type'],
    ['无扩展名', PDF, 'type'],
    ['假的.pdf', TXT, 'content'],
    ['二进制.txt', new Uint8Array([0x41, 0x00, 0x42]), 'content'],
    ['坏的.txt', new Uint8Array([0xff, 0xfe, 0x41]), 'content'],
    ['空.pdf', new Uint8Array(0), 'empty'],
    ['太大.pdf', big, 'too-large'],
    ['', PDF, 'name'],
    [`${'长'.repeat(121)}.pdf`, PDF, 'name'],
    ['a"b.pdf', PDF, 'name'],
  ])('%s is refused (%s)', (name, bytes, problem) => {
    expect(checkAttachment(name, bytes as Uint8Array)).toEqual({ ok: false, problem })
  })
})

describe('raising a request with files', () => {
  let requestId: string
  let fileIds: string[]

  test('the files are kept with the request and listed for the enterprise and its bureau', async () => {
    const { id } = await raiseRequest(db, who.ruipu, form([{ name: '磨损报告.pdf', bytes: PDF }, { name: 'data.txt', bytes: TXT }]), now)
    requestId = id
    const own = (await listOwnRequests(db, who.ruipu, now)).find((r) => r.id === id)!
    expect(own.files.map((f) => [f.name, f.contentType, f.size])).toEqual([
      ['磨损报告.pdf', 'application/pdf', PDF.length],
      ['data.txt', 'text/plain; charset=utf-8', TXT.length],
    ])
    fileIds = own.files.map((f) => f.id)
    expect((await getRequest(db, who.lishui, id, now)).files).toHaveLength(2)
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityType: 'ServiceRequest', entityId: id, action: 'request.raise' } })
    expect((audit.data as { files: { name: string; size: number }[] }).files.map((f) => f.name)).toEqual(['磨损报告.pdf', 'data.txt'])
  })

  test('every bad file is a field error on files, and nothing is written', async () => {
    const before = [await db.serviceRequest.count(), await db.requestAttachment.count()]
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, bytes: PDF }))
    for (const files of [six, [{ name: 'ok.pdf', bytes: PDF }, { name: 'x.exe', bytes: PDF }], [{ name: 'fake.pdf', bytes: TXT }], [{ name: 'empty.txt', bytes: new Uint8Array(0) }]]) {
      const error = await raiseRequest(db, who.ruipu, form(files), now).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ServiceError)
      expect(error).toMatchObject({ code: 'invalid', field: 'files' })
    }
    expect([await db.serviceRequest.count(), await db.requestAttachment.count()]).toEqual(before)
  })

  async function get(userId: string | null, id = requestId, fileId = fileIds[0]!) {
    setDb(db)
    const headers: Record<string, string> = userId ? { Cookie: await loginCookie(db, userId) } : {}
    const args = { request: new Request(`http://127.0.0.1/requests/${id}/attachments/${fileId}`, { headers }), params: { id, attachmentId: fileId }, context: {} } as LoaderFunctionArgs
    try {
      return await download.loader(args)
    } catch (thrown) {
      if (thrown instanceof Response) return thrown
      throw thrown
    }
  }

  test('the enterprise and its bureau’s staff download the file as it was sent, as a download with our content type', async () => {
    for (const userId of [who.ruipu.userId, who.lishui.userId]) {
      const res = await get(userId)
      expect(res.status).toBe(200)
      expect(res.headers.get('Content-Type')).toBe('application/pdf')
      expect(res.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('磨损报告.pdf')}`)
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF)
    }
  })

  test('another enterprise, another bureau, the province: not found; signed out: to the sign-in page; a file of another request: not found', async () => {
    for (const p of [who.ruixing, who.shaoxing, who.province]) {
      expect((await get(p.userId)).status).toBe(404)
      await expect(requestAttachment(db, p, requestId, fileIds[0]!)).rejects.toMatchObject({ code: 'not-found' })
    }
    const anonymous = await get(null)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toContain('/login')
    const { id: other } = await raiseRequest(db, who.ruixing, form([]), now)
    expect((await get(who.ruixing.userId, other, fileIds[0]!)).status).toBe(404)
    expect((await get(who.lishui.userId, requestId, 'no-such-file')).status).toBe(404)
  })
})

describe('the form door', () => {
  async function post(userId: string, files: { name: string; bytes: Uint8Array; type?: string }[], headers: Record<string, string> = {}) {
    setDb(db)
    const body = new FormData()
    body.set(CSRF_FIELD, TEST_CSRF_TOKEN)
    body.set('category', 'TECHNOLOGY')
    body.set('description', '需要一种耐磨涂层工艺')
    for (const f of files) body.append('files', new File([new Uint8Array(f.bytes)], f.name, { type: f.type ?? 'application/octet-stream' }))
    const request = new Request('http://127.0.0.1/my/requests', { method: 'POST', headers: { Cookie: await loginCookie(db, userId), ...headers }, body })
    try {
      const value = (await myRequests.action({ request, params: {}, context: {} })) as unknown as { type?: string; data: unknown; init: ResponseInit | null }
      return { status: value.init?.status ?? 200, body: value.data as { status?: string; error?: Record<string, string[]> } }
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, body: {} }
      return { status: 500, body: { error: { thrown: [String(thrown)] } } }
    }
  }

  test('a good upload is kept', async () => {
    const before = await db.requestAttachment.count()
    const out = await post(who.ruixing.userId, [{ name: '图.png', bytes: PNG, type: 'image/png' }])
    expect(out.status).toBe(200)
    expect(await db.requestAttachment.count()).toBe(before + 1)
  })

  test('a bad file answers 400 with the message beside the files field; a body too large answers 413 unread', async () => {
    const bad = await post(who.ruixing.userId, [{ name: 'virus.exe', bytes: PDF }])
    expect(bad.status).toBe(400)
    expect(bad.body.error?.files?.[0]).toContain('virus.exe')
    const fake = await post(who.ruixing.userId, [{ name: 'fake.pdf', bytes: TXT, type: 'application/pdf' }])
    expect(fake.status).toBe(400)
    expect(fake.body.error?.files?.[0]).toContain('内容与其扩展名不符')
    const huge = await post(who.ruixing.userId, [], { 'Content-Length': String(40 * 1024 * 1024) })
    expect(huge.status).toBe(413)
    expect(huge.body.error?.files?.[0]).toContain('合计太大')
  })
})
