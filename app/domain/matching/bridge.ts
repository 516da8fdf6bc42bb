// The bridge from problems to technologies: what an enterprise writes when
// something goes wrong (刹不住, 漏, 开裂, 续航短, 良率低) to what a research
// result offers against it (制动衰退, 密封, 抗裂, 能量密度, 缺陷控制).
//
// Unlike the thesaurus (synonyms.ts: the same thing said two ways), a bridge
// entry joins two different things: a symptom and the field of technique that
// cures it. So a bridged word never replaces the need's own words; it is added
// to the query at a reduced weight (SCORING.bridgeWeight in score.ts), and a
// match it made is shown as a reason: "刹不住 → 制动衰退".
//
// The entries are data: the built-in list (bridge-data.ts) is what a fresh
// installation starts from, and staff edit it on /staff/thesaurus (every change
// a new, audited row); the matcher loads the effective list from the database.

export interface BridgeEntry {
  /** How the problem is written by an enterprise: matched as a substring of the need's text. */
  problem: string
  /** What a result that solves it says: tokenized like any listing text. */
  technology: string
}

export interface Bridge {
  readonly entries: readonly BridgeEntry[]
  /** Distinct problem phrases, longest first, with their entries. */
  readonly triggers: readonly { text: string; entries: readonly BridgeEntry[] }[]
  /** Distinct technology phrases, longest first (the reverse direction: a result asks). */
  readonly reverse: readonly { text: string; entries: readonly BridgeEntry[] }[]
}

/** Lowercased, NFKC-folded and trimmed: how entries are compared and stored. */
export function normalizeBridgeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

export function compileBridge(entries: readonly BridgeEntry[]): Bridge {
  const clean = entries
    .map((e) => ({ problem: normalizeBridgeText(e.problem), technology: normalizeBridgeText(e.technology) }))
    .filter((e) => e.problem !== '' && e.technology !== '' && e.problem !== e.technology)
  const group = (key: (e: BridgeEntry) => string) => {
    const by = new Map<string, BridgeEntry[]>()
    for (const e of clean) by.set(key(e), [...(by.get(key(e)) ?? []), e])
    return [...by].map(([text, es]) => ({ text, entries: es })).sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : 1))
  }
  return { entries: clean, triggers: group((e) => e.problem), reverse: group((e) => e.technology) }
}

export const EMPTY_BRIDGE: Bridge = compileBridge([])

/**
 * The entries whose problem (forward: a need's text) or technology (reverse: a
 * result's text) occurs in the text. The text must be normalized (lowercase, NFKC).
 */
export function bridgeEntriesIn(bridge: Bridge, normalizedText: string, direction: 'forward' | 'reverse'): BridgeEntry[] {
  const out: BridgeEntry[] = []
  for (const t of direction === 'forward' ? bridge.triggers : bridge.reverse) {
    if (normalizedText.includes(t.text) && (!LATIN.test(t.text) || latinWordIn(normalizedText, t.text))) out.push(...t.entries)
  }
  return out
}

const LATIN = /^[a-z0-9][a-z0-9 .+-]*$/

// A Latin phrase names a problem only as whole words: rust not in thrust, fume not in perfume
// (a plural or -ed/-ing ending may follow: fumes, overheating).
function latinWordIn(text: string, phrase: string): boolean {
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
    const before = i === 0 ? '' : text[i - 1]!
    const after = text.slice(i + phrase.length).match(/^[a-z0-9]*/)![0]
    if (!/[a-z0-9]/.test(before) && ['', 's', 'es', 'ed', 'ing'].includes(after)) return true
  }
  return false
}

/** The label a person reads: "刹不住 → 制动衰退". */
export function bridgeLabel(e: BridgeEntry): string {
  return `${e.problem} → ${e.technology}`
}
