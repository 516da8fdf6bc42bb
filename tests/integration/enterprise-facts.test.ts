// Enterprise facts import (issue 14, part 1; decision 016): a CSV or XLSX file of 高新技术企业 certificates,
// 规上 years and 省科技型中小企业 years, imported by staff for the enterprises their bureau serves. Each bad row is
// reported by line, field and reason and nothing is imported; the same file again adds nothing; a certificate
// with corrected dates replaces the old row; every change is audited; another bureau's enterprise is refused.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Principal } from '~/domain/access.ts'
import { organizationCodeCheckChar, withCheckDigit } from '~/domain/credit-code.ts'
import { FACT_FIELDS, FACT_TEMPLATE_HEADERS, mapHeader } from '~/domain/fact-import.ts'
import { ensureKnownRegions } from '~/services/bureaus.server.ts'
import { enterpriseFactsPage, importEnterpriseFacts } from '~/services/enterprise-facts.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { readTable, writeTable } from '~/utils/spreadsheet.server.ts'
import { createTestDatabase } from '../support/database.ts'
import { createPrincipal } from '../support/organizations.ts'

const now = new Date('2026-11-20T02:00:00Z')
let db: Db
let close: () => Promise<void>
const who = {} as Record<'lishui' | 'shaoxing' | 'ruixing' | 'kaiyuan' | 'keqiao' | 'hangzhou' | 'zju', Principal & { creditCode: string; name: string }>

const creditCode = (div: string, body: string) => withCheckDigit(`91${div}${body}${organizationCodeCheckChar(body)}`)

beforeAll(async () => {
  ;({ prisma: db, close } = await createTestDatabase())
  who.lishui = await createPrincipal(db, 'BUREAU', { name: '丽水市科学技术局', county: '莲都区', creditCode: creditCode('331100', '00254913') })
  who.shaoxing = await createPrincipal(db, 'BUREAU', { name: '绍兴市科学技术局', county: '越城区', creditCode: creditCode('330600', '00251846') })
  who.ruixing = await createPrincipal(db, 'ENTERPRISE', { name: '浙江瑞兴阀门有限公司', county: '青田县', creditCode: creditCode('331121', '14781233') })
  who.kaiyuan = await createPrincipal(db, 'ENTERPRISE', { name: '浙江凯元工具有限公司', county: '缙云县', creditCode: creditCode('331122', '14790001') })
  who.keqiao = await createPrincipal(db, 'ENTERPRISE', { name: '柯桥某纺织企业', county: '柯桥区', creditCode: creditCode('330603', '14810002') })
  who.hangzhou = await createPrincipal(db, 'ENTERPRISE', { name: '杭州某企业', county: '杭州市西湖区', creditCode: creditCode('330106', '14820003') })
  who.zju = await createPrincipal(db, 'UNIVERSITY', { name: '浙江大学', county: '杭州市西湖区', creditCode: creditCode('330100', '14830004') })
  await ensureKnownRegions(db)
}, 120_000)
afterAll(async () => {
  await close?.()
})

const zh = FACT_TEMPLATE_HEADERS['zh-CN']
const header = FACT_FIELDS.map((f) => zh[f])
const csv = (rows: string[][]) => new TextEncoder().encode(`\uFEFF${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`)
const row = (o: Partial<Record<(typeof FACT_FIELDS)[number], string>>) => FACT_FIELDS.map((f) => o[f] ?? '')

const GOOD = [
  header,
  row({ name: '浙江瑞兴阀门有限公司', certificateNo: 'GR202433001001', validFrom: '2024-12-06', validTo: '2027-12-05', aboveScaleYears: '2025、2026', techSmeYears: '2026' }),
  row({ creditCode: '', name: '浙江凯元工具有限公司', techSmeYears: '2026' }),
  row({}), // an empty line is skipped
  row({ name: '杭州某企业', aboveScaleYears: '2026' }), // of no bureau's region: any bureau serves it
]

describe('import', () => {
  test('a good file: every fact recorded with its source and dates, one audit entry per enterprise changed; the standing follows', async () => {
    const result = await importEnterpriseFacts(db, who.lishui, { name: 'facts.csv', bytes: csv(GOOD) }, now)
    expect(result).toEqual({ ok: true, file: 'facts.csv', rows: 3, enterprises: 3, added: 6, unchanged: 0, replaced: 0 })
    const facts = await db.enterpriseFact.findMany({ where: { organizationId: who.ruixing.organizationId }, orderBy: [{ kind: 'asc' }, { year: 'asc' }] })
    expect(facts.map((f) => [f.kind, f.year, f.certificateNo, f.source])).toEqual([
      ['HIGH_TECH', null, 'GR202433001001', 'facts.csv:2'],
      ['ABOVE_SCALE', 2025, null, 'facts.csv:2'],
      ['ABOVE_SCALE', 2026, null, 'facts.csv:2'],
      ['TECH_SME', 2026, null, 'facts.csv:2'],
    ])
    // Midnight in Shanghai of the first and the last day.
    expect(facts[0]!.validFrom!.toISOString()).toBe('2024-12-05T16:00:00.000Z')
    expect(facts[0]!.validTo!.toISOString()).toBe('2027-12-04T16:00:00.000Z')
    expect(await db.auditLog.count({ where: { action: 'enterprise-facts.import', actorId: who.lishui.userId } })).toBe(3)
    const page = await enterpriseFactsPage(db, who.lishui, { now, organizationId: who.ruixing.organizationId })
    const ruixing = page.enterprises.find((e) => e.id === who.ruixing.organizationId)!
    expect(ruixing).toMatchObject({ highTech: true, aboveScale: true, aboveScaleHighTech: true, techSme: true, facts: 4 })
    expect(page.enterprises.find((e) => e.id === who.kaiyuan.organizationId)).toMatchObject({ highTech: false, aboveScaleHighTech: false, techSme: true })
    expect(page.detail?.facts).toHaveLength(4)
    expect(page.detail?.imports.map((i) => i.file)).toEqual(['facts.csv'])
  })

  test('the same file again adds nothing (no fact, no audit entry)', async () => {
    const [facts, audits] = [await db.enterpriseFact.count(), await db.auditLog.count()]
    const again = await importEnterpriseFacts(db, who.lishui, { name: 'facts.csv', bytes: csv(GOOD) }, now)
    expect(again).toMatchObject({ ok: true, added: 0, unchanged: 6, replaced: 0, enterprises: 0 })
    expect(await db.enterpriseFact.count()).toBe(facts)
    expect(await db.auditLog.count()).toBe(audits)
  })

  test('bad rows: each reported by line, field and reason, and nothing of the file is imported', async () => {
    const before = await db.enterpriseFact.count()
    const bad = [
      header,
      row({ name: '浙江凯元工具有限公司', aboveScaleYears: '2026' }), // good, but the file has bad rows
      row({ name: '不存在的企业有限公司', techSmeYears: '2026' }),
      row({ creditCode: '91331100MA2A0BAD00', techSmeYears: '2026' }),
      row({ name: '浙江瑞兴阀门有限公司', certificateNo: 'GR202633000001', validFrom: '2026-02-30', validTo: '2029-02-28' }),
      row({ name: '浙江瑞兴阀门有限公司', certificateNo: 'GR202633000002', validFrom: '2026-03-01', validTo: '2025-03-01' }),
      row({ name: '柯桥某纺织企业', aboveScaleYears: '2026' }),
      row({ name: '浙江大学', aboveScaleYears: '2026' }),
      row({ name: '浙江凯元工具有限公司', aboveScaleYears: '26' }),
      row({ name: '浙江凯元工具有限公司', creditCode: who.ruixing.creditCode, techSmeYears: '2026' }),
    ]
    const result = await importEnterpriseFacts(db, who.lishui, { name: 'bad.csv', bytes: csv(bad) }, now)
    expect(result.ok).toBe(false)
    expect('problems' in result && result.problems.map((p) => [p.line, p.field, p.reason])).toEqual([
      [3, 'name', 'unknownEnterprise'],
      [4, 'creditCode', 'badCreditCode'],
      [5, 'validFrom', 'badDate'],
      [6, 'validTo', 'toBeforeFrom'],
      [7, 'name', 'otherRegion'],
      [8, 'name', 'notEnterprise'],
      [9, 'aboveScaleYears', 'badYear'],
      [10, 'name', 'nameCodeMismatch'],
    ])
    expect(await db.enterpriseFact.count()).toBe(before)
    // The same Shaoxing enterprise is Shaoxing's to import.
    expect(await importEnterpriseFacts(db, who.shaoxing, { name: 'sx.csv', bytes: csv([header, row({ name: '柯桥某纺织企业', aboveScaleYears: '2026' })]) }, now)).toMatchObject({ ok: true, added: 1 })
  })

  test('an XLSX file (English headers, a date cell) is read like a CSV; a certificate with corrected dates replaces the old row', async () => {
    const en = FACT_FIELDS.map((f) => FACT_TEMPLATE_HEADERS.en[f])
    // As a spreadsheet program saves it: the dates as date cells (exceljs reads them as UTC midnight of the day shown).
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('facts').addRows([en, [who.ruixing.name, who.ruixing.creditCode, 'GR202433001001', new Date(Date.UTC(2024, 11, 6)), new Date(Date.UTC(2027, 11, 6)), '', '']])
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
    const result = await importEnterpriseFacts(db, who.lishui, { name: 'fix.xlsx', bytes }, now)
    expect(result).toMatchObject({ ok: true, added: 1, replaced: 1 })
    const certs = await db.enterpriseFact.findMany({ where: { organizationId: who.ruixing.organizationId, kind: 'HIGH_TECH' }, orderBy: { createdAt: 'asc' } })
    expect(certs.map((c) => [c.validTo!.toISOString(), c.replacedAt !== null])).toEqual([
      ['2027-12-04T16:00:00.000Z', true],
      ['2027-12-05T16:00:00.000Z', false],
    ])
  })

  test('a file that is not a table, or without the header, is refused as a whole', async () => {
    expect(await importEnterpriseFacts(db, who.lishui, { name: 'x.pdf', bytes: new Uint8Array([1]) }, now)).toMatchObject({ ok: false, error: 'format' })
    expect(await importEnterpriseFacts(db, who.lishui, { name: 'x.xlsx', bytes: new Uint8Array([1, 2, 3]) }, now)).toMatchObject({ ok: false, error: 'unreadable' })
    expect(await importEnterpriseFacts(db, who.lishui, { name: 'x.csv', bytes: csv([['a', 'b'], ['1', '2']]) }, now)).toMatchObject({ ok: false, error: 'noHeader' })
  })
})

describe('bureaus', () => {
  test('Shaoxing staff see none of Lishui’s enterprises and cannot open one', async () => {
    const page = await enterpriseFactsPage(db, who.shaoxing, { now })
    expect(page.enterprises.map((e) => e.name).sort()).toEqual(['杭州某企业', '柯桥某纺织企业'])
    expect((await enterpriseFactsPage(db, who.shaoxing, { now, organizationId: who.ruixing.organizationId })).notFound).toBe(true)
  })

  test('an enterprise cannot import', async () => {
    await expect(importEnterpriseFacts(db, who.ruixing, { name: 'facts.csv', bytes: csv(GOOD) }, now)).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('the template', () => {
  test('in both languages and both formats, its header is read back as every field', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const format of ['xlsx', 'csv'] as const) {
        const headers = FACT_FIELDS.map((f) => FACT_TEMPLATE_HEADERS[lang][f])
        const [first] = await readTable(await writeTable([headers], format, 'facts'), format)
        expect(mapHeader(first!)).toEqual([...FACT_FIELDS])
      }
    }
  })
})
