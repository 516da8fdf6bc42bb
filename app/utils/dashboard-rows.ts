// The words of the staff home's figures, shared by the page and the reports (XLSX, PDF), so a report lists the same
// figures under the same names as the page; each formats money and rates its own way (text on the page, numbers in
// a spreadsheet). The figures are dashboardFigures' (app/services/dashboard.server.ts).
import type { T } from '~/i18n/catalogue.ts'

/** The marketplace in a period (dashboardFigures' marketplaceFigures). */
export type MarketplaceFigures = {
  resultsPublished: number
  needsPublished: number
  interests: number
  interestsReplied: number
  sessions: number
  lots: number
  lotsSold: number
  deals: number
  dealsFen: number
  startFen: number
  /** (sum of deal prices − sum of their start prices) / sum of start prices, basis points, rounded down; null without deals. */
  premiumBp: number | null
  rewardYear: number
  rewardedFen: number
  rewardedEnterprises: number
  enterprisesAtCap: number
  rewardsByEnterprise: { enterprise: string; rewardedFen: number; capFen: number }[]
}

/** The marketplace's figures as (name, value) rows, in the page's order. */
export function marketplaceRows<V>(
  t: T,
  m: MarketplaceFigures,
  money: (fen: number) => V,
  percent: (bp: number | null) => V,
): [string, V | number][] {
  return [
    [t('dashboard.market.resultsPublished'), m.resultsPublished],
    [t('dashboard.market.needsPublished'), m.needsPublished],
    [t('dashboard.market.interests'), m.interests],
    [t('dashboard.market.interestsReplied'), m.interestsReplied],
    [t('dashboard.market.sessions'), m.sessions],
    [t('dashboard.market.lots'), m.lots],
    [t('dashboard.market.lotsSold'), m.lotsSold],
    [t('dashboard.market.deals'), m.deals],
    [t('dashboard.market.dealsAmount'), money(m.dealsFen)],
    [t('dashboard.market.startAmount'), money(m.startFen)],
    [t('dashboard.market.premium'), percent(m.premiumBp)],
    [t('dashboard.market.rewarded', { year: m.rewardYear }), money(m.rewardedFen)],
    [t('dashboard.market.rewardedEnterprises'), m.rewardedEnterprises],
    [t('dashboard.market.atCap'), m.enterprisesAtCap],
  ]
}

/** The columns of a funds-disbursed table, the first naming what its rows are (county, kind, bureau). */
export function fundsColumns(t: T, first: string): string[] {
  return [
    first,
    t('dashboard.funds.due'),
    t('dashboard.funds.paid'),
    t('dashboard.funds.items'),
    t('dashboard.funds.paidItems'),
    t('dashboard.funds.rate'),
  ]
}

/** The name of a kind of funds (a reward, a voucher, a challenge's subsidy); another kind as it is written. */
export function fundsKindLabel(t: T, kind: string): string {
  return kind === 'REWARD' || kind === 'VOUCHER' || kind === 'CHALLENGE_SUBSIDY' ? t(`dashboard.funds.kinds.${kind}`) : kind
}
