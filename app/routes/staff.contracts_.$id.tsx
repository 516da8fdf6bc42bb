// Staff: one contract, its payments and their rewards; record an instalment
// the parties report (the reward worker then computes its reward), or cancel
// the contract (its rewards are reversed).
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ConfirmForm, useAmountBoth } from '~/components/confirm-form.tsx'
import { parseMoneyInput } from '~/domain/money.ts'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { FormErrors, TextField } from '~/components/form-field.tsx'
import { cancelContract, contractDetail } from '~/services/contracts.server.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { readPost, runFormAction } from '~/utils/form-action.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { CancelContractFormSchema, ContractPaymentFormSchema } from '~/utils/reward-validation.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.staffContract.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireStaffReader(request, db)
  return { ...(await orRespond(contractDetail(db, staff, params.id ?? ''))), mayAct: staff.role === 'STAFF' }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const now = new Date()
  if (formData.get('intent') === 'cancel') {
    const submission = parseWithZod(formData, { schema: CancelContractFormSchema })
    if (submission.status !== 'success') return data({ form: 'cancel' as const, reply: submission.reply() }, { status: 400 })
    const outcome = await runFormAction(submission, () => cancelContract(db, staff, params.id ?? '', submission.value.reason, now))
    return outcome.ok ? { form: 'cancel' as const, reply: submission.reply({ resetForm: true }) } : outcome.response
  }
  const submission = parseWithZod(formData, { schema: ContractPaymentFormSchema })
  if (submission.status !== 'success') return data({ form: 'payment' as const, reply: submission.reply() }, { status: 400 })
  const { amount, paidOn, reference } = submission.value
  const outcome = await runFormAction(
    submission,
    () => recordContractPayment(db, staff, { contractId: params.id ?? '', amountFen: amount, currency: 'CNY', paidOn, reference }, now),
    { amountFen: 'amount' },
  )
  return outcome.ok ? { form: 'payment' as const, reply: submission.reply({ resetForm: true }), duplicate: outcome.value.duplicate } : outcome.response
}

export default function StaffContract() {
  const c = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  // runFormAction's error reply is a bare submission reply; ours carry which form they belong to.
  const reply = result && 'form' in result ? result : null
  const bare = result && !('form' in result) ? result : undefined
  const [payForm, payFields] = useForm({
    id: 'payment',
    lastResult: reply?.form === 'payment' ? reply.reply : bare,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContractPaymentFormSchema }),
    shouldValidate: 'onBlur',
  })
  const [cancelForm, cancelFields] = useForm({
    id: 'cancel',
    lastResult: reply?.form === 'cancel' ? reply.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelContractFormSchema }),
    shouldValidate: 'onBlur',
  })
  const t = useT()
  const format = useFormat()
  const both = useAmountBoth()
  return (
    <>
      <p>
        <Link to="/staff/contracts">{t('moneyPages.staffContract.back')}</Link>
      </p>
      <h1>{t('moneyPages.staffContract.heading', { no: c.registrationNo })}</h1>
      <dl className="explanation">
        <dt>{t('moneyPages.staffContract.kind')}</dt>
        <dd>{t(`enums.contractKind.${c.kind}`)}</dd>
        <dt>{t('moneyPages.staffContract.buyer')}</dt>
        <dd>{c.buyer}</dd>
        <dt>{t('moneyPages.staffContract.seller')}</dt>
        <dd>{c.seller}</dd>
        <dt>{t('moneyPages.staffContract.amount')}</dt>
        <dd className="price">{format.money(c.amountFen)}</dd>
        <dt>{t('moneyPages.staffContract.signedOn')}</dt>
        <dd>{format.date(c.signedOn)}</dd>
        <dt>{t('moneyPages.staffContract.source')}</dt>
        <dd>
          {c.dealId
            ? t('moneyPages.staffContract.sourceOurAuction')
            : c.viaAuction
              ? t('moneyPages.staffContract.sourceOtherAuction', { market: c.auctionMarket ?? '', ref: c.auctionRef ?? '', by: c.registeredBy ?? t('common.none') })
              : t('moneyPages.staffContract.sourceRegistered', { by: c.registeredBy ?? t('common.none') })}
        </dd>
        <dt>{t('moneyPages.staffContract.attachments')}</dt>
        <dd>{c.attachmentNames.length ? c.attachmentNames.join(t('moneyPages.staffContract.listSeparator')) : t('common.none')}</dd>
        <dt>{t('moneyPages.staffContract.status')}</dt>
        <dd>{c.status === 'ACTIVE' ? t('moneyPages.staffContract.active') : t('moneyPages.staffContract.cancelled', { reason: c.cancelReason ?? '' })}</dd>
      </dl>

      <h2>{t('moneyPages.staffContract.paymentsTitle')}</h2>
      {reply && 'duplicate' in reply && (
        <p className="notice" role="status">
          {reply.duplicate ? t('moneyPages.staffContract.duplicate') : t('moneyPages.staffContract.recorded')}
        </p>
      )}
      <table>
        <TableHead columns={[t('moneyPages.staffContract.colKind'), t('moneyPages.staffContract.colReference'), t('moneyPages.staffContract.colAmount'), t('moneyPages.staffContract.colPaidOn'), t('moneyPages.staffContract.colStatus'), t('moneyPages.staffContract.colReward')]} />
        <tbody>
          {c.payments.map((p) => (
            <tr key={p.id}>
              <td>{t(`enums.paymentKind.${p.kind}`)}</td>
              <td>{p.reference ?? t('common.none')}</td>
              <td className="price">{format.moneyExact(p.amountFen)}</td>
              <td>{format.date(p.paidAt)}</td>
              <td>{t(`enums.paymentStatus.${p.status}`)}</td>
              <td>
                {p.rewards.length === 0
                  ? t('moneyPages.staffContract.computing')
                  : p.rewards.map((r) => (
                      <span key={r.id}>
                        {r.isReversal ? t('moneyPages.staffContract.reversal') : ''}
                        <span className="price">{format.moneyExact(r.amountFen)}</span> <span className={`badge ${r.status}`}>{t(`enums.rewardStatus.${r.status}`)}</span>{' '}
                      </span>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {c.mayAct && c.status === 'ACTIVE' && !c.dealId && (
        <ConfirmForm
          method="post"
          {...getFormProps(payForm)}
          className="card"
          aria-labelledby="pay-title"
          question={(el) => {
            const fen = parseMoneyInput(String(new FormData(el).get('amount') ?? ''))
            return fen === null ? t('confirmations.recordPaymentUnknown', { no: c.registrationNo }) : t('confirmations.recordPayment', { no: c.registrationNo, amount: both(fen) })
          }}
        >
          <h2 id="pay-title">{t('moneyPages.staffContract.payTitle')}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="record-payment" />
          <FormErrors form={payForm} />
          <div className="grid2">
            <TextField meta={payFields.amount} label={t('moneyPages.staffContract.payAmount')} />
            <TextField meta={payFields.paidOn} label={t('moneyPages.staffContract.paidOn')} type="date" />
            <TextField meta={payFields.reference} label={t('moneyPages.staffContract.reference')} />
          </div>
          <button type="submit">{t('moneyPages.staffContract.paySubmit')}</button>
        </ConfirmForm>
      )}
      {c.mayAct && c.status === 'ACTIVE' && (
        <ConfirmForm method="post" {...getFormProps(cancelForm)} className="card" aria-labelledby="cancel-title" question={t('confirmations.cancelContract', { no: c.registrationNo })}>
          <h2 id="cancel-title">{t('moneyPages.staffContract.cancelTitle')}</h2>
          <p className="hint">{t('moneyPages.staffContract.cancelHint')}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="cancel" />
          <FormErrors form={cancelForm} />
          <TextField meta={cancelFields.reason} label={t('moneyPages.staffContract.cancelReason')} />
          <button type="submit">{t('moneyPages.staffContract.cancelSubmit')}</button>
        </ConfirmForm>
      )}
    </>
  )
}
