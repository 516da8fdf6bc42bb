import { Link } from '@remix-run/react'
import { formatBasisPoints } from '~/domain/money.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { LotResultView } from '~/services/announcements.server.ts'

/** 成交公告 / 流拍公告 of one lot: only what its log holds. */
export function LotResultNotice({ r, showLot = false, canDownloadConfirmation = false }: { r: LotResultView; showLot?: boolean; canDownloadConfirmation?: boolean }) {
  const a = r.announcement
  const t = useT()
  const f = useFormat()
  const label = a.outcome === 'SOLD' ? t('auctionPages.resultNotice.sold') : a.outcome === 'UNSOLD' ? t('auctionPages.resultNotice.unsold') : t('auctionPages.resultNotice.result')
  // Several notices on one page (a session's results): each region is named after its lot too, so the names differ.
  const lot = t('auctionPages.resultNotice.lotLink', { session: r.session.title, number: r.number, title: r.result.title })
  return (
    <section className={`card announcement ${a.outcome}`} aria-label={showLot ? `${label} ${lot}` : label} data-testid="lot-result">
      <h2>{a.outcome === 'SOLD' ? t('auctionPages.resultNotice.sold') : a.outcome === 'UNSOLD' ? t('auctionPages.resultNotice.unsold') : t('auctionPages.resultNotice.undecided')}</h2>
      {showLot && (
        <p>
          <Link to={`/auctions/lots/${r.lotId}`}>
            {lot}
          </Link>
        </p>
      )}
      {a.outcome === 'SOLD' && (
        <dl className="facts">
          <dt>{t('auctionPages.resultNotice.buyer')}</dt>
          <dd data-testid="winner">{r.winnerName ?? t('auctionPages.resultNotice.bidder', { pseudonym: a.winner })}</dd>
          <dt>{t('auctionPages.resultNotice.price')}</dt>
          <dd>{f.money(a.priceFen)}</dd>
          <dt>{t('auctionPages.resultNotice.startingPrice')}</dt>
          <dd>{f.money(a.startingPriceFen)}</dd>
          <dt>{t('auctionPages.resultNotice.premium')}</dt>
          <dd>{formatBasisPoints(a.premiumBp, 'fixed')}</dd>
          {a.reserveFen !== null && (
            <>
              <dt>{t('auctionPages.resultNotice.reserve')}</dt>
              <dd>{f.money(a.reserveFen)}</dd>
            </>
          )}
          <dt>{t('auctionPages.resultNotice.biddersAndBids')}</dt>
          <dd>{t('auctionPages.resultNotice.biddersAndBidsValue', { bidders: r.bidderCount, bids: r.bidCount })}</dd>
          <dt>{t('auctionPages.resultNotice.endedAt')}</dt>
          <dd>{f.dateTime(a.endedAt ?? r.closedAt)}</dd>
        </dl>
      )}
      {a.outcome === 'UNSOLD' && (
        <dl className="facts">
          <dt>{t('auctionPages.resultNotice.unsoldReason')}</dt>
          <dd data-testid="unsold-reason">
            {t(`enums.unsoldReason.${a.reason}`)}
            {a.note ? t('auctionPages.resultNotice.note', { note: a.note }) : ''}
          </dd>
          <dt>{t('auctionPages.resultNotice.startingPrice')}</dt>
          <dd>{f.money(a.startingPriceFen)}</dd>
          {a.highestFen !== null && (
            <>
              <dt>{t('auctionPages.resultNotice.highest')}</dt>
              <dd>{f.money(a.highestFen)}</dd>
            </>
          )}
          {a.reserveFen !== null && (
            <>
              <dt>{t('auctionPages.resultNotice.reserve')}</dt>
              <dd>{f.money(a.reserveFen)}</dd>
            </>
          )}
          <dt>{t('auctionPages.resultNotice.biddersAndBids')}</dt>
          <dd>{t('auctionPages.resultNotice.biddersAndBidsValue', { bidders: r.bidderCount, bids: r.bidCount })}</dd>
        </dl>
      )}
      {a.outcome === 'UNDECIDED' && <p>{t('auctionPages.resultNotice.undecidedText')}</p>}
      {a.outcome === 'SOLD' && canDownloadConfirmation && (
        <p>
          <a href={`/auctions/lots/${r.lotId}/confirmation.pdf`} data-testid="confirmation-link">
            {t('auctionPages.resultNotice.downloadConfirmation')}
          </a>
        </p>
      )}
      <p className="meta">
        {t('auctionPages.resultNotice.logEntries', { entries: r.logEntries })} <code>{r.lastHash ?? '—'}</code> · <a href={`/auctions/lots/${r.lotId}/log`}>{t('auctionPages.resultNotice.downloadLog')}</a>
      </p>
    </section>
  )
}
