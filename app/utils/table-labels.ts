// On phones (≤ 480 px) tables are shown as cards, one a row, each cell with its column's name before it
// (`td::before { content: attr(data-label) }` in app/styles/app.css). Cells whose markup has no data-label get their
// column's header text here, for every table in <main>, and again whenever the page's content changes.
import { useEffect } from 'react'

export function labelTableCells(root: ParentNode) {
  for (const table of root.querySelectorAll('table')) {
    const heads = [...table.querySelectorAll(':scope > thead > tr:last-child > th')].flatMap((th) =>
      Array<string>((th as HTMLTableCellElement).colSpan || 1).fill(th.textContent?.trim() ?? ''),
    )
    if (!heads.length) continue
    for (const row of table.querySelectorAll(':scope > tbody > tr, :scope > tfoot > tr')) {
      let column = 0
      for (const cell of row.children) {
        const label = heads[column] ?? ''
        if (!cell.hasAttribute('data-label') || cell.getAttribute('data-auto-label') !== null) {
          if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label)
          cell.setAttribute('data-auto-label', '')
        }
        column += (cell as HTMLTableCellElement).colSpan || 1
      }
    }
  }
}

export function useTableLabels() {
  useEffect(() => {
    const main = document.getElementById('main')
    if (!main) return
    labelTableCells(main)
    const observer = new MutationObserver(() => labelTableCells(main))
    observer.observe(main, { childList: true, subtree: true, characterData: true })
    return () => observer.disconnect()
  }, [])
}
