// GET /auctions/calendar — the auction calendar: announced sessions and their lots to come, by start time, with
// calendar files (.ics) for all of them, a session or a lot.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { LotStatusBadge } from '~/components/lot-parts.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { auctionCalendarPage } from '~/services/auction-calendar.server.ts'
import { getDb } from '~/utils/db.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('auctionNotice.calendar.pageTitle')} · ${t('app.name')}` }]
}

export async function loader(_: LoaderFunctionArgs) {
  return { sessions: await auctionCalendarPage(getDb(), new Date()) }
}

export default function AuctionCalendar() {
  const { sessions } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{t('auctionNotice.calendar.pageTitle')}</h1>
      <p className="meta">
        {t('auctionNotice.calendar.intro')} <a href="/auctions/calendar.ics">{t('auctionNotice.calendar.subscribe')}</a>
      </p>
      {sessions.length === 0 && <p>{t('auctionNotice.calendar.empty')}</p>}
      {sessions.map((s) => (
        <section key={s.id} className="card" aria-labelledby={`session-${s.id}`}>
          <h2 id={`session-${s.id}`}>
            <Link to={`/auctions/${s.id}`}>{s.title}</Link>
          </h2>
          <p className="meta">
            {s.bureau}
            {s.registrationClosesAt && <> · {t('auctionNotice.calendar.registrationCloses', { at: f.dateTime(s.registrationClosesAt) })}</>} ·{' '}
            <a href={`/auctions/${s.id}/calendar.ics`} download>
              {t('auctionNotice.calendar.addSession')}
            </a>
          </p>
          <table>
            <caption className="sr-only">{s.title}</caption>
            <TableHead columns={[t('auctionNotice.calendar.lot'), t('auctionNotice.calendar.time'), t('auctionNotice.calendar.terms')]} actions={t('auctionNotice.calendar.addLot')} />
            <tbody>
              {s.lots.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/auctions/lots/${l.id}`}>
                      {l.number}. {l.title}
                    </Link>{' '}
                    <LotStatusBadge status={l.status as Parameters<typeof LotStatusBadge>[0]['status']} />
                    {l.status === 'CANCELLED' && l.cancelReason && <div className="meta">{t('auctionNotice.notice.withdrawnLot', { reason: l.cancelReason })}</div>}
                  </td>
                  <td>
                    {f.dateTime(l.startsAt)} – {f.dateTime(l.endsAt)}
                  </td>
                  <td>
                    {f.money(l.startingPriceFen)} / {f.money(l.depositFen)}
                  </td>
                  <td>
                    <a href={`/auctions/lots/${l.id}/calendar.ics`} download>
                      {t('auctionNotice.calendar.addLot')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  )
}
