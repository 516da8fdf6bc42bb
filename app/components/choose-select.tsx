// A choice that must be made: the first option asks to choose and cannot be chosen, so the browser refuses the form
// until one is (a request's category, the enterprise or the visit a staff member records).
type Choice = { value: string; label: string }

/** The options alone, for a select that is laid out by its form (conform's fields). */
export function ChooseOptions({ placeholder, options }: { placeholder: string; options: Choice[] }) {
  return (
    <>
      <option value="" disabled>
        {placeholder}
      </option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  )
}

/** A labelled, required select whose first option asks to choose. */
export function ChooseSelect({ label, name, placeholder, options }: { label: string; name: string; placeholder: string; options: Choice[] }) {
  return (
    <label>
      {label}
      <select name={name} required defaultValue="">
        <ChooseOptions placeholder={placeholder} options={options} />
      </select>
    </label>
  )
}
