// The staff console for a live session: every lot's state, its bidders by
// name, and the controls (open, pause, resume, cancel with a reason), live
// over one socket.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { LotStatusBadge, describeEntry } from '~/components/lot-parts.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { formatCountdown, useCountdown, useLotRooms } from '~/components/use-lot-room.ts'
import { isFinished } from '~/domain/auction.ts'
import { getSession } from '~/services/auctions.server.ts'
import { getLotView } from '~/services/lot-view.server.ts'
import { reauctionOffer } from '~/services/reauctions.server.ts'
import type { LotView } from '~/utils/realtime-contract.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('auctionPages.console.title')} · ${data?.session.quarter ?? ''} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const session = await orRespond(getSession(db, staff, params.sessionId!))
  // Another bureau's session has no console for this staff member.
  if (!session.ownBureau) throw new Response('Not Found', { status: 404 })
  const now = new Date()
  const views = await Promise.all(session.lots.map((l) => getLotView(db, staff, l.id, now)))
  const approved = session.registrations.filter((r) => r.status === 'APPROVED').length
  // 流拍 or defaulted lots whose result may go up again: the row links to the lot page's 重新拍卖 (decision 022).
  const finished = session.lots.filter((l) => l.status === 'UNSOLD' || l.status === 'SOLD')
  const offers = await Promise.all(finished.map(async (l) => ((await reauctionOffer(db, staff, l.id)) ? l.id : null)))
  return { session: { id: session.id, quarter: session.quarter, title: session.title, status: session.status }, views, approved, reauctionable: offers.filter((id): id is string => id !== null) }
}

export default function StaffConsole() {
  const { session, views: initial, approved, reauctionable } = useLoaderData<typeof loader>()
  const { views, connection, offsetMs, control } = useLotRooms(initial)
  const lots = initial.map((v) => views[v.id] ?? v)
  const live = lots.filter((l) => l.status === 'LIVE' || l.status === 'PAUSED').length
  const t = useT()
  return (
    <>
      <p>
        <Link to={`/auctions/${session.id}`}>{t('auctionPages.console.back')}</Link>
      </p>
      <h1>{t('auctionPages.console.heading', { quarter: session.quarter, title: session.title })}</h1>
      <p className="meta">
        <span>{t('auctionPages.console.lotsSummary', { lots: lots.length, live })}</span>
        <span>{t('auctionPages.console.approved', { enterprises: approved })}</span>
        <span aria-live="polite" className={`conn ${connection}`}>
          {connection === 'live' ? t('auctionPages.console.connLive') : connection === 'connecting' ? t('auctionPages.console.connConnecting') : t('auctionPages.console.connLost')}
        </span>
      </p>
      <table data-testid="console">
        <TableHead columns={['#', t('auctionPages.console.lot'), t('auctionPages.console.status'), t('auctionPages.console.priceReserve'), t('auctionPages.console.leader'), t('auctionPages.console.bidsBidders'), t('auctionPages.console.left'), t('auctionPages.console.control')]} />
        <tbody>
          {lots.map((lot) => (
            <ConsoleRow key={lot.id} lot={lot} offsetMs={offsetMs} control={control} reauctionable={reauctionable.includes(lot.id)} />
          ))}
        </tbody>
      </table>
      {lots.length === 0 && <p>{t('auctionPages.console.noLots')}</p>}
    </>
  )
}

function ConsoleRow({ lot, offsetMs, control, reauctionable }: { lot: LotView; offsetMs: number; control: ReturnType<typeof useLotRooms>['control']; reauctionable: boolean }) {
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  // Cancelling a lot is final: a second, explicit step names the lot first.
  const [asking, setAsking] = useState(false)
  const t = useT()
  const f = useFormat()
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
        {last && <div className="meta">{t('auctionPages.console.latest', { at: f.bidTime(last.at), entry: describeEntry(last, lot.names, t, f) })}</div>}
      </td>
      <td>
        <LotStatusBadge status={lot.status} />
      </td>
      <td>
        <strong>{lot.currentPriceFen === null ? '—' : f.money(lot.currentPriceFen)}</strong>
        <div className="meta">{lot.reserveFen === null ? t('auctionPages.console.noReserve') : t('auctionPages.console.reserve', { amount: f.money(lot.reserveFen) })}</div>
      </td>
      <td>{lot.leader ? t('auctionPages.console.leaderNamed', { pseudonym: lot.leader, name: lot.names?.[lot.leader] ?? '—' }) : '—'}</td>
      <td>
        {lot.bidCount} / {Object.keys(lot.names ?? {}).length}
      </td>
      <td>{isFinished(lot.status) ? t('auctionPages.console.ended') : paused ? t('auctionPages.console.frozen', { duration: formatCountdown(frozen ?? 0, f.locale) }) : formatCountdown(left, f.locale)}</td>
      <td>
        {reauctionable && isFinished(lot.status) && (
          <Link to={`/auctions/lots/${lot.id}#reauction`} data-testid="reauction-link">
            {t('reauction.offer.heading')}
          </Link>
        )}
        {!isFinished(lot.status) && (
          <div className="row">
            {lot.status === 'SCHEDULED' && (
              <button type="button" onClick={() => void act('open')}>
                {t('auctionPages.console.open')}
              </button>
            )}
            {lot.status === 'LIVE' && (
              <button type="button" className="secondary" onClick={() => void act('pause')}>
                {t('auctionPages.console.pause')}
              </button>
            )}
            {paused && (
              <button type="button" onClick={() => void act('resume')}>
                {t('auctionPages.console.resume')}
              </button>
            )}
            <label htmlFor={`cancel-${lot.id}`} className="sr-only">
              {t('auctionPages.console.cancelReason')}
            </label>
            <input id={`cancel-${lot.id}`} placeholder={t('auctionPages.console.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: '8rem' }} />
            <button
              type="button"
              className="danger"
              onClick={() => {
                if (!reason.trim()) return setMessage(t('confirmations.cancelLotReason'))
                setMessage(null)
                setAsking(true)
              }}
            >
              {t('auctionPages.console.cancel')}
            </button>
          </div>
        )}
        {asking && !isFinished(lot.status) && (
          <div className="confirm-money" role="alertdialog" aria-labelledby={`confirm-cancel-${lot.id}`} data-testid="confirm-step" onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}>
            <p id={`confirm-cancel-${lot.id}`}>{t('confirmations.cancelLot', { number: lot.number, title: lot.result.title })}</p>
            <div className="row">
              <button
                type="button"
                data-testid="confirm-yes"
                autoFocus
                onClick={() => {
                  setAsking(false)
                  void act('cancel')
                }}
              >
                {t('common.confirm')}
              </button>
              <button type="button" className="secondary" onClick={() => setAsking(false)}>
                {t('common.cancel')}
              </button>
            </div>
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
