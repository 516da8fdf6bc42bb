// On a lot page: the lot it re-auctions and the lot that re-auctions it (decision 022), a default's notice, and for
// the staff of the bureau that ran a 流拍 or defaulted lot, where to put its result up again.
import { Link } from '@remix-run/react'
import { useFormat, useT } from '~/i18n/react.tsx'

type LotLink = { id: string; number: number; quarter: string }
type Offer = { resultId: string; predecessorStartFen: number; ceilingFen: number; sessions: { id: string; quarter: string; title: string; kind: string }[] } | null

export function ReauctionPanel({ predecessor, successor, reason, defaulted, offer }: { predecessor: LotLink | null; successor: LotLink | null; reason: string | null; defaulted: boolean; offer: Offer }) {
  const t = useT()
  const f = useFormat()
  if (!predecessor && !successor && !defaulted && !offer) return null
  return (
    <section className="card" aria-labelledby="reauction" data-testid="reauction-panel">
      <h2 id="reauction">{t('reauction.offer.heading')}</h2>
      {defaulted && <p className="notice">{t('reauction.links.defaulted')}</p>}
      {predecessor && (
        <p>
          <Link to={`/auctions/lots/${predecessor.id}`} data-testid="predecessor-link">
            {t('reauction.links.predecessor', { number: predecessor.number, quarter: predecessor.quarter })}
          </Link>
        </p>
      )}
      {reason && <p className="meta">{t('reauction.links.reason', { reason })}</p>}
      {successor && (
        <p>
          <Link to={`/auctions/lots/${successor.id}`} data-testid="successor-link">
            {t('reauction.links.successor', { number: successor.number, quarter: successor.quarter })}
          </Link>
        </p>
      )}
      {offer && (
        <>
          <p>{t('reauction.offer.intro', { ceiling: f.money(offer.ceilingFen), start: f.money(offer.predecessorStartFen) })}</p>
          {offer.sessions.length > 0 ? (
            <ul className="list" aria-label={t('reauction.offer.session')}>
              {offer.sessions.map((s) => (
                <li key={s.id}>
                  {s.quarter} · {s.title} {s.kind === 'EXTRA' && <span className="badge">{t('reauction.kind.EXTRA')}</span>}{' '}
                  <Link to={`/auctions/${s.id}?result=${encodeURIComponent(offer.resultId)}#add-lot`} data-testid="reauction-go">
                    {t('reauction.offer.go')}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="meta">{t('reauction.offer.none')}</p>
          )}
          <p>
            <Link to="/auctions#new-session">{t('reauction.offer.create')}</Link>
          </p>
        </>
      )}
    </section>
  )
}
