// Planning a quarterly session and its lots (DOMAIN.md "Quarterly auctions"):
// the checks staff input must pass and the deposit a lot asks for. Pure.

export type DepositRule = { kind: 'fixed'; fen: number } | { kind: 'share'; basisPoints: number }

/** 5–20 % of the starting price is usual; a share is rounded up to whole yuan. */
export function depositFor(rule: DepositRule, startingPriceFen: number): number {
  if (rule.kind === 'fixed') return rule.fen
  const raw = Math.ceil((startingPriceFen * rule.basisPoints) / 10_000)
  return Math.ceil(raw / 100) * 100
}

/** "2026Q4" for an instant, by the calendar quarter in Shanghai. */
export function quarterOf(shanghaiDate: string): string {
  const [year, month] = shanghaiDate.split('-').map(Number) as [number, number]
  return `${year}Q${Math.floor((month - 1) / 3) + 1}`
}

export type LotPlan = {
  startingPriceFen: number
  incrementFen: number
  reserveFen: number | null
  depositFen: number
  startsAt: number
  endsAt: number
  extensionMinutes: number
}

export type LotPlanProblem = { field: keyof LotPlan; message: string }

/** Everything wrong with a planned lot, each beside its field. */
export function lotPlanProblems(plan: LotPlan, session: { startsAt: number; endsAt: number }): LotPlanProblem[] {
  const problems: LotPlanProblem[] = []
  if (plan.startingPriceFen <= 0) problems.push({ field: 'startingPriceFen', message: '起拍价须大于零' })
  if (plan.incrementFen <= 0) problems.push({ field: 'incrementFen', message: '加价幅度须大于零' })
  else if (plan.incrementFen > plan.startingPriceFen) problems.push({ field: 'incrementFen', message: '加价幅度不应超过起拍价' })
  if (plan.reserveFen !== null && plan.reserveFen < plan.startingPriceFen) {
    problems.push({ field: 'reserveFen', message: '保留价不能低于起拍价（低于起拍价的保留价没有意义）' })
  }
  if (plan.depositFen <= 0) problems.push({ field: 'depositFen', message: '保证金须大于零' })
  else if (plan.depositFen > plan.startingPriceFen) problems.push({ field: 'depositFen', message: '保证金不应超过起拍价' })
  if (plan.endsAt <= plan.startsAt) problems.push({ field: 'endsAt', message: '结束时间须晚于开始时间' })
  if (plan.startsAt < session.startsAt || plan.endsAt > session.endsAt) {
    problems.push({ field: 'startsAt', message: '标的竞价时间须在本场次时间范围内' })
  }
  if (!Number.isInteger(plan.extensionMinutes) || plan.extensionMinutes < 1 || plan.extensionMinutes > 30) {
    problems.push({ field: 'extensionMinutes', message: '延时周期为 1–30 分钟' })
  }
  return problems
}
