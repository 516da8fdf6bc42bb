// The holder pays its own share of a delivered booking by card, through the payment provider (as deposits and
// settlements); the voucher part was redeemed at delivery and is paid to the provider by the bureau (decision 018).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CardCheckout } from '~/components/card-checkout.tsx'
import { myBookings, payVoucherShare } from '~/services/voucher-bookings.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { cardCheckoutAction } from '~/utils/card-checkout.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('vouchers.mine.payShare')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const booking = (await myBookings(db, user)).asHolder.find((b) => b.id === params.bookingId)
  if (!booking?.share) throw new Response('Not Found', { status: 404 })
  return { booking }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return cardCheckoutAction(request, (db, provider, user, card, now) => payVoucherShare(db, provider, user, params.bookingId!, card, now), () => '/my/vouchers')
}

export default function PayVoucherShare() {
  const { booking } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('vouchers.mine.payShare')}</h1>
      <p>
        {booking.service} · {booking.provider}
      </p>
      <p>
        {t('vouchers.mine.price')}: {format.moneyExact(booking.priceFen)} · {t('vouchers.mine.voucher')}: {format.moneyExact(booking.voucherFen)} · {t('vouchers.mine.ownShare')}:{' '}
        {format.moneyExact(booking.ownShareFen)}
      </p>
      {booking.share && booking.share.status !== 'SUCCEEDED' && booking.share.status !== 'PROCESSING' && (
        <CardCheckout lastResult={lastResult} amountFen={booking.share.amountFen} submitLabel={t('vouchers.mine.pay')} />
      )}
      <p>
        <Link to="/my/vouchers">{t('vouchers.mine.title')}</Link>
      </p>
    </>
  )
}
