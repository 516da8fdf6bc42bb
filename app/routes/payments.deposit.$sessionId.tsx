// Enterprise: the deposits (保证金) of an auction session, one per lot (decision 021): which lots' deposits are
// paid, and, with ?lot=<id>, paying that lot's deposit by card.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CardCheckout } from '~/components/card-checkout.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { startDepositPayment } from '~/services/deposits.server.ts'
import { depositCheckout } from '~/services/payment-reports.server.ts'
import { lotDepositDue } from '~/utils/lot-deposit-tasks.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { cardCheckoutAction } from '~/utils/card-checkout.server.ts'
import { ServiceError } from '~/utils/errors.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('lotDeposits.checkout.title')} · ${t('app.name')}` }]
}

/** The lot of the page (?lot=), or null for the session's list; anything odd is no lot. */
function lotParam(request: Request): string | null {
  const lot = new URL(request.url).searchParams.get('lot')
  return lot && /^[A-Za-z0-9_-]{1,64}$/.test(lot) ? lot : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return orRespond(depositCheckout(db, user, params.sessionId!, lotParam(request)))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lotId = lotParam(request)
  return cardCheckoutAction(
    request,
    async (db, provider, user, card, now) => {
      // The lot must be one of this session's (and the enterprise approved for it): the same check as the page.
      const page = await depositCheckout(db, user, params.sessionId!, lotId)
      if (!page.lot) throw new ServiceError('not-found', 'lot.not-found')
      return startDepositPayment(db, provider, user, { lotId: page.lot.lotId, card }, now)
    },
    (outcome) => `/payments/${outcome.paymentId}`,
  )
}

export default function DepositCheckout() {
  const task = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const format = useFormat()
  const legacy = task.legacy && (task.legacy.status === 'SUCCEEDED' || task.legacy.status === 'PROCESSING') ? task.legacy : null
  const lot = task.lot
  return (
    <>
      <h1>{t('lotDeposits.checkout.title')}</h1>
      <p>{t('lotDeposits.checkout.intro', { session: task.session })}</p>
      {legacy && (
        <p className="notice" data-testid="legacy-deposit">
          {t('lotDeposits.checkout.legacyCovers', { amount: format.moneyExact(legacy.amountFen), status: t(`enums.paymentStatus.${legacy.status}`) })}
        </p>
      )}
      {lot ? (
        <>
          <p data-testid="lot-deposit-summary">{t('lotDeposits.checkout.lotSummary', { number: lot.number, title: lot.title, amount: format.moneyExact(lot.amountFen) })}</p>
          {task.lotDue ? (
            <CardCheckout lastResult={lastResult} amountFen={lot.amountFen} submitLabel={t('lotDeposits.checkout.submit')} />
          ) : lot.status === 'SUCCEEDED' || lot.status === 'PROCESSING' ? (
            <p className="alert">{t('lotDeposits.checkout.alreadyPaid', { status: t(`enums.paymentStatus.${lot.status}`) })}</p>
          ) : !lot.open ? (
            <p className="alert">{t('lotDeposits.checkout.lotOver')}</p>
          ) : null}
          <p>
            <Link to={`/payments/deposit/${task.sessionId}`}>{t('lotDeposits.checkout.backToLots')}</Link>
          </p>
        </>
      ) : (
        <>
          <h2>{t('lotDeposits.checkout.lotsTitle')}</h2>
          <table data-testid="lot-deposits">
            <TableHead columns={[t('lotDeposits.checkout.colLot'), t('lotDeposits.checkout.colAmount'), t('lotDeposits.checkout.colStatus')]} actions />
            <tbody>
              {task.lots.map((l) => (
                <tr key={l.lotId} data-lot={l.number}>
                  <td>
                    <Link to={`/auctions/lots/${l.lotId}`}>
                      {l.number}. {l.title}
                    </Link>
                  </td>
                  <td>{format.moneyExact(l.amountFen)}</td>
                  <td>{l.status ? t(`enums.paymentStatus.${l.status}`) : legacy ? t('lotDeposits.checkout.coveredBySession') : !l.open ? t('lotDeposits.checkout.closed') : t('lotDeposits.checkout.unpaid')}</td>
                  <td>
                    {lotDepositDue(task, l) && (
                      <Link className="button" to={`?lot=${l.lotId}`}>
                        {t('lotDeposits.checkout.pay')}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p>
        <Link to="/payments">{t('lotDeposits.checkout.backToPayments')}</Link>
      </p>
    </>
  )
}
