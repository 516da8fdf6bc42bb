// Chinese word segmentation for matching: jieba (@node-rs/jieba, a native
// binary shipped in a registry platform package: nothing is downloaded at
// install or run time) with its general dictionary plus a technical user
// dictionary (app/domain/matching/dictionary.ts).
import { createRequire } from 'node:module'
import type { Jieba as JiebaClass } from '@node-rs/jieba'
import type { WordSegmenter } from '~/domain/matching/tokenize.ts'

// Loaded when the first segmenter is made, not when this module is: jieba's dictionary module reads 11 MB of
// files into buffers the moment it is imported (dict.txt and idf.txt), and every process that merely imports a
// service near matching (the socket server through the lot clock) held them for nothing (issue 17).
const requireCommonJs = createRequire(import.meta.url)
const loadJieba = () => ({ Jieba: (requireCommonJs('@node-rs/jieba') as { Jieba: typeof JiebaClass }).Jieba, dict: (requireCommonJs('@node-rs/jieba/dict.js') as { dict: Buffer }).dict })

/**
 * How often a user word counts in jieba's dictionary. High enough that a
 * listed technical word beats the general dictionary's split of it (激光|熔覆),
 * not so high that it swallows neighbours.
 */
const USER_WORD_FREQUENCY = 20000

export interface JiebaOptions {
  /** 'search': long words also give their dictionary sub-words (刹车片 → 刹车, 刹车片); 'exact': one cut. */
  mode?: 'search' | 'exact' | 'search-flat'
  /** Guess unknown words with jieba's HMM (default false: only dictionary words and single characters). */
  hmm?: boolean
  /** Frequency given to user words (default USER_WORD_FREQUENCY). */
  frequency?: number
}

export function createJiebaSegmenter(userWords: Iterable<string> = [], options: JiebaOptions = {}): WordSegmenter {
  const { Jieba, dict } = loadJieba()
  const jieba = Jieba.withDict(dict)
  const frequency = options.frequency ?? USER_WORD_FREQUENCY
  const lines = [...userWords].map((w) => `${w} ${frequency}`).join('\n')
  if (lines !== '') jieba.loadDict(Buffer.from(lines + '\n'))
  const hmm = options.hmm ?? false
  if (options.mode === 'exact') return { name: 'jieba', cut: (text) => jieba.cut(text, hmm) }
  if (options.mode === 'search-flat') return { name: 'jieba-search-flat', cut: (text) => jieba.cutForSearch(text, hmm) }
  // Search mode as jieba's cut_for_search reads it (a long word also gives the
  // dictionary words of two and three characters inside it), with the cut
  // itself kept apart: the words tile the text, so character pairs and gluing
  // see the text as written, and the tokenizer knows which words are inside others.
  return {
    name: 'jieba-search',
    cut: (text) => jieba.cut(text, hmm),
    subwords: (word) =>
      word.length > 2 ? jieba.cutAll(word).filter((w) => w !== word && (w.length === 2 || (w.length === 3 && word.length > 3))) : [],
  }
}
