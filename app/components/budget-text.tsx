// A listing's price in the page's language: a need's budget, a result's asking price.
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

/** A result's asking price; none is "negotiable". */
export function useAskingPriceText(): (fen: number | null) => string {
  const t = useT()
  const f = useFormat()
  return (fen) => (fen === null ? t('listingPages.common.negotiable') : f.money(fen))
}
