// Staff: one contract, its payments and their rewards; record an instalment
// the parties report (the reward worker then computes its reward), or cancel
// the contract (its rewards are reversed).
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TextField } from '~/components/form-field.tsx'
import { formatFen } from '~/domain/money.ts'
import { KIND_LABELS, STATUS_LABELS } from '~/domain/payments.ts'
import { REWARD_STATUS_LABELS } from '~/domain/rewards.ts'
import { cancelContract, contractDetail } from '~/services/contracts.server.ts'
import { recordContractPayment } from '~/services/contract-payments.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { formatDate } from '~/utils/format.ts'
import { CancelContractFormSchema, CONTRACT_KIND_LABELS, ContractPaymentFormSchema } from '~/utils/reward-validation.ts'

export const meta: MetaFunction = () => [{ title: '技术合同 · 科技成果交易市场' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  return orRespond(contractDetail(db, staff, params.id ?? ''))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
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
  return (
    <>
      <p>
        <Link to="/staff/contracts">← 技术合同登记</Link>
      </p>
      <h1>合同 {c.registrationNo}</h1>
      <dl className="explanation">
        <dt>类型</dt>
        <dd>{CONTRACT_KIND_LABELS[c.kind]}</dd>
        <dt>买方</dt>
        <dd>{c.buyer}</dd>
        <dt>卖方</dt>
        <dd>{c.seller}</dd>
        <dt>合同金额</dt>
        <dd className="price">{formatFen(c.amountFen)}</dd>
        <dt>签订日期</dt>
        <dd>{formatDate(c.signedOn)}</dd>
        <dt>来源</dt>
        <dd>
          {c.dealId
            ? '本平台竞价成交（按竞价比例奖励）'
            : c.viaAuction
              ? `${c.auctionMarket ?? ''}竞价（拍卖）成交，编号 ${c.auctionRef ?? ''}（按竞价比例奖励），登记人 ${c.registeredBy ?? '—'}`
              : `竞价以外（按非竞价比例奖励），登记人 ${c.registeredBy ?? '—'}`}
        </dd>
        <dt>附件</dt>
        <dd>{c.attachmentNames.length ? c.attachmentNames.join('、') : '—'}</dd>
        <dt>状态</dt>
        <dd>{c.status === 'ACTIVE' ? '有效' : `已解除：${c.cancelReason ?? ''}`}</dd>
      </dl>

      <h2>付款与奖励</h2>
      {reply && 'duplicate' in reply && (
        <p className="notice" role="status">
          {reply.duplicate ? '该凭证号的付款已登记过，未重复登记。' : '付款已登记，奖励正在计算。'}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>类别</th>
            <th>凭证号</th>
            <th>金额</th>
            <th>付款日期</th>
            <th>状态</th>
            <th>奖励</th>
          </tr>
        </thead>
        <tbody>
          {c.payments.map((p) => (
            <tr key={p.id}>
              <td>{KIND_LABELS[p.kind]}</td>
              <td>{p.reference ?? '—'}</td>
              <td className="price">{formatFen(p.amountFen)}</td>
              <td>{formatDate(p.paidAt)}</td>
              <td>{STATUS_LABELS[p.status]}</td>
              <td>
                {p.rewards.length === 0
                  ? '计算中…'
                  : p.rewards.map((r) => (
                      <span key={r.id}>
                        {r.isReversal ? '冲销 ' : ''}
                        <span className="price">{formatFen(r.amountFen)}</span> <span className={`badge ${r.status}`}>{REWARD_STATUS_LABELS[r.status]}</span>{' '}
                      </span>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {c.status === 'ACTIVE' && !c.dealId && (
        <Form method="post" {...getFormProps(payForm)} className="card" aria-labelledby="pay-title">
          <h2 id="pay-title">登记一笔付款</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="record-payment" />
          {payForm.errors && (
            <p className="alert" role="alert">
              {payForm.errors.join('；')}
            </p>
          )}
          <div className="grid2">
            <TextField meta={payFields.amount} label="付款金额（元）" />
            <TextField meta={payFields.paidOn} label="付款日期" type="date" />
            <TextField meta={payFields.reference} label="付款凭证号" />
          </div>
          <button type="submit">登记付款</button>
        </Form>
      )}
      {c.status === 'ACTIVE' && (
        <Form method="post" {...getFormProps(cancelForm)} className="card" aria-labelledby="cancel-title">
          <h2 id="cancel-title">解除合同</h2>
          <p className="hint">解除后，该合同已计算的奖励全部冲销（已发放的记为应追回），之后的付款不再计奖。</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="cancel" />
          {cancelForm.errors && (
            <p className="alert" role="alert">
              {cancelForm.errors.join('；')}
            </p>
          )}
          <TextField meta={cancelFields.reason} label="解除理由" />
          <button type="submit">解除合同</button>
        </Form>
      )}
    </>
  )
}
