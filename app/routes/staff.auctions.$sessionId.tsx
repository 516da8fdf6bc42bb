// The staff console for a live session: every lot's state, its bidders by
// name, and the controls (open, pause, resume, cancel with a reason), live
// over one socket.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { LotStatusBadge, describeEntry } from '~/components/lot-parts.tsx'
import { formatCountdown, useCountdown, useLotRooms } from '~/components/use-lot-room.ts'
import { isFinished } from '~/domain/auction.ts'
import { formatFen } from '~/domain/money.ts'
import { getSession } from '~/services/auctions.server.ts'
import { getLotView } from '~/services/lot-view.server.ts'
import type { LotView } from '~/utils/realtime-contract.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatClockMs } from '~/utils/format.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `竞价控制台 · ${data?.session.quarter ?? ''} · 科技成果交易市场` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const session = await orRespond(getSession(db, staff, params.sessionId!))
  // Another bureau's session has no console for this staff member.
  if (!session.ownBureau) throw new Response('Not Found', { status: 404 })
  const now = new Date()
  const views = await Promise.all(session.lots.map((l) => getLotView(db, staff, l.id, now)))
  const approved = session.registrations.filter((r) => r.status === 'APPROVED').length
  return { session: { id: session.id, quarter: session.quarter, title: session.title, status: session.status }, views, approved }
}

export default function StaffConsole() {
  const { session, views: initial, approved } = useLoaderData<typeof loader>()
  const { views, connection, offsetMs, control } = useLotRooms(initial)
  const lots = initial.map((v) => views[v.id] ?? v)
  const live = lots.filter((l) => l.status === 'LIVE' || l.status === 'PAUSED').length
  return (
    <>
      <p>
        <Link to={`/auctions/${session.id}`}>← 场次页面</Link>
      </p>
      <h1>
        竞价控制台 · {session.quarter} · {session.title}
      </h1>
      <p className="meta">
        <span>标的 {lots.length} 个，进行中 {live} 个</span>
        <span>获准竞买企业 {approved} 家</span>
        <span aria-live="polite" className={`conn ${connection}`}>
          {connection === 'live' ? '实时连接' : connection === 'connecting' ? '连接中…' : '连接已断开，正在重连'}
        </span>
      </p>
      <table data-testid="console">
        <thead>
          <tr>
            <th>#</th>
            <th>标的</th>
            <th>状态</th>
            <th>当前价 / 保留价</th>
            <th>领先</th>
            <th>出价 / 竞买人</th>
            <th>剩余</th>
            <th>控制</th>
          </tr>
        </thead>
        <tbody>
          {lots.map((lot) => (
            <ConsoleRow key={lot.id} lot={lot} offsetMs={offsetMs} control={control} />
          ))}
        </tbody>
      </table>
      {lots.length === 0 && <p>本场次还没有标的。</p>}
    </>
  )
}

function ConsoleRow({ lot, offsetMs, control }: { lot: LotView; offsetMs: number; control: ReturnType<typeof useLotRooms>['control'] }) {
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const paused = lot.status === 'PAUSED'
  const left = useCountdown(lot.endsAt, offsetMs, paused)
  const frozen = paused && lot.pausedAt ? Date.parse(lot.endsAt) - Date.parse(lot.pausedAt) : null
  const last = lot.history[lot.history.length - 1]
  async function act(action: 'open' | 'pause' | 'resume' | 'cancel') {
    const answer = await control(lot.id, action, action === 'cancel' ? reason : undefined)
    setMessage('data' in answer ? null : answer.message)
    if ('data' in answer) setReason('')
  }
  return (
    <tr data-lot={lot.id}>
      <td>{lot.number}</td>
      <td>
        <Link to={`/auctions/lots/${lot.id}`}>{lot.result.title}</Link>
        <div className="meta">{lot.result.ownerName}</div>
        {last && <div className="meta">最新：{formatClockMs(last.at)} {describeEntry(last, lot.names)}</div>}
      </td>
      <td>
        <LotStatusBadge status={lot.status} />
      </td>
      <td>
        <strong>{lot.currentPriceFen === null ? '—' : formatFen(lot.currentPriceFen)}</strong>
        <div className="meta">{lot.reserveFen === null ? '无保留价' : `保留价 ${formatFen(lot.reserveFen)}`}</div>
      </td>
      <td>{lot.leader ? `${lot.leader}（${lot.names?.[lot.leader] ?? '—'}）` : '—'}</td>
      <td>
        {lot.bidCount} / {Object.keys(lot.names ?? {}).length}
      </td>
      <td>{isFinished(lot.status) ? '已结束' : paused ? `冻结 ${formatCountdown(frozen ?? 0)}` : formatCountdown(left)}</td>
      <td>
        {!isFinished(lot.status) && (
          <div className="row">
            {lot.status === 'SCHEDULED' && (
              <button type="button" onClick={() => void act('open')}>
                开始
              </button>
            )}
            {lot.status === 'LIVE' && (
              <button type="button" className="secondary" onClick={() => void act('pause')}>
                暂停
              </button>
            )}
            {paused && (
              <button type="button" onClick={() => void act('resume')}>
                恢复
              </button>
            )}
            <label htmlFor={`cancel-${lot.id}`} className="sr-only">
              取消原因
            </label>
            <input id={`cancel-${lot.id}`} placeholder="取消原因" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: '8rem' }} />
            <button type="button" className="danger" onClick={() => void act('cancel')}>
              取消
            </button>
          </div>
        )}
        {message && (
          <p className="error" role="alert">
            {message}
          </p>
        )}
      </td>
    </tr>
  )
}
