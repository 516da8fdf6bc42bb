// The enterprise's rewards: each with its explanation and state, and each
// year's total against the yearly cap.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RewardExplanationView } from '~/components/reward-explanation.tsx'
import { CapChart } from '~/components/rewards-chart.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { enterpriseRewards } from '~/services/reward-views.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('moneyPages.myRewards.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireRole(request, 'ENTERPRISE', db)
  return { ...(await enterpriseRewards(db, user, new Date())), organizationName: user.organizationName }
}

export default function MyRewards() {
  const { rewards, years, organizationName } = useLoaderData<typeof loader>()
  const t = useT()
  const format = useFormat()
  return (
    <>
      <h1>{t('moneyPages.myRewards.titleWithOrg', { organization: organizationName })}</h1>
      <p className="hint">{t('moneyPages.myRewards.intro')}</p>
      <p className="hint">{t('vouchers.rewardsNote')}</p>
      <h2>{t('moneyPages.myRewards.yearTotals')}</h2>
      {years.length === 0 ? (
        <p>{t('moneyPages.myRewards.empty')}</p>
      ) : (
        <table id="year-totals">
          <TableHead columns={[t('moneyPages.myRewards.year'), t('moneyPages.myRewards.counted'), t('moneyPages.myRewards.cap'), t('moneyPages.myRewards.left'), t('moneyPages.myRewards.paid')]} />
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <td>{y.year}</td>
                <td className="price">{format.moneyExact(y.countedFen)}</td>
                <td className="price">{format.moneyExact(y.capFen)}</td>
                <td className="price">{format.moneyExact(Math.max(0, y.capFen - y.countedFen))}</td>
                <td className="price">{format.moneyExact(y.paidFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {years.length > 0 && (
        <>
          <h2 id="cap-chart-h">{t('charts.rewards.headingMine')}</h2>
          <CapChart
            testId="rewards-cap-chart"
            tableId="year-totals"
            rows={years.map((y) => ({ key: String(y.year), name: String(y.year), countedFen: y.countedFen, capFen: y.capFen }))}
            label={t('charts.rewards.summaryMine', {
              year: years[0]!.year,
              counted: format.money(years[0]!.countedFen),
              cap: format.money(years[0]!.capFen),
              left: format.money(Math.max(0, years[0]!.capFen - years[0]!.countedFen)),
            })}
          />
        </>
      )}
      <h2>{t('moneyPages.myRewards.details')}</h2>
      {rewards.length === 0 && <p data-testid="rewards-empty">{t('confirmations.noRewardsYet')}</p>}
      <ul className="list">
        {rewards.map((r) => (
          <li key={r.id} className="card">
            <p>
              {t('moneyPages.myRewards.contract', { no: r.contractNo })} · {t('moneyPages.myRewards.ofYear', { year: r.year })} ·{' '}
              {r.isReversal ? t('moneyPages.myRewards.reversal') : ''}
              <strong className="price">{format.moneyExact(r.amountFen)}</strong> <span className={`badge ${r.status}`}>{t(`enums.rewardStatus.${r.status}`)}</span> ·{' '}
              {format.dateTime(r.createdAt)}
            </p>
            <RewardExplanationView explanation={r.explanation} />
            {r.status === 'REJECTED' && r.decisionNote && <p className="alert">{t('moneyPages.myRewards.rejected', { note: r.decisionNote })}</p>}
          </li>
        ))}
      </ul>
    </>
  )
}
