// How a reward (or its reversal) was computed, step by step, from the
// explanation stored with it: the same view for staff and the enterprise.
import { formatBasisPoints } from '~/domain/money.ts'
import { type ReversalExplanation, type RewardExplanation } from '~/domain/rewards.ts'
import { useFormat, useT } from '~/i18n/react.tsx'

const percent = formatBasisPoints

export function RewardExplanationView({ explanation: e }: { explanation: RewardExplanation | ReversalExplanation }) {
  const t = useT()
  const { moneyExact: money } = useFormat()
  if (e.kind === 'reversal') {
    return (
      <dl className="explanation">
        <dt>{t('moneyPages.rewardExplanation.reversalCause')}</dt>
        <dd>{t(`enums.reversalCause.${e.cause}`)}</dd>
        <dt>{t('moneyPages.rewardExplanation.reversalAmount')}</dt>
        <dd className="price">{money(e.amountFen)}</dd>
        <dt>{t('moneyPages.rewardExplanation.contractCapLeft')}</dt>
        <dd>
          {t('moneyPages.rewardExplanation.leftChange', {
            before: money(e.contractCap.leftBeforeFen),
            after: money(e.contractCap.leftAfterFen),
            cap: money(e.contractCap.capFen),
          })}
        </dd>
        <dt>{t('moneyPages.rewardExplanation.yearCapLeft', { year: e.enterpriseYearCap.year })}</dt>
        <dd>
          {t('moneyPages.rewardExplanation.leftChange', {
            before: money(e.enterpriseYearCap.leftBeforeFen),
            after: money(e.enterpriseYearCap.leftAfterFen),
            cap: money(e.enterpriseYearCap.capFen),
          })}
        </dd>
      </dl>
    )
  }
  return (
    <dl className="explanation">
      <dt>{t('moneyPages.rewardExplanation.basis')}</dt>
      <dd data-policy-version={e.policy.version ?? 1}>
        {t('moneyPages.rewardExplanation.policyVersion', { name: e.policy.name, version: e.policy.version ?? 1, authority: e.policy.authority })}
      </dd>
      {e.contractKind && (
        <>
          <dt>{t('moneyPages.rewardExplanation.contractKind')}</dt>
          <dd>
            {t(`enums.contractKind.${e.contractKind}`)}
            {e.covered === false && t('moneyPages.rewardExplanation.notCovered')}
          </dd>
        </>
      )}
      <dt>{t('moneyPages.rewardExplanation.base')}</dt>
      <dd className="price">{money(e.baseFen)}</dd>
      <dt>{t('moneyPages.rewardExplanation.rate')}</dt>
      <dd>
        {t('moneyPages.rewardExplanation.rateRoute', {
          rate: percent(e.rateBp),
          route: e.viaAuction ? t('moneyPages.rewardExplanation.viaAuction') : t('moneyPages.rewardExplanation.notViaAuction'),
        })}
      </dd>
      <dt>{t('moneyPages.rewardExplanation.byRate')}</dt>
      <dd className="price">{money(e.rawFen)}</dd>
      <dt>{t('moneyPages.rewardExplanation.contractCap')}</dt>
      <dd>
        {t('moneyPages.rewardExplanation.capUse', {
          cap: money(e.contractCap.capFen),
          used: money(e.contractCap.usedBeforeFen),
          before: money(e.contractCap.leftBeforeFen),
          after: money(e.contractCap.leftAfterFen),
        })}
      </dd>
      <dt>{t('moneyPages.rewardExplanation.yearCap', { year: e.enterpriseYearCap.year })}</dt>
      <dd>
        {t('moneyPages.rewardExplanation.capUse', {
          cap: money(e.enterpriseYearCap.capFen),
          used: money(e.enterpriseYearCap.usedBeforeFen),
          before: money(e.enterpriseYearCap.leftBeforeFen),
          after: money(e.enterpriseYearCap.leftAfterFen),
        })}
      </dd>
      <dt>{t('moneyPages.rewardExplanation.amount')}</dt>
      <dd>
        <strong className="price">{money(e.amountFen)}</strong>
        {t('moneyPages.rewardExplanation.amountNote', { limitedBy: t(`enums.limitedBy.${e.limitedBy}`) })}
      </dd>
    </dl>
  )
}
