// A lot's room in the browser: connects (the session cookie authenticates the
// handshake), joins, applies updates in sequence order, asks for the state
// again on a gap or after a reconnect, and keeps the offset between the
// server's clock and this one so countdowns follow the server.
import { useCallback, useEffect, useRef, useState } from 'react'
import { io, type Socket } from 'socket.io-client'
import { fixedT, type Locale } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { LotView } from '~/utils/realtime-contract.ts'
import { classifyUpdate, type Ack, type BidAnswer, type ClientToServerEvents, type LotUpdate, type ProxyAnswer, type ServerToClientEvents } from '~/utils/realtime-contract.ts'

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export type Connection = 'connecting' | 'live' | 'offline'

/** Applies an update to the view: its entries join the history, its snapshot replaces the numbers. */
export function applyUpdate(view: LotView, update: LotUpdate): LotView {
  const fresh = update.events.filter((e) => e.seq > view.seq)
  const me = view.me && { ...view.me, leading: view.me.pseudonym !== null && update.lot.leader === view.me.pseudonym }
  return {
    ...view,
    status: update.lot.status,
    currentPriceFen: update.lot.currentPriceFen,
    nextMinimumFen: update.lot.nextMinimumFen,
    bidCount: update.lot.bidCount,
    seq: update.lot.seq,
    endsAt: update.lot.endsAt,
    pausedAt: update.lot.pausedAt,
    leader: update.lot.leader,
    history: [...view.history, ...fresh],
    me,
  }
}

/**
 * Several lots' rooms over one socket (the staff console; the lot room is one
 * of them). Each lot keeps its own last seq: a stale update is dropped, a gap
 * makes it join again (which returns the whole state).
 */
export function useLotRooms(initial: LotView[]) {
  const t = useT()
  const [views, setViews] = useState<Record<string, LotView>>(() => Object.fromEntries(initial.map((v) => [v.id, v])))
  const [connection, setConnection] = useState<Connection>('connecting')
  const [offsetMs, setOffsetMs] = useState(() => (initial[0] ? Date.parse(initial[0].serverTime) - Date.now() : 0))
  const socketRef = useRef<RoomSocket | null>(null)
  const seqs = useRef<Record<string, number>>(Object.fromEntries(initial.map((v) => [v.id, v.seq])))
  const lotIds = initial.map((v) => v.id).join(',')

  useEffect(() => {
    const ids = lotIds ? lotIds.split(',') : []
    const socket: RoomSocket = io({ transports: ['websocket', 'polling'] })
    socketRef.current = socket
    const join = (lotId: string) => {
      socket.emit('lot:join', { lotId }, (answer) => {
        // Many joins at once from one address (a campus, a session opening) are spread out: ask again shortly.
        if ('error' in answer && answer.error === 'rate-limited') return void setTimeout(() => socket.connected && join(lotId), 500 + Math.random() * 1500)
        if (!('data' in answer)) return
        seqs.current[lotId] = answer.data.seq
        setViews((all) => ({ ...all, [lotId]: answer.data }))
      })
    }
    const sync = () => {
      const sent = Date.now()
      socket.emit('time:sync', ({ serverTime }) => {
        const received = Date.now()
        setOffsetMs(Date.parse(serverTime) + (received - sent) / 2 - received)
      })
    }
    socket.on('connect', () => {
      setConnection('live')
      ids.forEach(join)
      sync()
    })
    socket.on('disconnect', () => setConnection('offline'))
    socket.on('connect_error', () => setConnection('offline'))
    socket.on('lot:update', (update) => {
      const last = seqs.current[update.lotId]
      if (last === undefined) return
      const kind = classifyUpdate(last, update)
      if (kind === 'stale') return
      if (kind === 'gap') return join(update.lotId)
      seqs.current[update.lotId] = update.lot.seq
      setViews((all) => (all[update.lotId] ? { ...all, [update.lotId]: applyUpdate(all[update.lotId]!, update) } : all))
      // The close reveals what the room's numbers do not carry (the reserve, the deal): take the whole state.
      if (update.events.some((e) => e.kind === 'close' || e.kind === 'cancel')) return join(update.lotId)
      // Staff see real names: a pseudonym not seen before needs the state again.
      const view = viewsRef.current[update.lotId]
      if (view?.names && update.events.some((e) => e.kind === 'bid' && !view.names![String(e.payload.bidder)])) join(update.lotId)
    })
    const resync = setInterval(sync, 60_000)
    return () => {
      clearInterval(resync)
      socket.disconnect()
    }
  }, [lotIds])

  const viewsRef = useRef(views)
  viewsRef.current = views

  const emitWhenConnected = useCallback(<T,>(send: (socket: RoomSocket, done: (answer: Ack<T>) => void) => void) => {
    return new Promise<Ack<T>>((resolve) => {
      const socket = socketRef.current
      if (!socket?.connected) return resolve({ error: 'unknown', message: t('serverText.room.disconnected') })
      send(socket, resolve)
    })
  }, [t])

  // My first bid tells me my pseudonym on this lot (the ack says it before the room's update).
  const rememberPseudonym = useCallback((lotId: string, pseudonym: string) => {
    setViews((all) => {
      const v = all[lotId]
      if (!v?.me || v.me.pseudonym) return all
      return { ...all, [lotId]: { ...v, me: { ...v.me, pseudonym, leading: v.leader === pseudonym } } }
    })
  }, [])

  const bid = useCallback(
    (lotId: string, amountFen: number) =>
      emitWhenConnected<BidAnswer>((socket, done) => {
        const clientBidId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
        socket.timeout(10_000).emit('auction:bid', { lotId, amountFen, clientBidId }, (err: Error | null, answer: Ack<BidAnswer>) => {
          if (!err && 'data' in answer) rememberPseudonym(lotId, answer.data.bid.bidder)
          done(err ? { error: 'unknown', message: t('serverText.room.noAnswer') } : answer)
        })
      }),
    [emitWhenConnected, rememberPseudonym, t],
  )

  const setProxy = useCallback(
    (lotId: string, maxFen: number | null) =>
      emitWhenConnected<ProxyAnswer>((socket, done) =>
        socket.emit('auction:proxy', { lotId, maxFen }, (answer) => {
          if ('data' in answer) setViews((all) => (all[lotId]?.me ? { ...all, [lotId]: { ...all[lotId]!, me: { ...all[lotId]!.me!, proxyMaxFen: answer.data.maxFen } } } : all))
          done(answer)
        }),
      ),
    [emitWhenConnected],
  )

  const control = useCallback(
    (lotId: string, action: 'open' | 'pause' | 'resume' | 'cancel', reason?: string) =>
      emitWhenConnected<LotUpdate>((socket, done) => socket.emit('lot:control', { lotId, action, reason }, done)),
    [emitWhenConnected],
  )

  return { views, connection, offsetMs, bid, setProxy, control }
}

/** One lot's room. */
export function useLotRoom(lotId: string, initial: LotView) {
  const rooms = useLotRooms([initial])
  const view = rooms.views[lotId] ?? initial
  return {
    view,
    connection: rooms.connection,
    offsetMs: rooms.offsetMs,
    bid: useCallback((amountFen: number) => rooms.bid(lotId, amountFen), [rooms, lotId]),
    setProxy: useCallback((maxFen: number | null) => rooms.setProxy(lotId, maxFen), [rooms, lotId]),
  }
}

/** Milliseconds left by the server's clock, ticking every quarter second. */
export function useCountdown(endsAt: string, offsetMs: number, frozen: boolean): number {
  const [left, setLeft] = useState(() => Date.parse(endsAt) - (Date.now() + offsetMs))
  useEffect(() => {
    const tick = () => setLeft(Date.parse(endsAt) - (Date.now() + offsetMs))
    tick()
    if (frozen) return
    const timer = setInterval(tick, 250)
    return () => clearInterval(timer)
  }, [endsAt, offsetMs, frozen])
  return left
}

/** Time left: "45:10", "03:04:05", "2 天 03:04:05" · "2 d 03:04:05". */
export function formatCountdown(ms: number, locale: Locale = 'zh-CN'): string {
  if (ms <= 0) return '00:00'
  const s = Math.floor(ms / 1000)
  const d = Math.floor(s / 86_400)
  const hh = String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0')
  const ss = String(s % 60).padStart(2, '0')
  return d > 0 ? fixedT(locale)('serverText.countdownDays', { days: d, time: `${hh}:${mm}:${ss}` }) : hh === '00' ? `${mm}:${ss}` : `${hh}:${mm}:${ss}`
}
