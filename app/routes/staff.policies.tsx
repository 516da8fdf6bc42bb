// Staff: the reward policies as versions. Each change is a new version with
// its validity, proposed here and approved (or rejected with a reason) by
// another staff member of the same bureau; the worker computes each payment's
// reward under the version valid at its date, and every reward names the
// version it used (the count links to them).
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { ConfirmRowForm } from '~/components/row-forms.tsx'
import { FormErrors, TextArea, TextField } from '~/components/form-field.tsx'
import { fenToYuanInput, formatBasisPoints } from '~/domain/money.ts'
import { approvePolicyVersion, policiesPage, proposePolicyVersion, rejectPolicyVersion } from '~/services/reward-policies.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost, runFormAction } from '~/utils/form-action.server.ts'
import { shanghaiDate } from '~/utils/format.ts'
import { getT } from '~/utils/i18n.server.ts'
import { CONTRACT_KINDS, PolicyDecisionSchema, PolicyVersionFormSchema } from '~/utils/reward-validation.ts'
import { fixedT, type Catalogue } from '~/i18n/catalogue.ts'
import { useFormat, useMessage, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.staffPolicies.title')} · ${t('app.name')}` }]
}

type CannotDecide = keyof Catalogue['moneyPages']['staffPolicies']['cannotDecide']

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireStaffReader(request, db)
  const page = await policiesPage(db, staff)
  // The province reads every bureau's policies and proposes none (decision 016).
  return { ...page, today: shanghaiDate(new Date()), mayAct: staff.role === 'STAFF' }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const t = await getT(request)
  const now = new Date()
  if (formData.get('intent') === 'propose') {
    const submission = parseWithZod(formData, { schema: PolicyVersionFormSchema })
    if (submission.status !== 'success') return data({ form: 'propose' as const, reply: submission.reply() }, { status: 400 })
    const v = submission.value
    const outcome = await runFormAction(submission, () =>
      proposePolicyVersion(
        db,
        staff,
        {
          name: v.name,
          basis: v.basis,
          validFromMs: v.validFrom.getTime(),
          validToMs: v.validTo ? v.validTo.getTime() : null,
          rateOutsideAuctionBp: v.rateOutside,
          rateViaAuctionBp: v.rateVia,
          capPerContractFen: v.capPerContract,
          capPerEnterpriseYearFen: v.capPerEnterpriseYear,
          contractKinds: v.contractKinds,
          voucher:
            v.voucherCapEnterprise !== undefined && v.voucherCapEntrepreneur !== undefined && v.voucherShare !== undefined
              ? { capEnterpriseFen: v.voucherCapEnterprise, capEntrepreneurFen: v.voucherCapEntrepreneur, shareBp: v.voucherShare }
              : undefined,
        },
        now,
      ),
    )
    return outcome.ok ? { form: 'propose' as const, reply: submission.reply({ resetForm: true }), message: t('moneyPages.staffPolicies.proposed') } : outcome.response
  }
  const parsed = parseSmallForm(PolicyDecisionSchema, formData)
  if (!parsed.ok) return data({ form: 'decide' as const, ok: false, message: parsed.message }, { status: 400 })
  const decision = parsed.value
  return formReply(async () => {
    if (decision.intent === 'approve') {
      await approvePolicyVersion(db, staff, decision.policyId, now)
      return { message: t('moneyPages.staffPolicies.approved') }
    }
    await rejectPolicyVersion(db, staff, decision.policyId, decision.reason, now)
    return { message: t('moneyPages.staffPolicies.rejected') }
  }, { form: 'decide' as const })
}

export default function StaffPolicies() {
  const { versions, today, mayAct } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const reply = result && 'form' in result ? result : null
  const bare = result && !('form' in result) ? result : undefined
  const names = [...new Set(versions.map((v) => v.name))]
  const base = versions.find((v) => v.ownBureau && v.status === 'APPROVED') ?? versions.find((v) => v.status === 'APPROVED')
  const [form, fields] = useForm({
    id: 'propose',
    lastResult: reply?.form === 'propose' ? reply.reply : bare,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PolicyVersionFormSchema }),
    shouldValidate: 'onBlur',
    defaultValue: base && {
      name: base.name,
      validFrom: today,
      rateOutside: formatBasisPoints(base.rateOutsideAuctionBp, 'short').replace('%', ''),
      rateVia: formatBasisPoints(base.rateViaAuctionBp, 'short').replace('%', ''),
      capPerContract: fenToYuanInput(base.capPerContractFen),
      capPerEnterpriseYear: fenToYuanInput(base.capPerEnterpriseYearFen),
      contractKinds: base.contractKinds,
      ...(base.voucher
        ? {
            voucherCapEnterprise: fenToYuanInput(base.voucher.capEnterpriseFen),
            voucherCapEntrepreneur: fenToYuanInput(base.voucher.capEntrepreneurFen),
            voucherShare: formatBasisPoints(base.voucher.shareBp, 'short').replace('%', ''),
          }
        : {}),
    },
  })
  const chosenKinds = new Set(Array.isArray(fields.contractKinds.initialValue) ? (fields.contractKinds.initialValue as string[]) : [])
  const t = useT()
  const kinds = CONTRACT_KINDS.map((k) => [k, t(`enums.contractKind.${k}`)] as const)
  const message = useMessage()
  const format = useFormat()
  return (
    <>
      <h1>{t('moneyPages.staffPolicies.title')}</h1>
      <p className="hint">{t('moneyPages.staffPolicies.intro')}</p>
      {reply && 'message' in reply && reply.message && (
        <p className={'ok' in reply && reply.ok === false ? 'alert' : 'notice'} role="status">
          {message(reply.message)}
        </p>
      )}

      {names.length === 0 && <p>{t('moneyPages.staffPolicies.none')}</p>}
      {names.map((name) => (
        <section key={name} className="card" aria-label={name}>
          <h2>{name}</h2>
          <table>
            <thead>
              <tr>
                <th>
                  <span className="sr-only">{t('layout.version')}</span>
                </th>
                <th>{t('moneyPages.staffPolicies.status')}</th>
                <th>{t('moneyPages.staffPolicies.validity')}</th>
                <th>{t('moneyPages.staffPolicies.rates')}</th>
                <th>{t('moneyPages.staffPolicies.caps')}</th>
                <th>{t('moneyPages.staffPolicies.kinds')}</th>
                <th>{t('moneyPages.staffPolicies.basis')}</th>
                <th>{t('moneyPages.staffPolicies.proposedBy')}</th>
                <th>{t('moneyPages.staffPolicies.decidedBy')}</th>
                <th>{t('moneyPages.staffPolicies.rewards')}</th>
              </tr>
            </thead>
            <tbody>
              {versions
                .filter((v) => v.name === name)
                .map((v) => (
                  <tr key={v.id} data-policy-id={v.id} data-version={v.version}>
                    <td>
                      {t('moneyPages.staffPolicies.version', { version: v.version })}
                      <br />
                      <span className="hint">{v.authority}</span>
                    </td>
                    <td>
                      <span className={`badge ${v.status}`}>{t(`enums.policyStatus.${v.status}`)}</span>
                      {v.decisionNote && <span className="hint">{t('moneyPages.staffPolicies.decisionNote', { note: v.decisionNote })}</span>}
                    </td>
                    <td>
                      {format.date(v.validFrom)} – {v.validTo ? format.date(v.validTo) : t('moneyPages.staffPolicies.openEnded')}
                    </td>
                    <td>
                      {formatBasisPoints(v.rateOutsideAuctionBp, 'short')} / {formatBasisPoints(v.rateViaAuctionBp, 'short')}
                    </td>
                    <td className="price">
                      {format.money(v.capPerContractFen)} / {format.money(v.capPerEnterpriseYearFen)}
                      <div className="hint" data-voucher-terms>
                        {v.voucher
                          ? t('vouchers.policy.terms', { enterprise: format.money(v.voucher.capEnterpriseFen), entrepreneur: format.money(v.voucher.capEntrepreneurFen), share: formatBasisPoints(v.voucher.shareBp, 'short') })
                          : t('vouchers.policy.none')}
                      </div>
                    </td>
                    <td>{v.contractKinds.map((k) => t(`enums.contractKind.${k}`)).join(t('moneyPages.staffPolicies.listSeparator'))}</td>
                    <td>{v.basis ?? t('common.none')}</td>
                    <td>{v.proposedBy ?? t('common.none')}</td>
                    <td>
                      {v.decidedBy ?? t('common.none')}
                      {v.decidedAt && <span className="hint"> {format.date(v.decidedAt)}</span>}
                      {v.status === 'PROPOSED' &&
                        (v.cannotDecide ? (
                          <p className="hint">{t(`moneyPages.staffPolicies.cannotDecide.${v.cannotDecide as CannotDecide}`)}</p>
                        ) : (
                          <div className="row">
                            <ConfirmRowForm
                              row={{ name: 'policyId', id: v.id }}
                              intent="approve"
                              label={t('moneyPages.staffPolicies.approve')}
                              question={t('confirmations.approvePolicy', { from: format.date(v.validFrom) })}
                            />
                            <ConfirmRowForm
                              row={{ name: 'policyId', id: v.id }}
                              intent="reject"
                              label={t('moneyPages.staffPolicies.reject')}
                              question={t('confirmations.rejectPolicy')}
                              reasonLabel={t('moneyPages.staffPolicies.rejectReason')}
                            />
                          </div>
                        ))}
                    </td>
                    <td>{v.rewards > 0 ? <Link to={`/staff/rewards?policy=${v.id}`}>{t('moneyPages.staffPolicies.rewardsLink', { count: v.rewards })}</Link> : t('common.none')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}

      {mayAct && (
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="propose-title">
        <h2 id="propose-title">{t('moneyPages.staffPolicies.proposeTitle')}</h2>
        <p className="hint">{t('moneyPages.staffPolicies.proposeHint')}</p>
        <CsrfInput />
        <input type="hidden" name="intent" value="propose" />
        <FormErrors form={form} />
        <div className="field">
          <label htmlFor={fields.name.id}>{t('moneyPages.staffPolicies.name')}</label>
          <input {...getInputProps(fields.name, { type: 'text' })} list="policy-names" />
          <datalist id="policy-names">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <p className="error" id={fields.name.errorId}>
            {fields.name.errors?.map((e) => message(e)).join(t('form.separator'))}
          </p>
        </div>
        <div className="grid2">
          <TextField meta={fields.validFrom} label={t('moneyPages.staffPolicies.validFrom')} type="date" />
          <TextField meta={fields.validTo} label={t('moneyPages.staffPolicies.validTo')} type="date" />
          <TextField meta={fields.rateOutside} label={t('moneyPages.staffPolicies.rateOutside')} />
          <TextField meta={fields.rateVia} label={t('moneyPages.staffPolicies.rateVia')} />
          <TextField meta={fields.capPerContract} label={t('moneyPages.staffPolicies.capPerContract')} />
          <TextField meta={fields.capPerEnterpriseYear} label={t('moneyPages.staffPolicies.capPerEnterpriseYear')} />
        </div>
        <p className="hint">{t('vouchers.policy.hint')}</p>
        <div className="grid2">
          <TextField meta={fields.voucherCapEnterprise} label={t('vouchers.policy.capEnterprise')} />
          <TextField meta={fields.voucherCapEntrepreneur} label={t('vouchers.policy.capEntrepreneur')} />
          <TextField meta={fields.voucherShare} label={t('vouchers.policy.share')} />
        </div>
        <fieldset className="field" aria-describedby={fields.contractKinds.errorId}>
          <legend>{t('moneyPages.staffPolicies.kinds')}</legend>
          {kinds.map(([value, label]) => (
            <label key={value}>
              <input type="checkbox" name={fields.contractKinds.name} value={value} defaultChecked={chosenKinds.has(value)} /> {label}
            </label>
          ))}
          <p className="error" id={fields.contractKinds.errorId}>
            {fields.contractKinds.errors?.map((e) => message(e)).join(t('form.separator'))}
          </p>
        </fieldset>
        <TextArea meta={fields.basis} label={t('moneyPages.staffPolicies.basis')} hint={t('moneyPages.staffPolicies.basisHint')} />
        <button type="submit">{t('moneyPages.staffPolicies.submit')}</button>
      </Form>
      )}
    </>
  )
}
