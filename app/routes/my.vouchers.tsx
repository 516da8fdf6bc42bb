// My innovation vouchers: as a holder, this year's quota (granted, reserved, redeemed, available) and my
// bookings (cancel before delivery, pay my share once delivered); as a provider (a university, an institute or an
// approved service organisation), list a service, my services, and the bookings received (confirm, deliver with
// the report, cancel). Decision 018.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { shanghaiYear } from '~/domain/calendar.ts'
import { awaitsPayment } from '~/domain/payments.ts'
import { isOpenBooking, VOUCHER_SERVICE_KINDS } from '~/domain/vouchers.ts'
import { ReplyNotice, RowButtonForm, RowReasonForm } from '~/components/row-forms.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { bookingStep, myBookings, type BookingView } from '~/services/voucher-bookings.server.ts'
import { myQuota } from '~/services/voucher-quotas.server.ts'
import { isProvider, listService, myServices, withdrawService } from '~/services/voucher-services.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost, smallFormRefusal } from '~/utils/form-action.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { BookingStepSchema, ServiceFormSchema } from '~/utils/voucher-validation.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('vouchers.mine.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const now = new Date()
  const provider = user.role !== 'STAFF' && (await isProvider(db, user.organizationId))
  const [quota, bookings, services] = await Promise.all([user.role === 'ENTERPRISE' ? myQuota(db, user, now) : null, myBookings(db, user), provider ? myServices(db, user) : []])
  return { quota, year: shanghaiYear(now.getTime()), bookings, services, provider, holderRole: user.role === 'ENTERPRISE' }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request)
  const t = await getT(request)
  const now = new Date()
  const intent = formData.get('intent')
  if (intent === 'list') {
    const parsed = parseSmallForm(ServiceFormSchema, formData)
    if (!parsed.ok) return smallFormRefusal(parsed)
    const v = parsed.value
    return formReply(async () => {
      await listService(db, user, { kind: v.kind, title: v.title, description: v.description, priceFen: v.price, leadTimeDays: v.leadTimeDays, location: v.location }, now)
      return { message: t('vouchers.mine.listed') }
    })
  }
  if (intent === 'withdraw') {
    return formReply(async () => {
      await withdrawService(db, user, String(formData.get('serviceId') ?? ''), now)
      return { message: t('vouchers.mine.done') }
    })
  }
  const parsed = parseSmallForm(BookingStepSchema, formData)
  if (!parsed.ok) return smallFormRefusal(parsed)
  const v = parsed.value
  return formReply(async () => {
    await bookingStep(db, user, { bookingId: v.bookingId, step: v.intent, reason: v.reason, reportName: v.reportName, reportText: v.reportText }, now)
    return { message: t('vouchers.mine.done') }
  })
}

function BookingRow({ b, side }: { b: BookingView; side: 'holder' | 'provider' }) {
  const t = useT()
  const format = useFormat()
  return (
    <tr data-booking-id={b.id} data-status={b.status}>
      <td>
        <Link to={`/vouchers/${b.serviceId}`}>{b.service}</Link>
        {side === 'provider' && <div className="hint">{b.holder}</div>}
      </td>
      <td>{t(`vouchers.bookingStatus.${b.status}`)}</td>
      <td>{format.moneyExact(b.priceFen)}</td>
      <td data-voucher-fen={b.voucherFen}>{format.moneyExact(b.voucherFen)}</td>
      <td>{format.moneyExact(b.ownShareFen)}</td>
      <td>{format.dateTime(b.bookedAt)}</td>
      <td>
        {b.reportName && (
          <div>
            {t('vouchers.mine.report')}: {b.reportName} — {b.reportText}
          </div>
        )}
        {b.share && (
          <div>
            {t('vouchers.mine.shareStatus')}: <span data-share-status={b.share.status}>{t(`vouchers.paymentStatus.${b.share.status}`)}</span>
          </div>
        )}
        {b.payout && (
          <div>
            {t('vouchers.mine.payoutStatus')}: <span data-payout-status={b.payout.status}>{t(`vouchers.paymentStatus.${b.payout.status}`)}</span>
          </div>
        )}
        {b.cancelReason && <div className="hint">{b.cancelReason}</div>}
        {side === 'holder' && b.share && awaitsPayment(b.share.status) && (
          <Link to={`/vouchers/pay/${b.id}`}>{t('vouchers.mine.payShare')}</Link>
        )}
        {side === 'provider' && b.status === 'BOOKED' && <RowButtonForm row={{ name: 'bookingId', id: b.id }} intent="confirm" label={t('vouchers.mine.confirm')} />}
        {side === 'provider' && b.status === 'CONFIRMED' && (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="bookingId" value={b.id} />
            <label>
              {t('vouchers.mine.reportName')} <input type="text" name="reportName" required minLength={2} />
            </label>{' '}
            <label>
              {t('vouchers.mine.reportText')} <textarea name="reportText" required minLength={2} />
            </label>{' '}
            <button type="submit" name="intent" value="deliver">
              {t('vouchers.mine.deliver')}
            </button>
          </Form>
        )}
        {isOpenBooking(b.status) && <RowReasonForm row={{ name: 'bookingId', id: b.id }} intent="cancel" label={t('vouchers.mine.cancel')} reasonLabel={t('vouchers.mine.reason')} />}
      </td>
    </tr>
  )
}

function BookingTable({ rows, side }: { rows: BookingView[]; side: 'holder' | 'provider' }) {
  const t = useT()
  if (rows.length === 0) return <p>{t('vouchers.mine.none')}</p>
  return (
    <table>
      <TableHead columns={[t('vouchers.mine.service'), t('vouchers.mine.status'), t('vouchers.mine.price'), t('vouchers.mine.voucher'), t('vouchers.mine.ownShare'), t('vouchers.mine.bookedAt')]} actions />
      <tbody>
        {rows.map((b) => (
          <BookingRow key={b.id} b={b} side={side} />
        ))}
      </tbody>
    </table>
  )
}

export default function MyVouchers() {
  const { quota, year, bookings, services, provider, holderRole } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('vouchers.mine.title')}</h1>
      <p>
        <Link to="/vouchers">{t('vouchers.search.title')}</Link>
      </p>
      <ReplyNotice reply={result} />
      {holderRole && (
        <section aria-label={t('vouchers.mine.quotaTitle', { year })}>
          <h2>{t('vouchers.mine.quotaTitle', { year })}</h2>
          {quota ? (
            <dl className="quota" data-remaining-fen={quota.remainingFen}>
              <dt>{t('vouchers.mine.granted')}</dt>
              <dd>{format.moneyExact(quota.grantedFen)}</dd>
              <dt>{t('vouchers.mine.reserved')}</dt>
              <dd>{format.moneyExact(quota.reservedFen)}</dd>
              <dt>{t('vouchers.mine.redeemed')}</dt>
              <dd>{format.moneyExact(quota.redeemedFen)}</dd>
              <dt>{t('vouchers.mine.remaining')}</dt>
              <dd>
                <strong>{format.moneyExact(quota.remainingFen)}</strong>
              </dd>
            </dl>
          ) : (
            <p>{t('vouchers.mine.noQuota')}</p>
          )}
          <p className="hint">{t('vouchers.doubleFundingRule')}</p>
          <h2>{t('vouchers.mine.bookingsTitle')}</h2>
          <BookingTable rows={bookings.asHolder} side="holder" />
        </section>
      )}
      {provider && (
        <section aria-label={t('vouchers.mine.providerTitle')}>
          <h2>{t('vouchers.mine.providerBookings')}</h2>
          <BookingTable rows={bookings.asProvider} side="provider" />
          <h2>{t('vouchers.mine.providerTitle')}</h2>
          {services.length === 0 ? (
            <p>{t('vouchers.mine.none')}</p>
          ) : (
            <ul>
              {services.map((s) => (
                <li key={s.id} data-service-id={s.id}>
                  <Link to={`/vouchers/${s.id}`}>{s.title}</Link> · {format.moneyExact(s.priceFen)} · {t(`vouchers.serviceStatus.${s.status}`)}
                  {s.reviewNote && (
                    <span className="hint">
                      {' '}
                      · {t('vouchers.mine.reviewNote')}: {s.reviewNote}
                    </span>
                  )}
                  {s.status !== 'WITHDRAWN' && <RowButtonForm row={{ name: 'serviceId', id: s.id }} intent="withdraw" label={t('vouchers.mine.withdraw')} />}
                </li>
              ))}
            </ul>
          )}
          <h2>{t('vouchers.mine.listTitle')}</h2>
          <Form method="post" className="card" aria-label={t('vouchers.mine.listTitle')}>
            <CsrfInput />
            <p>
              <label>
                {t('vouchers.mine.kind')}{' '}
                <select name="kind" defaultValue="INSTRUMENT">
                  {VOUCHER_SERVICE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`vouchers.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
            </p>
            <p>
              <label>
                {t('vouchers.mine.serviceTitle')} <input type="text" name="title" required minLength={2} maxLength={120} />
              </label>
            </p>
            <p>
              <label>
                {t('vouchers.mine.description')} <textarea name="description" required minLength={2} />
              </label>
            </p>
            <p>
              <label>
                {t('vouchers.mine.priceYuan')} <input type="text" name="price" required inputMode="decimal" />
              </label>
            </p>
            <p>
              <label>
                {t('vouchers.mine.leadTimeDays')} <input type="number" name="leadTimeDays" required min={0} max={365} defaultValue={7} />
              </label>
            </p>
            <p>
              <label>
                {t('vouchers.mine.location')} <input type="text" name="location" required minLength={2} />
              </label>
            </p>
            <button type="submit" name="intent" value="list">
              {t('vouchers.mine.submit')}
            </button>
          </Form>
        </section>
      )}
    </>
  )
}
