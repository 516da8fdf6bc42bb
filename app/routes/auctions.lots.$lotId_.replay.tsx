// The auction as the server saw it: its log replayed entry by entry, with the
// price line and the chain checked in the browser.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useMemo, useState } from 'react'
import { describeEntry } from '~/components/lot-parts.tsx'
import { verifyLotLog, type ChainedLotLogEntry } from '~/domain/lot-log.ts'
import { formatFen } from '~/domain/money.ts'
import { getLotLog, getLotView } from '~/services/lot-view.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatClockMs } from '~/utils/format.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `回放 · ${data?.view.result.title ?? ''} · 科技成果交易市场` }]

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
  const [step, setStep] = useState(entries.length)
  const [playing, setPlaying] = useState(false)
  const [check, setCheck] = useState<string>('校验中…')
  const line = useMemo(() => priceLine(entries), [entries])
  useEffect(() => {
    void verifyLotLog(entries).then((p) => setCheck(p ? `哈希链校验失败：第 ${p.seq} 条（${p.problem}）` : `哈希链校验通过（${entries.length} 条）`))
  }, [entries])
  useEffect(() => {
    if (!playing) return
    if (step >= entries.length) return setPlaying(false)
    const timer = setTimeout(() => setStep((s) => s + 1), 400)
    return () => clearTimeout(timer)
  }, [playing, step, entries.length])
  const now = line[step - 1]
  const prices = line.map((l) => l.price ?? view.startingPriceFen)
  const max = Math.max(...prices, view.startingPriceFen)
  const min = Math.min(...prices, view.startingPriceFen)
  const x = (i: number) => (entries.length <= 1 ? 0 : (i / (entries.length - 1)) * 600)
  const y = (p: number) => (max === min ? 60 : 110 - ((p - min) / (max - min)) * 100)
  return (
    <>
      <p>
        <Link to={`/auctions/lots/${view.id}`}>← 返回竞价室</Link>
      </p>
      <h1>
        回放 · 标的 {view.number} · {view.result.title}
      </h1>
      <p className="meta" role="status" data-testid="replay-check">
        {check}
      </p>
      <section className="card">
        <div className="row">
          <button type="button" onClick={() => (step >= entries.length ? (setStep(0), setPlaying(true)) : setPlaying(!playing))}>
            {playing ? '暂停' : '播放'}
          </button>
          <label htmlFor="step" className="sr-only">
            回放到第几条
          </label>
          <input id="step" type="range" min={0} max={entries.length} value={step} onChange={(e) => setStep(Number(e.target.value))} style={{ flex: 1 }} />
          <span>
            {step} / {entries.length}
          </span>
        </div>
        <p className="big">{now?.price != null ? formatFen(now.price) : `起拍价 ${formatFen(view.startingPriceFen)}`}</p>
        <p className="meta">{now?.leader ? `领先：竞买人 ${now.leader}` : '尚无出价'}</p>
        <svg viewBox="0 0 600 120" role="img" aria-label="价格随出价序号变化" style={{ width: '100%', height: '8rem', background: '#fafbfc' }}>
          <polyline fill="none" stroke="#0b5cad" strokeWidth="2" points={prices.map((p, i) => `${x(i)},${y(p)}`).join(' ')} />
          {step > 0 && <circle cx={x(step - 1)} cy={y(prices[step - 1]!)} r="4" fill="#b42318" />}
        </svg>
      </section>
      <ol className="list">
        {entries.slice(0, step).map((e) => (
          <li key={e.seq}>
            <span className="meta">
              #{e.seq} {formatClockMs(e.at)}
            </span>{' '}
            {describeEntry(e, view.names)}
          </li>
        ))}
      </ol>
    </>
  )
}
