// Text → matching terms, the same for results and needs.
//
// Chinese is segmented into words with Intl.Segmenter('zh', { granularity:
// 'word' }) (ICU's dictionary segmenter, built into Node and browsers), not
// into single characters. ICU's dictionary is general-purpose and breaks many
// technical words into single characters (涂|层, 曝|气, 模|块), so:
//   - a run of single characters between words is glued back: two characters
//     become one term (涂层), three or more become their adjacent pairs
//     (铜互连 → 铜互, 互连), which is how most technical compounds split;
//   - a lone character next to a word also forms a compound with it
//     (泄漏|率 → 泄漏率, 新|能源 → 新能源, 密封|面 → 密封面), besides the word;
//   - lone characters are never terms by themselves.
// Latin words and numbers are lowercased (NFKC folds full-width letters), a
// plural "s" is stripped, and English stop words are dropped. Generic words
// that every listing uses (技术, 方法, 一种, 提高 …) are dropped on both sides.
// Words in the thesaurus (synonyms.ts) are replaced by their group's head, so
// 渗漏 and 泄漏, or "coating" and 涂层, are one term; the surface form is kept
// for explanations.
//
// Secondary features: every adjacent pair of Chinese characters inside a
// clause, as "~xy" terms (as the site's search tokens do). They catch what the
// segmenter splits differently on the two sides (碳化硅单晶 vs 碳化硅) and are
// weighted low in scoring (see score.ts).

import { canonicalTerm, isThesaurusPrefix, thesaurusHead } from './synonyms.ts'

const CJK_ONLY = /^[\u3400-\u9fff\uf900-\ufaff]+$/
const LATIN = /^[a-z0-9][a-z0-9.+-]*$/

/** Prefix of secondary (character-pair) terms; never shown to people. */
export const PAIR_PREFIX = '~'

// Words too common in listings to say anything about a match.
const CJK_STOP_WORDS = new Set(
  (
    '一种 一个 一些 一套 及其 以及 及 与 和 或 的 了 在 是 为 对 将 把 被 从 由 于 等 中 上 下 其 该 本 所 并 并且 而 且 也 又 ' +
    '可 可以 能 能够 用于 基于 通过 采用 利用 使用 进行 实现 具有 具备 包括 主要 相关 方面 方式 方法 技术 研究 研发 开发 ' +
    '系统 装置 设备 产品 项目 成果 需求 企业 公司 我们 我司 本公司 单位 希望 需要 要求 寻求 寻找 征集 合作 提供 ' +
    '提高 提升 降低 减少 增加 改善 改进 优化 解决 问题 目前 现有 现在 传统 国内 国外 领先 水平 先进 新型 高效 ' +
    '效果 性能 质量 能力 应用 领域 行业 市场 生产 工业 产业 目标 显著 明显 有效 良好 较 较高 较低 很 非常 更 ' +
    '已 已经 达到 以上 以下 左右 每 个 次 年 月 日 万元 元 约 大 小 多 少 高 低 新 好 不 无 有 没有 存在 造成 导致 ' +
    '情况 过程 特点 优势 适用 适合 满足 实际 具体 整体 全面 不断 持续 正在 拟 急需 亟需 面临 由于 因此 同时 其中 这 那 ' +
    '之间 长期 经常 一直 越来越 特别 尤其 比较 进一步 如 如何 什么 可靠 稳定 专利 发明 授权 申请 拥有 团队 教授 博士 高校 大学 学院 研究院 研究所 实验室 ' +
    '这种 这些 那些 这个 那个 这样 那样 这里 那里 其他 其它 他们 它们 一下 老是 总是 还是 就是 只能 尽快 能不能 怎么 怎么办 不了 不到 不够 太 很多 好几 几个 一年 今年 明年 去年 时候'
  ).split(/\s+/),
)

const LATIN_STOP_WORDS = new Set(
  (
    'a an the and or of to in on for with by from at as is are be been was were this that these those it its ' +
    'we our us can could will would may should which who what when where how than then into onto over under ' +
    'not no yes per via using use used based new novel method methods system systems technology technologies ' +
    'research result results need needs high low improve improved'
  ).split(/\s+/),
)

// Characters that never join a neighbour into a compound (particles, conjunctions).
const NON_JOINING = new Set('的了在是为对与和或及等其该把被从由于并而且也又就都很更最之以向'.split(''))

/**
 * Splits text into words and the punctuation between them. The server uses
 * jieba with a technical dictionary (app/utils/segmenter.server.ts); without
 * one, ICU's dictionary segmenter (Intl.Segmenter, built into Node and
 * browsers) is the fallback, so the domain stays free of native code.
 */
export interface WordSegmenter {
  /** A name for reports ("jieba", "intl"). */
  readonly name: string
  /** The text cut into pieces; joined they give the text back (whitespace aside). */
  cut(text: string): string[]
  /**
   * The dictionary words inside a long word (刹车片 → 刹车), which a search also
   * reads (jieba's search mode); none when the segmenter has no such dictionary.
   */
  subwords?(word: string): string[]
}

let intl: WordSegmenter | undefined
/** ICU's word segmenter (no dependency; general dictionary). */
export function intlSegmenter(): WordSegmenter {
  if (!intl) {
    const seg = new Intl.Segmenter('zh', { granularity: 'word' })
    intl = { name: 'intl', cut: (text) => [...seg.segment(text)].map((s) => s.segment) }
  }
  return intl
}

// A piece that is a word (letters, digits or CJK), not punctuation or space.
const WORD_LIKE = /[\p{L}\p{N}]/u

export interface TokenizeOptions {
  /** Emit "~xy" character pairs as secondary terms (default true). */
  pairs?: boolean
  /** Replace thesaurus words by their group's head (default true). */
  synonyms?: boolean
  /**
   * Glue a lone character to the word before and after it (泄漏|率 → 泄漏率), for
   * segmenters whose dictionary lacks such compounds (default true).
   */
  glueLone?: boolean
  /** Lengths of the character n-grams emitted as "~" terms (default [2]: pairs). */
  gramSizes?: readonly number[]
  /** How Chinese is cut into words (default: intlSegmenter()). */
  segmenter?: WordSegmenter
}

export interface Token {
  /** The term as indexed (after the thesaurus). */
  term: string
  /** The word as written, for explanations. */
  surface: string
  /** Made by gluing single characters (涂|层 → 涂层), not a word of the segmenter or the thesaurus. */
  glued?: true
}

function stemLatin(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y'
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) {
    return word.slice(0, -1)
  }
  return word
}

function pushWord(out: Token[], surface: string, synonyms: boolean, glued = false): void {
  if (CJK_STOP_WORDS.has(surface) || LATIN_STOP_WORDS.has(surface)) return
  const term = synonyms ? canonicalTerm(surface) : surface
  if (glued && term === surface) out.push({ term, surface, glued: true })
  else out.push({ term, surface })
}

/**
 * Primary and secondary terms of a text, in order, repeated as often as they
 * occur (term frequency matters). Pure: no state but a cached segmenter.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const pairs = options.pairs ?? true
  const synonyms = options.synonyms ?? true
  const out: Token[] = []
  const normalized = text.normalize('NFKC').toLowerCase()

  // Word-like segments of one clause (no punctuation between them) at a time,
  // so compounds and pairs never cross a comma.
  let clause: string[] = []
  const flush = () => {
    if (clause.length > 0) emitClause(clause, out, synonyms, pairs, options.gramSizes ?? [2], options.glueLone ?? true, segmenter)
    clause = []
  }
  const segmenter = options.segmenter ?? intlSegmenter()
  for (const piece of segmenter.cut(normalized)) {
    const trimmed = piece.trim()
    if (!WORD_LIKE.test(piece)) {
      // Punctuation ends a clause; spaces and hyphens do not.
      if (trimmed !== '' && trimmed !== '-') flush()
      continue
    }
    clause.push(trimmed)
  }
  flush()
  return out
}

function emitClause(
  words: string[],
  out: Token[],
  synonyms: boolean,
  pairs: boolean,
  gramSizes: readonly number[],
  glueLone: boolean,
  segmenter: WordSegmenter,
): void {
  const start = out.length
  // Latin words stand alone; CJK words go through the gluing rules.
  let i = 0
  while (i < words.length) {
    const w = words[i]!
    if (!CJK_ONLY.test(w)) {
      if (LATIN.test(w)) {
        const stemmed = stemLatin(w.replace(/[.+-]+$/, ''))
        if (stemmed.length > 1 || /\d/.test(stemmed)) pushWord(out, stemmed, synonyms)
      }
      i++
      continue
    }
    if (w.length >= 2) {
      pushWord(out, w, synonyms)
      if (w.length > 2 && segmenter.subwords) for (const sub of segmenter.subwords(w)) pushWord(out, sub, synonyms)
      i++
      continue
    }
    // A run of single characters.
    let j = i
    while (j < words.length && words[j]!.length === 1 && CJK_ONLY.test(words[j]!) && !NON_JOINING.has(words[j]!)) j++
    if (j === i) {
      i++ // a particle: skip
      continue
    }
    const run = words.slice(i, j).join('')
    // A single character the thesaurus knows (铜 = copper, 泵 = pump) is a word by itself.
    if (synonyms) for (let p = i; p < j; p++) if (thesaurusHead(words[p]!) !== undefined) pushWord(out, words[p]!, synonyms)
    if (run.length === 2) {
      pushWord(out, run, synonyms, true)
    } else if (run.length >= 3) {
      for (let p = 0; p + 1 < run.length; p++) pushWord(out, run.slice(p, p + 2), synonyms, true)
    } else if (glueLone) {
      // A lone character: joins the word before it (a suffix: 率, 液, 面) and
      // the word after it (a prefix: 新, 微, 高), when those are words.
      const before = words[i - 1]
      const after = words[j]
      if (before && before.length >= 2 && CJK_ONLY.test(before)) pushWord(out, before + run, synonyms, true)
      if (after && after.length >= 2 && CJK_ONLY.test(after)) pushWord(out, run + after, synonyms, true)
    }
    i = j
  }
  if (synonyms) emitPhrases(words, out, start)
  if (pairs) {
    // Pairs within each stretch of Chinese words (a Latin word breaks it).
    let stretch = ''
    for (const w of [...words, '']) {
      if (w !== '' && CJK_ONLY.test(w)) {
        stretch += w
        continue
      }
      // The CJK ranges above are all in the BMP: one UTF-16 unit per character.
      for (const size of gramSizes) {
        for (let p = 0; p + size <= stretch.length; p++) {
          const gram = stretch.slice(p, p + size)
          if ([...gram].some((c) => NON_JOINING.has(c))) continue
          out.push({ term: PAIR_PREFIX + gram, surface: gram })
        }
      }
      stretch = ''
    }
  }
}

// Thesaurus entries the segmenter split (机器|视觉, deep learning): their head
// is added once per clause unless the clause already produced it.
function emitPhrases(words: string[], out: Token[], clauseStart: number): void {
  const have = new Set(out.slice(clauseStart).map((t) => t.term))
  for (let i = 0; i < words.length; i++) {
    let phrase = words[i]!
    for (let len = 2; len <= 4 && i + len <= words.length; len++) {
      if (!isThesaurusPrefix(phrase)) break
      const next = words[i + len - 1]!
      phrase += CJK_ONLY.test(next) && CJK_ONLY.test(phrase) ? next : ' ' + stemLatin(next)
      const head = thesaurusHead(phrase)
      if (head !== undefined && !have.has(head)) {
        have.add(head)
        out.push({ term: head, surface: phrase })
      }
    }
  }
}

/** The primary terms only, as strings (for tests and explanations). */
export function words(text: string, options: TokenizeOptions = {}): string[] {
  return tokenize(text, { ...options, pairs: false }).map((t) => t.surface)
}
