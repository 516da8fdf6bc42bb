// What the result and need forms share: the conform set-up, the form around the fields (CSRF, the creation's
// submission key, the form's errors), the contact fields and the two buttons (save a draft, save and submit).
import { getFormProps, useForm, type DefaultValue, type FieldMetadata, type FormMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { z } from 'zod'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SubmissionKeyInput } from '~/components/submission-key-input.tsx'
import { FormErrors, SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { fieldOptions } from '~/components/enum-text.ts'
import { useT } from '~/i18n/react.tsx'

/** A listing form checked in the browser with the server's schema (on blur, again on input). */
export function useListingForm<O, I extends Record<string, unknown>>(schema: z.ZodType<O, I>, lastResult: SubmissionResult<string[]> | null | undefined, defaultValue: DefaultValue<I> | undefined) {
  return useForm<I, O>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
}

type Meta = FieldMetadata<unknown>

export function ListingForm<S extends Record<string, unknown>>({
  form,
  creating,
  fields,
  title,
  text,
  grid,
  children,
}: {
  form: FormMetadata<S>
  /** Creating only: the edit form changes one known record. */
  creating: boolean
  fields: { title: Meta; field: Meta; keywords: Meta; contactName: Meta; contactPhone: Meta }
  title: string
  /** The listing's text: a need's description, a result's summary. */
  text: { meta: Meta; label: string; hint: string }
  /** The kind's own fields beside the field and keywords. */
  grid: ReactNode
  /** The kind's own fields below them. */
  children: ReactNode
}) {
  const t = useT()
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <CsrfInput />
      {creating && <SubmissionKeyInput />}
      <FormErrors form={form} />
      <TextField meta={fields.title} label={title} />
      <TextArea meta={text.meta} label={text.label} hint={text.hint} />
      <div className="grid2">
        <SelectField meta={fields.field} label={t('listingPages.form.field')} options={fieldOptions(t)} />
        <TextField meta={fields.keywords} label={t('listingPages.form.keywords')} hint={t('listingPages.form.keywordsHint')} />
        {grid}
      </div>
      {children}
      <div className="grid2">
        <TextField meta={fields.contactName} label={t('listingPages.form.contactName')} />
        <TextField meta={fields.contactPhone} label={t('listingPages.form.contactPhone')} />
      </div>
      <div className="row">
        <button type="submit" name="intent" value="save">
          {t('listingPages.common.saveDraft')}
        </button>
        <button type="submit" name="intent" value="save-submit" className="secondary">
          {t('listingPages.common.saveAndSubmit')}
        </button>
      </div>
    </Form>
  )
}
