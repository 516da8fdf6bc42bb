// The assignment table of a service campaign (对口联系安排表), read from rows of text as the notice lays it out:
// 序号 | 组长 | 责任处室（中心） | 县市区 | 联系企业. A row with a 序号 starts a group; the rows after it without one
// add counties to that group. Several departments or enterprises share a cell, separated by commas (， , 、 ；).
// Pure: every problem is reported with its line (the spreadsheet's row number) and nothing is half-read.

export const TABLE_HEADER_ZH = ['序号', '组长', '责任处室（中心）', '县市区', '联系企业'] as const
export const TABLE_HEADER_EN = ['No.', 'Group leader', 'Responsible departments', 'County', 'Paired enterprises'] as const

export type TableCounty = { line: number; county: string; enterprises: string[] }
export type TableGroup = { line: number; position: number; leader: string; departments: string[]; counties: TableCounty[] }

export type TableProblemCode =
  | 'header-missing'
  | 'empty'
  | 'position-invalid'
  | 'position-repeated'
  | 'leader-missing'
  | 'departments-missing'
  | 'no-group'
  | 'group-mismatch'
  | 'county-missing'
  | 'county-repeated'
  | 'enterprise-repeated'
  | 'too-long'

export type TableProblem = { line: number; code: TableProblemCode; value?: string }

const SEPARATORS = /[,，、;；\n]+/
const MAX_CELL = 2000

export function splitCell(text: string): string[] {
  return text
    .split(SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

const isHeader = (row: readonly string[]) => row.some((c) => c.trim() === TABLE_HEADER_ZH[1] || c.trim().toLowerCase() === TABLE_HEADER_EN[1].toLowerCase())

/** `rows[i]` is line i + 1 of the sheet. Rows before the header (a title) are skipped. */
export function parseAssignmentTable(rows: readonly (readonly string[])[]): { ok: true; groups: TableGroup[] } | { ok: false; problems: TableProblem[] } {
  const headerIndex = rows.findIndex(isHeader)
  if (headerIndex < 0) return { ok: false, problems: [{ line: 1, code: 'header-missing' }] }
  const problems: TableProblem[] = []
  const groups: TableGroup[] = []
  const counties = new Set<string>()
  const enterprises = new Set<string>()
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const line = i + 1
    const cells = [0, 1, 2, 3, 4].map((c) => (rows[i]![c] ?? '').trim())
    if (cells.every((c) => c === '')) continue
    if (cells.some((c) => c.length > MAX_CELL)) {
      problems.push({ line, code: 'too-long' })
      continue
    }
    const [no, leader, departmentsText, county, enterprisesText] = cells as [string, string, string, string, string]
    let group: TableGroup | undefined
    if (no !== '') {
      const position = Number(no)
      if (!Number.isInteger(position) || position < 1 || position > 999) {
        problems.push({ line, code: 'position-invalid', value: no })
        continue
      }
      if (groups.some((g) => g.position === position)) problems.push({ line, code: 'position-repeated', value: no })
      const departments = splitCell(departmentsText)
      if (leader === '') problems.push({ line, code: 'leader-missing' })
      if (departments.length === 0) problems.push({ line, code: 'departments-missing' })
      group = { line, position, leader, departments, counties: [] }
      groups.push(group)
    } else {
      group = groups.at(-1)
      if (!group) {
        problems.push({ line, code: 'no-group' })
        continue
      }
      // A continuation row may repeat its group's leader and departments (a sheet without merged cells), not change them.
      if ((leader !== '' && leader !== group.leader) || (departmentsText !== '' && splitCell(departmentsText).join('|') !== group.departments.join('|')))
        problems.push({ line, code: 'group-mismatch' })
    }
    if (county === '') {
      problems.push({ line, code: 'county-missing' })
      continue
    }
    if (counties.has(county)) problems.push({ line, code: 'county-repeated', value: county })
    counties.add(county)
    const names = splitCell(enterprisesText)
    for (const name of names) {
      if (enterprises.has(name)) problems.push({ line, code: 'enterprise-repeated', value: name })
      enterprises.add(name)
    }
    group.counties.push({ line, county, enterprises: names })
  }
  if (groups.length === 0 && problems.length === 0) problems.push({ line: headerIndex + 1, code: 'empty' })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, groups }
}

/** The rows of the table as the notice lays it out (header first), for export. */
export function assignmentTableRows(groups: readonly { position: number; leader: string; departments: readonly string[]; counties: readonly { county: string; enterprises: readonly string[] }[] }[], header: readonly string[] = TABLE_HEADER_ZH): string[][] {
  const rows: string[][] = [[...header]]
  for (const g of groups) {
    g.counties.forEach((c, i) => {
      rows.push(i === 0 ? [String(g.position), g.leader, g.departments.join(', '), c.county, c.enterprises.join(', ')] : ['', '', '', c.county, c.enterprises.join(', ')])
    })
    if (g.counties.length === 0) rows.push([String(g.position), g.leader, g.departments.join(', '), '', ''])
  }
  return rows
}
