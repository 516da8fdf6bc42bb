// The auction as the server saw it: its log replayed entry by entry, with the
// price line and the chain checked in the browser.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useMemo, useState } from 'react'
import { describeEntry } from '~/components/lot-parts.tsx'
import { PriceChart } from '~/components/price-chart.tsx'
import { verifyLotLog, type ChainedLotLogEntry } from '~/domain/lot-log.ts'
import { getLotLog, getLotView } from '~/services/lot-view.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('auctionPages.replay.title')} · ${data?.view.result.title ?? ''} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const log = await orRespond(getLotLog(db, user, params.lotId!))
  const view = await orRespond(getLotView(db, user, params.lotId!, new Date()))
  return { log, view: { id: view.id, number: view.number, result: view.result, startingPriceFen: view.startingPriceFen, names: view.names } }
}

/** Price and leader after each entry. */
function priceLine(entries: ChainedLotLogEntry[]) {
  let price: number | null = null
  let leader: string | null = null
  return entries.map((e) => {
    if (e.kind === 'bid') {
      price = Number(e.payload.amountFen)
      leader = String(e.payload.bidder)
    }
    return { seq: e.seq, price, leader }
  })
}

export default function ReplayPage() {
  const { log, view } = useLoaderData<typeof loader>()
  const entries = log.entries
  const t = useT()
  const f = useFormat()
  const [step, setStep] = useState(entries.length)
  const [playing, setPlaying] = useState(false)
  const [check, setCheck] = useState<string>(() => t('auctionPages.lot.outcome.checking'))
  const line = useMemo(() => priceLine(entries), [entries])
  useEffect(() => {
    void verifyLotLog(entries).then((p) =>
      setCheck(p ? t('auctionPages.replay.chainFailed', { seq: p.seq, problem: p.problem }) : t('auctionPages.replay.chainPassed', { entries: entries.length })),
    )
  }, [entries, t])
  useEffect(() => {
    if (!playing) return
    if (step >= entries.length) return setPlaying(false)
    const timer = setTimeout(() => setStep((s) => s + 1), 400)
    return () => clearTimeout(timer)
  }, [playing, step, entries.length])
  const now = line[step - 1]
  const shown = useMemo(() => entries.slice(0, step), [entries, step])
  const span = useMemo((): [string, string] | undefined => (entries.length > 1 ? [entries[0]!.at, entries.at(-1)!.at] : undefined), [entries])
  return (
    <>
      <p>
        <Link to={`/auctions/lots/${view.id}`}>{t('auctionPages.replay.back')}</Link>
      </p>
      <h1>{t('auctionPages.replay.heading', { number: view.number, title: view.result.title })}</h1>
      <p className="meta" role="status" data-testid="replay-check">
        {check}
      </p>
      <section className="card">
        <div className="row">
          <button type="button" onClick={() => (step >= entries.length ? (setStep(0), setPlaying(true)) : setPlaying(!playing))}>
            {playing ? t('auctionPages.replay.pause') : t('auctionPages.replay.play')}
          </button>
          <label htmlFor="step" className="sr-only">
            {t('auctionPages.replay.stepLabel')}
          </label>
          <input id="step" type="range" min={0} max={entries.length} value={step} onChange={(e) => setStep(Number(e.target.value))} style={{ flex: 1 }} />
          <span>
            {step} / {entries.length}
          </span>
        </div>
        <p className="big">{now?.price != null ? f.money(now.price) : t('auctionPages.replay.startingPrice', { amount: f.money(view.startingPriceFen) })}</p>
        <p className="meta">{now?.leader ? t('auctionPages.replay.leader', { pseudonym: now.leader }) : t('auctionPages.replay.noBids')}</p>
        <PriceChart entries={shown} startingPriceFen={view.startingPriceFen} names={view.names} span={span} />
      </section>
      <ol className="list">
        {entries.slice(0, step).map((e) => (
          <li key={e.seq}>
            <span className="meta">
              #{e.seq} {f.bidTime(e.at)}
            </span>{' '}
            {describeEntry(e, view.names, t, f)}
          </li>
        ))}
      </ol>
    </>
  )
}
