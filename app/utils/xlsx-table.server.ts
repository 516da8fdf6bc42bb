// Reading and writing one sheet of text cells with exceljs (the assignment table of a campaign). A cell is read as
// the text it shows (numbers and rich text included); merged cells repeat nothing (the first cell keeps the value).
import ExcelJS from 'exceljs'

/** The first sheet's rows as text; `rows[i]` is line i + 1. Throws on a file that is not XLSX. */
export async function readXlsxRows(data: ArrayBuffer | Uint8Array, maxRows = 5000): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(data instanceof Uint8Array ? (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer) : data)
  const sheet = workbook.worksheets[0]
  if (!sheet) return []
  const rows: string[][] = []
  const last = Math.min(sheet.rowCount, maxRows)
  for (let r = 1; r <= last; r++) {
    const row = sheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= Math.max(row.cellCount, 5); c++) {
      const cell = row.getCell(c)
      // A merged cell other than its master reads empty, as the notice's table means it (the group continues).
      cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : (cell.text ?? '').trim())
    }
    rows.push(cells)
  }
  return rows
}

/** One sheet named `sheetName` with `rows` (the first is a bold header), columns sized to their text. */
export async function writeXlsxRows(sheetName: string, rows: readonly (readonly string[])[], title?: string): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName)
  if (title) {
    sheet.addRow([title]).font = { bold: true, size: 14 }
  }
  rows.forEach((r, i) => {
    const row = sheet.addRow([...r])
    if (i === 0) row.font = { bold: true }
    row.alignment = { vertical: 'top', wrapText: true }
  })
  const widths = [6, 10, 36, 14, 60]
  sheet.columns.forEach((col, i) => {
    col.width = widths[i] ?? 20
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
