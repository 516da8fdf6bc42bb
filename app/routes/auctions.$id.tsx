import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { ConfirmForm } from '~/components/confirm-form.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { LotStatusBadge } from '~/components/lot-parts.tsx'
import { formatCountdown, useCountdown } from '~/components/use-lot-room.ts'
import { FormErrors, MoneyField, SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { isFinished, type LotStatus } from '~/domain/auction.ts'
import { publishSession } from '~/services/auction-notice.server.ts'
import { addLot, applyToSession, decideRegistration, getSession, resultsAvailableForLots, sessionTakesLots, sessionTakesRegistrations } from '~/services/auctions.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { LotFormSchema, RegistrationDecisionSchema, lotFormSchemaFor } from '~/utils/auction-validation.ts'
import { reauctionHints } from '~/services/reauctions.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost, runFormAction } from '~/utils/form-action.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('auctionPages.session.title', { quarter: data?.session.quarter ?? '' })} · ${t('app.name')}` }]
}

/** The planning rule's field names, as this form names them. */
const LOT_FIELDS = { startingPriceFen: 'startingPrice', incrementFen: 'increment', reserveFen: 'reserve', depositFen: 'depositAmount' }

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
    signedIn: Boolean(user),
    // The page offers only what the service would accept (the same rules as addLot and applyToSession).
    takesLots: isStaff && sessionTakesLots(session),
    takesRegistrations: sessionTakesRegistrations(session, new Date()),
    ...(await lotFormData(db, user, isStaff && sessionTakesLots(session), new URL(request.url).searchParams.get('result'))),
    serverTime: new Date().toISOString(),
  }
}

/** The add-lot form's choices: published results, those that follow a 流拍 or defaulted lot with their 80 % ceiling, and the one preselected (?result=, from a lot page's 重新拍卖). */
async function lotFormData(db: ReturnType<typeof getDb>, user: Awaited<ReturnType<typeof getCurrentUser>>, takesLots: boolean, preselect: string | null) {
  if (!takesLots || !user) return { available: [], reauctions: {}, preselect: null }
  const available = await resultsAvailableForLots(db, user)
  const reauctions = await reauctionHints(db, available.map((r) => r.id))
  return { available, reauctions, preselect: preselect && available.some((r) => r.id === preselect) ? preselect : null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request)
  const intent = formData.get('intent')
  const now = new Date()
  if (intent === 'apply') return formReply(() => applyToSession(db, user, params.id!, now).then(() => undefined))
  if (intent === 'publish') {
    const days = Number(formData.get('registrationDays'))
    const rules = formData.get('rules')
    return formReply(() => publishSession(db, user, params.id!, { registrationDays: Number.isFinite(days) ? days : Number.NaN, rules: typeof rules === 'string' ? rules : null }, now).then(() => undefined))
  }
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
        reauctionReason: v.reauctionReason ?? null,
      },
      now,
    ),
    LOT_FIELDS,
  )
  return outcome.ok ? data(submission.reply({ resetForm: true })) : outcome.response
}

type ReauctionHint = { lotId: string; number: number; quarter: string; startingPriceFen: number; ceilingFen: number }

function LotForm({ available, reauctions, preselect }: { available: { id: string; title: string; ownerName: string }[]; reauctions: Record<string, ReauctionHint>; preselect: string | null }) {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const [form, fields] = useForm({
    lastResult: lastResult && 'initialValue' in lastResult ? lastResult : undefined,
    defaultValue: { depositKind: 'share', depositPercent: '10', extensionMinutes: '5', ...(preselect ? { resultId: preselect } : {}) },
    // The re-auction rule (≤ 80 % of the previous start, or a reason) is asked here as addLot asks it.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: lotFormSchemaFor(reauctions) }),
    // On input, not on blur: the ceiling's message beside the starting price goes away while the reason is typed.
    // Validated on blur, it went away when a click on the submit button took the focus, the button moved up under
    // the pointer before the click completed, and the click was lost (reauction.spec.ts).
    shouldValidate: 'onInput',
    shouldRevalidate: 'onInput',
  })
  const hint = reauctions[fields.resultId.value ?? ''] ?? null
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="add-lot">
      <h2 id="add-lot">{t('auctionPages.session.lotForm.title')}</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="lot" />
      <FormErrors form={form} />
      <SelectField
        meta={fields.resultId}
        label={t('auctionPages.session.lotForm.result')}
        options={available.map((r) => ({ value: r.id, label: t('auctionPages.session.lotForm.resultOption', { title: r.title, owner: r.ownerName }) }))}
      />
      {hint && (
        <p className="notice" data-testid="reauction-hint">
          <Link to={`/auctions/lots/${hint.lotId}`}>{t('reauction.lotForm.predecessor', { quarter: hint.quarter, number: hint.number, start: f.money(hint.startingPriceFen) })}</Link>
        </p>
      )}
      <div className="grid2">
        <MoneyField
          meta={fields.startingPrice}
          label={t('auctionPages.session.lotForm.startingPrice')}
          hint={hint ? t('reauction.lotForm.ceiling', { ceiling: f.money(hint.ceilingFen) }) : undefined}
        />
        <MoneyField meta={fields.increment} label={t('auctionPages.session.lotForm.increment')} />
        <MoneyField meta={fields.reserve} label={t('auctionPages.session.lotForm.reserve')} />
        <SelectField
          meta={fields.depositKind}
          label={t('auctionPages.session.lotForm.depositKind')}
          options={[
            { value: 'share', label: t('auctionPages.session.lotForm.depositShare') },
            { value: 'fixed', label: t('auctionPages.session.lotForm.depositFixed') },
          ]}
        />
        <TextField meta={fields.depositPercent} label={t('auctionPages.session.lotForm.depositPercent')} hint={t('auctionPages.session.lotForm.depositPercentHint')} />
        <MoneyField meta={fields.depositAmount} label={t('auctionPages.session.lotForm.depositAmount')} hint={t('auctionPages.session.lotForm.depositAmountHint')} />
        <TextField meta={fields.startsAt} label={t('auctionPages.sessions.startsAt')} type="datetime-local" />
        <TextField meta={fields.endsAt} label={t('auctionPages.sessions.endsAt')} type="datetime-local" />
        <TextField meta={fields.extensionMinutes} label={t('auctionPages.session.lotForm.extension')} hint={t('auctionPages.session.lotForm.extensionHint')} />
      </div>
      {hint && <TextArea meta={fields.reauctionReason} label={t('reauction.lotForm.reason')} hint={t('reauction.lotForm.reasonHint')} />}
      <button type="submit">{t('auctionPages.session.lotForm.title')}</button>
    </Form>
  )
}

/** The message of a decision reply about this registration, if any. */
function decisionError(reply: unknown, registrationId: string): string | null {
  if (!reply || typeof reply !== 'object' || !('registrationId' in reply) || !('message' in reply)) return null
  return reply.registrationId === registrationId ? String(reply.message) : null
}

export default function SessionPage() {
  const { session: s, isStaff, isEnterprise, signedIn, takesLots, takesRegistrations, available, reauctions, preselect, serverTime } = useLoaderData<typeof loader>()
  const [offsetMs] = useState(() => Date.parse(serverTime) - Date.now())
  const reply = useActionData<typeof action>()
  const mine = s.registrations[0]
  const t = useT()
  const f = useFormat()
  return (
    <>
      <p>
        <Link to="/auctions">{t('auctionPages.session.back')}</Link>
      </p>
      <h1>
        {s.quarter} · {s.title} {s.kind === 'EXTRA' && <span className="badge">{t('reauction.kind.EXTRA')}</span>}
      </h1>
      <p className="meta">
        {t('auctionPages.session.times', { start: f.dateTime(s.startsAt), end: f.dateTime(s.endsAt) })}
        {isStaff && <Link to={`/staff/auctions/${s.id}`}>{t('auctionPages.console.title')}</Link>}
        <Link to={`/auctions/${s.id}/results`}>{t('auctionPages.sessionResults.title')}</Link>
      </p>
      {reply && 'message' in reply && !('registrationId' in reply && reply.registrationId) && (
        <p className="alert" role="alert">
          {reply.message}
        </p>
      )}
      <Notice session={s} isStaff={isStaff} />
      {!signedIn && takesRegistrations && (
        <p className="notice" data-testid="sign-in-prompt">
          <Link to={`/login?redirectTo=${encodeURIComponent(`/auctions/${s.id}`)}`}>{t('confirmations.signInToApply')}</Link>
        </p>
      )}
      {isEnterprise &&
        (mine ? (
          <p className={mine.status === 'REFUSED' ? 'alert' : 'notice'}>
            {t('auctionPages.session.myRegistration', { status: t(`auctionPages.session.registrationStatus.${mine.status}`) })}
            {mine.reason ? t('auctionPages.session.reason', { reason: mine.reason }) : ''}
            {mine.status === 'APPROVED' && s.status !== 'CLOSED' && s.status !== 'CANCELLED' && (
              <>
                {' '}
                <Link to={`/payments/deposit/${s.id}`}>{t('auctionPages.session.payDeposit')}</Link>
              </>
            )}
          </p>
        ) : (
          takesRegistrations && (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="apply">
                {t('auctionPages.session.apply')}
              </button>
            </Form>
          )
        ))}
      <table>
        <caption className="sr-only">{t('auctionPages.session.lots')}</caption>
        <TableHead columns={['#', t('auctionPages.session.result'), t('auctionPages.session.startingPrice'), t('auctionPages.session.increment'), t('auctionPages.session.deposit'), t('auctionPages.session.reserve'), t('auctionPages.session.time'), t('auctionPages.session.status')]} />
        <tbody>
          {s.lots.map((l) => (
            <tr key={l.id}>
              <td>{l.number}</td>
              <td>
                <Link to={`/auctions/lots/${l.id}`}>{l.result.title}</Link>
                <div className="meta">
                  {l.result.ownerName} <Link to={`/results/${l.result.id}`}>{t('auctionPages.session.resultDetails')}</Link>
                </div>
              </td>
              <td>{f.money(l.startingPriceFen)}</td>
              <td>{f.money(l.incrementFen)}</td>
              <td>{f.money(l.depositFen)}</td>
              <td>{l.reserveFen !== null ? f.money(l.reserveFen) : l.hasReserve ? t('auctionPages.session.reserveSecret') : t('auctionPages.session.reserveNone')}</td>
              <td>
                {f.dateTime(l.startsAt)} – {f.dateTime(l.endsAt)}
                <div className="meta">{t('auctionPages.session.extension', { minutes: l.extensionMinutes })}</div>
              </td>
              <td>
                <LotStatusBadge status={l.status} />
                <LotClock startsAt={l.startsAt} endsAt={l.endsAt} status={l.status} offsetMs={offsetMs} />
                {l.status === 'CANCELLED' && l.cancelReason && <div className="meta">{t('auctionNotice.notice.withdrawnLot', { reason: l.cancelReason })}</div>}
                {s.publishedAt && (
                  <div className="meta">
                    <a href={`/auctions/lots/${l.id}/calendar.ics`} download>
                      {t('auctionNotice.calendar.addLot')}
                    </a>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.lots.length === 0 && <p>{t('auctionPages.console.noLots')}</p>}
      {isStaff && (
        <>
          <section className="card" aria-labelledby="regs">
            <h2 id="regs">{t('auctionPages.session.registrations')}</h2>
            {s.registrations.length === 0 && <p>{t('auctionPages.session.noRegistrations')}</p>}
            <ul className="list">
              {s.registrations.map((r) => (
                <li key={r.id}>
                  <strong>{r.enterprise.name}</strong> <span className="badge">{t(`auctionPages.session.registrationStatus.${r.status}`)}</span>
                  {r.reason && <span className="meta"> {r.reason}</span>}
                  {r.status === 'PENDING' && (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="decide" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <div className="row">
                        <label htmlFor={`reason-${r.id}`} className="sr-only">
                          {t('auctionPages.session.refuseReasonLabel')}
                        </label>
                        <input
                          id={`reason-${r.id}`}
                          name="reason"
                          placeholder={t('auctionPages.session.refuseReasonPlaceholder')}
                          style={{ flex: 1 }}
                          aria-invalid={decisionError(reply, r.id) ? true : undefined}
                          aria-describedby={`reason-${r.id}-error`}
                        />
                        <button type="submit" name="decision" value="approve">
                          {t('auctionPages.session.approve')}
                        </button>
                        <button type="submit" name="decision" value="refuse" className="secondary">
                          {t('auctionPages.session.refuse')}
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
          {takesLots && <LotForm available={available} reauctions={reauctions} preselect={preselect} />}
        </>
      )}
    </>
  )
}

type NoticeSession = { id: string; publishedAt: string | null; registrationClosesAt: string | null; registrationDays: number; registration: string; rules: string | null; lots: unknown[] }

/** The 竞价公告: a draft's publish form for its bureau's staff; once published, when, the registration deadline and the rules. */
function Notice({ session: s, isStaff }: { session: NoticeSession; isStaff: boolean }) {
  const t = useT()
  const f = useFormat()
  const reply = useActionData<typeof action>()
  if (!s.publishedAt) {
    if (!isStaff) return null
    return (
      <section className="card" aria-labelledby="notice-title">
        <h2 id="notice-title">{t('auctionNotice.notice.heading')}</h2>
        <p className="notice">{t('auctionNotice.notice.draft')}</p>
        <ConfirmForm method="post" question={t('auctionNotice.notice.confirmPublish')}>
          <CsrfInput />
          <input type="hidden" name="intent" value="publish" />
          <p className="meta">{t('auctionNotice.notice.publishIntro')}</p>
          <label htmlFor="registrationDays">{t('auctionNotice.notice.days')}</label>
          <input id="registrationDays" name="registrationDays" type="number" min={0} max={60} defaultValue={s.registrationDays || 7} required aria-describedby="publish-error" />
          <label htmlFor="rules">{t('auctionNotice.notice.rules')}</label>
          <textarea id="rules" name="rules" rows={4} placeholder={t('auctionNotice.notice.standardRules')} />
          {reply && 'message' in reply && reply.message && !('registrationId' in reply && reply.registrationId) && (
            <p className="error" id="publish-error" role="alert">
              {reply.message}
            </p>
          )}
          <button type="submit">{t('auctionNotice.notice.publish')}</button>
        </ConfirmForm>
      </section>
    )
  }
  return (
    <section className="card" aria-labelledby="notice-title">
      <h2 id="notice-title">{t('auctionNotice.notice.heading')}</h2>
      <p className="meta">
        {t('auctionNotice.notice.publishedOn', { at: f.dateTime(s.publishedAt) })} ·{' '}
        {s.registration === 'open'
          ? t('auctionNotice.notice.registrationUntil', { at: f.dateTime(s.registrationClosesAt), days: s.registrationDays })
          : t('auctionNotice.notice.registrationClosed', { at: f.dateTime(s.registrationClosesAt) })}{' '}
        · <a href={`/auctions/${s.id}/calendar.ics`} download>{t('auctionNotice.calendar.addSession')}</a> · <Link to="/auctions/calendar">{t('auctionNotice.notice.calendarLink')}</Link>
      </p>
      <details>
        <summary>{t('auctionNotice.notice.rulesHeading')}</summary>
        <p style={{ whiteSpace: 'pre-line' }}>{s.rules ?? t('auctionNotice.notice.standardRules')}</p>
      </details>
    </section>
  )
}

/** "距开始 / 距结束" by the server's clock (the loader's time, kept as an offset). */
function LotClock({ startsAt, endsAt, status, offsetMs }: { startsAt: string; endsAt: string; status: LotStatus; offsetMs: number }) {
  const toStart = useCountdown(startsAt, offsetMs, false)
  const toEnd = useCountdown(endsAt, offsetMs, status === 'PAUSED')
  const t = useT()
  const { locale } = useFormat()
  if (isFinished(status) || status === 'PAUSED') return null
  const text =
    toStart > 0
      ? t('time.startsIn', { duration: formatCountdown(toStart, locale) })
      : toEnd > 0
        ? t('auctionPages.session.endsIn', { duration: formatCountdown(toEnd, locale) })
        : t('auctionPages.session.closing')
  return <div className="meta">{text}</div>
}
