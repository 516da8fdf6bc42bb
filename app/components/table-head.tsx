// A table's header row, written once: the columns' names and, for a last column of buttons or links, a name only
// screen readers hear (an empty header cell is an accessibility fault, axe's empty-table-header; on phones the
// cards show it before the row's actions, app/utils/table-labels.ts).
import { useT } from '~/i18n/react.tsx'

/** The header of a column of row actions: blank on screen, named for screen readers (操作, or `label`). */
export function ActionsHeader({ label }: { label?: string }) {
  const t = useT()
  return (
    <th>
      <span className="sr-only">{label ?? t('layout.actions')}</span>
    </th>
  )
}

/** A <thead> of plain column names; `actions` adds the row actions' column (true: 操作; a string: its own name). */
export function TableHead({ columns, actions = false }: { columns: string[]; actions?: boolean | string }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i}>{c}</th>
        ))}
        {actions !== false && <ActionsHeader label={actions === true ? undefined : actions} />}
      </tr>
    </thead>
  )
}
