// Pieces of the lot room, the staff console and the replay: status, the
// history as the server logged it, the outcome with the log's check.
import { Link } from '@remix-run/react'
import { useState } from 'react'
import type { LotStatus } from '~/domain/auction.ts'
import { verifyLotLog, type ChainedLotLogEntry } from '~/domain/lot-log.ts'
import { formatFen } from '~/domain/money.ts'
import type { LotView } from '~/utils/realtime-contract.ts'
import { formatClockMs, formatDateTime } from '~/utils/format.ts'

export const LOT_STATUS_LABELS: Record<LotStatus, string> = { SCHEDULED: '未开始', LIVE: '竞价中', PAUSED: '已暂停', SOLD: '已成交', UNSOLD: '流拍', CANCELLED: '已取消' }

export function LotStatusBadge({ status }: { status: LotStatus }) {
  return <span className={`badge lot-${status}`}>{LOT_STATUS_LABELS[status]}</span>
}

const KIND_LABELS: Record<string, string> = { bid: '出价', extension: '延时', open: '开始', pause: '暂停', resume: '恢复', cancel: '取消', close: '结束' }

/** One log entry in words. */
export function describeEntry(e: ChainedLotLogEntry, names: Record<string, string> | null): string {
  const p = e.payload
  const who = (pseudonym: unknown) => `竞买人 ${String(pseudonym)}${names?.[String(pseudonym)] ? `（${names[String(pseudonym)]}）` : ''}`
  switch (e.kind) {
    case 'bid':
      return `${who(p.bidder)} 出价 ${formatFen(Number(p.amountFen))}${p.proxy ? '（代理）' : ''}`
    case 'extension':
      return `结束时间顺延至 ${formatClockMs(String(p.endsAt))}`
    case 'open':
      return p.by === 'clock' ? '到点自动开始' : '工作人员开始竞价'
    case 'pause':
      return '工作人员暂停竞价'
    case 'resume':
      return `工作人员恢复竞价，结束时间顺延至 ${formatClockMs(String(p.endsAt))}`
    case 'cancel':
      return `工作人员取消竞价：${String(p.reason ?? '')}`
    case 'close':
      return p.outcome === 'SOLD'
        ? `成交：${who(p.winner)}，成交价 ${formatFen(Number(p.priceFen))}`
        : `流拍（${p.reason === 'no-bids' ? '无人出价' : '最高出价未达保留价'}）`
    default:
      return e.kind
  }
}

export function LotHistory({ view, limit }: { view: Pick<LotView, 'history' | 'names' | 'historyComplete' | 'seq'>; limit?: number }) {
  const rows = [...view.history].reverse().slice(0, limit)
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">竞价记录（服务器时间，按序号）</h2>
      {rows.length === 0 ? (
        <p>暂无记录。</p>
      ) : (
        <table data-testid="history">
          <thead>
            <tr>
              <th>序号</th>
              <th>时间</th>
              <th>事件</th>
              <th>内容</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{formatClockMs(e.at)}</td>
                <td>{KIND_LABELS[e.kind] ?? e.kind}</td>
                <td>{describeEntry(e, view.names)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!view.historyComplete && <p className="meta">仅显示最近的记录；完整日志可在竞价结束后下载。</p>}
    </section>
  )
}

export function LotOutcome({ view }: { view: LotView }) {
  const [check, setCheck] = useState<string | null>(null)
  const close = view.history.find((e) => e.kind === 'close')
  const cancel = view.history.find((e) => e.kind === 'cancel')
  async function verify() {
    setCheck('校验中…')
    const response = await fetch(`/auctions/lots/${view.id}/log`)
    if (!response.ok) return setCheck('无法下载日志')
    const log = (await response.json()) as { entries: ChainedLotLogEntry[] }
    const problem = await verifyLotLog(log.entries)
    setCheck(problem ? `校验失败：第 ${problem.seq} 条（${problem.problem}）` : `校验通过：${log.entries.length} 条记录的哈希链完整`)
  }
  return (
    <div className={close?.payload.outcome === 'SOLD' ? 'notice' : 'alert'} data-testid="outcome">
      {/* The outcome comes from the log's close (or cancel) entry only: a page never infers what the log does not hold. */}
      {close?.payload.outcome === 'SOLD' ? (
        <p>
          <strong>成交</strong>：竞买人 {String(close.payload.winner)}
          {view.names?.[String(close.payload.winner)] ? `（${view.names[String(close.payload.winner)]}）` : ''}，成交价 {formatFen(Number(close.payload.priceFen))}
          {view.deal?.mine && (
            <>
              。您是买受人，请于 {formatDateTime(view.deal.paymentDeadline)} 前<Link to={`/payments`}>支付尾款</Link>（保证金抵作价款）
            </>
          )}
        </p>
      ) : close?.payload.outcome === 'UNSOLD' ? (
        <p>
          <strong>流拍</strong>
          {close.payload.reason === 'below-reserve' ? '：最高出价未达保留价' : '：无人出价'}
        </p>
      ) : cancel ? (
        <p>
          <strong>已撤回</strong>：{String(cancel.payload.reason ?? view.cancelReason ?? '')}
        </p>
      ) : (
        <p>
          <strong>结果未载入日志</strong>：该标的的日志中没有结束记录，本页不显示成交或流拍。
        </p>
      )}
      <p className="row">
        <a href={`/auctions/lots/${view.id}/log`} download={`lot-${view.id}-log.json`}>
          下载完整日志（JSON）
        </a>
        <button type="button" className="secondary" onClick={() => void verify()}>
          在浏览器中校验日志
        </button>
        <Link to={`/auctions/lots/${view.id}/replay`}>回放</Link>
      </p>
      {check && (
        <p role="status" data-testid="log-check">
          {check}
        </p>
      )}
    </div>
  )
}
