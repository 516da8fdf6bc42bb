import type { FieldMetadata } from '@conform-to/react'
import { getInputProps, getSelectProps, getTextareaProps } from '@conform-to/react'

type Props = { meta: FieldMetadata<unknown>; label: string; hint?: string }

function Errors({ meta }: { meta: FieldMetadata<unknown> }) {
  return (
    <p className="error" id={meta.errorId} aria-live="polite">
      {meta.errors?.join('；')}
    </p>
  )
}

export function TextField({ meta, label, hint, type = 'text' }: Props & { type?: 'text' | 'date' | 'email' | 'datetime-local' | 'number' }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta as FieldMetadata<string>, { type })} />
      {hint && <span className="hint">{hint}</span>}
      <Errors meta={meta} />
    </div>
  )
}

export function TextArea({ meta, label, hint }: Props) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...getTextareaProps(meta as FieldMetadata<string>)} />
      {hint && <span className="hint">{hint}</span>}
      <Errors meta={meta} />
    </div>
  )
}

export function SelectField({ meta, label, options }: Props & { options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta as FieldMetadata<string>)}>
        <option value="">请选择</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Errors meta={meta} />
    </div>
  )
}

export function CheckboxGroup({ meta, label, options }: Props & { options: { value: string; label: string }[] }) {
  const initial = meta.initialValue
  const chosen = new Set(Array.isArray(initial) ? (initial as string[]) : typeof initial === 'string' ? [initial] : [])
  return (
    <fieldset className="field" aria-describedby={meta.errorId} aria-invalid={meta.errors ? true : undefined}>
      <legend>{label}</legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={meta.name} value={o.value} defaultChecked={chosen.has(o.value)} form={meta.formId} />
            {o.label}
          </label>
        ))}
      </div>
      <Errors meta={meta} />
    </fieldset>
  )
}
