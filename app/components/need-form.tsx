import type { SubmissionResult } from '@conform-to/react'
import { CheckboxGroup, MoneyField, TextField } from '~/components/form-field.tsx'
import { ListingForm, useListingForm } from '~/components/listing-form.tsx'
import { TRANSFER_MODES } from '~/domain/labels.ts'
import { enumOptions } from '~/components/enum-text.ts'
import { fenToYuanInput } from '~/domain/money.ts'
import type { NeedView } from '~/services/needs.server.ts'
import { NeedFormSchema } from '~/utils/listing-validation.ts'
import { useT } from '~/i18n/react.tsx'

export function NeedFormFields({ lastResult, existing }: { lastResult?: SubmissionResult<string[]> | null; existing?: NeedView }) {
  const t = useT()
  const [form, fields] = useListingForm(
    NeedFormSchema,
    lastResult,
    existing && {
      ...existing,
      keywords: existing.keywords.join('，'),
      budgetMin: existing.budgetMinFen === null ? '' : fenToYuanInput(existing.budgetMinFen),
      budgetMax: existing.budgetMaxFen === null ? '' : fenToYuanInput(existing.budgetMaxFen),
      wantedBy: existing.wantedBy ?? '',
    },
  )
  return (
    <ListingForm
      form={form}
      creating={!existing}
      fields={fields}
      title={t('listingPages.form.needTitle')}
      text={{ meta: fields.description, label: t('listingPages.form.description'), hint: t('listingPages.form.descriptionHint') }}
      grid={
        <>
          <MoneyField meta={fields.budgetMin} label={t('listingPages.form.budgetMin')} />
          <MoneyField meta={fields.budgetMax} label={t('listingPages.form.budgetMax')} />
          <TextField meta={fields.wantedBy} label={t('listingPages.form.wantedBy')} type="date" />
        </>
      }
    >
      <CheckboxGroup meta={fields.acceptedModes} label={t('listingPages.form.acceptedModes')} options={enumOptions(TRANSFER_MODES, (m) => t(`enums.transferMode.${m}`))} />
    </ListingForm>
  )
}
