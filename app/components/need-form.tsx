import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SubmissionKeyInput } from '~/components/submission-key-input.tsx'
import { CheckboxGroup, SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { TRANSFER_MODES } from '~/domain/labels.ts'
import { enumOptions, fieldOptions } from '~/components/enum-text.ts'
import { fenToYuanInput } from '~/domain/money.ts'
import type { NeedView } from '~/services/needs.server.ts'
import { NeedFormSchema } from '~/utils/listing-validation.ts'
import { useMessage, useT } from '~/i18n/react.tsx'

export function NeedFormFields({ lastResult, existing }: { lastResult?: SubmissionResult<string[]> | null; existing?: NeedView }) {
  const t = useT()
  const message = useMessage()
  const [form, fields] = useForm({
    lastResult,
    defaultValue: existing && {
      ...existing,
      keywords: existing.keywords.join('，'),
      budgetMin: existing.budgetMinFen === null ? '' : fenToYuanInput(existing.budgetMinFen),
      budgetMax: existing.budgetMaxFen === null ? '' : fenToYuanInput(existing.budgetMaxFen),
      wantedBy: existing.wantedBy ?? '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NeedFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <CsrfInput />
      {/* Creating only: the edit form changes one known record. */}
      {!existing && <SubmissionKeyInput />}
      {form.errors && (
        <p className="alert" role="alert" id={form.errorId}>
          {form.errors.map((e) => message(e)).join(t('form.separator'))}
        </p>
      )}
      <TextField meta={fields.title} label={t('listingPages.form.needTitle')} />
      <TextArea meta={fields.description} label={t('listingPages.form.description')} hint={t('listingPages.form.descriptionHint')} />
      <div className="grid2">
        <SelectField meta={fields.field} label={t('listingPages.form.field')} options={fieldOptions(t)} />
        <TextField meta={fields.keywords} label={t('listingPages.form.keywords')} hint={t('listingPages.form.keywordsHint')} />
        <TextField meta={fields.budgetMin} label={t('listingPages.form.budgetMin')} />
        <TextField meta={fields.budgetMax} label={t('listingPages.form.budgetMax')} />
        <TextField meta={fields.wantedBy} label={t('listingPages.form.wantedBy')} type="date" />
      </div>
      <CheckboxGroup
        meta={fields.acceptedModes}
        label={t('listingPages.form.acceptedModes')}
        options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))}
      />
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
