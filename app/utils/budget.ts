import { formatFen } from '~/domain/money.ts'

export function budgetText(min: number | null, max: number | null): string {
  if (min === null && max === null) return '预算面议'
  if (min !== null && max !== null) return min === max ? formatFen(min) : `${formatFen(min)} – ${formatFen(max)}`
  return min !== null ? `${formatFen(min)} 起` : `不超过 ${formatFen(max!)}`
}
