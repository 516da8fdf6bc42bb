// Reads an uploaded table (XLSX, or CSV in UTF-8 with or without BOM) into rows of cell texts, the first sheet
// only, with exceljs (its CSV reader is fast-csv underneath; values are kept as written, not guessed into dates
// or numbers, so "2026-02-30" reaches the date rule as typed). A date cell of a workbook becomes "YYYY-MM-DD".
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'

export type TableFormat = 'xlsx' | 'csv'

/** The format a file name says, or null. */
export function tableFormatOf(fileName: string): TableFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase()
  return ext === 'xlsx' ? 'xlsx' : ext === 'csv' || ext === 'txt' ? 'csv' : null
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    if ('error' in value) return ''
  }
  return String(value)
}

/** The first sheet's rows; throws when the bytes are not a workbook or a CSV text. */
export async function readTable(bytes: Uint8Array, format: TableFormat): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  let sheet: ExcelJS.Worksheet | undefined
  if (format === 'xlsx') {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
    sheet = workbook.worksheets[0]
  } else {
    const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '')
    sheet = await workbook.csv.read(Readable.from([text]), { map: (v: unknown) => v, parserOptions: { trim: false } } as never)
  }
  if (!sheet) return []
  const rows: string[][] = []
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value))
    rows.push(cells)
  }
  return rows
}

/** A one-sheet table as XLSX or CSV (with a BOM, so spreadsheet programs read Chinese headers). */
export async function writeTable(rows: readonly (readonly string[])[], format: TableFormat, sheetName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName)
  for (const r of rows) sheet.addRow([...r])
  sheet.columns.forEach((c) => (c.width = 24))
  // Text cells: a credit code or a date typed later stays as typed.
  sheet.columns.forEach((c) => (c.numFmt = '@'))
  if (format === 'xlsx') return new Uint8Array(await workbook.xlsx.writeBuffer())
  const csv = Buffer.from(await workbook.csv.writeBuffer())
  return new Uint8Array(Buffer.concat([Buffer.from('\uFEFF'), csv]))
}
