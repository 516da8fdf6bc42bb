import { Link } from '@remix-run/react'
import { fieldLabel } from '~/domain/fields.ts'
import { TRANSFER_MODE_LABELS } from '~/domain/labels.ts'
import { formatFen } from '~/domain/money.ts'
import { budgetText } from '~/utils/budget.ts'

type Reasons = { sharedTerms: string[]; bridges?: string[]; sameField: boolean; budgetFit: 'fits' | 'over' | 'under' | 'unknown'; modesInCommon: string[] }

const BUDGET_TEXT = { fits: '价格在预算内', over: '价格高于预算', under: '价格低于预算下限', unknown: '价格或预算未定' } as const

/** Why two listings match, in words a person reads: shared terms, the bridge used (刹不住 → 制动衰退), same chain, budget, modes. */
export function MatchReasons({ reasons }: { reasons: Reasons }) {
  return (
    <ul className="meta" aria-label="匹配理由" style={{ listStyle: 'none', padding: 0 }}>
      {reasons.sharedTerms.length > 0 && <li>共同关键词：{reasons.sharedTerms.join('、')}</li>}
      {reasons.bridges && reasons.bridges.length > 0 && <li>问题与技术对应：{reasons.bridges.join('；')}</li>}
      <li>{reasons.sameField ? '同一产业链' : '不同产业链'}</li>
      <li>{BUDGET_TEXT[reasons.budgetFit]}</li>
      <li>
        {reasons.modesInCommon.length
          ? `可采用：${reasons.modesInCommon.map((m) => TRANSFER_MODE_LABELS[m as keyof typeof TRANSFER_MODE_LABELS] ?? m).join('、')}`
          : '合作方式不一致'}
      </li>
    </ul>
  )
}

type MatchedResult = { id: string; score: number; title: string; ownerName: string; askingPriceFen: number | null; field: string; reasons: Reasons }
type MatchedNeed = { id: string; score: number; title: string; enterpriseName: string; budgetMinFen: number | null; budgetMaxFen: number | null; field: string; reasons: Reasons }

export function MatchedResults({ items }: { items: MatchedResult[] }) {
  return (
    <section className="card" aria-labelledby="matches-title">
      <h2 id="matches-title">匹配的科技成果</h2>
      {items.length === 0 && <p>暂无匹配的成果。</p>}
      <ol className="list">
        {items.map((m) => (
          <li key={m.id}>
            <h3>
              <Link to={`/results/${m.id}`}>{m.title}</Link> <span className="meta">匹配度 {Math.round(m.score * 100)}</span>
            </h3>
            <div className="meta">
              <span>{m.ownerName}</span>
              <span>{fieldLabel(m.field)}</span>
              <span className="price">{m.askingPriceFen === null ? '面议' : formatFen(m.askingPriceFen)}</span>
            </div>
            <MatchReasons reasons={m.reasons} />
          </li>
        ))}
      </ol>
    </section>
  )
}

export function MatchedNeeds({ items }: { items: MatchedNeed[] }) {
  return (
    <section className="card" aria-labelledby="matches-title">
      <h2 id="matches-title">可能需要该成果的企业</h2>
      {items.length === 0 && <p>暂无匹配的企业需求。</p>}
      <ol className="list">
        {items.map((m) => (
          <li key={m.id}>
            <h3>
              <Link to={`/needs/${m.id}`}>{m.title}</Link> <span className="meta">匹配度 {Math.round(m.score * 100)}</span>
            </h3>
            <div className="meta">
              <span>{m.enterpriseName}</span>
              <span>{fieldLabel(m.field)}</span>
              <span className="price">{budgetText(m.budgetMinFen, m.budgetMaxFen)}</span>
            </div>
            <MatchReasons reasons={m.reasons} />
          </li>
        ))}
      </ol>
    </section>
  )
}
