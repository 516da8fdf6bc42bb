// The matching engine (app/domain/matching) over the marketplace's listings.
// One index per database client, built from the published listings on first
// use and kept current by the listing services after every commit that
// changes what is public (publish, edit, withdraw, close): no full rebuild.
// With several processes, each change is announced through Redis pub/sub and
// re-read by the others (startMatchIndexSync below).
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { Redis } from 'ioredis'
import { isOwner, isPublicNeed, isPublicResult, isStaff, OPEN_NEED_STATUSES, OPEN_RESULT_STATUSES, type Principal } from '~/domain/access.ts'
import { compileBridge, type Bridge, type BridgeEntry } from '~/domain/matching/bridge.ts'
import { DEFAULT_BRIDGE } from '~/domain/matching/bridge-data.ts'
import { technicalWords } from '~/domain/matching/dictionary.ts'
import {
  buildMatchIndex,
  removeNeed,
  removeResult,
  upsertNeed,
  upsertResult,
  type MatchIndex,
  type MatchableNeed,
  type MatchableResult,
} from '~/domain/matching/index.ts'
import { topNeedsForResult, topResultsForNeed, type Match } from '~/domain/matching/rank.ts'
import { fenFromDb } from '~/domain/money.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { createJiebaSegmenter } from '~/utils/segmenter.server.ts'
import { ServiceError } from '~/utils/errors.ts'
import { notify } from './notifications.server.ts'
import { singleton } from '~/utils/singleton.server.ts'
import { getEnv } from '~/utils/env.server.ts'

/** Results that can still be taken up, and needs still open, are matched. */
const MATCHABLE_RESULT = OPEN_RESULT_STATUSES
const MATCHABLE_NEED = OPEN_NEED_STATUSES

const resultSelect = { id: true, title: true, summary: true, keywords: true, field: true, transferModes: true, askingPriceFen: true, status: true, ownerId: true } as const
const needSelect = { id: true, title: true, description: true, keywords: true, field: true, acceptedModes: true, budgetMinFen: true, budgetMaxFen: true, status: true, enterpriseId: true } as const

type ResultRow = { id: string; title: string; summary: string; keywords: string[]; field: string; transferModes: string[]; askingPriceFen: bigint | null }
type NeedRow = { id: string; title: string; description: string; keywords: string[]; field: string; acceptedModes: string[]; budgetMinFen: bigint | null; budgetMaxFen: bigint | null }

function toMatchableResult(r: ResultRow): MatchableResult {
  return { id: r.id, title: r.title, summary: r.summary, keywords: r.keywords, field: r.field, transferModes: r.transferModes, askingPriceFen: fenFromDb(r.askingPriceFen) }
}

function toMatchableNeed(n: NeedRow): MatchableNeed {
  return {
    id: n.id,
    title: n.title,
    description: n.description,
    keywords: n.keywords,
    field: n.field,
    acceptedModes: n.acceptedModes,
    budgetMinFen: fenFromDb(n.budgetMinFen),
    budgetMaxFen: fenFromDb(n.budgetMaxFen),
  }
}

// One per process (singleton), like the database client: the Remix build and server/index.ts
// each carry a copy of this module, and the start-up build must be the one routes use.
const indexes = singleton('match-indexes', () => new WeakMap<Db, Promise<MatchIndex>>())

export function getMatchIndex(db: Db): Promise<MatchIndex> {
  let index = indexes.get(db)
  if (!index) {
    index = (async () => {
      const [results, needs, bridge] = await Promise.all([
        db.researchResult.findMany({ where: { status: { in: [...MATCHABLE_RESULT] } }, select: resultSelect }),
        db.technicalNeed.findMany({ where: { status: { in: [...MATCHABLE_NEED] } }, select: needSelect }),
        loadBridge(db),
      ])
      const rs = results.map(toMatchableResult)
      const ns = needs.map(toMatchableNeed)
      // jieba with a technical dictionary built from these listings' keywords, the thesaurus and the bridge.
      // Made with the index: a listing published later is segmented with the dictionary of the last build.
      const segmenter = createJiebaSegmenter(technicalWords([...rs, ...ns], bridge))
      return buildMatchIndex(rs, ns, { segmenter, bridge })
    })()
    index.catch(() => indexes.delete(db))
    indexes.set(db, index)
  }
  return index
}

// ---------------------------------------------------------------------------
// The bridge (problem → technology, app/domain/matching/bridge.ts): the
// built-in list overlaid by staff changes, newest per (problem, technology).
// Read with the index; a change drops the index of every process (announced
// like a listing change), so the next match is built with the new bridge.

export type BridgeRow = BridgeEntry & { source: 'built-in' | 'staff'; changedAt: string | null; changedBy: string | null; note: string | null }

const entryKey = (e: BridgeEntry) => `${e.problem}\u0000${e.technology}`

/** The effective entries with where each came from (the staff page shows this). */
export async function effectiveBridge(db: Db | Tx): Promise<BridgeRow[]> {
  const changes = await db.matchingBridgeChange.findMany({ orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] })
  const rows = new Map<string, BridgeRow>()
  for (const e of compileBridge(DEFAULT_BRIDGE).entries) {
    rows.set(entryKey(e), { ...e, source: 'built-in', changedAt: null, changedBy: null, note: null })
  }
  for (const c of changes) {
    const key = entryKey(c)
    if (!c.active) rows.delete(key)
    else rows.set(key, { problem: c.problem, technology: c.technology, source: 'staff', changedAt: c.changedAt.toISOString(), changedBy: c.changedById, note: c.note })
  }
  return [...rows.values()]
}

export async function loadBridge(db: Db): Promise<Bridge> {
  return compileBridge(await effectiveBridge(db))
}

/** After a bridge change commits: this process rebuilds on next use, the others are told. */
export async function bridgeChanged(db: Db): Promise<void> {
  indexes.delete(db)
  await announceListingChange(db, { kind: 'bridge', id: '' })
}

/** Called after a result's change is committed: in the index when matchable, out otherwise; other processes are told. */
export async function refreshResultInIndex(db: Db, id: string): Promise<void> {
  await applyListingChange(db, { kind: 'result', id })
  await announceListingChange(db, { kind: 'result', id })
}

export async function refreshNeedInIndex(db: Db, id: string): Promise<void> {
  await applyListingChange(db, { kind: 'need', id })
  await announceListingChange(db, { kind: 'need', id })
}

export type ListingChange = { kind: 'result' | 'need' | 'bridge'; id: string }

/** Re-reads one listing from the database into this process's index (the database, not the message, is the truth). */
async function applyListingChange(db: Db, change: ListingChange): Promise<void> {
  if (!indexes.has(db)) return // not built yet: the build will read the committed state
  if (change.kind === 'bridge') {
    indexes.delete(db) // every listing is read anew with the new bridge on next use
    return
  }
  const index = await getMatchIndex(db)
  if (change.kind === 'result') {
    const row = await db.researchResult.findUnique({ where: { id: change.id }, select: resultSelect })
    if (row && (MATCHABLE_RESULT as readonly string[]).includes(row.status)) upsertResult(index, toMatchableResult(row))
    else removeResult(index, change.id)
  } else {
    const row = await db.technicalNeed.findUnique({ where: { id: change.id }, select: needSelect })
    if (row && (MATCHABLE_NEED as readonly string[]).includes(row.status)) upsertNeed(index, toMatchableNeed(row))
    else removeNeed(index, change.id)
  }
}

// ---------------------------------------------------------------------------
// Several web processes: each keeps its own index, so a change committed in one
// is announced on a Redis channel (the listing's kind and id only) and every
// other process re-reads that listing from the database. Messages may arrive
// in any order or twice: each re-read yields the committed state, so indexes
// converge. Pub/sub does not keep messages for a subscriber that is away, so
// after a reconnect the index is dropped and rebuilt on next use.
// Entry files (server/index.ts, workers/main.ts) start the sync; without it
// (tests, scripts) the index is process-local, as before.

export type MatchIndexSync = {
  /** Emits 'applied' (change) after a change from another process is in this index, 'resync' after a reconnect. */
  events: EventEmitter
  close(): Promise<void>
}

type SyncEntry = { origin: string; publisher: Redis; channel: string }
const syncs = singleton('match-syncs', () => new WeakMap<Db, SyncEntry>())

/** The channel name; QUEUE_PREFIX keeps test runs and deployments sharing a Redis apart. */
export function matchingChannel(prefix = getEnv().QUEUE_PREFIX): string {
  return `${prefix}:matching:listing-changed`
}

export async function startMatchIndexSync(
  db: Db,
  opts: { redisUrl: string; channel?: string; subscribe?: boolean },
): Promise<MatchIndexSync> {
  const channel = opts.channel ?? matchingChannel()
  const origin = randomUUID()
  const events = new EventEmitter()
  const publisher = new Redis(opts.redisUrl, { maxRetriesPerRequest: 2 })
  publisher.on('error', () => {}) // announce() reports failures; ioredis reconnects by itself
  syncs.set(db, { origin, publisher, channel })
  let subscriber: Redis | undefined
  if (opts.subscribe !== false) {
    // Named, so an operator (and the reconnect test) can find it in CLIENT LIST.
    subscriber = new Redis(opts.redisUrl, { connectionName: `matching-sync:${channel}` })
    subscriber.on('error', () => {})
    let connectedBefore = false
    const sub = subscriber
    sub.on('ready', () => {
      if (!connectedBefore) {
        connectedBefore = true
        return
      }
      // What was said while away is lost. Drop the index once the subscription is
      // back (SUBSCRIBE is idempotent; ioredis also re-sends it), so the rebuild
      // reads the database after every later change is sure to reach us.
      sub.subscribe(channel).then(
        () => {
          indexes.delete(db)
          events.emit('resync')
        },
        () => indexes.delete(db),
      )
    })
    subscriber.on('message', (_channel: string, text: string) => {
      const change = parseChange(text)
      if (!change || change.origin === origin) return
      applyListingChange(db, change).then(
        () => events.emit('applied', { kind: change.kind, id: change.id }),
        (error: unknown) => {
          // A failed re-read would leave this index stale: drop it, the next use rebuilds it.
          console.warn(`matching: could not apply ${change.kind} ${change.id} (${(error as Error).message}); index will be rebuilt`)
          indexes.delete(db)
          events.emit('resync')
        },
      )
    })
    await subscriber.subscribe(channel)
  }
  return {
    events,
    async close() {
      if (syncs.get(db)?.origin === origin) syncs.delete(db)
      subscriber?.disconnect()
      await publisher.quit().catch(() => publisher.disconnect())
    },
  }
}

async function announceListingChange(db: Db, change: ListingChange): Promise<void> {
  const sync = syncs.get(db)
  if (!sync) return
  try {
    await sync.publisher.publish(sync.channel, JSON.stringify({ ...change, origin: sync.origin }))
  } catch (error) {
    // The write is committed and this process's index is current; only the others may lag.
    console.warn(`matching: could not announce ${change.kind} ${change.id} to other processes: ${(error as Error).message}`)
  }
}

function parseChange(text: string): (ListingChange & { origin: string }) | null {
  try {
    const v = JSON.parse(text) as Record<string, unknown>
    if ((v.kind === 'result' || v.kind === 'need' || v.kind === 'bridge') && typeof v.id === 'string' && typeof v.origin === 'string') return { kind: v.kind, id: v.id, origin: v.origin }
  } catch {
    // not ours
  }
  return null
}

/** Matches below this are noise to a reader and are not shown on listing pages. */
export const MIN_SHOWN_SCORE = 0.15

export type MatchedResult = Match & { title: string; ownerName: string; askingPriceFen: number | null; field: string }
export type MatchedNeed = Match & { title: string; enterpriseName: string; budgetMinFen: number | null; budgetMaxFen: number | null; field: string }

/** Results that may meet a need: for its enterprise and staff while unpublished, for anyone once public. */
export async function matchesForNeed(db: Db, viewer: Principal | null, needId: string, k = 10): Promise<MatchedResult[]> {
  const need = await db.technicalNeed.findUnique({ where: { id: needId }, select: needSelect })
  if (!need) throw new ServiceError('not-found', 'need.not-found')
  const isPublic = isPublicNeed(need.status)
  if (!isPublic && !(viewer && (isStaff(viewer) || isOwner(viewer, need.enterpriseId)))) throw new ServiceError('not-found', 'need.not-found')
  const matches = topResultsForNeed(await getMatchIndex(db), toMatchableNeed(need), k).filter((m) => m.score >= MIN_SHOWN_SCORE)
  const rows = await db.researchResult.findMany({
    where: { id: { in: matches.map((m) => m.id) } },
    select: { id: true, title: true, askingPriceFen: true, field: true, owner: { select: { name: true } } },
  })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return matches.flatMap((m) => {
    const r = byId.get(m.id)
    return r ? [{ ...m, title: r.title, ownerName: r.owner.name, askingPriceFen: fenFromDb(r.askingPriceFen), field: r.field }] : []
  })
}

/** Needs a result may meet. */
export async function matchesForResult(db: Db, viewer: Principal | null, resultId: string, k = 10): Promise<MatchedNeed[]> {
  const result = await db.researchResult.findUnique({ where: { id: resultId }, select: resultSelect })
  if (!result) throw new ServiceError('not-found', 'result.not-found')
  const isPublic = isPublicResult(result.status)
  if (!isPublic && !(viewer && (isStaff(viewer) || isOwner(viewer, result.ownerId)))) throw new ServiceError('not-found', 'result.not-found')
  const matches = topNeedsForResult(await getMatchIndex(db), toMatchableResult(result), k).filter((m) => m.score >= MIN_SHOWN_SCORE)
  const rows = await db.technicalNeed.findMany({
    where: { id: { in: matches.map((m) => m.id) } },
    select: { id: true, title: true, budgetMinFen: true, budgetMaxFen: true, field: true, enterprise: { select: { name: true } } },
  })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return matches.flatMap((m) => {
    const n = byId.get(m.id)
    return n
      ? [{ ...m, title: n.title, enterpriseName: n.enterprise.name, budgetMinFen: fenFromDb(n.budgetMinFen), budgetMaxFen: fenFromDb(n.budgetMaxFen), field: n.field }]
      : []
  })
}

/** Below this score a need's best match is not a good one (scores: text 0–1 plus small field/budget/mode terms). */
export const GOOD_MATCH_SCORE = 0.3

/**
 * The staff board for one industrial chain (or all): needs whose best match is
 * weak, and results no enterprise has viewed or shown interest in.
 */
export async function matchingBoard(db: Db, staff: Principal, field: string | undefined) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.view')
  const index = await getMatchIndex(db)
  const [needs, results] = await Promise.all([
    db.technicalNeed.findMany({
      where: { status: 'PUBLISHED', ...(field ? { field } : {}) },
      select: { ...needSelect, enterprise: { select: { name: true } } },
      orderBy: { publishedAt: 'asc' },
    }),
    db.researchResult.findMany({
      where: { status: { in: [...MATCHABLE_RESULT] }, ...(field ? { field } : {}), interests: { none: {} }, viewCount: 0 },
      select: { id: true, title: true, field: true, publishedAt: true, owner: { select: { name: true } } },
      orderBy: { publishedAt: 'asc' },
    }),
  ])
  const weakNeeds = needs.flatMap((n) => {
    const best = topResultsForNeed(index, toMatchableNeed(n), 1)[0]
    return !best || best.score < GOOD_MATCH_SCORE
      ? [{ id: n.id, title: n.title, field: n.field, enterpriseName: n.enterprise.name, bestScore: best?.score ?? 0, bestResultId: best?.id ?? null }]
      : []
  })
  return {
    weakNeeds,
    unseenResults: results.map((r) => ({ id: r.id, title: r.title, field: r.field, ownerName: r.owner.name, publishedAt: r.publishedAt?.toISOString() ?? null })),
    needCount: needs.length,
  }
}

/** A detail view by someone other than the owner and staff counts as looked at. */
export async function recordResultView(db: Db, viewer: Principal | null, result: { id: string; ownerId: string }): Promise<void> {
  if (viewer && (isStaff(viewer) || isOwner(viewer, result.ownerId))) return
  await db.researchResult.updateMany({ where: { id: result.id }, data: { viewCount: { increment: 1 } } })
}

// ---------------------------------------------------------------------------
// 精准推送: when a listing is published, the owners of the best-matching
// listings on the other side are told, once per (listing, counterpart): the
// unique key on MatchPush makes a re-publication after an edit tell nobody
// twice. The rows are written in the publish transaction, so a publication
// never commits without its pushes nor the other way round.

/** At most this many counterparts are told about one publication. */
export const PUSH_TOP = 5
/** Only good matches are pushed (the staff board's threshold). */
export const PUSH_MIN_SCORE = GOOD_MATCH_SCORE

export type MatchPushCreated = {
  id: string
  listingKind: 'result' | 'need'
  listingId: string
  counterpartKind: 'result' | 'need'
  counterpartId: string
  recipientOrgId: string
  score: number
}

/**
 * Records a "match pushed" row for each of the best counterparts of a listing
 * being published, skipping those already told about it, and returns the new
 * rows only. Call inside the publish transaction with the index read before it
 * began (the listing is not in the index yet; it is the query). The
 * notification centre hooks in here: whatever it sends for a push is sent for
 * exactly the rows this returns.
 */
export async function notifyMatchesOnPublish(
  tx: Tx,
  index: MatchIndex,
  listing: { kind: 'result' | 'need'; id: string },
  now: Date,
): Promise<MatchPushCreated[]> {
  let matches: Match[]
  let ownerOrgId: string
  let owners: Map<string, string>
  let listingTitle: string
  if (listing.kind === 'result') {
    const row = await tx.researchResult.findUnique({ where: { id: listing.id }, select: resultSelect })
    if (!row) return []
    ownerOrgId = row.ownerId
    listingTitle = row.title
    matches = topNeedsForResult(index, toMatchableResult(row), PUSH_TOP * 2).filter((m) => m.score >= PUSH_MIN_SCORE)
    const needs = await tx.technicalNeed.findMany({ where: { id: { in: matches.map((m) => m.id) }, status: 'PUBLISHED' }, select: { id: true, enterpriseId: true } })
    owners = new Map(needs.map((n) => [n.id, n.enterpriseId]))
  } else {
    const row = await tx.technicalNeed.findUnique({ where: { id: listing.id }, select: needSelect })
    if (!row) return []
    ownerOrgId = row.enterpriseId
    listingTitle = row.title
    matches = topResultsForNeed(index, toMatchableNeed(row), PUSH_TOP * 2).filter((m) => m.score >= PUSH_MIN_SCORE)
    const results = await tx.researchResult.findMany({
      where: { id: { in: matches.map((m) => m.id) }, status: { in: [...MATCHABLE_RESULT] } },
      select: { id: true, ownerId: true },
    })
    owners = new Map(results.map((r) => [r.id, r.ownerId]))
  }
  const counterpartKind = listing.kind === 'result' ? 'need' : 'result'
  const chosen = matches.filter((m) => owners.has(m.id) && owners.get(m.id) !== ownerOrgId).slice(0, PUSH_TOP)
  if (chosen.length === 0) return []
  const rows = await tx.matchPush.createManyAndReturn({
    data: chosen.map((m) => ({
      listingKind: listing.kind,
      listingId: listing.id,
      counterpartKind,
      counterpartId: m.id,
      recipientOrgId: owners.get(m.id)!,
      score: m.score,
      reasons: { sharedTerms: m.reasons.sharedTerms, bridges: m.reasons.bridges, sameField: m.reasons.sameField, budgetFit: m.reasons.budgetFit },
      createdAt: now,
    })),
    skipDuplicates: true,
  })
  // Each new push is a 'match-new' notification to the counterpart's owner, in this same transaction.
  const counterpartTitles = new Map(
    (counterpartKind === 'need'
      ? await tx.technicalNeed.findMany({ where: { id: { in: rows.map((r) => r.counterpartId) } }, select: { id: true, title: true } })
      : await tx.researchResult.findMany({ where: { id: { in: rows.map((r) => r.counterpartId) } }, select: { id: true, title: true } })
    ).map((c) => [c.id, c.title]),
  )
  for (const r of rows) {
    await notify(
      tx,
      { orgIds: [r.recipientOrgId] },
      {
        kind: 'match-new',
        params: { title: listingTitle, forTitle: counterpartTitles.get(r.counterpartId) ?? '', score: Math.round(r.score * 100), href: `/${listing.kind === 'result' ? 'results' : 'needs'}/${listing.id}` },
        eventKey: `match:${r.id}`,
      },
      now,
    )
  }
  return rows.map((r) => ({
    id: r.id,
    listingKind: r.listingKind as 'result' | 'need',
    listingId: r.listingId,
    counterpartKind: r.counterpartKind as 'result' | 'need',
    counterpartId: r.counterpartId,
    recipientOrgId: r.recipientOrgId,
    score: r.score,
  }))
}
