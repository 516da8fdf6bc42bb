import { Link } from '@remix-run/react'
import { enumText, fieldText } from '~/components/enum-text.ts'
import { useBudgetText } from '~/components/budget-text.tsx'
import { useFormat, useT } from '~/i18n/react.tsx'

type Reasons = { sharedTerms: string[]; bridges?: string[]; sameField: boolean; budgetFit: 'fits' | 'over' | 'under' | 'unknown'; modesInCommon: string[] }

const BUDGET_TEXT = {
  fits: 'listingPages.matches.budgetFits',
  over: 'listingPages.matches.budgetOver',
  under: 'listingPages.matches.budgetUnder',
  unknown: 'listingPages.matches.budgetUnknown',
} as const

/** Why two listings match, in words a person reads: shared terms, the bridge used (刹不住 → 制动衰退), same chain, budget, modes. */
export function MatchReasons({ reasons }: { reasons: Reasons }) {
  const t = useT()
  const and = t('listingPages.common.listSeparator')
  return (
    <ul className="meta" aria-label={t('listingPages.matches.reasonsLabel')} style={{ listStyle: 'none', padding: 0 }}>
      {reasons.sharedTerms.length > 0 && <li>{t('listingPages.matches.sharedTerms', { terms: reasons.sharedTerms.join(and) })}</li>}
      {reasons.bridges && reasons.bridges.length > 0 && <li>{t('listingPages.matches.bridges', { bridges: reasons.bridges.join(t('form.separator')) })}</li>}
      <li>{reasons.sameField ? t('listingPages.matches.sameField') : t('listingPages.matches.otherField')}</li>
      <li>{t(BUDGET_TEXT[reasons.budgetFit])}</li>
      <li>
        {reasons.modesInCommon.length
          ? t('listingPages.matches.modes', { modes: reasons.modesInCommon.map((m) => enumText(t, 'transferMode', m)).join(and) })
          : t('listingPages.matches.noModes')}
      </li>
    </ul>
  )
}

type MatchedResult = { id: string; score: number; title: string; ownerName: string; askingPriceFen: number | null; field: string; reasons: Reasons }
type MatchedNeed = { id: string; score: number; title: string; enterpriseName: string; budgetMinFen: number | null; budgetMaxFen: number | null; field: string; reasons: Reasons }

export function MatchedResults({ items }: { items: MatchedResult[] }) {
  const t = useT()
  const f = useFormat()
  return (
    <section className="card" aria-labelledby="matches-title">
      <h2 id="matches-title">{t('listingPages.matches.resultsTitle')}</h2>
      {items.length === 0 && <p>{t('listingPages.matches.noResults')}</p>}
      <ol className="list">
        {items.map((m) => (
          <li key={m.id}>
            <h3>
              <Link to={`/results/${m.id}`}>{m.title}</Link> <span className="meta">{t('listingPages.matches.score', { score: Math.round(m.score * 100) })}</span>
            </h3>
            <div className="meta">
              <span>{m.ownerName}</span>
              <span>{fieldText(t, m.field)}</span>
              <span className="price">{m.askingPriceFen === null ? t('listingPages.common.negotiable') : f.money(m.askingPriceFen)}</span>
            </div>
            <MatchReasons reasons={m.reasons} />
          </li>
        ))}
      </ol>
    </section>
  )
}

export function MatchedNeeds({ items }: { items: MatchedNeed[] }) {
  const t = useT()
  const budgetText = useBudgetText()
  return (
    <section className="card" aria-labelledby="matches-title">
      <h2 id="matches-title">{t('listingPages.matches.needsTitle')}</h2>
      {items.length === 0 && <p>{t('listingPages.matches.noNeeds')}</p>}
      <ol className="list">
        {items.map((m) => (
          <li key={m.id}>
            <h3>
              <Link to={`/needs/${m.id}`}>{m.title}</Link> <span className="meta">{t('listingPages.matches.score', { score: Math.round(m.score * 100) })}</span>
            </h3>
            <div className="meta">
              <span>{m.enterpriseName}</span>
              <span>{fieldText(t, m.field)}</span>
              <span className="price">{budgetText(m.budgetMinFen, m.budgetMaxFen)}</span>
            </div>
            <MatchReasons reasons={m.reasons} />
          </li>
        ))}
      </ol>
    </section>
  )
}
