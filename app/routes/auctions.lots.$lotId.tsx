import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { LotHistory, LotOutcome, LotStatusBadge } from '~/components/lot-parts.tsx'
import { formatCountdown, useCountdown, useLotRoom } from '~/components/use-lot-room.ts'
import { isFinished } from '~/domain/auction.ts'
import { formatFen, parseYuanToFen } from '~/domain/money.ts'
import { formatWan } from '~/domain/money.ts'
import { getLotView } from '~/services/lot-view.server.ts'
import { isWatching } from '~/services/notifications.server.ts'
import { lotResult } from '~/services/announcements.server.ts'
import { LotResultNotice } from '~/components/lot-result.tsx'
import { WatchButton } from '~/components/watch-button.tsx'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatClockMs, formatDateTime } from '~/utils/format.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.result.title ?? '标的'} · 竞价室 · 科技成果交易市场` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const [view, watching, result] = await Promise.all([
    orRespond(getLotView(db, user, params.lotId!, new Date())),
    user ? isWatching(db, user.userId, { lotId: params.lotId! }) : null,
    orRespond(lotResult(db, params.lotId!)),
  ])
  const canDownloadConfirmation = Boolean(user && result && (user.role === 'STAFF' || result.parties.includes(user.organizationId)))
  return { view, watching, result: result && { ...result, parties: [] }, canDownloadConfirmation }
}

export default function LotRoomPage() {
  const { view: initial, watching, result, canDownloadConfirmation } = useLoaderData<typeof loader>()
  // A new lot id remounts the room (and its socket).
  return (
    <>
      <LotRoom key={initial.id} initial={initial} watching={watching} />
      {result && <LotResultNotice r={result} canDownloadConfirmation={canDownloadConfirmation} />}
    </>
  )
}

function LotRoom({ initial, watching }: { initial: ReturnType<typeof useLoaderData<typeof loader>>['view']; watching: boolean | null }) {
  const { view, connection, offsetMs, bid, setProxy } = useLotRoom(initial.id, initial)
  const paused = view.status === 'PAUSED'
  const scheduled = view.status === 'SCHEDULED' && Date.now() + offsetMs < Date.parse(view.startsAt)
  const toEnd = useCountdown(view.endsAt, offsetMs, paused)
  const toStart = useCountdown(view.startsAt, offsetMs, false)
  const frozenLeft = paused && view.pausedAt ? Date.parse(view.endsAt) - Date.parse(view.pausedAt) : null
  const finished = isFinished(view.status)
  const lastExtension = [...view.history].reverse().find((e) => e.kind === 'extension')
  const me = view.me
  const canBid = me?.mayBid === true
  const open = !finished && !paused && !scheduled && toEnd > 0

  return (
    <>
      <p>
        <Link to={`/auctions/${view.session.id}`}>
          ← {view.session.quarter} · {view.session.title}
        </Link>
      </p>
      <h1>
        标的 {view.number} · {view.result.title}
      </h1>
      <p className="meta">
        <span>{view.result.ownerName}</span>
        <LotStatusBadge status={view.status} />
        <span aria-live="polite" className={`conn ${connection}`}>
          {connection === 'live' ? '实时连接' : connection === 'connecting' ? '连接中…' : '连接已断开，正在重连'}
        </span>
        <Link to={`/results/${view.result.id}`}>成果详情</Link>
        {watching !== null && <WatchButton target={{ lotId: view.id }} watching={watching} />}
      </p>

      <section className="card room" aria-labelledby="price-h">
        <h2 id="price-h" className="sr-only">
          当前价格
        </h2>
        <div className="room-price">
          <div>
            <div className="meta">{view.currentPriceFen === null ? '起拍价' : '当前价'}</div>
            <div className="big" data-testid="current-price">
              {formatFen(view.currentPriceFen ?? view.startingPriceFen)}
            </div>
            <div className="meta">
              <span>出价 {view.bidCount} 次</span>
              <span>领先：{view.leader ? `竞买人 ${view.leader}${view.names?.[view.leader] ? `（${view.names[view.leader]}）` : ''}` : '暂无'}</span>
            </div>
          </div>
          <div className="room-clock" aria-live="off">
            {finished ? (
              <>
                <div className="meta">已结束</div>
                <div className="big">{formatDateTime(view.closedAt ?? view.endsAt)}</div>
              </>
            ) : paused ? (
              <>
                <div className="meta">已暂停，剩余</div>
                <div className="big">{formatCountdown(frozenLeft ?? 0)}</div>
              </>
            ) : scheduled ? (
              <>
                <div className="meta">距开始</div>
                <div className="big">{formatCountdown(toStart)}</div>
              </>
            ) : (
              <>
                <div className="meta">距结束（以服务器时间为准）</div>
                <div className="big" data-testid="countdown">
                  {formatCountdown(toEnd)}
                </div>
              </>
            )}
            <div className="meta">结束时间 {formatClockMs(view.endsAt)}</div>
          </div>
        </div>
        {paused && <p className="alert">工作人员已暂停本标的竞价，暂停期间不接受出价，倒计时冻结；恢复后结束时间顺延暂停时长。</p>}
        {lastExtension && !finished && (
          <p className="notice" role="status">
            延时：{formatClockMs(lastExtension.at)} 的出价使结束时间顺延至 {formatClockMs(String(lastExtension.payload.endsAt))}（最后 {view.extensionMinutes} 分钟内出价即顺延）
          </p>
        )}
        {me && <MyStatus view={view} />}
        {canBid && open && <BidPanel view={view} bid={bid} setProxy={setProxy} />}
        {finished && <LotOutcome view={view} />}
        <dl className="facts">
          <dt>起拍价</dt>
          <dd>{formatFen(view.startingPriceFen)}</dd>
          <dt>加价幅度</dt>
          <dd>{formatFen(view.incrementFen)}</dd>
          <dt>保证金</dt>
          <dd>{formatFen(view.depositFen)}</dd>
          <dt>保留价</dt>
          <dd>{view.reserveFen !== null ? formatFen(view.reserveFen) : view.hasReserve ? '有（结束后公布）' : '无'}</dd>
          <dt>延时规则</dt>
          <dd>最后 {view.extensionMinutes} 分钟内有出价，结束时间顺延至该出价后 {view.extensionMinutes} 分钟，不限次数</dd>
        </dl>
      </section>
      <LotHistory view={view} />
    </>
  )
}

/** Being outbid is loud: the status turns red, the tab title says so, and (if the user turned it on) a short tone. */
function useOutbidAlarm(outbid: boolean) {
  const [sound, setSound] = useState(false)
  const title = useRef<string | null>(null)
  useEffect(() => {
    if (title.current === null) title.current = document.title.replace(/^【已被超越】/, '')
    document.title = outbid ? `【已被超越】${title.current}` : title.current
    if (outbid && sound) {
      try {
        const audio = new AudioContext()
        const tone = audio.createOscillator()
        tone.frequency.value = 880
        tone.connect(audio.destination)
        tone.start()
        tone.stop(audio.currentTime + 0.25)
      } catch {
        // no audio here: the colour and the title remain
      }
    }
  }, [outbid, sound])
  useEffect(() => () => void (title.current !== null && (document.title = title.current)), [])
  return { sound, setSound }
}

function MyStatus({ view }: { view: ReturnType<typeof useLotRoom>['view'] }) {
  const me = view.me!
  const outbid = me.role === 'ENTERPRISE' && !me.leading && Boolean(me.pseudonym) && !isFinished(view.status)
  const alarm = useOutbidAlarm(outbid)
  if (me.role === 'STAFF') return <p className="meta">工作人员视图：可见竞买人真实名称。<Link to={`/staff/auctions/${view.session.id}`}>竞价控制台</Link></p>
  if (me.ownsLot) return <p className="meta">本标的为贵单位成果，不能出价。</p>
  if (me.role !== 'ENTERPRISE') return null
  if (!me.approved) return <p className="alert">您尚未获准参加本场竞价。<Link to={`/auctions/${view.session.id}`}>去报名</Link></p>
  if (!me.depositPaid) return <p className="alert">请先缴纳保证金后出价。<Link to={`/payments/deposit/${view.session.id}`}>缴纳保证金</Link></p>
  return (
    <div className="row">
      <p className={me.leading ? 'notice' : outbid ? 'alert outbid' : 'meta'} data-testid="my-status" aria-live="assertive">
        {me.leading ? `您是当前最高出价人（竞买人 ${me.pseudonym}）` : me.pseudonym ? `您已被超越（竞买人 ${me.pseudonym}），当前价 ${formatFen(view.currentPriceFen ?? 0)}` : '您还没有出价'}
        {me.proxyMaxFen !== null && `；代理出价上限 ${formatFen(me.proxyMaxFen)}`}
      </p>
      <label className="meta">
        <input type="checkbox" checked={alarm.sound} onChange={(e) => alarm.setSound(e.target.checked)} /> 被超越时提示音
      </label>
    </div>
  )
}

function BidPanel({ view, bid, setProxy }: Pick<ReturnType<typeof useLotRoom>, 'view' | 'bid' | 'setProxy'>) {
  const [amount, setAmount] = useState('')
  const [proxy, setProxyInput] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  // Money is committed only after a second, explicit step that shows the amount in 元 and 万元.
  const [pending, setPending] = useState<{ kind: 'bid' | 'proxy'; fen: number | null } | null>(null)
  const leading = view.me?.leading ?? false

  async function send(fen: number) {
    setBusy(true)
    const answer = await bid(fen)
    setBusy(false)
    if ('data' in answer) {
      setMessage({ ok: true, text: `出价成功：${formatFen(answer.data.bid.amountFen)}，服务器时间 ${formatClockMs(answer.data.bid.at)}，序号 ${answer.data.bid.seq}` })
      setAmount('')
    } else {
      setMessage({ ok: false, text: answer.nextMinimumFen ? `${answer.message}（当前最低应价 ${formatFen(answer.nextMinimumFen)}）` : answer.message })
    }
  }
  function custom(e: React.FormEvent) {
    e.preventDefault()
    const fen = parseYuanToFen(amount)
    if (fen === null || fen <= 0) return setMessage({ ok: false, text: '请输入有效金额（元，最多两位小数）' })
    if (fen < view.nextMinimumFen) return setMessage({ ok: false, text: `出价不能低于最低应价 ${formatFen(view.nextMinimumFen)}` })
    if ((fen - view.startingPriceFen) % view.incrementFen !== 0) return setMessage({ ok: false, text: `出价须为起拍价加整数倍加价幅度（${formatFen(view.incrementFen)}）` })
    setPending({ kind: 'bid', fen })
  }
  function saveProxy(e: React.FormEvent) {
    e.preventDefault()
    const fen = proxy.trim() === '' ? null : parseYuanToFen(proxy)
    if (proxy.trim() !== '' && (fen === null || fen <= 0)) return setMessage({ ok: false, text: '请输入有效的代理最高价（元）' })
    setPending({ kind: 'proxy', fen })
  }
  async function confirmPending() {
    const p = pending
    setPending(null)
    if (!p) return
    if (p.kind === 'bid') return send(p.fen!)
    const fen = p.fen
    const answer = await setProxy(fen)
    setMessage('data' in answer ? { ok: true, text: answer.data.maxFen === null ? '已取消代理出价' : `已设置代理出价上限 ${formatFen(answer.data.maxFen)}` } : { ok: false, text: answer.message })
    if ('data' in answer) setProxyInput('')
  }

  return (
    <div className="bid-panel">
      <div className="row">
        <button type="button" className="bid-button" disabled={busy || leading} onClick={() => setPending({ kind: 'bid', fen: view.nextMinimumFen })} data-testid="bid-minimum">
          {leading ? '您正领先' : `出价 ${formatFen(view.nextMinimumFen)}`}
        </button>
        <form onSubmit={custom} className="row" aria-label="自定义出价">
          <label htmlFor="bid-amount" className="sr-only">
            出价金额（元）
          </label>
          <input id="bid-amount" inputMode="decimal" placeholder={`自定义金额（元），≥ ${formatFen(view.nextMinimumFen)}`} value={amount} onChange={(e) => setAmount(e.target.value)} style={{ width: '16rem' }} />
          <button type="submit" className="secondary" disabled={busy || leading}>
            出价
          </button>
        </form>
      </div>
      <form onSubmit={saveProxy} className="row" aria-label="代理出价">
        <label htmlFor="proxy-max">代理出价上限（元）</label>
        <input id="proxy-max" inputMode="decimal" placeholder="被超越时系统按最低应价自动加价，直至上限；留空提交即取消" value={proxy} onChange={(e) => setProxyInput(e.target.value)} style={{ flex: 1, minWidth: '14rem' }} />
        <button type="submit" className="secondary">
          设置
        </button>
      </form>
      {pending && (
        <div className="confirm-money" role="alertdialog" aria-labelledby="confirm-money-text" data-testid="confirm-money">
          <p id="confirm-money-text">
            {pending.kind === 'bid'
              ? `确认出价 ${formatFen(pending.fen!)}（${formatWan(pending.fen!)}）？出价一经确认不可撤回，成交后须按此价付款。`
              : pending.fen === null
                ? '确认取消代理出价？'
                : `确认设置代理出价上限 ${formatFen(pending.fen)}（${formatWan(pending.fen)}）？被超越时系统将代您自动加价直至此上限。`}
          </p>
          <div className="row">
            <button type="button" onClick={() => void confirmPending()} data-testid="confirm-money-yes" autoFocus>
              确认
            </button>
            <button type="button" className="secondary" onClick={() => setPending(null)}>
              取消
            </button>
          </div>
        </div>
      )}
      {message && (
        <p className={message.ok ? 'notice' : 'alert'} role="status" data-testid="bid-message">
          {message.text}
        </p>
      )}
    </div>
  )
}
