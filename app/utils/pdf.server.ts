// PDF documents (pdfkit) with Chinese text in an embedded CJK font shipped by
// an npm package (@expo-google-fonts/noto-sans-sc: Noto Sans SC as TTF files).
// pdfkit embeds only the glyphs a document uses (fontkit subsetting), so a
// one-page confirmation is about 45 KB although the font file is ~10 MB.
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'

const require = createRequire(import.meta.url)

export const CJK_FONT = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
}

export type PdfLine =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'text'; text: string }
  | { kind: 'mono'; text: string }
  | { kind: 'gap' }

/** Renders lines of a simple document to a PDF buffer. */
export function renderPdf(lines: PdfLine[], info: { title: string; subject?: string; producer: string; labelSeparator: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: info.title, Subject: info.subject ?? '', Producer: info.producer, Creator: info.producer }, compress: true })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.registerFont('cjk', CJK_FONT.regular)
    doc.registerFont('cjk-bold', CJK_FONT.bold)
    const width = doc.page.width - 112
    for (const line of lines) {
      switch (line.kind) {
        case 'title':
          doc.font('cjk-bold').fontSize(20).text(line.text, { align: 'center', width })
          doc.moveDown(0.8)
          break
        case 'heading':
          doc.moveDown(0.4).font('cjk-bold').fontSize(12).text(line.text, { width })
          doc.moveDown(0.2)
          break
        case 'field':
          doc.font('cjk-bold').fontSize(10.5).text(`${line.label}${info.labelSeparator}`, { continued: true, width }).font('cjk').text(line.value)
          break
        case 'text':
          doc.font('cjk').fontSize(10.5).text(line.text, { width })
          break
        case 'mono':
          doc.font('cjk').fontSize(8.5).text(line.text, { width })
          break
        case 'gap':
          doc.moveDown(0.6)
          break
      }
    }
    doc.end()
  })
}
