import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
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
          <Fact label={t('auctionPages.resultNotice.buyer')} testId="winner">
            {r.winnerName ?? t('auctionPages.resultNotice.bidder', { pseudonym: a.winner })}
          </Fact>
          <Fact label={t('auctionPages.resultNotice.price')}>{f.money(a.priceFen)}</Fact>
          <Fact label={t('auctionPages.resultNotice.startingPrice')}>{f.money(a.startingPriceFen)}</Fact>
          <Fact label={t('auctionPages.resultNotice.premium')}>{formatBasisPoints(a.premiumBp, 'fixed')}</Fact>
          {a.reserveFen !== null && <Fact label={t('auctionPages.resultNotice.reserve')}>{f.money(a.reserveFen)}</Fact>}
          <Fact label={t('auctionPages.resultNotice.biddersAndBids')}>
            {t('auctionPages.resultNotice.biddersAndBidsValue', { bidders: r.bidderCount, bids: r.bidCount })}
          </Fact>
          <Fact label={t('auctionPages.resultNotice.endedAt')}>{f.dateTime(a.endedAt ?? r.closedAt)}</Fact>
        </dl>
      )}
      {a.outcome === 'UNSOLD' && (
        <dl className="facts">
          <Fact label={t('auctionPages.resultNotice.unsoldReason')} testId="unsold-reason">
            {t(`enums.unsoldReason.${a.reason}`)}
            {a.note ? t('auctionPages.resultNotice.note', { note: a.note }) : ''}
          </Fact>
          <Fact label={t('auctionPages.resultNotice.startingPrice')}>{f.money(a.startingPriceFen)}</Fact>
          {a.highestFen !== null && <Fact label={t('auctionPages.resultNotice.highest')}>{f.money(a.highestFen)}</Fact>}
          {a.reserveFen !== null && <Fact label={t('auctionPages.resultNotice.reserve')}>{f.money(a.reserveFen)}</Fact>}
          <Fact label={t('auctionPages.resultNotice.biddersAndBids')}>
            {t('auctionPages.resultNotice.biddersAndBidsValue', { bidders: r.bidderCount, bids: r.bidCount })}
          </Fact>
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

/** One fact of the notice: its name and its value. */
function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  )
}
