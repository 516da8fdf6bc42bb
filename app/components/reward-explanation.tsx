// How a reward (or its reversal) was computed, step by step, from the
// explanation stored with it: the same view for staff and the enterprise.
import { formatBasisPoints, formatFen } from '~/domain/money.ts'
import { CONTRACT_KIND_LABELS } from '~/utils/reward-validation.ts'
import { LIMITED_BY_LABELS, REVERSAL_CAUSE_LABELS, type ReversalExplanation, type RewardExplanation } from '~/domain/rewards.ts'

const percent = formatBasisPoints

export function RewardExplanationView({ explanation: e }: { explanation: RewardExplanation | ReversalExplanation }) {
  if (e.kind === 'reversal') {
    return (
      <dl className="explanation">
        <dt>冲销原因</dt>
        <dd>{REVERSAL_CAUSE_LABELS[e.cause]}</dd>
        <dt>冲销金额</dt>
        <dd className="price">{formatFen(e.amountFen)}</dd>
        <dt>合同上限余量</dt>
        <dd>
          {formatFen(e.contractCap.leftBeforeFen)} → {formatFen(e.contractCap.leftAfterFen)}（上限 {formatFen(e.contractCap.capFen)}）
        </dd>
        <dt>{e.enterpriseYearCap.year} 年度上限余量</dt>
        <dd>
          {formatFen(e.enterpriseYearCap.leftBeforeFen)} → {formatFen(e.enterpriseYearCap.leftAfterFen)}（上限 {formatFen(e.enterpriseYearCap.capFen)}）
        </dd>
      </dl>
    )
  }
  return (
    <dl className="explanation">
      <dt>依据</dt>
      <dd data-policy-version={e.policy.version ?? 1}>
        {e.policy.name} 第 {e.policy.version ?? 1} 版（{e.policy.authority}）
      </dd>
      {e.contractKind && (
        <>
          <dt>合同类型</dt>
          <dd>
            {CONTRACT_KIND_LABELS[e.contractKind]}
            {e.covered === false && '（该版本政策不覆盖此类合同，不予奖励）'}
          </dd>
        </>
      )}
      <dt>计算基数（实际支付）</dt>
      <dd className="price">{formatFen(e.baseFen)}</dd>
      <dt>比例</dt>
      <dd>
        {percent(e.rateBp)}（{e.viaAuction ? '通过技术市场竞价' : '竞价以外'}）
      </dd>
      <dt>按比例</dt>
      <dd className="price">{formatFen(e.rawFen)}</dd>
      <dt>单项合同上限</dt>
      <dd>
        上限 {formatFen(e.contractCap.capFen)}，计算前已用 {formatFen(e.contractCap.usedBeforeFen)}，余量 {formatFen(e.contractCap.leftBeforeFen)} → {formatFen(e.contractCap.leftAfterFen)}
      </dd>
      <dt>{e.enterpriseYearCap.year} 年度企业上限</dt>
      <dd>
        上限 {formatFen(e.enterpriseYearCap.capFen)}，计算前已用 {formatFen(e.enterpriseYearCap.usedBeforeFen)}，余量 {formatFen(e.enterpriseYearCap.leftBeforeFen)} →{' '}
        {formatFen(e.enterpriseYearCap.leftAfterFen)}
      </dd>
      <dt>奖励金额</dt>
      <dd>
        <strong className="price">{formatFen(e.amountFen)}</strong>（{LIMITED_BY_LABELS[e.limitedBy]}，取三者最小，分以下舍去）
      </dd>
    </dl>
  )
}
