import { useT } from '~/i18n/react.tsx'

/** One labelled <select> of a list's filter form; "全部" first unless the filter always has a value (anyLabel null). */
export function FilterSelect({
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  name: string
  label: string
  value: string | undefined
  options: { value: string; label: string }[]
  anyLabel?: string | null
}) {
  const t = useT()
  const any = anyLabel === undefined ? t('listingPages.filter.any') : anyLabel
  return (
    <div>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ''}>
        {any !== null && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

