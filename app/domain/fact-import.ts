// The enterprise facts import file (issue 14, part 1; decision 016): one row per enterprise, the columns below in
// Chinese or English, as CSV or XLSX. This module reads rows of cell texts (the service reads the file) and says,
// line by line and field by field, what is wrong; the service then finds the enterprises and writes every fact in
// one transaction, or nothing. Pure.
import { creditCodeProblem, normalizeCreditCode } from './credit-code.ts'
import { MAX_YEAR, MIN_YEAR, parseCalendarDate, shanghaiWallClockToInstant } from './calendar.ts'

export const FACT_FIELDS = ['name', 'creditCode', 'certificateNo', 'validFrom', 'validTo', 'aboveScaleYears', 'techSmeYears'] as const
export type FactField = (typeof FACT_FIELDS)[number]

/** The template's headers, per language (the file format: the same strings are accepted when reading). */
export const FACT_TEMPLATE_HEADERS: Record<'zh-CN' | 'en', Record<FactField, string>> = {
  'zh-CN': {
    name: '单位名称',
    creditCode: '统一社会信用代码',
    certificateNo: '高新技术企业证书编号',
    validFrom: '有效期起',
    validTo: '有效期止',
    aboveScaleYears: '规上年度',
    techSmeYears: '省科技型中小企业年度',
  },
  en: {
    name: 'Enterprise name',
    creditCode: 'Unified social credit code',
    certificateNo: 'High-tech enterprise certificate no.',
    validFrom: 'Valid from',
    validTo: 'Valid to',
    aboveScaleYears: 'Above-scale years',
    techSmeYears: 'Provincial tech SME years',
  },
}

/** Other ways people head the columns (the certificate's 发证日期 is the first day it is valid). */
const HEADER_ALIASES: Record<FactField, readonly string[]> = {
  name: ['企业名称', '名称', 'name', 'enterprise'],
  creditCode: ['信用代码', 'credit code', 'uscc'],
  certificateNo: ['证书编号', '高企证书编号', 'certificate no', 'certificate number'],
  validFrom: ['发证日期', '发证日期/有效期起', '有效期开始', 'issued on', 'from'],
  validTo: ['有效期至', '有效期结束', 'to', 'valid until'],
  aboveScaleYears: ['规上', '规模以上年度', 'above scale years', 'above-scale'],
  techSmeYears: ['科技型中小企业年度', '省科小年度', 'tech sme years'],
}

const key = (s: string) => s.replace(/[\s\u3000]+/g, ' ').trim().toLowerCase().replace(/[.:：]$/, '')

/** Which field each column holds, or null when the header row names neither the name nor the credit code. */
export function mapHeader(header: readonly string[]): (FactField | null)[] | null {
  const known = new Map<string, FactField>()
  for (const f of FACT_FIELDS) {
    for (const h of [FACT_TEMPLATE_HEADERS['zh-CN'][f], FACT_TEMPLATE_HEADERS.en[f], ...HEADER_ALIASES[f]]) known.set(key(h), f)
  }
  const columns = header.map((h) => known.get(key(h)) ?? null)
  return columns.includes('name') || columns.includes('creditCode') ? columns : null
}

export type FactProblemReason =
  | 'noIdentity'
  | 'badCreditCode'
  | 'badDate'
  | 'missing'
  | 'toBeforeFrom'
  | 'badYear'
  | 'noFacts'
  | 'unknownEnterprise'
  | 'notEnterprise'
  | 'nameCodeMismatch'
  | 'otherRegion'

export type FactProblem = { line: number; field: FactField | null; reason: FactProblemReason; value: string }

export type ImportedFact =
  | { kind: 'HIGH_TECH'; certificateNo: string; validFromMs: number; validToMs: number }
  | { kind: 'ABOVE_SCALE' | 'TECH_SME'; year: number }

export type ParsedFactRow = { line: number; name: string; creditCode: string | null; facts: ImportedFact[] }

/** "2024-03-01", "2024/3/1", "2024.03.01", "2024年3月1日" → "2024-03-01" for the one date parser; else as written. */
function isoDay(text: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text)
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text
}

function years(text: string): number[] | null {
  if (text === '') return []
  const parts = text.split(/[\s,，、;；/]+/).filter(Boolean)
  const out = parts.map((p) => (/^\d{4}$/.test(p.replace(/年$/, '')) ? Number(p.replace(/年$/, '')) : NaN))
  return out.every((y) => Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR) ? [...new Set(out)] : null
}

/**
 * One data row (cells as text, `columns` from mapHeader, `line` its line in the file): the enterprise it names
 * and its facts, or what is wrong with it. An empty row gives neither (skipped).
 */
export function parseFactRow(cells: readonly string[], columns: readonly (FactField | null)[], line: number): { row: ParsedFactRow | null; problems: FactProblem[] } {
  const v = {} as Record<FactField, string>
  for (const f of FACT_FIELDS) v[f] = ''
  columns.forEach((f, i) => {
    if (f && !v[f]) v[f] = (cells[i] ?? '').replace(/\u3000/g, ' ').trim()
  })
  if (FACT_FIELDS.every((f) => v[f] === '')) return { row: null, problems: [] }
  const problems: FactProblem[] = []
  const problem = (field: FactField | null, reason: FactProblemReason) => problems.push({ line, field, reason, value: field ? v[field] : '' })

  let creditCode: string | null = null
  if (v.creditCode) {
    creditCode = normalizeCreditCode(v.creditCode)
    if (creditCodeProblem(creditCode)) problem('creditCode', 'badCreditCode')
  }
  if (!v.name && !v.creditCode) problem(null, 'noIdentity')

  const facts: ImportedFact[] = []
  if (v.certificateNo || v.validFrom || v.validTo) {
    if (!v.certificateNo) problem('certificateNo', 'missing')
    const day = (f: 'validFrom' | 'validTo') => {
      if (!v[f]) return problem(f, 'missing'), null
      const parsed = parseCalendarDate(isoDay(v[f]))
      if (!parsed.ok) return problem(f, 'badDate'), null
      return shanghaiWallClockToInstant(parsed.date)
    }
    const from = day('validFrom')
    const to = day('validTo')
    if (from !== null && to !== null && to < from) problem('validTo', 'toBeforeFrom')
    if (v.certificateNo && from !== null && to !== null && to >= from) facts.push({ kind: 'HIGH_TECH', certificateNo: v.certificateNo.toUpperCase(), validFromMs: from, validToMs: to })
  }
  for (const [field, kind] of [
    ['aboveScaleYears', 'ABOVE_SCALE'],
    ['techSmeYears', 'TECH_SME'],
  ] as const) {
    const ys = years(v[field])
    if (ys === null) problem(field, 'badYear')
    else for (const year of ys) facts.push({ kind, year })
  }
  if (problems.length === 0 && facts.length === 0) problem(null, 'noFacts')
  return problems.length ? { row: null, problems } : { row: { line, name: v.name, creditCode, facts }, problems }
}

/** The same fact (an import of the same row again adds nothing). */
export function sameFact(a: ImportedFact, b: { kind: string; year: number | null; certificateNo: string | null; validFromMs: number | null; validToMs: number | null }): boolean {
  if (a.kind !== b.kind) return false
  return a.kind === 'HIGH_TECH' ? a.certificateNo === b.certificateNo && a.validFromMs === b.validFromMs && a.validToMs === b.validToMs : a.year === b.year
}
