// One instrument or testing service, and the booking form for a quota holder: the voucher covers the policy's
// share of the price (no more than the quota left), or the booking counts toward a technology contract instead;
// never both (decision 018).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { ReplyNotice } from '~/components/row-forms.tsx'
import { formatBasisPoints } from '~/domain/money.ts'
import { bookService, contractsForBooking } from '~/services/voucher-bookings.server.ts'
import { myVoucherStanding } from '~/services/voucher-quotas.server.ts'
import { serviceDetail } from '~/services/voucher-services.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost, smallFormRefusal } from '~/utils/form-action.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { BookFormSchema } from '~/utils/voucher-validation.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data: d, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${d?.service.title ?? ''} · ${t('vouchers.search.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const now = new Date()
  const user = await getCurrentUser(request, db)
  const service = await orRespond(serviceDetail(db, user, params.id!))
  const holder = user && user.role === 'ENTERPRISE' && user.organizationId !== service.providerId
  const { quota, shareBp } = holder ? await myVoucherStanding(db, user, now) : { quota: null, shareBp: null }
  return {
    service,
    signedIn: user !== null,
    holder: !!holder,
    quota,
    shareBp,
    contracts: holder ? await contractsForBooking(db, user) : [],
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request, 'ENTERPRISE')
  const t = await getT(request)
  const parsed = parseSmallForm(BookFormSchema, formData)
  if (!parsed.ok) return smallFormRefusal(parsed)
  const v = parsed.value
  return formReply(async () => {
    await bookService(db, user, { serviceId: params.id!, useVoucher: v.useVoucher === 'on', contractId: v.contractId || null, note: v.note ?? null }, new Date())
    return { message: t('vouchers.detail.booked') }
  })
}

export default function VoucherService() {
  const { service: s, signedIn, holder, quota, shareBp, contracts } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <p>
        <Link to="/vouchers">{t('vouchers.search.title')}</Link>
      </p>
      <h1>{s.title}</h1>
      <p>
        {t(`vouchers.kinds.${s.kind}`)} · {t('vouchers.search.provider')}: {s.provider} · {t(`vouchers.serviceStatus.${s.status}`)}
      </p>
      <p>
        {t('vouchers.search.price')}: <strong>{format.moneyExact(s.priceFen)}</strong> · {t('vouchers.search.leadTime')}: {t('vouchers.search.leadTimeDays', { days: s.leadTimeDays })} · {t('vouchers.search.location')}: {s.location}
      </p>
      <p>{s.description}</p>
      <p className="hint">{t('vouchers.doubleFundingRule')}</p>
      <ReplyNotice reply={result} />
      {!signedIn && (
        <p>
          <Link to={`/login?redirectTo=/vouchers/${s.id}`}>{t('vouchers.detail.signIn')}</Link>
        </p>
      )}
      {holder && s.status === 'APPROVED' && (
        <section className="card" aria-label={t('vouchers.detail.book')}>
          <h2>{t('vouchers.detail.book')}</h2>
          {quota ? (
            <p>{t('vouchers.detail.quota', { granted: format.moneyExact(quota.grantedFen), remaining: format.moneyExact(quota.remainingFen) })}</p>
          ) : (
            <p>{t('vouchers.detail.noQuota')}</p>
          )}
          {shareBp !== null && <p className="hint">{t('vouchers.detail.estimate', { share: formatBasisPoints(shareBp) })}</p>}
          <Form method="post">
            <CsrfInput />
            <p>
              <label>
                <input type="checkbox" name="useVoucher" defaultChecked={!!quota && quota.remainingFen > 0} /> {t('vouchers.detail.useVoucher')}
              </label>
            </p>
            <p>
              <label>
                {t('vouchers.detail.contract')}{' '}
                <select name="contractId" defaultValue="">
                  <option value="">{t('vouchers.detail.noContract')}</option>
                  {contracts.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.registrationNo} · {c.seller}
                    </option>
                  ))}
                </select>
              </label>
            </p>
            <p>
              <label>
                {t('vouchers.detail.note')} <input type="text" name="note" maxLength={500} />
              </label>
            </p>
            <button type="submit">{t('vouchers.detail.book')}</button>
          </Form>
        </section>
      )}
    </>
  )
}
