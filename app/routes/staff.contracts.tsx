// Staff: register a technology contract made outside an auction (parties,
// 登记号, kind, amount, date, attachments' names), and the contracts so far.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { formatFen } from '~/domain/money.ts'
import { contractsPage, registerContract } from '~/services/contracts.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { formatDate } from '~/utils/format.ts'
import { CONTRACT_KIND_LABELS, ContractFormSchema } from '~/utils/reward-validation.ts'

export const meta: MetaFunction = () => [{ title: '技术合同登记 · 科技成果交易市场' }]

// This page's new strings, together for the i18n catalogue.
const TEXT = {
  intro:
    '登记企业与高校、科研院所之间签订的技术合同；其每笔付款由奖励程序按付款日有效的奖励政策版本计算奖励（政策覆盖的合同类型与比例见“奖励政策”）。本平台竞价成交的合同在成交价款付清后自动生成；通过其他技术市场竞价（拍卖）成交的，请勾选并填写其编号。登记人不能审核该合同的奖励。',
  otherAuctionLegend: '其他技术市场的竞价（拍卖）',
  otherAuctionCheck: '该合同通过其他技术市场的竞价（拍卖）成交（按竞价比例奖励）',
  auctionMarket: '技术市场',
  auctionRef: '竞价（拍卖）编号',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  return contractsPage(db, staff)
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: ContractFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { amount, attachments, otherAuction, auctionMarket, auctionRef, ...rest } = submission.value
  const outcome = await runFormAction(
    submission,
    () =>
      registerContract(
        db,
        staff,
        { ...rest, amountFen: amount, attachmentNames: attachments, otherAuction: otherAuction ? { market: auctionMarket ?? '', ref: auctionRef ?? '' } : null },
        new Date(),
      ),
    { amountFen: 'amount', attachmentNames: 'attachments' },
  )
  return outcome.ok ? redirect(`/staff/contracts/${outcome.value.id}`) : outcome.response
}

export default function StaffContracts() {
  const { contracts, buyers, sellers } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContractFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h1>技术合同登记</h1>
      <p className="hint">
        {TEXT.intro}
      </p>
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="contract-form-title">
        <h2 id="contract-form-title">登记合同</h2>
        <CsrfInput />
        {form.errors && (
          <p className="alert" role="alert">
            {form.errors.join('；')}
          </p>
        )}
        <div className="grid2">
          <TextField meta={fields.registrationNo} label="技术合同登记号" />
          <SelectField meta={fields.kind} label="合同类型" options={Object.entries(CONTRACT_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          <SelectField meta={fields.buyerId} label="买方（企业）" options={buyers.map((o) => ({ value: o.id, label: o.name }))} />
          <SelectField meta={fields.sellerId} label="卖方（高校、科研院所）" options={sellers.map((o) => ({ value: o.id, label: o.name }))} />
          <TextField meta={fields.amount} label="合同金额（元）" />
          <TextField meta={fields.signedOn} label="签订日期" type="date" />
        </div>
        <TextArea meta={fields.attachments} label="附件名称" hint="每行一个，例如：技术转让合同.pdf" />
        <fieldset className="field">
          <legend>{TEXT.otherAuctionLegend}</legend>
          <label>
            <input {...getInputProps(fields.otherAuction, { type: 'checkbox', value: 'on' })} /> {TEXT.otherAuctionCheck}
          </label>
          <div className="grid2">
            <TextField meta={fields.auctionMarket} label={TEXT.auctionMarket} />
            <TextField meta={fields.auctionRef} label={TEXT.auctionRef} />
          </div>
        </fieldset>
        <button type="submit">登记</button>
      </Form>

      <h2>已登记合同（{contracts.length}）</h2>
      <table>
        <thead>
          <tr>
            <th>登记号</th>
            <th>类型</th>
            <th>买方</th>
            <th>卖方</th>
            <th>合同金额</th>
            <th>已付</th>
            <th>签订</th>
            <th>来源</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {contracts.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/staff/contracts/${c.id}`}>{c.registrationNo}</Link>
              </td>
              <td>{CONTRACT_KIND_LABELS[c.kind]}</td>
              <td>{c.buyer}</td>
              <td>{c.seller}</td>
              <td className="price">{formatFen(c.amountFen)}</td>
              <td className="price">{formatFen(c.paidFen)}</td>
              <td>{formatDate(c.signedOn)}</td>
              <td>{c.dealId ? '本平台竞价成交' : c.viaAuction ? `${c.auctionMarket ?? ''}竞价 ${c.auctionRef ?? ''}，登记人：${c.registeredBy ?? '—'}` : `登记人：${c.registeredBy ?? '—'}`}</td>
              <td>{c.status === 'ACTIVE' ? '有效' : `已解除（${c.cancelReason ?? ''}）`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
