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
import { TextArea, TextField } from '~/components/form-field.tsx'
import { fenToYuanInput, formatBasisPoints, formatFen } from '~/domain/money.ts'
import { POLICY_STATUS_LABELS } from '~/domain/rewards.ts'
import { approvePolicyVersion, policiesPage, proposePolicyVersion, rejectPolicyVersion } from '~/services/reward-policies.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, runFormAction } from '~/utils/form-action.server.ts'
import { formatDate, shanghaiDate } from '~/utils/format.ts'
import { CONTRACT_KIND_LABELS, PolicyDecisionSchema, PolicyVersionFormSchema } from '~/utils/reward-validation.ts'

// This page's strings, together for the i18n catalogue.
const TEXT = {
  title: '奖励政策',
  metaTitle: '奖励政策 · 科技成果交易市场',
  intro:
    '奖励政策按版本管理：修改政策即提出一个新版本并写明有效期，由本局另一位工作人员审批后生效；已生效的版本不再修改。每笔付款按其付款日有效的版本计算奖励（多个版本同时有效时以最近生效的为准），奖励记录所用的版本和计算过程。',
  version: (n: number) => `第 ${n} 版`,
  status: '状态',
  validity: '有效期',
  openEnded: '长期',
  rates: '比例（竞价以外 / 竞价成交）',
  caps: '上限（每项合同 / 企业年度）',
  kinds: '覆盖的合同类型',
  basis: '依据',
  proposedBy: '提出人',
  decidedBy: '审批人',
  rewards: '按此版本计算的奖励',
  rewardsLink: (n: number) => `${n} 笔`,
  approve: '批准生效',
  reject: '不予通过',
  rejectReason: '理由',
  cannotDecide: {
    'same-person': '您提出了该版本，须由另一位工作人员审批。',
    'created-by': '您与提出人之间有账号创建关系，须由另一位工作人员审批。',
    'other-bureau': '该政策属于另一科技局。',
  },
  proposeTitle: '提出新版本',
  proposeHint: '沿用已有政策名称即为该政策的新版本；新名称为本局的一项新政策。表单已按本局最新生效的版本填好。',
  name: '政策名称',
  validFrom: '生效日期',
  validTo: '失效日期（不含，可空）',
  rateOutside: '竞价以外的比例（%）',
  rateVia: '竞价（拍卖）成交的比例（%）',
  capPerContract: '每项合同上限（元）',
  capPerEnterpriseYear: '企业年度上限（元）',
  basisHint: '文号、条款，以及与上一版本相比改了什么',
  submit: '提交审批',
  proposed: '新版本已提交，等待另一位工作人员审批。',
  approved: '已批准，新版本生效；之后计算的奖励按付款日有效的版本计算。',
  rejected: '已退回。',
  none: '还没有奖励政策。',
}

export const meta: MetaFunction = () => [{ title: TEXT.metaTitle }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const page = await policiesPage(db, staff)
  return { ...page, today: shanghaiDate(new Date()) }
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
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
        },
        now,
      ),
    )
    return outcome.ok ? { form: 'propose' as const, reply: submission.reply({ resetForm: true }), message: TEXT.proposed } : outcome.response
  }
  const parsed = parseSmallForm(PolicyDecisionSchema, formData)
  if (!parsed.ok) return data({ form: 'decide' as const, ok: false, message: parsed.message }, { status: 400 })
  const decision = parsed.value
  return formReply(async () => {
    if (decision.intent === 'approve') {
      await approvePolicyVersion(db, staff, decision.policyId, now)
      return { message: TEXT.approved }
    }
    await rejectPolicyVersion(db, staff, decision.policyId, decision.reason, now)
    return { message: TEXT.rejected }
  }, { form: 'decide' as const })
}

export default function StaffPolicies() {
  const { versions, today } = useLoaderData<typeof loader>()
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
    },
  })
  const kinds = Object.entries(CONTRACT_KIND_LABELS) as [keyof typeof CONTRACT_KIND_LABELS, string][]
  const chosenKinds = new Set(Array.isArray(fields.contractKinds.initialValue) ? (fields.contractKinds.initialValue as string[]) : [])
  return (
    <>
      <h1>{TEXT.title}</h1>
      <p className="hint">{TEXT.intro}</p>
      {reply && 'message' in reply && reply.message && (
        <p className={'ok' in reply && reply.ok === false ? 'alert' : 'notice'} role="status">
          {reply.message}
        </p>
      )}

      {names.length === 0 && <p>{TEXT.none}</p>}
      {names.map((name) => (
        <section key={name} className="card" aria-label={name}>
          <h2>{name}</h2>
          <table>
            <thead>
              <tr>
                <th />
                <th>{TEXT.status}</th>
                <th>{TEXT.validity}</th>
                <th>{TEXT.rates}</th>
                <th>{TEXT.caps}</th>
                <th>{TEXT.kinds}</th>
                <th>{TEXT.basis}</th>
                <th>{TEXT.proposedBy}</th>
                <th>{TEXT.decidedBy}</th>
                <th>{TEXT.rewards}</th>
              </tr>
            </thead>
            <tbody>
              {versions
                .filter((v) => v.name === name)
                .map((v) => (
                  <tr key={v.id} data-policy-id={v.id} data-version={v.version}>
                    <td>
                      {TEXT.version(v.version)}
                      <br />
                      <span className="hint">{v.authority}</span>
                    </td>
                    <td>
                      <span className={`badge ${v.status}`}>{POLICY_STATUS_LABELS[v.status]}</span>
                      {v.decisionNote && <span className="hint">（{v.decisionNote}）</span>}
                    </td>
                    <td>
                      {formatDate(v.validFrom)} – {v.validTo ? formatDate(v.validTo) : TEXT.openEnded}
                    </td>
                    <td>
                      {formatBasisPoints(v.rateOutsideAuctionBp, 'short')} / {formatBasisPoints(v.rateViaAuctionBp, 'short')}
                    </td>
                    <td className="price">
                      {formatFen(v.capPerContractFen)} / {formatFen(v.capPerEnterpriseYearFen)}
                    </td>
                    <td>{v.contractKinds.map((k) => CONTRACT_KIND_LABELS[k]).join('、')}</td>
                    <td>{v.basis ?? '—'}</td>
                    <td>{v.proposedBy ?? '—'}</td>
                    <td>
                      {v.decidedBy ?? '—'}
                      {v.decidedAt && <span className="hint"> {formatDate(v.decidedAt)}</span>}
                      {v.status === 'PROPOSED' &&
                        (v.cannotDecide ? (
                          <p className="hint">{TEXT.cannotDecide[v.cannotDecide as keyof typeof TEXT.cannotDecide]}</p>
                        ) : (
                          <div className="row">
                            <Form method="post" className="inline">
                              <CsrfInput />
                              <input type="hidden" name="intent" value="approve" />
                              <input type="hidden" name="policyId" value={v.id} />
                              <button type="submit">{TEXT.approve}</button>
                            </Form>
                            <Form method="post" className="inline">
                              <CsrfInput />
                              <input type="hidden" name="intent" value="reject" />
                              <input type="hidden" name="policyId" value={v.id} />
                              <label>
                                {TEXT.rejectReason} <input name="reason" required minLength={2} maxLength={500} />
                              </label>{' '}
                              <button type="submit">{TEXT.reject}</button>
                            </Form>
                          </div>
                        ))}
                    </td>
                    <td>{v.rewards > 0 ? <Link to={`/staff/rewards?policy=${v.id}`}>{TEXT.rewardsLink(v.rewards)}</Link> : '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}

      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="propose-title">
        <h2 id="propose-title">{TEXT.proposeTitle}</h2>
        <p className="hint">{TEXT.proposeHint}</p>
        <CsrfInput />
        <input type="hidden" name="intent" value="propose" />
        {form.errors && (
          <p className="alert" role="alert">
            {form.errors.join('；')}
          </p>
        )}
        <div className="field">
          <label htmlFor={fields.name.id}>{TEXT.name}</label>
          <input {...getInputProps(fields.name, { type: 'text' })} list="policy-names" />
          <datalist id="policy-names">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <p className="error" id={fields.name.errorId}>
            {fields.name.errors?.join('；')}
          </p>
        </div>
        <div className="grid2">
          <TextField meta={fields.validFrom} label={TEXT.validFrom} type="date" />
          <TextField meta={fields.validTo} label={TEXT.validTo} type="date" />
          <TextField meta={fields.rateOutside} label={TEXT.rateOutside} />
          <TextField meta={fields.rateVia} label={TEXT.rateVia} />
          <TextField meta={fields.capPerContract} label={TEXT.capPerContract} />
          <TextField meta={fields.capPerEnterpriseYear} label={TEXT.capPerEnterpriseYear} />
        </div>
        <fieldset className="field" aria-describedby={fields.contractKinds.errorId}>
          <legend>{TEXT.kinds}</legend>
          {kinds.map(([value, label]) => (
            <label key={value}>
              <input type="checkbox" name={fields.contractKinds.name} value={value} defaultChecked={chosenKinds.has(value)} /> {label}
            </label>
          ))}
          <p className="error" id={fields.contractKinds.errorId}>
            {fields.contractKinds.errors?.join('；')}
          </p>
        </fieldset>
        <TextArea meta={fields.basis} label={TEXT.basis} hint={TEXT.basisHint} />
        <button type="submit">{TEXT.submit}</button>
      </Form>
    </>
  )
}
