import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TextField } from '~/components/form-field.tsx'
import { formatFen } from '~/domain/money.ts'
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
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <CsrfInput />
      {form.errors && (
        <p className="alert" role="alert" id={form.errorId}>
          {form.errors.join('；')}
        </p>
      )}
      <p>
        应付金额：<strong className="price">{formatFen(amountFen)}</strong>
      </p>
      <TextField meta={fields.cardNumber} label="银行卡号" hint="16–19 位数字，可含空格" />
      <div className="grid2">
        <TextField meta={fields.expiry} label="有效期（MM/YY）" />
        <TextField meta={fields.cvc} label="安全码（CVC）" />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? '正在支付…' : submitLabel}
      </button>
      <p className="hint">同一笔款项不会被重复扣款：重复提交或网络中断后重试都只扣一次。</p>
    </Form>
  )
}
