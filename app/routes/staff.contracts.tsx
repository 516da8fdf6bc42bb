// Staff: register a technology contract made outside an auction (parties,
// 登记号, kind, amount, date, attachments' names), and the contracts so far.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { FormErrors, SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { contractsPage, registerContract } from '~/services/contracts.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { readPost, runFormAction } from '~/utils/form-action.server.ts'
import { CONTRACT_KINDS, ContractFormSchema } from '~/utils/reward-validation.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.staffContracts.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireStaffReader(request, db)
  // The province reads every bureau's contracts and registers none (decision 016).
  return { ...(await contractsPage(db, staff)), mayAct: staff.role === 'STAFF' }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
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
  const { contracts, buyers, sellers, mayAct } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContractFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('moneyPages.staffContracts.title')}</h1>
      <p className="hint">
        {t('moneyPages.staffContracts.intro')}
      </p>
      {mayAct && (
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="contract-form-title">
        <h2 id="contract-form-title">{t('moneyPages.staffContracts.formTitle')}</h2>
        <CsrfInput />
        <FormErrors form={form} />
        <div className="grid2">
          <TextField meta={fields.registrationNo} label={t('moneyPages.staffContracts.registrationNo')} />
          <SelectField meta={fields.kind} label={t('moneyPages.staffContracts.kind')} options={CONTRACT_KINDS.map((value) => ({ value, label: t(`enums.contractKind.${value}`) }))} />
          <SelectField meta={fields.buyerId} label={t('moneyPages.staffContracts.buyer')} options={buyers.map((o) => ({ value: o.id, label: o.name }))} />
          <SelectField meta={fields.sellerId} label={t('moneyPages.staffContracts.seller')} options={sellers.map((o) => ({ value: o.id, label: o.name }))} />
          <TextField meta={fields.amount} label={t('moneyPages.staffContracts.amount')} />
          <TextField meta={fields.signedOn} label={t('moneyPages.staffContracts.signedOn')} type="date" />
        </div>
        <TextArea meta={fields.attachments} label={t('moneyPages.staffContracts.attachments')} hint={t('moneyPages.staffContracts.attachmentsHint')} />
        <fieldset className="field">
          <legend>{t('moneyPages.staffContracts.otherAuctionLegend')}</legend>
          <label>
            <input {...getInputProps(fields.otherAuction, { type: 'checkbox', value: 'on' })} /> {t('moneyPages.staffContracts.otherAuctionCheck')}
          </label>
          <div className="grid2">
            <TextField meta={fields.auctionMarket} label={t('moneyPages.staffContracts.auctionMarket')} />
            <TextField meta={fields.auctionRef} label={t('moneyPages.staffContracts.auctionRef')} />
          </div>
        </fieldset>
        <button type="submit">{t('moneyPages.staffContracts.submit')}</button>
      </Form>
      )}

      <h2>{t('moneyPages.staffContracts.listTitle', { count: contracts.length })}</h2>
      <table>
        <TableHead columns={[t('moneyPages.staffContracts.colRegistrationNo'), t('moneyPages.staffContracts.colKind'), t('moneyPages.staffContracts.colBuyer'), t('moneyPages.staffContracts.colSeller'), t('moneyPages.staffContracts.colAmount'), t('moneyPages.staffContracts.colPaid'), t('moneyPages.staffContracts.colSigned'), t('moneyPages.staffContracts.colSource'), t('moneyPages.staffContracts.colStatus')]} />
        <tbody>
          {contracts.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/staff/contracts/${c.id}`}>{c.registrationNo}</Link>
              </td>
              <td>{t(`enums.contractKind.${c.kind}`)}</td>
              <td>{c.buyer}</td>
              <td>{c.seller}</td>
              <td className="price">{format.money(c.amountFen)}</td>
              <td className="price">{format.moneyExact(c.paidFen)}</td>
              <td>{format.date(c.signedOn)}</td>
              <td>
                {c.dealId
                  ? t('moneyPages.staffContracts.sourceOurAuction')
                  : c.viaAuction
                    ? t('moneyPages.staffContracts.sourceOtherAuction', { market: c.auctionMarket ?? '', ref: c.auctionRef ?? '', by: c.registeredBy ?? t('common.none') })
                    : t('moneyPages.staffContracts.sourceRegistered', { by: c.registeredBy ?? t('common.none') })}
              </td>
              <td>{c.status === 'ACTIVE' ? t('moneyPages.staffContracts.active') : t('moneyPages.staffContracts.cancelled', { reason: c.cancelReason ?? '' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
