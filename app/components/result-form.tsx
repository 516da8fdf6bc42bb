import type { SubmissionResult } from '@conform-to/react'
import { CheckboxGroup, MoneyField, SelectField, TextField } from '~/components/form-field.tsx'
import { ListingForm, useListingForm } from '~/components/listing-form.tsx'
import { IP_KINDS, MATURITIES, TRANSFER_MODES } from '~/domain/labels.ts'
import { enumOptions } from '~/components/enum-text.ts'
import { fenToYuanInput } from '~/domain/money.ts'
import type { ResultView } from '~/services/results.server.ts'
import { ResultFormSchema } from '~/utils/listing-validation.ts'
import { useT } from '~/i18n/react.tsx'

export function ResultFormFields({ lastResult, existing }: { lastResult?: SubmissionResult<string[]> | null; existing?: ResultView }) {
  const t = useT()
  const [form, fields] = useListingForm(
    ResultFormSchema,
    lastResult,
    existing && {
      ...existing,
      keywords: existing.keywords.join('，'),
      ipNumbers: existing.ipNumbers.join('，'),
      askingPrice: existing.askingPriceFen === null ? '' : fenToYuanInput(existing.askingPriceFen),
    },
  )
  return (
    <ListingForm
      form={form}
      creating={!existing}
      fields={fields}
      title={t('listingPages.form.resultTitle')}
      text={{ meta: fields.summary, label: t('listingPages.form.summary'), hint: t('listingPages.form.summaryHint') }}
      grid={
        <>
          <SelectField meta={fields.ipKind} label={t('listingPages.form.ipKind')} options={enumOptions(IP_KINDS, (k) => t(`enums.ipKind.${k}`))} />
          <TextField meta={fields.ipNumbers} label={t('listingPages.form.ipNumbers')} hint={t('listingPages.form.ipNumbersHint')} />
          <SelectField meta={fields.maturity} label={t('listingPages.form.maturity')} options={enumOptions(MATURITIES, (m) => t(`enums.maturity.${m}`))} />
          <MoneyField meta={fields.askingPrice} label={t('listingPages.form.askingPrice')} hint={t('listingPages.form.askingPriceHint')} />
        </>
      }
    >
      <CheckboxGroup meta={fields.transferModes} label={t('listingPages.form.transferModes')} options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))} />
    </ListingForm>
  )
}
