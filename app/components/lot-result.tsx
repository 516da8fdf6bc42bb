import { Link } from '@remix-run/react'
import { UNSOLD_REASON_LABELS } from '~/domain/announcements.ts'
import { formatBasisPoints, formatFen } from '~/domain/money.ts'
import type { LotResultView } from '~/services/announcements.server.ts'
import { formatDateTime } from '~/utils/format.ts'

/** 成交公告 / 流拍公告 of one lot: only what its log holds. */
export function LotResultNotice({ r, showLot = false, canDownloadConfirmation = false }: { r: LotResultView; showLot?: boolean; canDownloadConfirmation?: boolean }) {
  const a = r.announcement
  return (
    <section className={`card announcement ${a.outcome}`} aria-label={a.outcome === 'SOLD' ? '成交公告' : a.outcome === 'UNSOLD' ? '流拍公告' : '结果'} data-testid="lot-result">
      <h2>{a.outcome === 'SOLD' ? '成交公告' : a.outcome === 'UNSOLD' ? '流拍公告' : '结果未载入日志'}</h2>
      {showLot && (
        <p>
          <Link to={`/auctions/lots/${r.lotId}`}>
            {r.session.title} · 标的 {r.number} · {r.result.title}
          </Link>
        </p>
      )}
      {a.outcome === 'SOLD' && (
        <dl className="facts">
          <dt>买受人</dt>
          <dd data-testid="winner">{r.winnerName ?? `竞买人 ${a.winner}`}</dd>
          <dt>成交价</dt>
          <dd>{formatFen(a.priceFen)}</dd>
          <dt>起拍价</dt>
          <dd>{formatFen(a.startingPriceFen)}</dd>
          <dt>溢价率</dt>
          <dd>{formatBasisPoints(a.premiumBp, 'fixed')}</dd>
          {a.reserveFen !== null && (
            <>
              <dt>保留价（结束后公开）</dt>
              <dd>{formatFen(a.reserveFen)}</dd>
            </>
          )}
          <dt>竞买人数 / 出价次数</dt>
          <dd>
            {r.bidderCount} 人 / {r.bidCount} 次
          </dd>
          <dt>结束时间</dt>
          <dd>{formatDateTime(a.endedAt ?? r.closedAt)}</dd>
        </dl>
      )}
      {a.outcome === 'UNSOLD' && (
        <dl className="facts">
          <dt>流拍原因</dt>
          <dd data-testid="unsold-reason">
            {UNSOLD_REASON_LABELS[a.reason]}
            {a.note ? `：${a.note}` : ''}
          </dd>
          <dt>起拍价</dt>
          <dd>{formatFen(a.startingPriceFen)}</dd>
          {a.highestFen !== null && (
            <>
              <dt>最高出价</dt>
              <dd>{formatFen(a.highestFen)}</dd>
            </>
          )}
          {a.reserveFen !== null && (
            <>
              <dt>保留价（结束后公开）</dt>
              <dd>{formatFen(a.reserveFen)}</dd>
            </>
          )}
          <dt>竞买人数 / 出价次数</dt>
          <dd>
            {r.bidderCount} 人 / {r.bidCount} 次
          </dd>
        </dl>
      )}
      {a.outcome === 'UNDECIDED' && <p>该标的的日志中没有结束记录，不公告成交或流拍。</p>}
      {a.outcome === 'SOLD' && canDownloadConfirmation && (
        <p>
          <a href={`/auctions/lots/${r.lotId}/confirmation.pdf`} data-testid="confirmation-link">
            下载成交确认书（PDF）
          </a>
        </p>
      )}
      <p className="meta">
        日志 {r.logEntries} 条，末条哈希 <code>{r.lastHash ?? '—'}</code> · <a href={`/auctions/lots/${r.lotId}/log`}>下载日志</a>
      </p>
    </section>
  )
}
