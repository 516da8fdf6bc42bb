// The technical user dictionary given to the word segmenter: words a general
// dictionary does not know (激光熔覆, 钴基合金, 刹不住) or would split, so they
// come out whole. Built from the listings themselves (every keyword an owner
// wrote), the thesaurus and the bridge; the server adds them to jieba's
// dictionary (app/utils/segmenter.server.ts).

import type { Bridge } from './bridge.ts'
import { THESAURUS_GROUPS } from './synonyms.ts'

const CJK_WORD = /^[\u3400-\u9fff\uf900-\ufaff]{2,12}$/

export function technicalWords(
  listings: Iterable<{ keywords: readonly string[] }>,
  bridge?: Bridge,
): string[] {
  const words = new Set<string>()
  const add = (w: string) => {
    const t = w.normalize('NFKC').toLowerCase().trim()
    if (CJK_WORD.test(t)) words.add(t)
  }
  for (const l of listings) for (const k of l.keywords) add(k)
  for (const group of THESAURUS_GROUPS) for (const w of group) add(w)
  for (const e of bridge?.entries ?? []) {
    add(e.problem)
    add(e.technology)
  }
  return [...words].sort()
}
