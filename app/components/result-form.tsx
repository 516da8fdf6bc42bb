import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SubmissionKeyInput } from '~/components/submission-key-input.tsx'
import { CheckboxGroup, SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { IP_KINDS, MATURITIES, TRANSFER_MODES } from '~/domain/labels.ts'
import { enumOptions, fieldOptions } from '~/components/enum-text.ts'
import { fenToYuanInput } from '~/domain/money.ts'
import type { ResultView } from '~/services/results.server.ts'
import { ResultFormSchema } from '~/utils/listing-validation.ts'
import { useMessage, useT } from '~/i18n/react.tsx'


export function ResultFormFields({ lastResult, existing }: { lastResult?: SubmissionResult<string[]> | null; existing?: ResultView }) {
  const t = useT()
  const message = useMessage()
  const [form, fields] = useForm({
    lastResult,
    defaultValue: existing && {
      ...existing,
      keywords: existing.keywords.join('，'),
      ipNumbers: existing.ipNumbers.join('，'),
      askingPrice: existing.askingPriceFen === null ? '' : fenToYuanInput(existing.askingPriceFen),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResultFormSchema }),
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
      <TextField meta={fields.title} label={t('listingPages.form.resultTitle')} />
      <TextArea meta={fields.summary} label={t('listingPages.form.summary')} hint={t('listingPages.form.summaryHint')} />
      <div className="grid2">
        <SelectField meta={fields.field} label={t('listingPages.form.field')} options={fieldOptions(t)} />
        <TextField meta={fields.keywords} label={t('listingPages.form.keywords')} hint={t('listingPages.form.keywordsHint')} />
        <SelectField meta={fields.ipKind} label={t('listingPages.form.ipKind')} options={enumOptions(IP_KINDS, (k) => t(`enums.ipKind.${k}`))} />
        <TextField meta={fields.ipNumbers} label={t('listingPages.form.ipNumbers')} hint={t('listingPages.form.ipNumbersHint')} />
        <SelectField meta={fields.maturity} label={t('listingPages.form.maturity')} options={enumOptions(MATURITIES, (m) => t(`enums.maturity.${m}`))} />
        <TextField meta={fields.askingPrice} label={t('listingPages.form.askingPrice')} hint={t('listingPages.form.askingPriceHint')} />
      </div>
      <CheckboxGroup meta={fields.transferModes} label={t('listingPages.form.transferModes')} options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))} />
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
