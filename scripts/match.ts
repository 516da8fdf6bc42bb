// Ranks results for needs from JSON-lines files, without the web app:
//   tsx scripts/match.ts --results R.jsonl --needs N.jsonl [--k 10] [--reasons]
// Prints one JSON line per need: { needId, top: [{ resultId, score }] }
// (with --reasons, each entry also carries the reasons and score parts).
// Lines are MatchableResult / MatchableNeed objects (app/domain/matching/index.ts).

import { buildMatchIndex, type MatchableNeed, type MatchableResult } from '../app/domain/matching/index.ts'
import { topResultsForNeed } from '../app/domain/matching/rank.ts'
import { readJsonLines } from './evaluate-matching.ts'

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
  const index = buildMatchIndex(readJsonLines<MatchableResult>(resultsPath), [])
  for (const need of readJsonLines<MatchableNeed>(needsPath)) {
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
