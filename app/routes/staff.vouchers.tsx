// Staff: innovation vouchers of their bureau. Services awaiting review (approve, or return with a reason), service
// organisations approved to list, this year's quotas (grant or adjust, with a reason, up to the policy's cap),
// bookings on the bureau's quotas (pay the voucher part out to the provider, cancel with a reason) and the figures:
// granted, reserved, redeemed and paid, in total, per county and per provider, computed from the records (decision 018).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { shanghaiYear } from '~/domain/calendar.ts'
import { formatBasisPoints } from '~/domain/money.ts'
import { awaitsPayment } from '~/domain/payments.ts'
import { isOpenBooking, VOUCHER_HOLDER_KINDS } from '~/domain/vouchers.ts'
import { ReplyNotice, RowButtonForm, RowReasonForm } from '~/components/row-forms.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { bookingStep, bookingsOfBureau } from '~/services/voucher-bookings.server.ts'
import { voucherFigures, type VoucherFigure } from '~/services/voucher-figures.server.ts'
import { payoutVoucher } from '~/services/voucher-payouts.server.ts'
import { grantQuota, quotasOfBureau } from '~/services/voucher-quotas.server.ts'
import { approveProvider, reviewService, servicesToReview } from '~/services/voucher-services.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost, smallFormRefusal } from '~/utils/form-action.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { GrantFormSchema, StaffVoucherActionSchema } from '~/utils/voucher-validation.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('vouchers.staff.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const now = new Date()
  const year = shanghaiYear(now.getTime())
  const [review, quotas, bookings, figures] = await Promise.all([servicesToReview(db, staff), quotasOfBureau(db, staff, year, now), bookingsOfBureau(db, staff), voucherFigures(db, staff, year)])
  return { year, review, ...quotas, bookings, figures }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const t = await getT(request)
  const now = new Date()
  if (formData.get('intent') === 'grant') {
    const parsed = parseSmallForm(GrantFormSchema, formData)
    if (!parsed.ok) return smallFormRefusal(parsed)
    const v = parsed.value
    return formReply(async () => {
      await grantQuota(db, staff, { holderId: v.holderId, year: v.year, holderKind: v.holderKind, amountFen: v.amount, reason: v.reason }, now)
      return { message: t('vouchers.staff.saved') }
    })
  }
  const parsed = parseSmallForm(StaffVoucherActionSchema, formData)
  if (!parsed.ok) return smallFormRefusal(parsed)
  const v = parsed.value
  return formReply(async () => {
    if (v.intent === 'approve') await reviewService(db, staff, { serviceId: v.serviceId, decision: 'approve' }, now)
    if (v.intent === 'reject') await reviewService(db, staff, { serviceId: v.serviceId, decision: 'reject', reason: v.reason }, now)
    if (v.intent === 'approve-provider') await approveProvider(db, staff, { organizationId: v.organizationId, reason: v.reason }, now)
    if (v.intent === 'cancel') await bookingStep(db, staff, { bookingId: v.bookingId, step: 'cancel', reason: v.reason }, now)
    if (v.intent === 'payout') {
      const outcome = await payoutVoucher(db, getPaymentProvider(), staff, v.bookingId, now)
      return { message: outcome.status === 'SUCCEEDED' ? t('vouchers.staff.saved') : outcome.message }
    }
    return { message: t('vouchers.staff.saved') }
  })
}

function FigureTable({ rows, withGranted }: { rows: VoucherFigure[]; withGranted: boolean }) {
  const t = useT()
  const format = useFormat()
  if (rows.length === 0) return <p>{t('vouchers.staff.none')}</p>
  return (
    <table>
      <thead>
        <tr>
          <th>{t('vouchers.staff.label')}</th>
          {withGranted && <th>{t('vouchers.staff.granted')}</th>}
          <th>{t('vouchers.staff.reserved')}</th>
          <th>{t('vouchers.staff.redeemed')}</th>
          <th>{t('vouchers.staff.paid')}</th>
          <th>{t('vouchers.staff.bookings')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} data-figure={r.label}>
            <td>{r.label}</td>
            {withGranted && <td>{format.moneyExact(r.grantedFen ?? 0)}</td>}
            <td>{format.moneyExact(r.reservedFen)}</td>
            <td>{format.moneyExact(r.redeemedFen)}</td>
            <td>{format.moneyExact(r.paidFen)}</td>
            <td>{r.bookings}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A required choice of one of the bureau's organizations (none chosen at first). */
function OrganizationSelect({ name, label, organizations }: { name: string; label: string; organizations: { id: string; name: string }[] }) {
  return (
    <label>
      {label}{' '}
      <select name={name} required defaultValue="">
        <option value="" disabled />
        {organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  )
}

export default function StaffVouchers() {
  const { year, review, quotas, holders, policy, bookings, figures } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('vouchers.staff.title')}</h1>
      <p className="hint">{t('vouchers.doubleFundingRule')}</p>
      <ReplyNotice reply={result} />

      <h2>{t('vouchers.staff.reviewTitle')}</h2>
      {review.length === 0 ? (
        <p>{t('vouchers.staff.none')}</p>
      ) : (
        <ul>
          {review.map((s) => (
            <li key={s.id} className="card" data-service-id={s.id}>
              <strong>{s.title}</strong> · {t(`vouchers.kinds.${s.kind}`)} · {s.provider} · {format.moneyExact(s.priceFen)} · {t('vouchers.search.leadTimeDays', { days: s.leadTimeDays })} · {s.location}
              <p>{s.description}</p>
              <RowButtonForm row={{ name: 'serviceId', id: s.id }} intent="approve" label={t('vouchers.staff.approve')} />{' '}
              <RowReasonForm row={{ name: 'serviceId', id: s.id }} intent="reject" label={t('vouchers.staff.reject')} reasonLabel={t('vouchers.mine.reason')} />
            </li>
          ))}
        </ul>
      )}

      <h2>{t('vouchers.staff.quotasTitle', { year })}</h2>
      {policy ? (
        <p className="hint">
          {t('vouchers.staff.policy', {
            name: policy.name,
            version: policy.version,
            enterprise: format.money(policy.terms.capEnterpriseFen),
            entrepreneur: format.money(policy.terms.capEntrepreneurFen),
            share: formatBasisPoints(policy.terms.shareBp),
          })}
        </p>
      ) : (
        <p className="alert">{t('vouchers.staff.noPolicy')}</p>
      )}
      {quotas.length > 0 && (
        <table>
          <TableHead columns={[t('vouchers.staff.holder'), t('vouchers.staff.holderKind'), t('vouchers.mine.granted'), t('vouchers.mine.reserved'), t('vouchers.mine.redeemed'), t('vouchers.mine.remaining')]} />
          <tbody>
            {quotas.map((q) => (
              <tr key={q.id} data-quota-holder={q.holder}>
                <td>{q.holder}</td>
                <td>{t(`vouchers.holderKinds.${q.holderKind}`)}</td>
                <td>{format.moneyExact(q.grantedFen)}</td>
                <td>{format.moneyExact(q.reservedFen)}</td>
                <td>{format.moneyExact(q.redeemedFen)}</td>
                <td>{format.moneyExact(q.remainingFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" className="card" aria-label={t('vouchers.staff.grant')}>
        <CsrfInput />
        <OrganizationSelect name="holderId" label={t('vouchers.staff.holder')} organizations={holders} />{' '}
        <label>
          {t('vouchers.staff.holderKind')}{' '}
          <select name="holderKind" defaultValue="ENTERPRISE">
            {VOUCHER_HOLDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`vouchers.holderKinds.${k}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('vouchers.staff.year')} <input type="number" name="year" defaultValue={year} min={year} max={year + 1} />
        </label>{' '}
        <label>
          {t('vouchers.staff.amount')} <input type="text" name="amount" required inputMode="decimal" />
        </label>{' '}
        <label>
          {t('vouchers.mine.reason')} <input type="text" name="reason" required minLength={2} />
        </label>{' '}
        <button type="submit" name="intent" value="grant">
          {t('vouchers.staff.grant')}
        </button>
      </Form>

      <h2>{t('vouchers.staff.bookingsTitle')}</h2>
      {bookings.length === 0 ? (
        <p>{t('vouchers.staff.none')}</p>
      ) : (
        <table>
          <TableHead columns={[t('vouchers.mine.service'), t('vouchers.mine.holder'), t('vouchers.mine.status'), t('vouchers.mine.voucher'), t('vouchers.mine.ownShare'), t('vouchers.mine.payoutStatus')]} actions />
          <tbody>
            {bookings.map((b) => (
              <tr key={b.id} data-booking-id={b.id}>
                <td>
                  {b.service} · {b.provider}
                </td>
                <td>{b.holder}</td>
                <td>{t(`vouchers.bookingStatus.${b.status}`)}</td>
                <td>{format.moneyExact(b.voucherFen)}</td>
                <td>{format.moneyExact(b.ownShareFen)}</td>
                <td>{b.payout ? t(`vouchers.paymentStatus.${b.payout.status}`) : ''}</td>
                <td>
                  {b.payout && awaitsPayment(b.payout.status) && <RowButtonForm row={{ name: 'bookingId', id: b.id }} intent="payout" label={t('vouchers.staff.payout')} />}
                  {isOpenBooking(b.status) && <RowReasonForm row={{ name: 'bookingId', id: b.id }} intent="cancel" label={t('vouchers.mine.cancel')} reasonLabel={t('vouchers.mine.reason')} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('vouchers.staff.figuresTitle', { year })}</h2>
      <h3>{t('vouchers.staff.total')}</h3>
      <FigureTable rows={[figures.total]} withGranted />
      <h3>{t('vouchers.staff.byCounty')}</h3>
      <FigureTable rows={figures.byCounty} withGranted />
      <h3>{t('vouchers.staff.byProvider')}</h3>
      <FigureTable rows={figures.byProvider} withGranted={false} />

      <h2>{t('vouchers.staff.providerTitle')}</h2>
      <p className="hint">{t('vouchers.staff.providerHint')}</p>
      <Form method="post" className="card" aria-label={t('vouchers.staff.providerTitle')}>
        <CsrfInput />
        <OrganizationSelect name="organizationId" label={t('vouchers.staff.organization')} organizations={holders} />{' '}
        <label>
          {t('vouchers.mine.reason')} <input type="text" name="reason" required minLength={2} />
        </label>{' '}
        <button type="submit" name="intent" value="approve-provider">
          {t('vouchers.staff.approveProvider')}
        </button>
      </Form>
    </>
  )
}
