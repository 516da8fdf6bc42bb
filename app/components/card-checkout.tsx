import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { useNavigation } from '@remix-run/react'
import { ConfirmForm, useAmountBoth } from '~/components/confirm-form.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { FormErrors, TextField } from '~/components/form-field.tsx'
import { useFormat, useT } from '~/i18n/react.tsx'
import { CardFormSchema } from '~/utils/payment-validation.ts'

/** The card form of a checkout; a decline comes back above the fields in plain words. */
export function CardCheckout({ lastResult, amountFen, submitLabel }: { lastResult?: SubmissionResult<string[]> | null; amountFen: number; submitLabel: string }) {
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CardFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const busy = useNavigation().state === 'submitting'
  const t = useT()
  const format = useFormat()
  const both = useAmountBoth()
  return (
    <ConfirmForm method="post" {...getFormProps(form)} className="card" question={t('confirmations.pay', { amount: both(amountFen) })}>
      <CsrfInput />
      <FormErrors form={form} />
      <p>
        {t('moneyPages.cardCheckout.amountDue')}
        <strong className="price">{format.moneyExact(amountFen)}</strong>
      </p>
      <TextField meta={fields.cardNumber} label={t('moneyPages.cardCheckout.cardNumber')} hint={t('moneyPages.cardCheckout.cardNumberHint')} />
      <div className="grid2">
        <TextField meta={fields.expiry} label={t('moneyPages.cardCheckout.expiry')} />
        <TextField meta={fields.cvc} label={t('moneyPages.cardCheckout.cvc')} />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? t('moneyPages.cardCheckout.paying') : submitLabel}
      </button>
      <p className="hint">{t('moneyPages.cardCheckout.noDoubleCharge')}</p>
    </ConfirmForm>
  )
}
