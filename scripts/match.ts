// Ranks results for needs from files, without the web app, exactly as the app
// ranks them (jieba with the technical dictionary of these listings, the
// thesaurus, the built-in bridge; see docs/matching.md):
//   tsx scripts/match.ts --results R.jsonl --needs N.jsonl [--k 10] [--reasons]
// Prints one JSON line per need: { needId, top: [{ resultId, score }] }
// (with --reasons, each entry also carries the reasons and score parts).
// Files are JSON lines or JSON arrays of MatchableResult / MatchableNeed
// objects (app/domain/matching/index.ts); the evaluation sets' field names
// (modes, description …) are accepted too.

import type { MatchableNeed, MatchableResult } from '../app/domain/matching/index.ts'
import { topResultsForNeed } from '../app/domain/matching/rank.ts'
import { matcherIndex, readRecordFile, toNeed, toResult, type Rec } from './evaluate-matching.ts'

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

function main(argv: string[]): number {
  const resultsPath = argValue(argv, '--results')
  const needsPath = argValue(argv, '--needs')
  const k = Number(argValue(argv, '--k') ?? 10)
  if (!resultsPath || !needsPath || !Number.isInteger(k) || k <= 0) {
    process.stderr.write('usage: tsx scripts/match.ts --results R.jsonl --needs N.jsonl [--k 10] [--reasons]\n')
    return 2
  }
  const withReasons = argv.includes('--reasons')
  const results: MatchableResult[] = readRecordFile(resultsPath).map((r) => toResult(r as Rec))
  const needs: MatchableNeed[] = readRecordFile(needsPath).map((n) => toNeed(n as Rec))
  const index = matcherIndex({ results, needs })
  for (const need of needs) {
    const top = topResultsForNeed(index, need, k).map((m) => ({
      resultId: m.id,
      score: Math.round(m.score * 1e6) / 1e6,
      ...(withReasons ? { reasons: m.reasons, parts: m.parts } : {}),
    }))
    process.stdout.write(JSON.stringify({ needId: need.id, top }) + '\n')
  }
  return 0
}

// A closed pipe (| head) ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})
process.exitCode = main(process.argv.slice(2))
