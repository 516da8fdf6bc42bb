// Pieces of the lot room, the staff console and the replay: status, the
// history as the server logged it, the outcome with the log's check.
import { Link } from '@remix-run/react'
import { useState } from 'react'
import { TableHead } from '~/components/table-head.tsx'
import type { LotStatus } from '~/domain/auction.ts'
import { verifyLotLog, type ChainedLotLogEntry } from '~/domain/lot-log.ts'
import type { T } from '~/i18n/catalogue.ts'
import { enumText } from '~/components/enum-text.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { LotView } from '~/utils/realtime-contract.ts'

export function LotStatusBadge({ status }: { status: LotStatus }) {
  const t = useT()
  return <span className={`badge lot-${status}`}>{t(`enums.lotStatus.${status}`)}</span>
}

/** A bidder's pseudonym, with the name when the viewer may see it: 竞买人 B3（某某公司）. */
export function bidderLabel(t: T, pseudonym: unknown, names: Record<string, string> | null): string {
  const name = names?.[String(pseudonym)]
  return name ? t('auctionPages.lot.bidderNamed', { pseudonym: String(pseudonym), name }) : t('auctionPages.lot.bidder', { pseudonym: String(pseudonym) })
}

/** One log entry in words, in the page's language (`t` from useT(), `f` from useFormat()). */
export function describeEntry(e: ChainedLotLogEntry, names: Record<string, string> | null, t: T, f: ReturnType<typeof useFormat>): string {
  const p = e.payload
  const who = (pseudonym: unknown) => bidderLabel(t, pseudonym, names)
  switch (e.kind) {
    case 'bid':
      return t(p.proxy ? 'auctionPages.lot.entry.bidProxy' : 'auctionPages.lot.entry.bid', { who: who(p.bidder), amount: f.money(Number(p.amountFen)) })
    case 'extension':
      return t('auctionPages.lot.entry.extension', { at: f.bidTime(String(p.endsAt)) })
    case 'open':
      return p.by === 'clock' ? t('auctionPages.lot.entry.openClock') : t('auctionPages.lot.entry.openStaff')
    case 'pause':
      return t('auctionPages.lot.entry.pause')
    case 'resume':
      return t('auctionPages.lot.entry.resume', { at: f.bidTime(String(p.endsAt)) })
    case 'cancel':
      return t('auctionPages.lot.entry.cancel', { reason: String(p.reason ?? '') })
    case 'close':
      return p.outcome === 'SOLD'
        ? t('auctionPages.lot.entry.closeSold', { who: who(p.winner), amount: f.money(Number(p.priceFen)) })
        : p.reason === 'no-bids'
          ? t('auctionPages.lot.entry.closeNoBids')
          : t('auctionPages.lot.entry.closeBelowReserve')
    default:
      return e.kind
  }
}

export function LotHistory({ view, limit }: { view: Pick<LotView, 'history' | 'names' | 'historyComplete' | 'seq'>; limit?: number }) {
  const rows = [...view.history].reverse().slice(0, limit)
  const t = useT()
  const f = useFormat()
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">{t('auctionPages.lot.history.title')}</h2>
      {rows.length === 0 ? (
        <p>{t('auctionPages.lot.history.empty')}</p>
      ) : (
        <table data-testid="history">
          <TableHead columns={[t('auctionPages.lot.history.seq'), t('auctionPages.lot.history.time'), t('auctionPages.lot.history.event'), t('auctionPages.lot.history.content')]} />
          <tbody>
            {rows.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{f.bidTime(e.at)}</td>
                <td>{enumText(t, 'lotEventKind', e.kind)}</td>
                <td>{describeEntry(e, view.names, t, f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!view.historyComplete && <p className="meta">{t('auctionPages.lot.history.partial')}</p>}
    </section>
  )
}

export function LotOutcome({ view }: { view: LotView }) {
  const [check, setCheck] = useState<string | null>(null)
  const t = useT()
  const f = useFormat()
  const close = view.history.find((e) => e.kind === 'close')
  const cancel = view.history.find((e) => e.kind === 'cancel')
  async function verify() {
    setCheck(t('auctionPages.lot.outcome.checking'))
    const response = await fetch(`/auctions/lots/${view.id}/log`)
    if (!response.ok) return setCheck(t('auctionPages.lot.outcome.downloadFailed'))
    const log = (await response.json()) as { entries: ChainedLotLogEntry[] }
    const problem = await verifyLotLog(log.entries)
    setCheck(
      problem
        ? t('auctionPages.lot.outcome.checkFailed', { seq: problem.seq, problem: problem.problem })
        : t('auctionPages.lot.outcome.checkPassed', { entries: log.entries.length }),
    )
  }
  return (
    <div className={close?.payload.outcome === 'SOLD' ? 'notice' : 'alert'} data-testid="outcome">
      {/* The outcome comes from the log's close (or cancel) entry only: a page never infers what the log does not hold. */}
      {close?.payload.outcome === 'SOLD' ? (
        <p>
          <strong>{t('auctionPages.lot.outcome.sold')}</strong>
          {t('auctionPages.lot.outcome.soldDetail', { who: bidderLabel(t, close.payload.winner, view.names), amount: f.money(Number(close.payload.priceFen)) })}
          {view.deal?.mine && (
            <>
              {t('auctionPages.lot.outcome.buyerBefore', { deadline: f.dateTime(view.deal.paymentDeadline) })}
              <Link to={`/payments`}>{t('auctionPages.lot.outcome.payBalance')}</Link>
              {t('auctionPages.lot.outcome.buyerAfter')}
            </>
          )}
        </p>
      ) : close?.payload.outcome === 'UNSOLD' ? (
        <p>
          <strong>{t('auctionPages.lot.outcome.unsold')}</strong>
          {close.payload.reason === 'below-reserve' ? t('auctionPages.lot.outcome.unsoldBelowReserve') : t('auctionPages.lot.outcome.unsoldNoBids')}
        </p>
      ) : cancel ? (
        <p>
          <strong>{t('auctionPages.lot.outcome.cancelled')}</strong>
          {t('auctionPages.lot.outcome.reason', { reason: String(cancel.payload.reason ?? view.cancelReason ?? '') })}
        </p>
      ) : (
        <p>
          <strong>{t('auctionPages.lot.outcome.undecided')}</strong>
          {t('auctionPages.lot.outcome.undecidedText')}
        </p>
      )}
      <p className="row">
        <a href={`/auctions/lots/${view.id}/log`} download={`lot-${view.id}-log.json`}>
          {t('auctionPages.lot.outcome.downloadLog')}
        </a>
        <button type="button" className="secondary" onClick={() => void verify()}>
          {t('auctionPages.lot.outcome.verify')}
        </button>
        <Link to={`/auctions/lots/${view.id}/replay`}>{t('auctionPages.lot.outcome.replay')}</Link>
      </p>
      {check && (
        <p role="status" data-testid="log-check">
          {check}
        </p>
      )}
    </div>
  )
}
