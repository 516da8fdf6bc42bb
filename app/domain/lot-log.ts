// A lot's events form an append-only log in which every entry carries the hash
// of the one before (SHA-256 over the previous hash and the entry's canonical
// JSON). Anyone holding the downloaded log can recompute the chain: the same
// function runs in the browser and on the server (Web Crypto, no imports).

export type LotLogEntry = { seq: number; kind: string; at: string; payload: Record<string, unknown> }

/** JSON with keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** The text an entry's SHA-256 is taken over: the previous hash, a newline, the entry's canonical JSON. */
export function lotEntryHashInput(prevHash: string | null, entry: LotLogEntry): string {
  return `${prevHash ?? ''}\n${canonicalJson(entry)}`
}

/** SHA-256 of the UTF-8 text, in hex, with Web Crypto (the browser's and Node's alike). */
async function sha256HexWeb(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export async function hashLotEntry(prevHash: string | null, entry: LotLogEntry): Promise<string> {
  return sha256HexWeb(lotEntryHashInput(prevHash, entry))
}

export type ChainProblem = { seq: number; problem: 'gap' | 'prev-hash' | 'hash' }

/** The first place a downloaded log breaks, or null when every link holds. */
export async function verifyLotLog(entries: (LotLogEntry & { prevHash: string | null; hash: string })[]): Promise<ChainProblem | null> {
  let prev: string | null = null
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return { seq: e.seq, problem: 'gap' }
    if (e.prevHash !== prev) return { seq: e.seq, problem: 'prev-hash' }
    const { prevHash: _p, hash, ...entry } = e
    if ((await hashLotEntry(prev, { seq: entry.seq, kind: entry.kind, at: entry.at, payload: entry.payload })) !== hash) {
      return { seq: e.seq, problem: 'hash' }
    }
    prev = hash
  }
  return null
}

export type ChainedLotLogEntry = LotLogEntry & { prevHash: string | null; hash: string }

/**
 * The chain's one recipe: numbers the entries after (lastSeq, lastHash) and links each to the one before. It yields
 * the text each entry's SHA-256 is taken over and is sent back that hash (hex), so the same steps serve an
 * asynchronous hash (Web Crypto, extendChain) and a synchronous one (extendChainSync).
 */
function* chainLinks(
  lastSeq: number,
  lastHash: string | null,
  entries: readonly Omit<LotLogEntry, 'seq'>[],
): Generator<string, ChainedLotLogEntry[], string> {
  const out: ChainedLotLogEntry[] = []
  let prev = lastHash
  let seq = lastSeq
  for (const e of entries) {
    seq += 1
    const entry = { seq, kind: e.kind, at: e.at, payload: e.payload }
    const hash = yield lotEntryHashInput(prev, entry)
    out.push({ ...entry, prevHash: prev, hash })
    prev = hash
  }
  return out
}

/** Appends entries after (lastSeq, lastHash): numbers them and links each to the one before. */
export async function extendChain(
  lastSeq: number,
  lastHash: string | null,
  entries: readonly Omit<LotLogEntry, 'seq'>[],
): Promise<ChainedLotLogEntry[]> {
  const links = chainLinks(lastSeq, lastHash, entries)
  let step = links.next()
  while (!step.done) step = links.next(await sha256HexWeb(step.value))
  return step.value
}

/**
 * extendChain with a synchronous SHA-256 (hex of the UTF-8 text) given by the caller: the server's bid path hashes
 * a whole batch without giving the event loop away between entries (each await of Web Crypto may wait behind
 * thousands of socket messages). The same chain as extendChain's.
 */
export function extendChainSync(
  lastSeq: number,
  lastHash: string | null,
  entries: readonly Omit<LotLogEntry, 'seq'>[],
  sha256Hex: (text: string) => string,
): ChainedLotLogEntry[] {
  const links = chainLinks(lastSeq, lastHash, entries)
  let step = links.next()
  while (!step.done) step = links.next(sha256Hex(step.value))
  return step.value
}
