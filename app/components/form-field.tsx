import type { FieldMetadata } from '@conform-to/react'
import { getInputProps, getSelectProps, getTextareaProps } from '@conform-to/react'
import { useState } from 'react'
import { describeMoneyInput } from '~/domain/money.ts'
import { useFormat, useMessage, useT } from '~/i18n/react.tsx'

type Props = { meta: FieldMetadata<unknown>; label: string; hint?: string }

/** A field's errors: catalogue keys (zod messages, service errors) translated, other text as it is. */
export function Errors({ meta }: { meta: FieldMetadata<unknown> }) {
  const t = useT()
  const message = useMessage()
  return (
    <p className="error" id={meta.errorId} aria-live="polite">
      {meta.errors?.map((e) => message(e)).join(t('form.separator'))}
    </p>
  )
}

/** The errors of the whole form (conform's form.errors, by its errorId): translated like a field's, announced as an alert. */
export function FormErrors({ form }: { form: { errors?: string[]; errorId: string } }) {
  const t = useT()
  const message = useMessage()
  if (!form.errors) return null
  return (
    <p className="alert" role="alert" id={form.errorId}>
      {form.errors.map((e) => message(e)).join(t('form.separator'))}
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

/**
 * An amount input: accepts "80万", "80 万元", "800000", "800,000.00" (parseMoneyInput, the same reader the
 * server uses) and says what it understood before the form is saved.
 */
export function MoneyField({ meta, label, hint }: Props) {
  const t = useT()
  const { locale } = useFormat()
  const [typed, setTyped] = useState(typeof meta.initialValue === 'string' ? meta.initialValue : '')
  const understood = typed.trim() ? describeMoneyInput(typed, locale) : null
  const echoId = `${meta.id}-understood`
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input
        {...getInputProps(meta as FieldMetadata<string>, { type: 'text' })}
        inputMode="decimal"
        aria-describedby={`${echoId} ${meta.errorId}`}
        onInput={(e) => setTyped(e.currentTarget.value)}
      />
      {hint && <span className="hint">{hint}</span>}
      <span className="hint money-echo" id={echoId} aria-live="polite" data-testid="money-echo">
        {typed.trim() ? (understood ? t('money.understood', { amount: understood }) : t('money.notUnderstood')) : ''}
      </span>
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
  const t = useT()
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta as FieldMetadata<string>)}>
        <option value="">{t('form.choose')}</option>
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
