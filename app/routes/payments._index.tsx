// Enterprise: what to pay (deposits, balances of won lots) and every payment with its receipt.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { TableHead } from '~/components/table-head.tsx'
import { enterprisePaymentTasks, listPayments } from '~/services/payment-reports.server.ts'
import { lotDepositDue } from '~/utils/lot-deposit-tasks.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.myPayments.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  const [tasks, list] = await Promise.all([enterprisePaymentTasks(db, user, new Date()), listPayments(db, user)])
  return { tasks, payments: list.payments, organizationName: user.organizationName }
}

export default function MyPayments() {
  const { tasks, payments, organizationName } = useLoaderData<typeof loader>()
  const t = useT()
  const format = useFormat()
  const depositsDue = tasks.deposits.filter((d) => d.lots.some((l) => lotDepositDue(d, l)))
  return (
    <>
      <h1>{t('moneyPages.myPayments.titleWithOrg', { organization: organizationName })}</h1>
      <h2>{t('moneyPages.myPayments.depositsDue')}</h2>
      {depositsDue.length === 0 ? (
        <p>{t('moneyPages.myPayments.noDepositsDue')}</p>
      ) : (
        <ul className="list">
          {depositsDue.map((d) => (
            <li key={d.sessionId}>
              {t('lotDeposits.myPayments.sessionLine', { session: d.session, paid: d.lots.filter((l) => l.status === 'SUCCEEDED').length, total: d.lots.length })}{' '}
              {d.lots.some((l) => l.status === 'FAILED') && <span className="badge FAILED">{t('moneyPages.myPayments.lastFailed')}</span>}{' '}
              <Link className="button" to={`/payments/deposit/${d.sessionId}`}>
                {t('lotDeposits.myPayments.choose')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('moneyPages.myPayments.balancesDue')}</h2>
      {tasks.balances.length === 0 ? (
        <p>{t('moneyPages.myPayments.noBalancesDue')}</p>
      ) : (
        <ul className="list">
          {tasks.balances.map((b) => (
            <li key={b.dealId}>
              {t('moneyPages.myPayments.balanceLine', {
                title: b.title,
                due: format.moneyExact(b.dueFen),
                price: format.moneyExact(b.priceFen),
                deposit: format.moneyExact(b.depositFen),
                deadline: format.dateTime(b.deadline),
              })}{' '}
              {b.overdue ? (
                <span className="alert">{t('moneyPages.myPayments.overdue')}</span>
              ) : (
                <Link className="button" to={`/payments/deal/${b.dealId}`}>
                  {t('moneyPages.myPayments.pay')}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('moneyPages.myPayments.history')}</h2>
      <table>
        <TableHead columns={[t('moneyPages.myPayments.kind'), t('moneyPages.myPayments.session'), t('moneyPages.myPayments.amount'), t('moneyPages.myPayments.status'), t('moneyPages.myPayments.time'), t('moneyPages.myPayments.receipt')]} />
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <td>{t(`enums.paymentKind.${p.kind}`)}</td>
              <td>{p.session ?? t('common.none')}</td>
              <td className="price">{format.moneyExact(p.amountFen)}</td>
              <td>
                <span className={`badge ${p.status}`}>{t(`enums.paymentStatus.${p.status}`)}</span>
              </td>
              <td>{format.dateTime(p.paidAt ?? p.createdAt)}</td>
              <td>
                <Link to={`/payments/${p.id}`}>{t('moneyPages.myPayments.view')}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {payments.length === 0 && <p>{t('moneyPages.myPayments.noPayments')}</p>}
    </>
  )
}
