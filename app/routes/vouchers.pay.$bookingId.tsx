// The holder pays its own share of a delivered booking by card, through the payment provider (as deposits and
// settlements); the voucher part was redeemed at delivery and is paid to the provider by the bureau (decision 018).
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CardCheckout } from '~/components/card-checkout.tsx'
import { myBookings, payVoucherShare } from '~/services/voucher-bookings.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { runFormAction } from '~/utils/form-action.server.ts'
import { getPaymentProvider } from '~/utils/payment-provider.server.ts'
import { cardFromForm, CardFormSchema } from '~/utils/payment-validation.ts'
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
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: CardFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () => payVoucherShare(db, getPaymentProvider(), user, params.bookingId!, cardFromForm(submission.value), new Date()))
  if (!outcome.ok) return outcome.response
  if (outcome.value.status === 'FAILED') return data(submission.reply({ formErrors: [outcome.value.message] }), { status: 402 })
  return redirect('/my/vouchers')
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
