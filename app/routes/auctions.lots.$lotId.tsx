import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { LotHistory, LotOutcome, LotStatusBadge, bidderLabel } from '~/components/lot-parts.tsx'
import { formatCountdown, useCountdown, useLotRoom } from '~/components/use-lot-room.ts'
import { isFinished } from '~/domain/auction.ts'
import { parseYuanToFen } from '~/domain/money.ts'
import { getLotView } from '~/services/lot-view.server.ts'
import { isWatching } from '~/services/notifications.server.ts'
import { lotResult } from '~/services/announcements.server.ts'
import { LotResultNotice } from '~/components/lot-result.tsx'
import { PriceChart } from '~/components/price-chart.tsx'
import { WatchButton } from '~/components/watch-button.tsx'
import { ReauctionPanel } from '~/components/reauction-panel.tsx'
import { lotLinks, reauctionOffer } from '~/services/reauctions.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.view.result.title ?? t('auctionPages.room.lotFallback')} · ${t('auctionPages.room.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const [view, watching, result, links, offer] = await Promise.all([
    orRespond(getLotView(db, user, params.lotId!, new Date())),
    user ? isWatching(db, user.userId, { lotId: params.lotId! }) : null,
    orRespond(lotResult(db, params.lotId!)),
    lotLinks(db, params.lotId!),
    reauctionOffer(db, user, params.lotId!),
  ])
  // A successor in a draft session is shown only to the staff of the bureau that plans it (decision 019).
  const successor = links.successor && (links.successor.published || (user?.role === 'STAFF' && user.organizationId === links.successor.bureauId)) ? links.successor : null
  const canDownloadConfirmation = Boolean(user && result && (user.role === 'STAFF' || result.parties.includes(user.organizationId)))
  return {
    view,
    watching,
    result: result && { ...result, parties: [] },
    canDownloadConfirmation,
    signedIn: Boolean(user),
    reauction: { predecessor: links.predecessor, successor: successor && { id: successor.id, number: successor.number, quarter: successor.quarter }, reason: links.reauctionReason, defaulted: links.defaulted, offer },
  }
}

export default function LotRoomPage() {
  const { view: initial, watching, result, canDownloadConfirmation, signedIn, reauction } = useLoaderData<typeof loader>()
  // A new lot id remounts the room (and its socket).
  return (
    <>
      <LotRoom key={initial.id} initial={initial} watching={watching} signedIn={signedIn} />
      {result && <LotResultNotice r={result} canDownloadConfirmation={canDownloadConfirmation} />}
      <ReauctionPanel {...reauction} />
    </>
  )
}

function LotRoom({ initial, watching, signedIn }: { initial: ReturnType<typeof useLoaderData<typeof loader>>['view']; watching: boolean | null; signedIn: boolean }) {
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
  const t = useT()
  const f = useFormat()

  return (
    <>
      <p>
        <Link to={`/auctions/${view.session.id}`}>
          ← {view.session.quarter} · {view.session.title}
        </Link>
      </p>
      <h1>{t('auctionPages.room.heading', { number: view.number, title: view.result.title })}</h1>
      {/* A div, not a p: the watch button is a form, which a p cannot hold (the parser would close the p and the page would not hydrate). */}
      <div className="meta">
        <span>{view.result.ownerName}</span>
        <LotStatusBadge status={view.status} />
        <span aria-live="polite" className={`conn ${connection}`}>
          {connection === 'live' ? t('auctionPages.console.connLive') : connection === 'connecting' ? t('auctionPages.console.connConnecting') : t('auctionPages.console.connLost')}
        </span>
        <Link to={`/results/${view.result.id}`}>{t('auctionPages.session.resultDetails')}</Link>
        {watching !== null && <WatchButton target={{ lotId: view.id }} watching={watching} />}
      </div>

      <section className="card room" aria-labelledby="price-h">
        <h2 id="price-h" className="sr-only">
          {t('auctionPages.room.priceHeading')}
        </h2>
        <div className="room-price">
          <div>
            <div className="meta">{view.currentPriceFen === null ? t('auctionPages.room.startingPrice') : t('auctionPages.room.currentPrice')}</div>
            <div className="big" data-testid="current-price">
              {f.money(view.currentPriceFen ?? view.startingPriceFen)}
            </div>
            <div className="meta">
              <span>{t('auctionPages.room.bids', { bids: view.bidCount })}</span>
              <span>{t('auctionPages.room.leader', { who: view.leader ? bidderLabel(t, view.leader, view.names) : t('auctionPages.room.nobody') })}</span>
            </div>
          </div>
          <div className="room-clock" aria-live="off">
            {finished ? (
              <>
                <div className="meta">{t('auctionPages.room.ended')}</div>
                <div className="big">{f.dateTime(view.closedAt ?? view.endsAt)}</div>
              </>
            ) : paused ? (
              <>
                <div className="meta">{t('auctionPages.room.pausedLeft')}</div>
                <div className="big">{formatCountdown(frozenLeft ?? 0, f.locale)}</div>
              </>
            ) : scheduled ? (
              <>
                <div className="meta">{t('auctionPages.room.startsIn')}</div>
                <div className="big">{formatCountdown(toStart, f.locale)}</div>
              </>
            ) : (
              <>
                <div className="meta">{t('auctionPages.room.endsIn')}</div>
                <div className="big" data-testid="countdown">
                  {formatCountdown(toEnd, f.locale)}
                </div>
              </>
            )}
            <div className="meta">{t('auctionPages.room.endTime', { at: f.bidTime(view.endsAt) })}</div>
          </div>
        </div>
        {paused && <p className="alert">{t('auctionPages.room.pausedNotice')}</p>}
        {lastExtension && !finished && (
          <p className="notice" role="status">
            {t('auctionPages.room.extended', { at: f.bidTime(lastExtension.at), endsAt: f.bidTime(String(lastExtension.payload.endsAt)), minutes: view.extensionMinutes })}
          </p>
        )}
        {me && <MyStatus view={view} />}
        {!signedIn && !finished && (
          <p className="notice" data-testid="sign-in-prompt">
            <Link to={`/login?redirectTo=${encodeURIComponent(`/auctions/lots/${view.id}`)}`}>{t('confirmations.signInToBid')}</Link>
          </p>
        )}
        {canBid && open && <BidPanel view={view} bid={bid} setProxy={setProxy} />}
        {finished && <LotOutcome view={view} />}
        <dl className="facts">
          <dt>{t('auctionPages.session.startingPrice')}</dt>
          <dd>{f.money(view.startingPriceFen)}</dd>
          <dt>{t('auctionPages.session.increment')}</dt>
          <dd>{f.money(view.incrementFen)}</dd>
          <dt>{t('auctionPages.session.deposit')}</dt>
          <dd>{f.money(view.depositFen)}</dd>
          <dt>{t('auctionPages.session.reserve')}</dt>
          <dd>{view.reserveFen !== null ? f.money(view.reserveFen) : view.hasReserve ? t('auctionPages.room.reserveLater') : t('auctionPages.session.reserveNone')}</dd>
          <dt>{t('auctionPages.room.extensionRule')}</dt>
          <dd>{t('auctionPages.room.extensionRuleText', { minutes: view.extensionMinutes })}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="price-chart-h">
        <h2 id="price-chart-h">{t('charts.price.heading')}</h2>
        <PriceChart entries={view.history} startingPriceFen={view.startingPriceFen} names={view.names} />
      </section>
      <LotHistory view={view} />
    </>
  )
}

/** Being outbid is loud: the status turns red, the tab title says so, and (if the user turned it on) a short tone. */
function useOutbidAlarm(outbid: boolean) {
  const [sound, setSound] = useState(false)
  const title = useRef<string | null>(null)
  const t = useT()
  const prefix = t('auctionPages.room.outbidTitle')
  useEffect(() => {
    if (title.current === null) title.current = document.title.startsWith(prefix) ? document.title.slice(prefix.length) : document.title
    document.title = outbid ? `${prefix}${title.current}` : title.current
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
  }, [outbid, sound, prefix])
  useEffect(() => () => void (title.current !== null && (document.title = title.current)), [])
  return { sound, setSound }
}

function MyStatus({ view }: { view: ReturnType<typeof useLotRoom>['view'] }) {
  const me = view.me!
  const outbid = me.role === 'ENTERPRISE' && !me.leading && Boolean(me.pseudonym) && !isFinished(view.status)
  const alarm = useOutbidAlarm(outbid)
  const t = useT()
  const f = useFormat()
  if (me.role === 'STAFF')
    return (
      <p className="meta">
        {t('auctionPages.room.staffView')}
        <Link to={`/staff/auctions/${view.session.id}`}>{t('auctionPages.console.title')}</Link>
      </p>
    )
  if (me.ownsLot) return <p className="meta">{t('auctionPages.room.ownLot')}</p>
  if (me.role !== 'ENTERPRISE') return null
  if (!me.approved)
    return me.registration ? (
      <p className={me.registration === 'REFUSED' ? 'alert' : 'notice'} data-testid="my-registration">
        <Link to={`/auctions/${view.session.id}`}>
          {t('confirmations.registrationStatus', { status: t(`auctionPages.session.registrationStatus.${me.registration}`) })}
        </Link>
      </p>
    ) : (
      <p className="alert">
        {t('auctionPages.room.notApproved')}
        <Link to={`/auctions/${view.session.id}`}>{t('auctionPages.room.register')}</Link>
      </p>
    )
  if (!me.depositPaid)
    return (
      <p className="alert">
        {t('auctionPages.room.depositFirst')}
        <Link to={`/payments/deposit/${view.session.id}?lot=${view.id}`} data-testid="pay-lot-deposit">{t('lotDeposits.lot.payThis')}</Link>
      </p>
    )
  return (
    <div className="row">
      <p className={me.leading ? 'notice' : outbid ? 'alert outbid' : 'meta'} data-testid="my-status" aria-live="assertive">
        {me.leading
          ? t('auctionPages.room.leading', { pseudonym: me.pseudonym })
          : me.pseudonym
            ? t('auctionPages.room.outbid', { pseudonym: me.pseudonym, amount: f.money(view.currentPriceFen ?? 0) })
            : t('auctionPages.room.noBidYet')}
        {me.proxyMaxFen !== null && me.proxyMaxFen >= (view.currentPriceFen ?? 0) && t('auctionPages.room.proxyCeiling', { amount: f.money(me.proxyMaxFen) })}
      </p>
      <span className="meta" data-testid="lot-deposit-paid">{t('lotDeposits.lot.paid')}</span>
      <label className="meta">
        <input type="checkbox" checked={alarm.sound} onChange={(e) => alarm.setSound(e.target.checked)} /> {t('auctionPages.room.sound')}
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
  const t = useT()
  const f = useFormat()
  // The confirmation shows the exact 元 and the 万元 in Chinese; in English both read "CNY …", so once.
  const both = (fen: number) => (f.locale === 'en' ? f.moneyExact(fen) : t('auctionPages.room.amountBoth', { exact: f.moneyExact(fen), wan: f.money(fen) }))

  async function send(fen: number) {
    setBusy(true)
    const answer = await bid(fen)
    setBusy(false)
    if ('data' in answer) {
      setMessage({
        ok: true,
        text: t('auctionPages.room.bidPlaced', { amount: f.moneyExact(answer.data.bid.amountFen), at: f.bidTime(answer.data.bid.at), seq: answer.data.bid.seq }),
      })
      setAmount('')
    } else {
      setMessage({
        ok: false,
        text: answer.nextMinimumFen ? t('auctionPages.room.refusedWithMinimum', { message: answer.message, amount: f.money(answer.nextMinimumFen) }) : answer.message,
      })
    }
  }
  function custom(e: React.FormEvent) {
    e.preventDefault()
    const fen = parseYuanToFen(amount)
    if (fen === null || fen <= 0) return setMessage({ ok: false, text: t('auctionPages.room.invalidAmount') })
    if (fen < view.nextMinimumFen) return setMessage({ ok: false, text: t('auctionPages.room.belowMinimum', { amount: f.money(view.nextMinimumFen) }) })
    if ((fen - view.startingPriceFen) % view.incrementFen !== 0) return setMessage({ ok: false, text: t('auctionPages.room.notIncrement', { amount: f.money(view.incrementFen) }) })
    setPending({ kind: 'bid', fen })
  }
  function saveProxy(e: React.FormEvent) {
    e.preventDefault()
    const fen = proxy.trim() === '' ? null : parseYuanToFen(proxy)
    if (proxy.trim() !== '' && (fen === null || fen <= 0)) return setMessage({ ok: false, text: t('auctionPages.room.invalidProxy') })
    setPending({ kind: 'proxy', fen })
  }
  async function confirmPending() {
    const p = pending
    setPending(null)
    if (!p) return
    if (p.kind === 'bid') return send(p.fen!)
    const fen = p.fen
    const answer = await setProxy(fen)
    setMessage(
      'data' in answer
        ? {
            ok: true,
            text: answer.data.maxFen === null ? t('auctionPages.room.proxyCancelled') : t('auctionPages.room.proxySet', { amount: f.money(answer.data.maxFen) }),
          }
        : { ok: false, text: answer.message },
    )
    if ('data' in answer) setProxyInput('')
  }

  return (
    <div className="bid-panel">
      <div className="row">
        <button type="button" className="bid-button" disabled={busy || leading} onClick={() => setPending({ kind: 'bid', fen: view.nextMinimumFen })} data-testid="bid-minimum">
          {leading ? t('auctionPages.room.youLead') : t('auctionPages.room.bidAmount', { amount: f.money(view.nextMinimumFen) })}
        </button>
        <form onSubmit={custom} className="row" aria-label={t('auctionPages.room.customBid')}>
          <label htmlFor="bid-amount" className="sr-only">
            {t('auctionPages.room.amountLabel')}
          </label>
          <input id="bid-amount" inputMode="decimal" placeholder={t('auctionPages.room.amountPlaceholder', { amount: f.money(view.nextMinimumFen) })} value={amount} onChange={(e) => setAmount(e.target.value)} style={{ width: '16rem' }} />
          <button type="submit" className="secondary" disabled={busy || leading}>
            {t('auctionPages.room.bid')}
          </button>
        </form>
      </div>
      <form onSubmit={saveProxy} className="row" aria-label={t('auctionPages.room.proxyBid')}>
        <label htmlFor="proxy-max">{t('auctionPages.room.proxyLabel')}</label>
        <input id="proxy-max" inputMode="decimal" placeholder={t('auctionPages.room.proxyPlaceholder')} value={proxy} onChange={(e) => setProxyInput(e.target.value)} style={{ flex: 1, minWidth: '14rem' }} />
        <button type="submit" className="secondary">
          {t('auctionPages.room.setProxy')}
        </button>
      </form>
      {pending && (
        <div className="confirm-money" role="alertdialog" aria-labelledby="confirm-money-text" data-testid="confirm-money">
          <p id="confirm-money-text">
            {pending.kind === 'bid'
              ? t('auctionPages.room.confirmBid', { amount: both(pending.fen!) })
              : pending.fen === null
                ? t('auctionPages.room.confirmCancelProxy')
                : t('auctionPages.room.confirmProxy', { amount: both(pending.fen) })}
          </p>
          <div className="row">
            <button type="button" onClick={() => void confirmPending()} data-testid="confirm-money-yes" autoFocus>
              {t('common.confirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setPending(null)}>
              {t('common.cancel')}
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
