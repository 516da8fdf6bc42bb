/** One labelled <select> of a list's filter form; "全部" first unless the filter always has a value. */
export function FilterSelect({
  name,
  label,
  value,
  options,
  anyLabel = '全部',
}: {
  name: string
  label: string
  value: string | undefined
  options: { value: string; label: string }[]
  anyLabel?: string | null
}) {
  return (
    <div>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ''}>
        {anyLabel !== null && <option value="">{anyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export const labelled = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }))
