import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { LotStatusBadge } from '~/components/lot-parts.tsx'
import { formatCountdown, useCountdown } from '~/components/use-lot-room.ts'
import { SelectField, TextField } from '~/components/form-field.tsx'
import { isFinished, type LotStatus } from '~/domain/auction.ts'
import { formatFen } from '~/domain/money.ts'
import { addLot, applyToSession, decideRegistration, getSession, resultsAvailableForLots } from '~/services/auctions.server.ts'
import { getCurrentUser, requireUser } from '~/utils/auth.server.ts'
import { LotFormSchema, RegistrationDecisionSchema } from '~/utils/auction-validation.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, runFormAction } from '~/utils/form-action.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.quarter ?? ''} 竞价场次 · 科技成果交易市场` }]

/** The planning rule's field names, as this form names them. */
const LOT_FIELDS = { startingPriceFen: 'startingPrice', incrementFen: 'increment', reserveFen: 'reserve', depositFen: 'depositAmount' }
const REG_STATUS = { PENDING: '待审核', APPROVED: '已通过', REFUSED: '未通过' } as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const session = await orRespond(getSession(db, user, params.id!))
  // Staff of the bureau that runs the session manage it; another bureau's staff see it as the public does.
  const isStaff = user?.role === 'STAFF' && session.ownBureau
  return {
    session,
    isStaff,
    isEnterprise: user?.role === 'ENTERPRISE',
    available: isStaff ? await resultsAvailableForLots(db, user) : [],
    serverTime: new Date().toISOString(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const intent = formData.get('intent')
  const now = new Date()
  if (intent === 'apply') return formReply(() => applyToSession(db, user, params.id!, now).then(() => undefined))
  if (intent === 'decide') {
    // The reply names the registration, so its message shows beside that row's form.
    const rawId = formData.get('registrationId')
    const registrationId = typeof rawId === 'string' ? rawId : undefined
    const d = parseSmallForm(RegistrationDecisionSchema, formData)
    if (!d.ok) return data({ ok: false as const, message: d.message, field: d.field, registrationId }, { status: 400 })
    return formReply(() => decideRegistration(db, user, d.value.registrationId, d.value.decision === 'approve', d.value.reason, now, { sessionId: params.id! }).then(() => undefined), { registrationId })
  }
  const submission = parseWithZod(formData, { schema: LotFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const v = submission.value
  const outcome = await runFormAction(submission, () =>
    addLot(
      db,
      user,
      params.id!,
      {
        resultId: v.resultId,
        startingPriceFen: v.startingPrice,
        incrementFen: v.increment,
        reserveFen: v.reserve,
        deposit: v.depositKind === 'fixed' ? { kind: 'fixed', fen: v.depositAmount ?? 0 } : { kind: 'share', basisPoints: (v.depositPercent ?? 0) * 100 },
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        extensionMinutes: v.extensionMinutes,
      },
      now,
    ),
    LOT_FIELDS,
  )
  return outcome.ok ? data(submission.reply({ resetForm: true })) : outcome.response
}

function LotForm({ available }: { available: { id: string; title: string; ownerName: string }[] }) {
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: lastResult && 'initialValue' in lastResult ? lastResult : undefined,
    defaultValue: { depositKind: 'share', depositPercent: '10', extensionMinutes: '5' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LotFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="add-lot">
      <h2 id="add-lot">添加标的</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="lot" />
      {form.errors && <p className="alert">{form.errors.join('；')}</p>}
      <SelectField meta={fields.resultId} label="成果（已发布、未在竞价中）" options={available.map((r) => ({ value: r.id, label: `${r.title}（${r.ownerName}）` }))} />
      <div className="grid2">
        <TextField meta={fields.startingPrice} label="起拍价（元）" />
        <TextField meta={fields.increment} label="加价幅度（元）" />
        <TextField meta={fields.reserve} label="保留价（元，保密，可空）" />
        <SelectField meta={fields.depositKind} label="保证金方式" options={[{ value: 'share', label: '按起拍价比例' }, { value: 'fixed', label: '固定金额' }]} />
        <TextField meta={fields.depositPercent} label="保证金比例（%）" hint="起拍价的 5–20 %" />
        <TextField meta={fields.depositAmount} label="保证金金额（元）" hint="选择固定金额时填写" />
        <TextField meta={fields.startsAt} label="开始时间（北京时间）" type="datetime-local" />
        <TextField meta={fields.endsAt} label="结束时间（北京时间）" type="datetime-local" />
        <TextField meta={fields.extensionMinutes} label="延时周期（分钟）" hint="最后 N 分钟内出价，结束时间顺延至出价后 N 分钟" />
      </div>
      <button type="submit">添加标的</button>
    </Form>
  )
}

/** The message of a decision reply about this registration, if any. */
function decisionError(reply: unknown, registrationId: string): string | null {
  if (!reply || typeof reply !== 'object' || !('registrationId' in reply) || !('message' in reply)) return null
  return reply.registrationId === registrationId ? String(reply.message) : null
}

export default function SessionPage() {
  const { session: s, isStaff, isEnterprise, available, serverTime } = useLoaderData<typeof loader>()
  const [offsetMs] = useState(() => Date.parse(serverTime) - Date.now())
  const reply = useActionData<typeof action>()
  const mine = s.registrations[0]
  return (
    <>
      <p>
        <Link to="/auctions">← 竞价场次</Link>
      </p>
      <h1>
        {s.quarter} · {s.title}
      </h1>
      <p className="meta">
        {formatDateTime(s.startsAt)} – {formatDateTime(s.endsAt)}（北京时间）
        {isStaff && <Link to={`/staff/auctions/${s.id}`}>竞价控制台</Link>}
        <Link to={`/auctions/${s.id}/results`}>结果公告</Link>
      </p>
      {reply && 'message' in reply && !('registrationId' in reply && reply.registrationId) && (
        <p className="alert" role="alert">
          {reply.message}
        </p>
      )}
      {isEnterprise &&
        (mine ? (
          <p className={mine.status === 'REFUSED' ? 'alert' : 'notice'}>
            报名状态：{REG_STATUS[mine.status]}
            {mine.reason ? `（${mine.reason}）` : ''}
            {mine.status === 'APPROVED' && (
              <>
                {' '}
                <Link to={`/payments/deposit/${s.id}`}>缴纳保证金</Link>
              </>
            )}
          </p>
        ) : (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="apply">
              报名参加本场竞价
            </button>
          </Form>
        ))}
      <table>
        <caption className="sr-only">标的</caption>
        <thead>
          <tr>
            <th>#</th>
            <th>成果</th>
            <th>起拍价</th>
            <th>加价幅度</th>
            <th>保证金</th>
            <th>保留价</th>
            <th>时间</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {s.lots.map((l) => (
            <tr key={l.id}>
              <td>{l.number}</td>
              <td>
                <Link to={`/auctions/lots/${l.id}`}>{l.result.title}</Link>
                <div className="meta">
                  {l.result.ownerName} <Link to={`/results/${l.result.id}`}>成果详情</Link>
                </div>
              </td>
              <td>{formatFen(l.startingPriceFen)}</td>
              <td>{formatFen(l.incrementFen)}</td>
              <td>{formatFen(l.depositFen)}</td>
              <td>{l.reserveFen !== null ? formatFen(l.reserveFen) : l.hasReserve ? '有（保密）' : '无'}</td>
              <td>
                {formatDateTime(l.startsAt)} – {formatDateTime(l.endsAt)}
                <div className="meta">延时 {l.extensionMinutes} 分钟</div>
              </td>
              <td>
                <LotStatusBadge status={l.status} />
                <LotClock startsAt={l.startsAt} endsAt={l.endsAt} status={l.status} offsetMs={offsetMs} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.lots.length === 0 && <p>本场次还没有标的。</p>}
      {isStaff && (
        <>
          <section className="card" aria-labelledby="regs">
            <h2 id="regs">报名企业</h2>
            {s.registrations.length === 0 && <p>暂无报名。</p>}
            <ul className="list">
              {s.registrations.map((r) => (
                <li key={r.id}>
                  <strong>{r.enterprise.name}</strong> <span className="badge">{REG_STATUS[r.status]}</span>
                  {r.reason && <span className="meta"> {r.reason}</span>}
                  {r.status === 'PENDING' && (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="decide" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <div className="row">
                        <label htmlFor={`reason-${r.id}`} className="sr-only">
                          不予通过的原因
                        </label>
                        <input
                          id={`reason-${r.id}`}
                          name="reason"
                          placeholder="不予通过时填写原因"
                          style={{ flex: 1 }}
                          aria-invalid={decisionError(reply, r.id) ? true : undefined}
                          aria-describedby={`reason-${r.id}-error`}
                        />
                        <button type="submit" name="decision" value="approve">
                          通过
                        </button>
                        <button type="submit" name="decision" value="refuse" className="secondary">
                          不予通过
                        </button>
                      </div>
                      <p className="error" id={`reason-${r.id}-error`} role={decisionError(reply, r.id) ? 'alert' : undefined}>
                        {decisionError(reply, r.id)}
                      </p>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <LotForm available={available} />
        </>
      )}
    </>
  )
}

/** "距开始 / 距结束" by the server's clock (the loader's time, kept as an offset). */
function LotClock({ startsAt, endsAt, status, offsetMs }: { startsAt: string; endsAt: string; status: LotStatus; offsetMs: number }) {
  const toStart = useCountdown(startsAt, offsetMs, false)
  const toEnd = useCountdown(endsAt, offsetMs, status === 'PAUSED')
  if (isFinished(status) || status === 'PAUSED') return null
  return <div className="meta">{toStart > 0 ? `距开始 ${formatCountdown(toStart)}` : toEnd > 0 ? `距结束 ${formatCountdown(toEnd)}` : '结束中'}</div>
}
