// CSV exports for the finance office: every reward and reversal entry of a
// period, or the yearly summary per enterprise. Amounts in yuan with two
// decimals (exact: integer arithmetic), with a BOM so spreadsheet programs
// read the Chinese headers.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { stringify } from 'csv-stringify/sync'
import { fenToYuanText, formatBasisPoints } from '~/domain/money.ts'
import { translateMessage, type Catalogue } from '~/i18n/catalogue.ts'
import { rewardsForPeriod, yearlySummary } from '~/services/reward-views.server.ts'
import { requireStaffReader } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { ExportQuerySchema } from '~/utils/reward-validation.ts'

const yuan = (fen: number | null) => (fen === null ? '' : fenToYuanText(fen))
const percent = (bp: number | null) => (bp === null ? '' : formatBasisPoints(bp))

function csv(name: string, rows: (string | number)[][]): Response {
  return new Response(`\uFEFF${stringify(rows)}`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` },
  })
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireStaffReader(request, db)
  const t = await getT(request)
  const h = (key: keyof Catalogue['moneyPages']['rewardsExport']) => t(`moneyPages.rewardsExport.${key}`)
  const query = ExportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!query.success) throw new Response(query.error.issues.map((i) => translateMessage(t, i.message)).join(t('form.separator')), { status: 400 })
  if (query.data.type === 'rewards') {
    // The form's end date is included (the whole Shanghai day; UTC+8 has no daylight saving, so a day is 24 h):
    // the service reads [from, to), so its end is the day after the one chosen.
    const rows = await orRespond(rewardsForPeriod(db, staff, query.data.from, new Date(query.data.to.getTime() + 86_400_000)))
    return csv(`rewards-${query.data.from.toISOString().slice(0, 10)}.csv`, [
      [h('rewardId'), h('entry'), h('enterprise'), h('creditCode'), h('contractNo'), h('viaAuction'), h('year'), h('base'), h('rate'), h('amount'), h('status'), h('policy'), h('computedAt'), h('decidedBy'), h('note')],
      ...rows.map((r) => [r.rewardId, t(r.isReversal ? 'serverText.rewardsCsv.reversal' : 'serverText.rewardsCsv.reward'), r.enterprise, r.creditCode, r.contractNo, t(r.viaAuction ? 'common.yes' : 'common.no'), r.year, yuan(r.baseFen), percent(r.rateBp), yuan(r.amountFen), t(`enums.rewardStatus.${r.status}`), r.policy, r.computedAt, r.decidedBy, r.note]),
    ])
  }
  const rows = await orRespond(yearlySummary(db, staff, query.data.year))
  return csv(`reward-summary-${query.data.year}.csv`, [
    [h('enterprise'), h('creditCode'), h('year'), h('contracts'), h('computed'), h('reversed'), h('rejected'), h('counted'), h('approved'), h('paid'), h('cap'), h('left')],
    ...rows.map((r) => [r.enterprise, r.creditCode, r.year, r.contracts, yuan(r.computedFen), yuan(r.reversedFen), yuan(r.rejectedFen), yuan(r.countedFen), yuan(r.approvedFen), yuan(r.paidFen), yuan(r.capFen), yuan(r.leftFen)]),
  ])
}
