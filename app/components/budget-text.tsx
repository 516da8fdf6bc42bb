// A need's budget in the page's language.
import { useFormat, useT } from '~/i18n/react.tsx'

export function useBudgetText(): (min: number | null, max: number | null) => string {
  const t = useT()
  const f = useFormat()
  return (min, max) => {
    if (min === null && max === null) return t('listingPages.budget.negotiable')
    if (min !== null && max !== null) return min === max ? f.money(min) : t('listingPages.budget.range', { min: f.money(min), max: f.money(max) })
    return min !== null ? t('listingPages.budget.from', { amount: f.money(min) }) : t('listingPages.budget.upTo', { amount: f.money(max!) })
  }
}
